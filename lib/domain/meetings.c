/* meetings.c - meeting reads within reach, and the booking upsert */
#include "domain/meetings.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "auth/scope.h"
#include "core/clock.h"
#include "core/email.h"
#include "core/json.h"
#include "core/oid.h"
#include "core/log.h"
#include "db/store.h"
#include "domain/counters.h"
#include "domain/leads.h"
#include "domain/partners.h"
#include "model/tables.h"
#include "queue/events.h"

json_object *
meetings_list(struct app *app, const struct principal *p, const struct list_params *params,
              struct err *err)
{
    struct list_query q;
    bson_t scope;
    json_object *out = NULL;

    if (model_list_query(&meetings_model, params, &q, err)) {
        struct store_list_spec spec = {&meetings_model,         &scope, &q, p,
                                       counters_meetings_total, NULL};
        scope_filter(p, "partner", &scope);
        out = store_list(app->db, &spec, err);
        bson_destroy(&scope);
    }
    list_query_release(&q);
    return out;
}

json_object *
meetings_get(struct app *app, const struct principal *p, const char *id, struct err *err)
{
    bson_oid_t oid;
    bson_t *filter, *doc = NULL;
    bson_iter_t it;
    char partner[OID_STR_SIZE] = "";
    bool found = false;
    json_object *out = NULL;

    if (!oid_parse_str(id, &oid)) {
        err_set(err, ERR_NOT_FOUND, "no such meeting");
        return NULL;
    }
    filter = BCON_NEW("_id", BCON_OID(&oid));
    bool ok = store_find_one(app->db, "meetings", filter, NULL, &doc, &found, err);
    bson_destroy(filter);
    if (ok && found && bson_iter_init_find(&it, doc, "partner") && BSON_ITER_HOLDS_OID(&it))
        oid_format(bson_iter_oid(&it), partner);
    if (ok && found && scope_allows(p, partner))
        out = model_output(&meetings_model, doc, p);
    else if (ok)
        err_set(err, ERR_NOT_FOUND, "no such meeting");
    bson_destroy(doc);
    return out;
}

static const char *
str_of(const bson_t *doc, const char *key, char *out, size_t cap)
{
    const char *s = json_bson_str(doc, key);
    const bson_oid_t *oid = json_bson_oid(doc, key);

    out[0] = '\0';
    if (s != NULL)
        snprintf(out, cap, "%s", s);
    else if (oid != NULL && cap >= OID_STR_SIZE)
        oid_format(oid, out);
    return out;
}

/* an audit event of a booking on its lead; takes after */
static void
booking_event(struct app *app, const struct principal *p, const char *action,
              const bson_oid_t *lead, const char *partner, json_object *after)
{
    char lead_hex[OID_STR_SIZE];
    struct event ev = {.action = action,
                       .entity_type = "lead",
                       .entity_id = lead_hex,
                       .partner_id = partner,
                       .after = after,
                       .source = SOURCE_CHILIPIPER};

    oid_format(lead, lead_hex);
    events_record(app, p, &ev);
    json_object_put(after);
}

/* the booking's lead exists: it keeps its partner, and a routing that said otherwise is
 * recorded as a conflict */
static void
booked_existing(struct app *app, const struct principal *p, const struct meeting_input *in,
                const bson_t *doc, bson_oid_t *lead, char partner[OID_STR_SIZE],
                char partner_name[160])
{
    const bson_oid_t *id = json_bson_oid(doc, "_id");
    json_object *after;

    if (id != NULL)
        bson_oid_copy(id, lead);
    str_of(doc, "partner", partner, OID_STR_SIZE);
    str_of(doc, "partnerName", partner_name, 160);
    if (in->partner_id == NULL || strcmp(in->partner_id, partner) == 0)
        return;
    after = json_object_new_object();
    json_object_object_add(after, "routedPartner", json_object_new_string(in->partner_id));
    booking_event(app, p, "lead.assignment_conflict", lead, partner, after);
}

/* a new lead from the booking, for the routed partner */
static bool
booked_new(struct app *app, const struct principal *p, const struct meeting_input *in,
           bson_oid_t *lead, char partner[OID_STR_SIZE], char partner_name[160], struct err *err)
{
    bson_t fields = BSON_INITIALIZER;
    char id[OID_STR_SIZE], billing[32];
    bool ok;

    if (in->partner_id == NULL)
        return err_set(err, ERR_VALIDATION_FAILED, "a booking for a new lead needs a partner");
    BSON_APPEND_UTF8(&fields, "email", in->lead_email);
    if (in->first_name != NULL)
        BSON_APPEND_UTF8(&fields, "firstName", in->first_name);
    if (in->last_name != NULL)
        BSON_APPEND_UTF8(&fields, "lastName", in->last_name);
    if (in->company != NULL)
        BSON_APPEND_UTF8(&fields, "company", in->company);
    if (in->type != NULL)
        BSON_APPEND_UTF8(&fields, "meetingType", in->type);
    ok = leads_insert(app, p, &fields, in->partner_id, "chilipiper", true, id, err);
    bson_destroy(&fields);
    if (!ok)
        return false;
    oid_parse_str(id, lead);
    snprintf(partner, OID_STR_SIZE, "%s", in->partner_id);
    return partner_lookup(app, partner, partner_name, 160, billing, sizeof(billing), err);
}

/* the lead of the booking: found by e-mail, or made for the routed partner (*made) */
static bool
booking_lead(struct app *app, const struct principal *p, const struct meeting_input *in,
             bson_oid_t *lead, char partner[OID_STR_SIZE], char partner_name[160], bool *made,
             struct err *err)
{
    bson_t *filter = BCON_NEW("email", BCON_UTF8(in->lead_email)), *doc = NULL;
    bool found = false, ok = store_find_one(app->db, "leads", filter, NULL, &doc, &found, err);

    *made = false;
    if (ok && found)
        booked_existing(app, p, in, doc, lead, partner, partner_name);
    else if (ok)
        ok = booked_new(app, p, in, lead, partner, partner_name, err);
    *made = ok && !found;
    bson_destroy(doc);
    bson_destroy(filter);
    return ok;
}

static void
opt_utf8(bson_t *doc, const char *key, const char *value)
{
    if (value != NULL)
        BSON_APPEND_UTF8(doc, key, value);
    else
        BSON_APPEND_NULL(doc, key);
}

/* the meeting as it was: whether it exists, its time and whether it was cancelled (the
 * status of the new version, and what its counts were) */
struct previous {
    bool exists, canceled;
    int64_t ms;
};

static bool
previous_meeting(struct app *app, const char *external_id, struct previous *was, struct err *err)
{
    bson_t *filter = BCON_NEW("externalId", BCON_UTF8(external_id)), *doc = NULL;
    const char *status;
    bson_iter_t it;
    bool ok = store_find_one(app->db, "meetings", filter, NULL, &doc, &was->exists, err);

    was->ms = 0;
    was->canceled = false;
    if (ok && was->exists && bson_iter_init_find(&it, doc, "scheduledTime")
        && BSON_ITER_HOLDS_DATE_TIME(&it))
        was->ms = bson_iter_date_time(&it);
    status = ok && was->exists ? json_bson_str(doc, "status") : NULL;
    was->canceled = status != NULL && strcmp(status, "canceled") == 0;
    bson_destroy(doc);
    bson_destroy(filter);
    return ok;
}

/* the scheduler's payload as a document; NULL (logged) when it has no BSON form */
static bson_t *
raw_doc(const struct meeting_input *in)
{
    bson_error_t error;
    bson_t *raw;

    if (in->raw == NULL)
        return NULL;
    raw = bson_new_from_json((const uint8_t *)json_object_to_json_string(in->raw), -1, &error);
    if (raw == NULL)
        log_warn("booking payload kept without its raw copy", "meeting=%s err=\"%s\"",
                 in->external_id, error.message);
    return raw;
}

/* the $set of a booking: who, when, where, and the raw payload when it has a BSON form */
static void
booking_set(const struct meeting_input *in, const bson_oid_t *lead, const bson_oid_t *partner,
            const char *partner_name, const char *status, int64_t now, bson_t *set)
{
    bson_t *raw = raw_doc(in);

    BSON_APPEND_OID(set, "lead", lead);
    BSON_APPEND_UTF8(set, "leadEmail", in->lead_email);
    BSON_APPEND_OID(set, "partner", partner);
    BSON_APPEND_UTF8(set, "partnerName", partner_name);
    BSON_APPEND_DATE_TIME(set, "scheduledTime", in->scheduled_ms);
    BSON_APPEND_UTF8(set, "status", status);
    opt_utf8(set, "type", in->type);
    opt_utf8(set, "title", in->title);
    opt_utf8(set, "assigneeEmail", in->assignee_email);
    opt_utf8(set, "hostEmail", in->host_email);
    opt_utf8(set, "location", in->location);
    if (raw != NULL)
        BSON_APPEND_DOCUMENT(set, "raw", raw);
    BSON_APPEND_DATE_TIME(set, "updatedAt", now);
    bson_destroy(raw);
}

/* upsert by externalId, then read the id of the (possibly pre-existing) meeting */
static bool
write_meeting(struct app *app, const struct meeting_input *in, const bson_oid_t *lead,
              const char *partner, const char *partner_name, const char *status,
              char id[OID_STR_SIZE], struct err *err)
{
    bson_oid_t partner_oid, new_id;
    bson_t *filter = BCON_NEW("externalId", BCON_UTF8(in->external_id)), *doc = NULL;
    bson_t update = BSON_INITIALIZER, set, on_insert, *opts = BCON_NEW("upsert", BCON_BOOL(true));
    int64_t now = clock_now_ms();
    bool found = false, ok;

    oid_parse_str(partner, &partner_oid);
    bson_oid_init(&new_id, NULL);
    BSON_APPEND_DOCUMENT_BEGIN(&update, "$set", &set);
    booking_set(in, lead, &partner_oid, partner_name, status, now, &set);
    bson_append_document_end(&update, &set);
    BSON_APPEND_DOCUMENT_BEGIN(&update, "$setOnInsert", &on_insert);
    BSON_APPEND_OID(&on_insert, "_id", &new_id);
    BSON_APPEND_DATE_TIME(&on_insert, "createdAt", now);
    bson_append_document_end(&update, &on_insert);
    ok = store_update_one(app->db, "meetings", filter, &update, opts, NULL, err)
         && store_find_one(app->db, "meetings", filter, NULL, &doc, &found, err) && found;
    if (ok)
        str_of(doc, "_id", id, OID_STR_SIZE);
    bson_destroy(doc);
    bson_destroy(opts);
    bson_destroy(&update);
    bson_destroy(filter);
    return ok;
}

/* a lead still `new` moves to `scheduled` when a meeting is booked (through the status flow,
 * so the change is audited like any other) */
static void
mark_scheduled(struct app *app, const struct principal *p, const char *lead_hex)
{
    json_object *in = json_tokener_parse("{\"status\":\"scheduled\"}");
    struct err ignored = ERR_INIT;
    bson_t *doc = NULL;
    bson_oid_t oid;
    char partner[OID_STR_SIZE];
    bson_iter_t st;

    if (lead_load(app, p, lead_hex, &doc, &oid, partner, &ignored)
        && bson_iter_init_find(&st, doc, "dealStatus") && BSON_ITER_HOLDS_UTF8(&st)
        && strcmp(bson_iter_utf8(&st, NULL), "new") == 0)
        json_object_put(leads_set_status(app, p, lead_hex, in, SOURCE_CHILIPIPER, &ignored));
    bson_destroy(doc);
    json_object_put(in);
}

/* the latest scheduledTime of the lead's meetings (cancelled ones count), 0 when none */
static bool
latest_meeting(struct app *app, const bson_oid_t *lead, int64_t *latest, struct err *err)
{
    bson_t *filter = BCON_NEW("lead", BCON_OID(lead));
    bson_t *opts = BCON_NEW("sort", "{", "scheduledTime", BCON_INT32(-1), "}");
    bson_t *doc = NULL;
    bson_iter_t it;
    bool found = false, ok = store_find_one(app->db, "meetings", filter, opts, &doc, &found, err);

    *latest = 0;
    if (ok && found && bson_iter_init_find(&it, doc, "scheduledTime"))
        *latest = bson_iter_date_time(&it);
    bson_destroy(doc);
    bson_destroy(opts);
    bson_destroy(filter);
    return ok;
}

/* scheduledDate = the latest scheduledTime of the lead's meetings, cancelled ones included,
 * and scheduledDay its UTC day (the dashboard reads today's leads by it); the lead's open day
 * moves with it in the partner's figures (d) */
static bool
update_lead(struct app *app, const struct principal *p, const bson_oid_t *lead,
            struct counters_delta *d, struct err *err)
{
    bson_t *filter = BCON_NEW("_id", BCON_OID(lead)), *update, *doc = NULL, *after = NULL;
    int64_t latest;
    char hex[OID_STR_SIZE], day[16];
    bool ok, found = false;

    ok = store_find_one(app->db, "leads", filter, NULL, &doc, &found, err)
         && latest_meeting(app, lead, &latest, err);
    if (ok) {
        counters_day_key(latest, day);
        update = BCON_NEW("$set", "{", "scheduledDate", BCON_DATE_TIME(latest), "scheduledDay",
                          BCON_UTF8(day), "updatedAt", BCON_DATE_TIME(clock_now_ms()), "}");
        ok = store_update_and_get(app->db, "leads", filter, update, &after, err);
        bson_destroy(update);
    }
    if (ok && found && after != NULL) {
        counters_lead_doc(d, -1, doc);
        counters_lead_doc(d, 1, after);
        oid_format(lead, hex);
        mark_scheduled(app, p, hex);
    }
    bson_destroy(after);
    bson_destroy(doc);
    bson_destroy(filter);
    return ok;
}

/* the partner's latest meeting once the latest one moved earlier: recomputed from its meetings */
static void
refresh_last(struct app *app, const char *partner)
{
    bson_oid_t oid;
    struct err err = ERR_INIT;

    if (oid_parse_str(partner, &oid) && !counters_refresh_last(app, &oid, &err))
        log_warn("cannot refresh a partner's latest meeting", "partner=%s err=\"%s\"", partner,
                 err.cause);
}

static void
notify_new_lead(struct app *app, const struct principal *p, const char *lead_hex,
                int64_t meeting_ms)
{
    struct err err = ERR_INIT;
    json_object *lead = leads_get(app, p, lead_hex, &err);

    if (lead != NULL)
        lead_notify_partner(app, lead, meeting_ms);
    json_object_put(lead);
}

static bool
input_ok(const struct meeting_input *in, struct err *err)
{
    if (in->external_id == NULL || in->external_id[0] == '\0' || strlen(in->external_id) > 200)
        err_detail(err, "externalId", "is required (at most 200 characters)");
    if (in->lead_email == NULL || !email_valid(in->lead_email, strlen(in->lead_email)))
        err_detail(err, "leadEmail", "must be an e-mail address");
    if (in->scheduled_ms <= 0)
        err_detail(err, "scheduledTime", "is required");
    return err->ndetails == 0 ? true : err_set(err, ERR_VALIDATION_FAILED, "invalid booking");
}

/* the booking's changes to the partner's figures: the meeting as it was out, as it is in */
static void
count_booking(struct counters_delta *d, const struct meeting_input *in, const struct previous *was)
{
    if (was->exists)
        counters_meeting(d, -1, was->ms, was->canceled, false);
    counters_meeting(d, 1, in->scheduled_ms, in->canceled, !was->exists);
}

bool
meetings_upsert(struct app *app, const struct principal *p, const struct meeting_input *in,
                char id[OID_STR_SIZE], bool *created, struct err *err)
{
    bson_oid_t lead, partner_oid;
    char partner[OID_STR_SIZE], partner_name[160], lead_hex[OID_STR_SIZE];
    struct previous was = {0};
    struct counters_delta d = COUNTERS_DELTA_INIT;
    bool made = false;
    const char *status;

    if (!input_ok(in, err) || !booking_lead(app, p, in, &lead, partner, partner_name, &made, err)
        || !previous_meeting(app, in->external_id, &was, err))
        return false;
    status = in->canceled                 ? "canceled"
             : !was.exists                ? "created"
             : was.ms != in->scheduled_ms ? "rescheduled"
                                          : "updated";
    count_booking(&d, in, &was);
    if (!write_meeting(app, in, &lead, partner, partner_name, status, id, err)
        || !update_lead(app, p, &lead, &d, err))
        return false;
    *created = !was.exists;
    json_object *after = json_object_new_object();
    json_object_object_add(after, "meetingId", json_object_new_string(id));
    json_object_object_add(after, "status", json_object_new_string(status));
    booking_event(app, p, "meeting.upserted", &lead, partner, after);
    oid_format(&lead, lead_hex);
    if (made) /* a lead the booking assigned: its partner hears of it, with the meeting */
        notify_new_lead(app, p, lead_hex, in->scheduled_ms);
    if (oid_parse_str(partner, &partner_oid) && !counters_apply(app, &partner_oid, &d, err))
        log_warn("cannot count a booking", "meeting=%s err=\"%s\"", id, err->cause);
    if (was.exists && in->scheduled_ms < was.ms)
        refresh_last(app, partner);
    err_reset(err);
    return true;
}
