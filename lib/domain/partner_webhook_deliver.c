/* partner_webhook_deliver.c - one attempt of one partner-webhooks job: sign with the endpoint's
 * secret (and the previous one during its overlap), send (http/hook_send.h), log the attempt,
 * decide what follows (queue/hook_retry.h); after 24 h of failures disable the endpoint and
 * tell the partner's admins */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/json.h"
#include "core/log.h"
#include "core/oid.h"
#include "db/store.h"
#include "domain/partner_webhooks.h"
#include "domain/partners.h"
#include "http/hook_send.h"
#include "mail/mail.h"
#include "queue/hook_retry.h"

#define RECIPIENTS_MAX 50

struct attempt {
    struct app *app;
    json_object *job; /* the job's payload */
    const char *endpoint, *partner, *event, *type, *body;
    int number; /* 1 = first */
    char ts[24], sig[2 * (3 + HOOK_SIG_HEX) + 2];
    const char *header_lines[10];
    char header_buf[8][256];
    struct hook_result res;
};

/* the headers of the request, as lines for curl and as the log's map */
static void
build_headers(struct attempt *a, const char *secret, const char *old_secret)
{
    size_t len = strlen(a->body);
    int n = 0;

    snprintf(a->ts, sizeof(a->ts), "%lld", (long long)clock_now_s());
    hook_signature_header(secret, old_secret, a->ts, a->body, len, a->sig, sizeof(a->sig));
    snprintf(a->header_buf[n++], 256, "Content-Type: application/json");
    snprintf(a->header_buf[n++], 256, "X-PC-Event-Id: %s", a->event);
    snprintf(a->header_buf[n++], 256, "X-PC-Event-Type: %s", a->type);
    snprintf(a->header_buf[n++], 256, "X-PC-Timestamp: %s", a->ts);
    snprintf(a->header_buf[n++], 256, "X-PC-Signature: %s", a->sig);
    snprintf(a->header_buf[n++], 256, "X-PC-Delivery-Attempt: %d", a->number);
    for (int i = 0; i < n; i++)
        a->header_lines[i] = a->header_buf[i];
    a->header_lines[n] = NULL;
}

static void
append_headers(bson_t *doc, const struct attempt *a)
{
    bson_t map;

    BSON_APPEND_DOCUMENT_BEGIN(doc, "requestHeaders", &map);
    for (int i = 0; a->header_lines[i] != NULL; i++) {
        const char *colon = strchr(a->header_lines[i], ':');
        char name[64];
        if (colon == NULL || colon - a->header_lines[i] >= (long)sizeof(name))
            continue;
        snprintf(name, sizeof(name), "%.*s", (int)(colon - a->header_lines[i]), a->header_lines[i]);
        BSON_APPEND_UTF8(&map, name, colon + 2);
    }
    bson_append_document_end(doc, &map);
}

static void
append_oid(bson_t *doc, const char *key, const char *hex)
{
    bson_oid_t oid;

    if (hex != NULL && oid_parse_str(hex, &oid))
        BSON_APPEND_OID(doc, key, &oid);
    else
        BSON_APPEND_NULL(doc, key);
}

static void
append_str_or_null(bson_t *doc, const char *key, const char *s)
{
    if (s != NULL && s[0] != '\0')
        BSON_APPEND_UTF8(doc, key, s);
    else
        BSON_APPEND_NULL(doc, key);
}

/* one line of the delivery log */
static bool
log_attempt(struct attempt *a, const char *url, enum hook_verdict v, int64_t due_ms,
            struct err *err)
{
    bson_t doc = BSON_INITIALIZER;
    bson_oid_t id;
    bool ok;

    bson_oid_init(&id, NULL);
    BSON_APPEND_OID(&doc, "_id", &id);
    append_oid(&doc, "endpoint", a->endpoint);
    append_oid(&doc, "partner", a->partner);
    BSON_APPEND_UTF8(&doc, "event", a->event);
    BSON_APPEND_UTF8(&doc, "type", a->type);
    BSON_APPEND_INT32(&doc, "attempt", a->number);
    BSON_APPEND_UTF8(&doc, "outcome", hook_verdict_outcome(v, a->res.refused));
    if (a->res.status > 0)
        BSON_APPEND_INT32(&doc, "status", (int32_t)a->res.status);
    else
        BSON_APPEND_NULL(&doc, "status");
    BSON_APPEND_UTF8(&doc, "url", url);
    append_str_or_null(&doc, "address", a->res.address);
    append_headers(&doc, a);
    BSON_APPEND_UTF8(&doc, "requestBody", a->body);
    append_str_or_null(&doc, "response", a->res.status > 0 ? a->res.response : NULL);
    append_str_or_null(&doc, "error", a->res.error);
    BSON_APPEND_INT32(&doc, "durationMs", (int32_t)(a->res.duration_ms + 0.5));
    if (v == HOOK_RETRY)
        BSON_APPEND_DATE_TIME(&doc, "nextAttemptAt", due_ms);
    else
        BSON_APPEND_NULL(&doc, "nextAttemptAt");
    append_str_or_null(&doc, "replayOf", json_str(a->job, "replayOf"));
    BSON_APPEND_DATE_TIME(&doc, "createdAt", clock_now_ms());
    ok = store_insert_one(a->app->db, "partner_webhook_deliveries", &doc, err);
    bson_destroy(&doc);
    return ok;
}

struct notice {
    struct app *app;
    json_object *vars;
    const char *endpoint;
};

static bool
notify_admin(const bson_t *user, void *ctx, struct err *ignored)
{
    struct notice *n = ctx;
    const bson_oid_t *id = json_bson_oid(user, "_id");
    const char *email = json_bson_str(user, "email");
    char hex[OID_STR_SIZE], job[JOB_ID_CAP];
    struct err err = ERR_INIT;

    (void)ignored;
    if (id == NULL || email == NULL)
        return true;
    oid_format(id, hex);
    snprintf(job, sizeof(job), "whd.%s.%lld.%s", n->endpoint, (long long)(clock_now_ms() / 1000),
             hex);
    json_object_object_add(n->vars, "name",
                           json_object_new_string(json_or_empty(json_bson_str(user, "name"))));
    if (!mail_enqueue(n->app, "partner-webhook-disabled", email, n->vars, job, &err))
        log_error("cannot queue the webhook-disabled e-mail", "endpoint=%s err=\"%s\"", n->endpoint,
                  err.cause);
    return true;
}

/* the partner's active admins hear that their endpoint was switched off */
static void
notify_disabled(struct app *app, const char *partner, const char *endpoint, const char *url,
                const char *why)
{
    bson_oid_t oid;
    bson_t *filter, *opts;
    struct err err = ERR_INIT;
    char link[600], name[201], type[40];
    struct notice n = {app, json_object_new_object(), endpoint};

    if (!oid_parse_str(partner, &oid))
        goto out;
    snprintf(link, sizeof(link), "%s/partners/%s?tab=webhooks", app->cfg.public_url, partner);
    json_object_object_add(n.vars, "url", json_object_new_string(url));
    json_object_object_add(n.vars, "reason", json_object_new_string(why));
    json_object_object_add(n.vars, "link", json_object_new_string(link));
    if (!partner_lookup(app, partner, name, sizeof(name), type, sizeof(type), &err))
        snprintf(name, sizeof(name), "your partner account");
    json_object_object_add(n.vars, "partnerName", json_object_new_string(name));
    filter = BCON_NEW("partner", BCON_OID(&oid), "role", BCON_UTF8("admin"), "status",
                      BCON_UTF8("active"), "archivedAt", BCON_NULL);
    opts = BCON_NEW("projection", "{", "email", BCON_INT32(1), "name", BCON_INT32(1), "}", "limit",
                    BCON_INT64(RECIPIENTS_MAX));
    if (!store_each(app->db, "users", filter, opts, notify_admin, &n, &err))
        log_error("cannot find the partner's admins", "partner=%s err=\"%s\"", partner, err.cause);
    bson_destroy(filter);
    bson_destroy(opts);
out:
    json_object_put(n.vars);
}

/* switch the endpoint off (once: only the attempt that finds it enabled mails) */
static bool
disable_endpoint(struct app *app, const bson_t *hook, const struct attempt *a, struct err *err)
{
    const bson_oid_t *id = json_bson_oid(hook, "_id");
    char why[300];
    bson_t *filter, *update, *after = NULL;
    bool ok;

    snprintf(why, sizeof(why), "24 hours of failed deliveries (last: %s)",
             a->res.status > 0 ? "an HTTP error status" : a->res.error);
    filter = BCON_NEW("_id", BCON_OID(id), "enabled", BCON_BOOL(true));
    update = BCON_NEW("$set", "{", "enabled", BCON_BOOL(false), "disabledAt",
                      BCON_DATE_TIME(clock_now_ms()), "disabledReason", BCON_UTF8(why), "updatedAt",
                      BCON_DATE_TIME(clock_now_ms()), "}");
    ok = store_update_and_get(app->db, "partner_webhooks", filter, update, &after, err);
    if (ok && after != NULL) {
        log_warn("partner webhook endpoint disabled", "endpoint=%s partner=%s", a->endpoint,
                 a->partner);
        notify_disabled(app, a->partner, a->endpoint, json_or_empty(json_bson_str(hook, "url")),
                        why);
    }
    bson_destroy(after);
    bson_destroy(update);
    bson_destroy(filter);
    return ok;
}

static bool
bson_true(const bson_t *doc, const char *key)
{
    bson_iter_t it;

    return bson_iter_init_find(&it, doc, key) && BSON_ITER_HOLDS_BOOL(&it) && bson_iter_bool(&it);
}

/* the endpoint's secrets: the current one, and the previous one while its overlap lasts */
static void
secrets_of(const bson_t *hook, const char **secret, const char **old_secret)
{
    int64_t until = json_bson_date(hook, "previousSecretExpiresAt");

    *secret = json_bson_str(hook, "secret");
    *old_secret = until > clock_now_ms() ? json_bson_str(hook, "previousSecret") : NULL;
}

static bool
load_hook(struct app *app, const char *endpoint, bson_t **hook, bool *found, struct err *err)
{
    bson_oid_t oid;
    bson_t *filter;
    bool ok;

    *found = false;
    if (!oid_parse_str(endpoint, &oid))
        return true;
    filter = BCON_NEW("_id", BCON_OID(&oid));
    ok = store_find_one(app->db, "partner_webhooks", filter, NULL, hook, found, err);
    bson_destroy(filter);
    return ok;
}

/* the attempt itself, once the endpoint is known to take it */
static bool
attempt_send(struct attempt *a, const bson_t *hook, bool last, int *retry_s, struct err *err)
{
    const char *secret, *old_secret, *url = json_or_empty(json_bson_str(hook, "url"));
    struct hook_request rq = {.url = url,
                              .body = a->body,
                              .body_len = strlen(a->body),
                              .timeout_ms = 10000,
                              .allow_http = a->app->cfg.webhooks_allow_http != NULL,
                              .allow_loopback = a->app->cfg.webhooks_allow_loopback != NULL};
    struct hook_answer ans;
    int64_t due = 0, now;
    enum hook_verdict v;

    secrets_of(hook, &secret, &old_secret);
    if (secret == NULL)
        return err_set(err, ERR_INTERNAL, "the endpoint has no secret");
    build_headers(a, secret, old_secret);
    rq.headers = a->header_lines;
    hook_send(&rq, &a->res);
    ans = (struct hook_answer){a->res.status, a->res.retry_after_s, a->res.refused};
    now = clock_now_ms();
    v = hook_retry_plan(&ans, a->number, json_object_get_int64(json_member(a->job, "firstAt")), now,
                        drand48(), &due);
    if (v == HOOK_RETRY && last)
        v = HOOK_GIVE_UP;
    if (!log_attempt(a, url, v, due, err))
        return false;
    if (v == HOOK_GIVE_UP && json_str(a->job, "replayOf") == NULL
        && strcmp(a->type, "webhook.test") != 0 && !disable_endpoint(a->app, hook, a, err))
        return false;
    *retry_s = v == HOOK_RETRY ? (int)((due - now + 999) / 1000) : -1;
    return true;
}

bool
partner_webhook_deliver(struct app *app, json_object *job, int attempt, bool last, int *retry_s,
                        struct err *err)
{
    struct attempt a = {.app = app, .job = job, .number = attempt + 1};
    bson_t *hook = NULL;
    bool found = false, ok, manual;

    *retry_s = -1;
    a.endpoint = json_str(job, "endpoint");
    a.partner = json_str(job, "partner");
    a.event = json_str(job, "event");
    a.type = json_str(job, "type");
    a.body = json_str(job, "body");
    if (a.endpoint == NULL || a.partner == NULL || a.event == NULL || a.type == NULL
        || a.body == NULL)
        return err_set(err, ERR_INTERNAL, "not a partner webhook job");
    ok = load_hook(app, a.endpoint, &hook, &found, err);
    /* a test event or a replay goes out even to a disabled endpoint: it is how one checks the
     * receiver before switching it on again; events do not */
    manual = strcmp(a.type, "webhook.test") == 0 || json_str(job, "replayOf") != NULL;
    if (ok && found && (manual || bson_true(hook, "enabled")))
        ok = attempt_send(&a, hook, last, retry_s, err);
    else if (ok)
        log_info("partner webhook skipped: endpoint deleted or disabled", "endpoint=%s event=%s",
                 a.endpoint, a.event);
    bson_destroy(hook);
    return ok;
}
