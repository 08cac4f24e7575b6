/* partner_hooks.c - audit event -> webhook event -> one job per subscribed endpoint */
#include "queue/partner_hooks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/isotime.h"
#include "core/json.h"
#include "core/oid.h"
#include "core/principal.h"
#include "db/store.h"
#include "model/tables.h"
#include "queue/job.h"
#include "queue/outbox.h"

#define MAX_ENDPOINTS 50 /* per partner; the create route refuses more */

const char *
partner_hooks_type(const char *action, json_object *after)
{
    static const char *const same[] = {"lead.created", "lead.status_changed", "lead.note_added",
                                       NULL};
    const char *kind;

    if (action == NULL)
        return NULL;
    for (size_t i = 0; same[i] != NULL; i++)
        if (strcmp(action, same[i]) == 0)
            return same[i];
    if (strcmp(action, "lead.imported") == 0) /* an imported lead is created for its partner */
        return "lead.created";
    if (strcmp(action, "meeting.outcome_set") == 0
        || strcmp(action, "meeting.outcome_assumed") == 0)
        return "meeting.outcome";
    if (strcmp(action, "meeting.upserted") != 0 || (kind = json_str(after, "status")) == NULL)
        return NULL;
    if (strcmp(kind, "created") == 0)
        return "meeting.created";
    if (strcmp(kind, "rescheduled") == 0)
        return "meeting.rescheduled";
    if (strcmp(kind, "canceled") == 0)
        return "meeting.canceled";
    return NULL; /* "updated": a detail of the booking, no event of its own */
}

/* the lead as a user of its partner reads it (staff-only fields hidden), or NULL */
static json_object *
lead_snapshot(struct app *app, const char *lead, const char *partner)
{
    struct principal p = {.kind = PRINCIPAL_USER, .role = ROLE_USER};
    struct err err = ERR_INIT;
    bson_oid_t oid;
    bson_t *filter, *doc = NULL;
    bool found = false;
    json_object *out = NULL;

    if (lead == NULL || !oid_parse_str(lead, &oid))
        return NULL;
    snprintf(p.partner_id, sizeof(p.partner_id), "%s", partner);
    filter = BCON_NEW("_id", BCON_OID(&oid));
    if (store_find_one(app->db, "leads", filter, NULL, &doc, &found, &err) && found)
        out = model_output(&leads_model, doc, &p);
    bson_destroy(doc);
    bson_destroy(filter);
    return out;
}

static void
add(json_object *o, const char *key, json_object *v)
{
    json_object_object_add(o, key, v);
}

char *
partner_hooks_body(struct app *app, const char *event_id, const char *type, json_object *audit)
{
    json_object *body = json_object_new_object(), *data = json_object_new_object();
    json_object *after = json_member(audit, "after");
    const char *partner = json_str(audit, "partner"), *lead = json_str(audit, "entityId");
    const char *meeting = json_str(after, "meetingId");
    char at[40] = "";
    char *text;

    isotime_format(json_object_get_int64(json_member(audit, "at")), at, sizeof(at));
    add(body, "id", json_object_new_string(event_id));
    add(body, "type", json_object_new_string(type));
    add(body, "createdAt", json_object_new_string(at));
    add(data, "partnerId", json_object_new_string(partner ? partner : ""));
    add(data, "leadId", lead ? json_object_new_string(lead) : NULL);
    add(data, "meetingId", meeting ? json_object_new_string(meeting) : NULL);
    add(data, "source", json_object_get(json_member(audit, "source")));
    add(data, "before", json_object_get(json_member(audit, "before")));
    add(data, "after", json_object_get(after));
    add(data, "lead", partner ? lead_snapshot(app, lead, partner) : NULL);
    add(body, "data", data);
    text = strdup(json_object_to_json_string_ext(body, JSON_C_TO_STRING_PLAIN
                                                           | JSON_C_TO_STRING_NOSLASHESCAPE));
    json_object_put(body);
    return text;
}

bool
partner_hooks_enqueue(struct app *app, const char *job_id, const char *endpoint,
                      const char *partner, const char *event_id, const char *type, const char *body,
                      int64_t first_ms, const char *replay_of, struct err *err)
{
    json_object *job = json_object_new_object();
    bool ok;

    add(job, "endpoint", json_object_new_string(endpoint));
    add(job, "partner", json_object_new_string(partner));
    add(job, "event", json_object_new_string(event_id));
    add(job, "type", json_object_new_string(type));
    add(job, "body", json_object_new_string(body));
    add(job, "firstAt", json_object_new_int64(first_ms));
    add(job, "replayOf", replay_of ? json_object_new_string(replay_of) : NULL);
    ok = outbox_push(app, PARTNER_HOOKS_QUEUE, type, job, job_id, err);
    json_object_put(job);
    return ok;
}

struct fanout {
    struct app *app;
    const char *event_id, *type, *partner;
    json_object *audit;
    char *body; /* built for the first subscribed endpoint, shared by the others */
    int n;
};

static bool
subscribed(const bson_t *doc, const char *type)
{
    bson_iter_t it, el;

    if (!bson_iter_init_find(&it, doc, "events") || !BSON_ITER_HOLDS_ARRAY(&it)
        || !bson_iter_recurse(&it, &el))
        return false;
    while (bson_iter_next(&el))
        if (BSON_ITER_HOLDS_UTF8(&el) && strcmp(bson_iter_utf8(&el, NULL), type) == 0)
            return true;
    return false;
}

static bool
fanout_one(const bson_t *doc, void *ctx, struct err *err)
{
    struct fanout *f = ctx;
    const bson_oid_t *oid = json_bson_oid(doc, "_id");
    char endpoint[OID_STR_SIZE], job_id[JOB_ID_CAP];

    if (oid == NULL || !subscribed(doc, f->type) || f->n++ >= MAX_ENDPOINTS)
        return true;
    if (f->body == NULL
        && (f->body = partner_hooks_body(f->app, f->event_id, f->type, f->audit)) == NULL)
        return err_set(err, ERR_INTERNAL, "out of memory");
    oid_format(oid, endpoint);
    snprintf(job_id, sizeof(job_id), "%s.%s", f->event_id, endpoint);
    return partner_hooks_enqueue(f->app, job_id, endpoint, f->partner, f->event_id, f->type,
                                 f->body, clock_now_ms(), NULL, err);
}

bool
partner_hooks_fanout(struct app *app, const char *event_id, json_object *audit, struct err *err)
{
    struct fanout f = {app, event_id, NULL, json_str(audit, "partner"), audit, NULL, 0};
    bson_oid_t partner;
    bson_t *filter;
    bool ok;

    f.type = partner_hooks_type(json_str(audit, "action"), json_member(audit, "after"));
    if (f.type == NULL || f.partner == NULL || !oid_parse_str(f.partner, &partner))
        return true;
    filter = BCON_NEW("partner", BCON_OID(&partner), "enabled", BCON_BOOL(true));
    ok = store_each(app->db, "partner_webhooks", filter, NULL, fanout_one, &f, err);
    bson_destroy(filter);
    free(f.body);
    return ok;
}
