/* partner_webhook_replay.c - the delivery log of an endpoint, replays (one delivery, or every
 * event since a time) and the test event */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/json.h"
#include "core/oid.h"
#include "db/store.h"
#include "domain/partner_webhooks.h"
#include "domain/partners.h"
#include "model/tables.h"
#include "queue/job.h"
#include "queue/partner_hooks.h"

/* the route's endpoint, which must exist: its id and its partner's, as 24 hex */
struct hook_ids {
    bson_oid_t hook, partner;
    char hook_hex[OID_STR_SIZE], partner_hex[OID_STR_SIZE];
};

static bool
hook_find(struct app *app, const struct principal *p, const struct hook_ref *r,
          struct hook_ids *ids, struct err *err)
{
    bson_t *doc = NULL, *filter;
    bool found = false, ok;

    if (!partner_load(app, p, r->partner, &doc, &ids->partner, err))
        return false;
    bson_destroy(doc);
    doc = NULL;
    if (r->hook == NULL || !oid_parse_str(r->hook, &ids->hook))
        return err_set(err, ERR_NOT_FOUND, "no such webhook endpoint");
    filter = BCON_NEW("_id", BCON_OID(&ids->hook), "partner", BCON_OID(&ids->partner));
    ok = store_find_one(app->db, "partner_webhooks", filter, NULL, &doc, &found, err);
    bson_destroy(filter);
    bson_destroy(doc);
    if (ok && !found)
        return err_set(err, ERR_NOT_FOUND, "no such webhook endpoint");
    oid_format(&ids->hook, ids->hook_hex);
    oid_format(&ids->partner, ids->partner_hex);
    return ok;
}

json_object *
partner_webhooks_deliveries(struct app *app, const struct principal *p, const struct hook_ref *r,
                            const struct list_params *params, struct err *err)
{
    struct list_query q;
    struct hook_ids ids;
    bson_t *scope = NULL;
    json_object *out = NULL;

    if (model_list_query(&partner_webhook_deliveries_model, params, &q, err)
        && hook_find(app, p, r, &ids, err)) {
        scope = BCON_NEW("endpoint", BCON_OID(&ids.hook));
        struct store_list_spec spec = {&partner_webhook_deliveries_model, scope, &q, p, NULL, NULL};
        out = store_list(app->db, &spec, err);
    }
    bson_destroy(scope);
    list_query_release(&q);
    return out;
}

static json_object *
hook_queued(int n, const char *event_id)
{
    json_object *out = json_object_new_object();

    json_object_object_add(out, "queued", json_object_new_int(n));
    json_object_object_add(out, "eventId", event_id ? json_object_new_string(event_id) : NULL);
    return out;
}

/* a job that sends the logged delivery doc again (same event id and body, a new signature) */
static bool
requeue(struct app *app, const struct hook_ids *ids, const bson_t *doc, struct err *err)
{
    char job[JOB_ID_CAP], delivery[OID_STR_SIZE];
    const char *event = json_bson_str(doc, "event"), *type = json_bson_str(doc, "type");
    const char *body = json_bson_str(doc, "requestBody");

    if (event == NULL || type == NULL || body == NULL || json_bson_oid(doc, "_id") == NULL)
        return err_set(err, ERR_INTERNAL, "a delivery log entry without its event");
    oid_format(json_bson_oid(doc, "_id"), delivery);
    job_id_new(job);
    return partner_hooks_enqueue(app, job, ids->hook_hex, ids->partner_hex, event, type, body,
                                 clock_now_ms(), delivery, err);
}

json_object *
partner_webhooks_replay(struct app *app, const struct principal *p, const struct hook_ref *r,
                        const char *delivery, struct err *err)
{
    struct hook_ids ids;
    bson_oid_t d;
    bson_t *filter = NULL, *doc = NULL;
    bool found = false;
    json_object *out = NULL;

    if (!hook_find(app, p, r, &ids, err))
        return NULL;
    if (delivery == NULL || !oid_parse_str(delivery, &d)) {
        err_set(err, ERR_NOT_FOUND, "no such delivery");
        return NULL;
    }
    filter = BCON_NEW("_id", BCON_OID(&d), "endpoint", BCON_OID(&ids.hook));
    if (store_find_one(app->db, "partner_webhook_deliveries", filter, NULL, &doc, &found, err)) {
        if (!found)
            err_set(err, ERR_NOT_FOUND, "no such delivery");
        else if (requeue(app, &ids, doc, err))
            out = hook_queued(1, json_bson_str(doc, "event"));
    }
    bson_destroy(doc);
    bson_destroy(filter);
    return out;
}

/* replay-since: each event once, its first log entry in the window */
struct since {
    struct app *app;
    const struct hook_ids *ids;
    char (*seen)[48];
    int n;
};

static bool
replay_one(const bson_t *doc, void *ctx, struct err *err)
{
    struct since *s = ctx;
    const char *event = json_bson_str(doc, "event");

    if (event == NULL || s->n >= PARTNER_WEBHOOKS_REPLAY_MAX)
        return true;
    for (int i = 0; i < s->n; i++)
        if (strcmp(s->seen[i], event) == 0)
            return true;
    snprintf(s->seen[s->n++], sizeof(s->seen[0]), "%s", event);
    return requeue(s->app, s->ids, doc, err);
}

json_object *
partner_webhooks_replay_since(struct app *app, const struct principal *p, const struct hook_ref *r,
                              json_object *in, struct err *err)
{
    struct hook_ids ids;
    bson_t body = BSON_INITIALIZER, *filter = NULL, *opts = NULL;
    bson_iter_t it;
    struct since s = {app, &ids, NULL, 0};
    json_object *out = NULL;

    if (!model_input(&partner_webhook_replay_body, in, MODEL_CREATE, p, &body, err)
        || !hook_find(app, p, r, &ids, err) || !bson_iter_init_find(&it, &body, "since"))
        goto out;
    s.seen = calloc(PARTNER_WEBHOOKS_REPLAY_MAX, sizeof(s.seen[0]));
    filter = BCON_NEW("endpoint", BCON_OID(&ids.hook), "createdAt", "{", "$gte",
                      BCON_DATE_TIME(bson_iter_date_time(&it)), "}");
    opts = BCON_NEW("sort", "{", "createdAt", BCON_INT32(1), "}", "limit", BCON_INT64(20000));
    if (s.seen != NULL
        && store_each(app->db, "partner_webhook_deliveries", filter, opts, replay_one, &s, err))
        out = hook_queued(s.n, NULL);
out:
    free(s.seen);
    bson_destroy(opts);
    bson_destroy(filter);
    bson_destroy(&body);
    return out;
}

json_object *
partner_webhooks_test(struct app *app, const struct principal *p, const struct hook_ref *r,
                      struct err *err)
{
    struct hook_ids ids;
    char event[JOB_ID_CAP], *body = NULL;
    json_object *audit, *out = NULL;

    if (!hook_find(app, p, r, &ids, err))
        return NULL;
    job_id_new(event);
    audit = json_object_new_object();
    json_object_object_add(audit, "partner", json_object_new_string(ids.partner_hex));
    json_object_object_add(audit, "source", json_object_new_string("test"));
    json_object_object_add(audit, "at", json_object_new_int64(clock_now_ms()));
    body = partner_hooks_body(app, event, "webhook.test", audit);
    if (body != NULL
        && partner_hooks_enqueue(app, event, ids.hook_hex, ids.partner_hex, event, "webhook.test",
                                 body, clock_now_ms(), NULL, err))
        out = hook_queued(1, event);
    free(body);
    json_object_put(audit);
    return out;
}
