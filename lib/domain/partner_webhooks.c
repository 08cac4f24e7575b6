/* partner_webhooks.c - the endpoints of a partner: create (with its secret, shown once), list,
 * change, delete, rotate the secret with an overlap */
#include "domain/partner_webhooks.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include "auth/tokens.h"
#include "core/clock.h"
#include "core/json.h"
#include "core/netaddr.h"
#include "core/oid.h"
#include "db/store.h"
#include "domain/partners.h"
#include "model/tables.h"

#define SECRET_PREFIX "whsec_"

/* a host written as an IP address must be a public one; a name is checked at delivery */
static bool
literal_ok(const char *host, bool allow_loopback)
{
    struct sockaddr_in v4 = {.sin_family = AF_INET};
    struct sockaddr_in6 v6 = {.sin6_family = AF_INET6};
    char bare[64];
    size_t n = strlen(host);

    if (n >= 2 && host[0] == '[' && host[n - 1] == ']' && n - 2 < sizeof(bare)) {
        snprintf(bare, sizeof(bare), "%.*s", (int)(n - 2), host + 1);
        return inet_pton(AF_INET6, bare, &v6.sin6_addr) != 1
               || netaddr_allowed((struct sockaddr *)&v6, allow_loopback);
    }
    return inet_pton(AF_INET, host, &v4.sin_addr) != 1
           || netaddr_allowed((struct sockaddr *)&v4, allow_loopback);
}

static bool
part_present(CURLU *u, CURLUPart part)
{
    char *s = NULL;
    bool present = curl_url_get(u, part, &s, 0) == CURLUE_OK && s != NULL && s[0] != '\0';

    curl_free(s);
    return present;
}

bool
partner_webhook_url_check(const struct config *cfg, const char *url, struct err *err)
{
    CURLU *u = curl_url();
    char *scheme = NULL, *host = NULL;
    const char *why = NULL;

    if (u == NULL || curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK
        || curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK
        || curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK || host[0] == '\0')
        why = "must be an absolute http(s) URL with a host";
    else if (strcmp(scheme, "https") != 0
             && !(cfg->webhooks_allow_http != NULL && strcmp(scheme, "http") == 0))
        why = "must use https";
    else if (part_present(u, CURLUPART_USER) || part_present(u, CURLUPART_PASSWORD))
        why = "must not contain a user name or password";
    else if (part_present(u, CURLUPART_FRAGMENT))
        why = "must not contain a fragment (#...)";
    else if (!literal_ok(host, cfg->webhooks_allow_loopback != NULL))
        why = "must not be a loopback, private, link-local or otherwise non-public address";
    curl_free(scheme);
    curl_free(host);
    curl_url_cleanup(u);
    if (why != NULL)
        err_detail(err, "url", "%s", why);
    return why == NULL;
}

/* the partner the route names, within p's reach */
static bool
partner_of(struct app *app, const struct principal *p, const char *key, bson_oid_t *oid,
           struct err *err)
{
    bson_t *doc = NULL;
    bool ok = partner_load(app, p, key, &doc, oid, err);

    bson_destroy(doc);
    return ok;
}

/* {_id: hook, partner: partner} of a route's endpoint, once the partner is within reach */
static bool
hook_filter(struct app *app, const struct principal *p, const struct hook_ref *r, bson_t **filter,
            struct err *err)
{
    bson_oid_t partner, hook;

    *filter = NULL;
    if (!partner_of(app, p, r->partner, &partner, err))
        return false;
    if (r->hook == NULL || !oid_parse_str(r->hook, &hook))
        return err_set(err, ERR_NOT_FOUND, "no such webhook endpoint");
    *filter = BCON_NEW("_id", BCON_OID(&hook), "partner", BCON_OID(&partner));
    return true;
}

/* the endpoint's answer, with the new secret when given */
static json_object *
hook_output(const bson_t *doc, const struct principal *p, const char *secret)
{
    json_object *out = model_output(&partner_webhooks_model, doc, p);

    if (out != NULL && secret != NULL)
        json_object_object_add(out, "secret", json_object_new_string(secret));
    return out;
}

json_object *
partner_webhooks_list(struct app *app, const struct principal *p, const char *partner,
                      const struct list_params *params, struct err *err)
{
    struct list_query q;
    bson_oid_t oid;
    bson_t *scope = NULL;
    json_object *out = NULL;

    if (model_list_query(&partner_webhooks_model, params, &q, err)
        && partner_of(app, p, partner, &oid, err)) {
        scope = BCON_NEW("partner", BCON_OID(&oid));
        struct store_list_spec spec = {&partner_webhooks_model, scope, &q, p, NULL, NULL};
        out = store_list(app->db, &spec, err);
    }
    bson_destroy(scope);
    list_query_release(&q);
    return out;
}

static bool
under_limit(struct app *app, const bson_oid_t *partner, struct err *err)
{
    bson_t *filter = BCON_NEW("partner", BCON_OID(partner));
    int64_t n = 0;
    bool ok = store_count(app->db, "partner_webhooks", filter, &n, err);

    bson_destroy(filter);
    if (ok && n >= PARTNER_WEBHOOKS_MAX)
        return err_conflict(err, "url", "too many endpoints",
                            "a partner has at most 10 webhook endpoints");
    return ok;
}

/* the fields of the body, checked by the table and the URL rule */
static bool
hook_input(struct app *app, const struct principal *p, json_object *in, enum model_mode mode,
           bson_t *set, struct err *err)
{
    const char *url = json_str(in, "url");
    bool ok = model_input(&partner_webhooks_model, in, mode, p, set, err);

    if (url != NULL && !partner_webhook_url_check(&app->cfg, url, err)) {
        bson_reinit(set);
        return err_set(err, ERR_VALIDATION_FAILED, "invalid webhook endpoint");
    }
    return ok;
}

static void
append_secret(bson_t *doc, const char *secret)
{
    char prefix[16];

    snprintf(prefix, sizeof(prefix), "%.10s", secret);
    BSON_APPEND_UTF8(doc, "secret", secret);
    BSON_APPEND_UTF8(doc, "secretPrefix", prefix);
}

static void
append_new_hook(bson_t *doc, const bson_oid_t *partner, const struct principal *p,
                const bson_t *set, const char *secret)
{
    bson_oid_t id, user;
    int64_t now = clock_now_ms();

    bson_oid_init(&id, NULL);
    BSON_APPEND_OID(doc, "_id", &id);
    BSON_APPEND_OID(doc, "partner", partner);
    bson_concat(doc, set);
    if (!bson_has_field(set, "enabled"))
        BSON_APPEND_BOOL(doc, "enabled", true);
    if (!bson_has_field(set, "description"))
        BSON_APPEND_NULL(doc, "description");
    append_secret(doc, secret);
    BSON_APPEND_NULL(doc, "previousSecret");
    BSON_APPEND_NULL(doc, "secretRotatedAt");
    BSON_APPEND_NULL(doc, "previousSecretExpiresAt");
    BSON_APPEND_NULL(doc, "disabledAt");
    BSON_APPEND_NULL(doc, "disabledReason");
    if (oid_parse_str(p->user_id, &user))
        BSON_APPEND_OID(doc, "createdBy", &user);
    else
        BSON_APPEND_NULL(doc, "createdBy");
    BSON_APPEND_DATE_TIME(doc, "createdAt", now);
    BSON_APPEND_DATE_TIME(doc, "updatedAt", now);
}

json_object *
partner_webhooks_create(struct app *app, const struct principal *p, const char *partner,
                        json_object *in, struct err *err)
{
    bson_t set = BSON_INITIALIZER, doc = BSON_INITIALIZER;
    bson_oid_t oid;
    char secret[TOKEN_CAP];
    json_object *out = NULL;

    if (!partner_of(app, p, partner, &oid, err) || !hook_input(app, p, in, MODEL_CREATE, &set, err)
        || !under_limit(app, &oid, err))
        goto out;
    if (!token_new(SECRET_PREFIX, secret)) {
        err_set(err, ERR_INTERNAL, "no random source for the secret");
        goto out;
    }
    append_new_hook(&doc, &oid, p, &set, secret);
    if (store_insert_one(app->db, "partner_webhooks", &doc, err))
        out = hook_output(&doc, p, secret);
out:
    explicit_bzero(secret, sizeof(secret));
    bson_destroy(&doc);
    bson_destroy(&set);
    return out;
}

/* update the route's endpoint with update; the document as it is after, or NULL with err */
static json_object *
hook_apply(struct app *app, const struct principal *p, const bson_t *filter, const bson_t *update,
           const char *secret, struct err *err)
{
    bson_t *after = NULL;
    json_object *out = NULL;

    if (!store_update_and_get(app->db, "partner_webhooks", filter, update, &after, err))
        return NULL;
    if (after == NULL)
        err_set(err, ERR_NOT_FOUND, "no such webhook endpoint");
    else
        out = hook_output(after, p, secret);
    bson_destroy(after);
    return out;
}

json_object *
partner_webhooks_update(struct app *app, const struct principal *p, const struct hook_ref *r,
                        json_object *in, struct err *err)
{
    bson_t set = BSON_INITIALIZER, update = BSON_INITIALIZER, fields, *filter = NULL;
    bson_iter_t it;
    json_object *out = NULL;

    if (!hook_filter(app, p, r, &filter, err) || !hook_input(app, p, in, MODEL_UPDATE, &set, err))
        goto out;
    BSON_APPEND_DOCUMENT_BEGIN(&update, "$set", &fields);
    bson_concat(&fields, &set);
    /* switched on again: the reason it was off no longer holds */
    if (bson_iter_init_find(&it, &set, "enabled") && bson_iter_as_bool(&it)) {
        BSON_APPEND_NULL(&fields, "disabledAt");
        BSON_APPEND_NULL(&fields, "disabledReason");
    }
    BSON_APPEND_DATE_TIME(&fields, "updatedAt", clock_now_ms());
    bson_append_document_end(&update, &fields);
    out = hook_apply(app, p, filter, &update, NULL, err);
out:
    bson_destroy(filter);
    bson_destroy(&update);
    bson_destroy(&set);
    return out;
}

bool
partner_webhooks_delete(struct app *app, const struct principal *p, const struct hook_ref *r,
                        struct err *err)
{
    bson_t *filter = NULL, *log = NULL;
    bool deleted = false,
         ok = hook_filter(app, p, r, &filter, err)
              && store_delete_one(app->db, "partner_webhooks", filter, &deleted, err);

    if (ok && !deleted)
        ok = err_set(err, ERR_NOT_FOUND, "no such webhook endpoint");
    if (ok) { /* its log goes with it; a job still queued for it finds no endpoint and ends */
        bson_iter_t it;
        bson_iter_init_find(&it, filter, "_id");
        log = BCON_NEW("endpoint", BCON_OID(bson_iter_oid(&it)));
        ok = store_delete_many(app->db, "partner_webhook_deliveries", log, NULL, err);
    }
    bson_destroy(log);
    bson_destroy(filter);
    return ok;
}

/* {$set: the new secret, the old one kept for the overlap (none when it is 0)} */
static bson_t *
rotate_update(const char *secret, const char *old, int64_t now, int64_t overlap_ms)
{
    bson_t *update = bson_new(), set;

    BSON_APPEND_DOCUMENT_BEGIN(update, "$set", &set);
    append_secret(&set, secret);
    if (overlap_ms > 0) {
        BSON_APPEND_UTF8(&set, "previousSecret", old);
        BSON_APPEND_DATE_TIME(&set, "previousSecretExpiresAt", now + overlap_ms);
    } else {
        BSON_APPEND_NULL(&set, "previousSecret");
        BSON_APPEND_NULL(&set, "previousSecretExpiresAt");
    }
    BSON_APPEND_DATE_TIME(&set, "secretRotatedAt", now);
    BSON_APPEND_DATE_TIME(&set, "updatedAt", now);
    bson_append_document_end(update, &set);
    return update;
}

json_object *
partner_webhooks_rotate(struct app *app, const struct principal *p, const struct hook_ref *r,
                        struct err *err)
{
    bson_t *filter = NULL, *doc = NULL, *cas = NULL, *update = NULL;
    char secret[TOKEN_CAP];
    const char *old;
    int64_t now = clock_now_ms(), overlap_ms = app->cfg.webhook_secret_overlap_s * 1000LL;
    bool found = false;
    json_object *out = NULL;

    if (!hook_filter(app, p, r, &filter, err)
        || !store_find_one(app->db, "partner_webhooks", filter, NULL, &doc, &found, err))
        goto out;
    if (!found || (old = json_bson_str(doc, "secret")) == NULL) {
        err_set(err, ERR_NOT_FOUND, "no such webhook endpoint");
        goto out;
    }
    if (!token_new(SECRET_PREFIX, secret)) {
        err_set(err, ERR_INTERNAL, "no random source for the secret");
        goto out;
    }
    /* compare-and-set on the secret read: of two rotations at once, one wins, one is a 409 */
    cas = BCON_NEW("_id", BCON_OID(json_bson_oid(doc, "_id")), "secret", BCON_UTF8(old));
    update = rotate_update(secret, old, now, overlap_ms);
    out = hook_apply(app, p, cas, update, secret, err);
    if (out == NULL && err_is(err, ERR_NOT_FOUND))
        err_conflict(err, "secret", "was rotated meanwhile", "the secret was rotated meanwhile");
out:
    explicit_bzero(secret, sizeof(secret));
    bson_destroy(update);
    bson_destroy(cas);
    bson_destroy(doc);
    bson_destroy(filter);
    return out;
}
