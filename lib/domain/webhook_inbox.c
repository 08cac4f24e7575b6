/* webhook_inbox.c - queue a webhook delivery; record what became of it; read and replay it */
#include "domain/webhook_inbox.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "auth/scope.h"
#include "core/clock.h"
#include "core/json.h"
#include "core/log.h"
#include "db/store.h"
#include "model/tables.h"
#include "queue/queue.h"

#define INBOX "webhook_inbox"
#define PAYLOADS "webhook_payloads"
#define REPORT_ERRORS_MAX 50

const char *
webhook_queue(const char *provider)
{
    if (provider != NULL && strcmp(provider, WEBHOOK_HUBSPOT) == 0)
        return "hubspot-webhook";
    if (provider != NULL && strcmp(provider, WEBHOOK_CHILIPIPER) == 0)
        return "chilipiper-webhook";
    if (provider != NULL && strcmp(provider, WEBHOOK_STRIPE) == 0)
        return "stripe-webhook";
    return NULL;
}

/* the job payload of a delivery (the caller puts it) */
static json_object *
delivery_payload(const char *inbox, const char *provider, const char *kind, const char *body,
                 size_t len, int64_t received_ms)
{
    json_object *o = json_object_new_object();

    json_object_object_add(o, "inbox", json_object_new_string(inbox));
    json_object_object_add(o, "provider", json_object_new_string(provider));
    json_object_object_add(o, "kind", json_object_new_string(kind));
    json_object_object_add(o, "receivedAt", json_object_new_int64(received_ms));
    json_object_object_add(o, "body", json_object_new_string_len(body, (int)len));
    return o;
}

bool
webhook_enqueue(struct app *app, const char *provider, const char *kind, const char *body,
                size_t len, char id[OID_STR_SIZE], struct err *err)
{
    const char *queue = webhook_queue(provider);
    bson_oid_t oid;
    json_object *payload;
    bool ok;

    if (queue == NULL)
        return err_set(err, ERR_INTERNAL, "no queue for provider %s", provider);
    bson_oid_init(&oid, NULL);
    oid_format(&oid, id);
    payload = delivery_payload(id, provider, kind, body, len, clock_now_ms());
    ok = queue_push_json(app, queue, "delivery", payload, id, NULL, err);
    json_object_put(payload);
    return ok;
}

bool
webhook_delivery_read(json_object *payload, struct webhook_delivery *d)
{
    const char *inbox = json_str(payload, "inbox");
    json_object *at = json_member(payload, "receivedAt");

    memset(d, 0, sizeof(*d));
    if (inbox == NULL || strlen(inbox) != OID_HEX_LEN)
        return false;
    memcpy(d->inbox, inbox, OID_STR_SIZE);
    d->provider = json_str(payload, "provider");
    d->kind = json_or_empty(json_str(payload, "kind"));
    d->body = json_str(payload, "body");
    d->received_ms = at != NULL ? json_object_get_int64(at) : clock_now_ms();
    return d->provider != NULL && d->body != NULL;
}

void
webhook_report_error(struct webhook_report *r, const char *fmt, ...)
{
    char line[300];
    va_list ap;

    if (r->errors == NULL)
        r->errors = json_object_new_array();
    if (json_object_array_length(r->errors) >= REPORT_ERRORS_MAX)
        return;
    va_start(ap, fmt);
    vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    json_object_array_add(r->errors, json_object_new_string(line));
}

void
webhook_report_release(struct webhook_report *r)
{
    json_object_put(r->errors);
    r->errors = NULL;
}

/* the body once, under the inbox id: a replay reads it from here */
static bool
keep_body(struct app *app, const bson_oid_t *id, const struct webhook_delivery *d, struct err *err)
{
    bson_t *doc = BCON_NEW("_id", BCON_OID(id), "body", BCON_UTF8(d->body), "expiresAt",
                           BCON_DATE_TIME(d->received_ms + WEBHOOK_KEEP_MS));
    bool ok = store_insert_once(app->db, PAYLOADS, doc, err);

    bson_destroy(doc);
    return ok;
}

void
webhook_inbox_begin(struct app *app, const struct webhook_delivery *d, int attempt)
{
    struct err err = ERR_INIT;
    bson_oid_t id;
    int64_t now = clock_now_ms();
    bson_t *filter, *update, *opts = BCON_NEW("upsert", BCON_BOOL(true));
    bool ok;

    oid_parse_str(d->inbox, &id);
    filter = BCON_NEW("_id", BCON_OID(&id));
    update = BCON_NEW("$set", "{", "status", BCON_UTF8("received"), "attempts",
                      BCON_INT32(attempt + 1), "updatedAt", BCON_DATE_TIME(now), "}",
                      "$setOnInsert", "{", "provider", BCON_UTF8(d->provider), "kind",
                      BCON_UTF8(d->kind), "receivedAt", BCON_DATE_TIME(d->received_ms), "expiresAt",
                      BCON_DATE_TIME(d->received_ms + WEBHOOK_KEEP_MS), "replays", BCON_INT32(0),
                      "events", BCON_INT32(0), "applied", BCON_INT32(0), "}");
    ok = keep_body(app, &id, d, &err)
         && store_update_one(app->db, INBOX, filter, update, opts, NULL, &err);
    if (!ok)
        log_warn("cannot record a webhook delivery", "inbox=%s err=\"%s %s\"", d->inbox,
                 err.message, err.cause);
    bson_destroy(opts);
    bson_destroy(update);
    bson_destroy(filter);
}

/* r's errors as a BSON array */
static void
append_errors(bson_t *set, json_object *errors)
{
    bson_t list;
    char key[24];
    size_t n = errors ? json_object_array_length(errors) : 0;

    BSON_APPEND_ARRAY_BEGIN(set, "errors", &list);
    for (size_t i = 0; i < n; i++) {
        snprintf(key, sizeof(key), "%zu", i);
        BSON_APPEND_UTF8(&list, key, json_object_get_string(json_object_array_get_idx(errors, i)));
    }
    bson_append_array_end(set, &list);
}

void
webhook_inbox_finish(struct app *app, const struct webhook_delivery *d,
                     const struct webhook_report *r)
{
    struct err err = ERR_INIT;
    bson_oid_t id;
    bson_t set = BSON_INITIALIZER;

    oid_parse_str(d->inbox, &id);
    BSON_APPEND_UTF8(&set, "status", r->status);
    BSON_APPEND_INT32(&set, "events", r->events);
    BSON_APPEND_INT32(&set, "applied", r->applied);
    BSON_APPEND_UTF8(&set, "summary", r->summary);
    if (r->error[0] != '\0')
        BSON_APPEND_UTF8(&set, "error", r->error);
    else
        BSON_APPEND_NULL(&set, "error");
    append_errors(&set, r->errors);
    if (strcmp(r->status, "received") != 0)
        BSON_APPEND_DATE_TIME(&set, "processedAt", clock_now_ms());
    if (!store_set_by_id(app->db, INBOX, &id, &set, &err))
        log_warn("cannot record the end of a webhook delivery", "inbox=%s err=\"%s %s\"", d->inbox,
                 err.message, err.cause);
    bson_destroy(&set);
}

/* a value of a NULL-terminated list, or NULL given: ok */
static bool
one_of(const char *const *values, const char *v)
{
    for (int i = 0; v != NULL && values[i] != NULL; i++)
        if (strcmp(values[i], v) == 0)
            return true;
    return v == NULL;
}

json_object *
webhook_inbox_list(struct app *app, const struct principal *p, const struct list_params *params,
                   const char *provider, const char *status, struct err *err)
{
    struct list_query q;
    bson_t scope = BSON_INITIALIZER;
    json_object *out = NULL;

    if (!scope_trusted(p)) {
        err_set(err, ERR_FORBIDDEN, "the webhook inbox is for staff");
        goto out;
    }
    if (!one_of(webhook_providers, provider))
        err_detail(err, "provider", "must be hubspot, chilipiper or stripe");
    if (!one_of(webhook_statuses, status))
        err_detail(err, "status", "must be received, processed, ignored or failed");
    if (err->ndetails > 0) {
        err_set(err, ERR_VALIDATION_FAILED, "invalid inbox query");
        goto out;
    }
    if (provider != NULL)
        BSON_APPEND_UTF8(&scope, "provider", provider);
    if (status != NULL)
        BSON_APPEND_UTF8(&scope, "status", status);
    if (model_list_query(&webhook_inbox_model, params, &q, err)) {
        struct store_list_spec spec = {.m = &webhook_inbox_model, .scope = &scope, .q = &q, .p = p};

        out = store_list(app->db, &spec, err);
    }
    list_query_release(&q);
out:
    bson_destroy(&scope);
    return out;
}

/* the inbox document of id (a staff read); not_found */
static bool
inbox_load(struct app *app, const struct principal *p, const char *id, bson_oid_t *oid,
           bson_t **doc, struct err *err)
{
    bson_t *filter;
    bool found = false, ok;

    *doc = NULL;
    if (!scope_trusted(p))
        return err_set(err, ERR_FORBIDDEN, "the webhook inbox is for staff");
    if (!oid_parse_str(id, oid))
        return err_set(err, ERR_NOT_FOUND, "no such delivery");
    filter = BCON_NEW("_id", BCON_OID(oid));
    ok = store_find_one(app->db, INBOX, filter, NULL, doc, &found, err);
    bson_destroy(filter);
    return ok && (found || err_set(err, ERR_NOT_FOUND, "no such delivery"));
}

/* the stored body of a delivery; *body NULL when it expired (the caller frees *doc) */
static bool
body_load(struct app *app, const bson_oid_t *oid, bson_t **doc, const char **body, struct err *err)
{
    bson_t *filter = BCON_NEW("_id", BCON_OID(oid));
    bool found = false, ok = store_find_one(app->db, PAYLOADS, filter, NULL, doc, &found, err);

    bson_destroy(filter);
    *body = ok && found ? json_bson_str(*doc, "body") : NULL;
    return ok;
}

json_object *
webhook_inbox_get(struct app *app, const struct principal *p, const char *id, struct err *err)
{
    bson_oid_t oid;
    bson_t *doc = NULL, *payload = NULL;
    const char *body = NULL;
    json_object *out = NULL;

    if (inbox_load(app, p, id, &oid, &doc, err) && body_load(app, &oid, &payload, &body, err)) {
        out = model_output(&webhook_inbox_model, doc, p);
        json_object_object_add(out, "body", body ? json_object_new_string(body) : NULL);
    }
    bson_destroy(payload);
    bson_destroy(doc);
    return out;
}

/* the entry's status from `from` to `to` (compare-and-set), replays + inc */
static bool
set_status(struct app *app, const bson_oid_t *oid, const char *from, const char *to, int inc,
           bool *matched, struct err *err)
{
    bson_t *filter = BCON_NEW("_id", BCON_OID(oid), "status", BCON_UTF8(from));
    bson_t *update =
        BCON_NEW("$set", "{", "status", BCON_UTF8(to), "updatedAt", BCON_DATE_TIME(clock_now_ms()),
                 "}", "$inc", "{", "replays", BCON_INT32(inc), "}");
    bool ok = store_update_one(app->db, INBOX, filter, update, NULL, matched, err);

    bson_destroy(update);
    bson_destroy(filter);
    return ok;
}

/* the stored body on the provider's queue again, job id <inbox>.r<n> (a double click: once) */
static bool
replay_push(struct app *app, const bson_t *doc, const char *id, const char *body,
            char job[JOB_ID_CAP], struct err *err)
{
    const char *provider = json_bson_str(doc, "provider"), *kind = json_bson_str(doc, "kind");
    bson_iter_t it;
    int64_t replays = bson_iter_init_find(&it, doc, "replays") ? bson_iter_as_int64(&it) : 0;
    int64_t received = bson_iter_init_find(&it, doc, "receivedAt") && BSON_ITER_HOLDS_DATE_TIME(&it)
                           ? bson_iter_date_time(&it)
                           : clock_now_ms();
    json_object *payload;
    bool ok;

    if (webhook_queue(provider) == NULL)
        return err_set(err, ERR_INTERNAL, "a delivery of no known provider");
    payload = delivery_payload(id, provider, json_or_empty(kind), body, strlen(body), received);
    snprintf(job, JOB_ID_CAP, "%s.r%lld", id, (long long)replays + 1);
    ok = queue_push_json(app, webhook_queue(provider), "delivery", payload, job, NULL, err);
    json_object_put(payload);
    return ok;
}

bool
webhook_inbox_replay(struct app *app, const struct principal *p, const char *id,
                     char job[JOB_ID_CAP], struct err *err)
{
    struct err ignored = ERR_INIT;
    bson_oid_t oid;
    bson_t *doc = NULL, *payload = NULL;
    const char *body = NULL, *status;
    bool ok = inbox_load(app, p, id, &oid, &doc, err), matched = false;

    if (!ok)
        goto out;
    status = json_or_empty(json_bson_str(doc, "status"));
    if (strcmp(status, "failed") != 0) {
        ok = err_set(err, ERR_CONFLICT, "only a failed delivery can be replayed (this one is %s)",
                     status);
        goto out;
    }
    ok = body_load(app, &oid, &payload, &body, err)
         && (body != NULL || err_set(err, ERR_CONFLICT, "the delivery's body has expired"))
         && set_status(app, &oid, "failed", "received", 1, &matched, err)
         && (matched || err_set(err, ERR_CONFLICT, "the delivery is being replayed already"));
    if (ok && !replay_push(app, doc, id, body, job, err)) {
        set_status(app, &oid, "received", "failed", -1, &matched, &ignored); /* as it was */
        ok = false;
    }
out:
    bson_destroy(payload);
    bson_destroy(doc);
    return ok;
}

static bool
add_count(const bson_t *doc, void *ctx, struct err *err)
{
    const char *status = json_bson_str(doc, "_id");
    bson_iter_t it;

    (void)err;
    if (status != NULL && bson_iter_init_find(&it, doc, "n"))
        json_object_object_add(ctx, status, json_object_new_int64(bson_iter_as_int64(&it)));
    return true;
}

/* {received: n, processed: n, ignored: n, failed: n} of the last 7 days */
static json_object *
status_counts(struct app *app, const char *provider, struct err *err)
{
    json_object *counts = json_object_new_object();
    bson_t *pipeline = BCON_NEW(
        "pipeline", "[", "{", "$match", "{", "provider", BCON_UTF8(provider), "receivedAt", "{",
        "$gte", BCON_DATE_TIME(clock_now_ms() - WEBHOOK_KEEP_MS), "}", "}", "}", "{", "$group", "{",
        "_id", BCON_UTF8("$status"), "n", "{", "$sum", BCON_INT32(1), "}", "}", "}", "]");

    for (int i = 0; webhook_statuses[i] != NULL; i++)
        json_object_object_add(counts, webhook_statuses[i], json_object_new_int(0));
    if (!store_aggregate_each(app->db, INBOX, pipeline, NULL, add_count, counts, err)) {
        json_object_put(counts);
        counts = NULL;
    }
    bson_destroy(pipeline);
    return counts;
}

bool
webhook_inbox_summary(struct app *app, const char *provider, json_object *out, struct err *err)
{
    bson_t *filter = BCON_NEW("provider", BCON_UTF8(provider)), *doc = NULL;
    bson_t *opts = BCON_NEW("sort", "{", "receivedAt", BCON_INT32(-1), "}");
    bool found = false, ok = store_find_one(app->db, INBOX, filter, opts, &doc, &found, err);
    json_object *last = NULL, *counts = ok ? status_counts(app, provider, err) : NULL;
    bson_iter_t it;

    if (found && bson_iter_init_find(&it, doc, "receivedAt"))
        last = model_output_value(&it);
    json_object_object_add(out, "lastReceivedAt", last);
    json_object_object_add(out, "lastStatus",
                           found && json_bson_str(doc, "status")
                               ? json_object_new_string(json_bson_str(doc, "status"))
                               : NULL);
    if (counts != NULL)
        json_object_object_add(out, "last7Days", counts);
    bson_destroy(doc);
    bson_destroy(opts);
    bson_destroy(filter);
    return counts != NULL;
}
