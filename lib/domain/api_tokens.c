/* api_tokens.c - a partner's API tokens: create (the secret once), list, revoke */
#include "domain/api_tokens.h"

#include <openssl/crypto.h>
#include <string.h>

#include "auth/api_token.h"
#include "core/clock.h"
#include "core/json.h"
#include "core/oid.h"
#include "db/store.h"
#include "domain/partners.h"
#include "model/tables.h"
#include "queue/events.h"

static void
token_event(struct app *app, const struct principal *p, const char *action, const char *id,
            const char *partner, const char *name)
{
    json_object *after = json_object_new_object();
    struct event ev = {.action = action,
                       .entity_type = "api_token",
                       .entity_id = id,
                       .partner_id = partner,
                       .after = after,
                       .source = SOURCE_UI};

    json_object_object_add(after, "name", name ? json_object_new_string(name) : NULL);
    events_record(app, p, &ev);
    json_object_put(after);
}

/* the partner's live tokens are fewer than API_TOKENS_MAX_LIVE */
static bool
room_for_one(struct app *app, const bson_oid_t *partner, int64_t now, struct err *err)
{
    bson_t *filter =
        BCON_NEW("partner", BCON_OID(partner), "revokedAt", BCON_NULL, "$or", "[", "{", "expiresAt",
                 BCON_NULL, "}", "{", "expiresAt", "{", "$gt", BCON_DATE_TIME(now), "}", "}", "]");
    int64_t n = 0;
    bool ok = store_count_upto(app->db, "api_tokens", filter, API_TOKENS_MAX_LIVE, &n, err);

    bson_destroy(filter);
    if (ok && n >= API_TOKENS_MAX_LIVE)
        return err_set(err, ERR_CONFLICT, "a partner has at most %d live API tokens; revoke one",
                       API_TOKENS_MAX_LIVE);
    return ok;
}

/* the checked fields, with an expiry (when given) in the future */
static bool
read_fields(const struct principal *p, json_object *in, int64_t now, bson_t *fields,
            struct err *err)
{
    bson_iter_t it;

    if (!model_input(&api_tokens_model, in, MODEL_CREATE, p, fields, err))
        return false;
    if (bson_iter_init_find(&it, fields, "expiresAt") && BSON_ITER_HOLDS_DATE_TIME(&it)
        && bson_iter_date_time(&it) <= now) {
        err_detail(err, "expiresAt", "must be in the future");
        return err_set(err, ERR_VALIDATION_FAILED, "invalid API token");
    }
    return true;
}

static bson_t *
token_doc(const bson_t *fields, const bson_oid_t *id, const bson_oid_t *partner,
          const struct principal *p, const char *secret, int64_t now)
{
    char hash[TOKEN_HASH_CAP], shown[API_TOKEN_SHOWN + 1];
    bson_oid_t user;
    bson_t *doc = BCON_NEW("_id", BCON_OID(id), "partner", BCON_OID(partner));

    token_hash(secret, hash);
    memcpy(shown, secret, API_TOKEN_SHOWN);
    shown[API_TOKEN_SHOWN] = '\0';
    bson_concat(doc, fields);
    if (!bson_has_field(doc, "expiresAt"))
        BSON_APPEND_NULL(doc, "expiresAt");
    BSON_APPEND_UTF8(doc, "hash", hash);
    BSON_APPEND_UTF8(doc, "prefix", shown);
    if (oid_parse_str(p->user_id, &user))
        BSON_APPEND_OID(doc, "createdBy", &user);
    else
        BSON_APPEND_NULL(doc, "createdBy");
    BSON_APPEND_DATE_TIME(doc, "createdAt", now);
    BSON_APPEND_NULL(doc, "lastUsedAt");
    BSON_APPEND_NULL(doc, "revokedAt");
    return doc;
}

static json_object *
created_reply(const bson_t *doc, const struct principal *p, const char *secret)
{
    json_object *out = json_object_new_object();

    json_object_object_add(out, "apiToken", model_output(&api_tokens_model, doc, p));
    json_object_object_add(out, "token", json_object_new_string(secret));
    return out;
}

json_object *
api_tokens_create(struct app *app, const struct principal *p, const char *partner, json_object *in,
                  struct err *err)
{
    bson_t *pdoc = NULL, *doc = NULL, fields = BSON_INITIALIZER;
    bson_oid_t poid, id;
    char secret[TOKEN_CAP] = "", hex[OID_STR_SIZE], phex[OID_STR_SIZE];
    int64_t now = clock_now_ms();
    json_object *out = NULL;

    if (!partner_load(app, p, partner, &pdoc, &poid, err) || !read_fields(p, in, now, &fields, err)
        || !room_for_one(app, &poid, now, err))
        goto out;
    if (!token_new(API_TOKEN_PREFIX, secret)) {
        err_set(err, ERR_INTERNAL, "cannot make a token");
        goto out;
    }
    bson_oid_init(&id, NULL);
    doc = token_doc(&fields, &id, &poid, p, secret, now);
    if (!store_insert_one(app->db, "api_tokens", doc, err))
        goto out;
    oid_format(&id, hex);
    oid_format(&poid, phex);
    token_event(app, p, "api_token.created", hex, phex, json_bson_str(doc, "name"));
    out = created_reply(doc, p, secret);
out:
    OPENSSL_cleanse(secret, sizeof(secret));
    bson_destroy(doc);
    bson_destroy(&fields);
    bson_destroy(pdoc);
    return out;
}

json_object *
api_tokens_list(struct app *app, const struct principal *p, const char *partner, struct err *err)
{
    bson_t *pdoc = NULL, *filter = NULL, *opts = NULL;
    bson_oid_t poid;
    json_object *list = NULL, *out = NULL;

    if (!partner_load(app, p, partner, &pdoc, &poid, err))
        goto out;
    filter = BCON_NEW("partner", BCON_OID(&poid));
    opts = BCON_NEW("sort", "{", "createdAt", BCON_INT32(-1), "_id", BCON_INT32(-1), "}", "limit",
                    BCON_INT64(100));
    list = store_outputs(app->db, &api_tokens_model, filter, opts, p, err);
    if (list != NULL) {
        out = json_object_new_object();
        json_object_object_add(out, "list", list);
    }
out:
    bson_destroy(opts);
    bson_destroy(filter);
    bson_destroy(pdoc);
    return out;
}

/* a repeat of a revocation: the token exists (and so is revoked already), else not_found */
static bool
already_revoked(struct app *app, const bson_oid_t *id, const bson_oid_t *partner, struct err *err)
{
    bson_t *filter = BCON_NEW("_id", BCON_OID(id), "partner", BCON_OID(partner)), *doc = NULL;
    bool found = false, ok = store_find_one(app->db, "api_tokens", filter, NULL, &doc, &found, err);

    bson_destroy(doc);
    bson_destroy(filter);
    return !ok ? false : found ? true : err_set(err, ERR_NOT_FOUND, "no such API token");
}

bool
api_tokens_revoke(struct app *app, const struct principal *p, const char *partner,
                  const char *token_id, struct err *err)
{
    bson_t *pdoc = NULL, *filter = NULL, *update = NULL, *before = NULL;
    bson_oid_t poid, id;
    char phex[OID_STR_SIZE];
    bool ok = false;

    if (!partner_load(app, p, partner, &pdoc, &poid, err))
        goto out;
    if (!oid_parse_str(token_id, &id)) {
        err_set(err, ERR_NOT_FOUND, "no such API token");
        goto out;
    }
    /* the partner in the filter: another partner's token id is as unknown as a made-up one */
    filter = BCON_NEW("_id", BCON_OID(&id), "partner", BCON_OID(&poid), "revokedAt", BCON_NULL);
    update = BCON_NEW("$set", "{", "revokedAt", BCON_DATE_TIME(clock_now_ms()), "}");
    if (!store_find_and_modify(app->db, "api_tokens", filter, update, &before, err))
        goto out;
    oid_format(&poid, phex);
    if (before != NULL)
        token_event(app, p, "api_token.revoked", token_id, phex, json_bson_str(before, "name"));
    else if (!already_revoked(app, &id, &poid, err))
        goto out;
    ok = true;
out:
    bson_destroy(before);
    bson_destroy(update);
    bson_destroy(filter);
    bson_destroy(pdoc);
    return ok;
}

bool
api_tokens_revoke_all(struct app *app, const bson_oid_t *partner, struct err *err)
{
    bson_t *filter = BCON_NEW("partner", BCON_OID(partner), "revokedAt", BCON_NULL);
    bson_t *update = BCON_NEW("$set", "{", "revokedAt", BCON_DATE_TIME(clock_now_ms()), "}");
    bool ok = store_update_many(app->db, "api_tokens", filter, update, err);

    bson_destroy(update);
    bson_destroy(filter);
    return ok;
}
