/* meetings.c - meeting reads within reach, and the upsert every meeting write goes through
 * (ChiliPiper bookings, and the meetings logged by hand: meeting_manual.c) */
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
#include "domain/conflicts.h"
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

bool
meeting_load(struct app *app, const struct principal *p, const char *id, bson_t **doc,
             struct err *err)
{
    bson_oid_t oid;
    bson_t *filter;
    bson_iter_t it;
    char partner[OID_STR_SIZE] = "";
    bool found = false, ok;

    *doc = NULL;
    if (!oid_parse_str(id, &oid))
        return err_set(err, ERR_NOT_FOUND, "no such meeting");
    filter = BCON_NEW("_id", BCON_OID(&oid));
    ok = store_find_one(app->db, "meetings", filter, NULL, doc, &found, err);
    bson_destroy(filter);
    if (ok && found && bson_iter_init_find(&it, *doc, "partner") && BSON_ITER_HOLDS_OID(&it))
        oid_format(bson_iter_oid(&it), partner);
    if (ok && found && scope_allows(p, partner))
        return true;
    bson_destroy(*doc);
    *doc = NULL;
    return ok ? err_set(err, ERR_NOT_FOUND, "no such meeting") : false;
}

bool
meetings_reach(struct app *app, const struct principal *p, const char *id, struct err *err)
{
    bson_t *doc = NULL;
    bool ok = meeting_load(app, p, id, &doc, err);

    bson_destroy(doc);
    return ok;
}

json_object *
meetings_get(struct app *app, const struct principal *p, const char *id, struct err *err)
{
    bson_t *doc = NULL;
    json_object *out = NULL;

    if (meeting_load(app, p, id, &doc, err))
        out = model_output(&meetings_model, doc, p);
    bson_destroy(doc);
    return out;
}

json_object *
meetings_types(struct app *app, const struct principal *p, struct err *err)
{
    bson_t scope;
    json_object *out;

    scope_filter(p, "partner", &scope);
    out = store_distinct_strings(app->db, "meetings", "type", &scope, err);
    bson_destroy(&scope);
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

static bool
is_manual(const struct meeting_input *in)
{
    return in->source != NULL && strcmp(in->source, "manual") == 0;
}

/* an audit event of a booking on its lead; takes after */
static void
booking_event(struct app *app, const struct principal *p, const struct meeting_input *in,
              const char *action, const bson_oid_t *lead, const char *partner, json_object *after)
{
    char lead_hex[OID_STR_SIZE];
    struct event ev = {.action = action,
                       .entity_type = "lead",
                       .entity_id = lead_hex,
                       .partner_id = partner,
                       .after = after,
                       .source = is_manual(in) ? SOURCE_UI : SOURCE_CHILIPIPER};

    oid_format(lead, lead_hex);
    events_record(app, p, &ev);
    json_object_put(after);
}

/* the booking's lead exists: it keeps its partner; *conflict tells whether routing said
 * otherwise (recorded once the meeting is written) */
static void
booked_existing(const struct meeting_input *in, const bson_t *doc, bson_oid_t *lead,
                char partner[OID_STR_SIZE], char partner_name[160], bool *conflict)
{
    const bson_oid_t *id = json_bson_oid(doc, "_id");

    if (id != NULL)
        bson_oid_copy(id, lead);
    str_of(doc, "partner", partner, OID_STR_SIZE);
    str_of(doc, "partnerName", partner_name, 160);
    *conflict = in->partner_id != NULL && strcmp(in->partner_id, partner) != 0;
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

/* where a booking lands: its lead, that lead's partner, and what the booking did to it */
struct landing {
    bson_oid_t lead;
    char partner[OID_STR_SIZE], partner_name[160];
    bool made;     /* the booking made the lead */
    bson_t *doc;   /* the existing lead's document (for a conflict), or NULL */
    bool conflict; /* routing named another partner than the existing lead's */
};

/* the lead of the booking: found by e-mail, or made for the routed partner */
static bool
booking_lead(struct app *app, const struct principal *p, const struct meeting_input *in,
             struct landing *l, struct err *err)
{
    bson_t *filter = BCON_NEW("email", BCON_UTF8(in->lead_email));
    bool found = false, ok = store_find_one(app->db, "leads", filter, NULL, &l->doc, &found, err);

    if (ok && found)
        booked_existing(in, l->doc, &l->lead, l->partner, l->partner_name, &l->conflict);
    else if (ok)
        ok = booked_new(app, p, in, &l->lead, l->partner, l->partner_name, err);
    l->made = ok && !found;
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

/* the meeting as it was: whether it exists, its time, whether it was cancelled and its
 * outcome (the status of the new version, and what its counts were) */
struct previous {
    bool exists, canceled;
    int64_t ms;
    char outcome[16]; /* "held", "no_show" or "" */
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
    snprintf(was->outcome, sizeof(was->outcome), "%s",
             ok && was->exists ? json_or_empty(json_bson_str(doc, "outcome")) : "");
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

/* what a meeting logged by hand adds to the $set: attendees and note; what any meeting
 * gets: its end, and no outcome once it moves */
static void
manual_set(const struct meeting_input *in, const char *status, bson_t *set)
{
    int64_t end = in->end_ms > in->scheduled_ms
                      ? in->end_ms
                      : in->scheduled_ms + MEETING_DEFAULT_MINUTES * 60000;
    bson_t list;
    char key[24];

    BSON_APPEND_UTF8(set, "source", is_manual(in) ? "manual" : "chilipiper");
    BSON_APPEND_DATE_TIME(set, "endTime", end);
    BSON_APPEND_INT32(set, "durationMinutes", (int32_t)((end - in->scheduled_ms) / 60000));
    if (is_manual(in)) {
        opt_utf8(set, "note", in->note);
        BSON_APPEND_ARRAY_BEGIN(set, "attendees", &list);
        for (size_t i = 0; in->attendees != NULL && i < json_object_array_length(in->attendees);
             i++) {
            snprintf(key, sizeof(key), "%zu", i);
            BSON_APPEND_UTF8(&list, key,
                             json_object_get_string(json_object_array_get_idx(in->attendees, i)));
        }
        bson_append_array_end(set, &list);
    }
    if (strcmp(status, "rescheduled") == 0) { /* a new time: what was recorded no longer holds */
        BSON_APPEND_NULL(set, "outcome");
        BSON_APPEND_BOOL(set, "outcomeAssumed", false);
        BSON_APPEND_NULL(set, "outcomeAt");
        BSON_APPEND_NULL(set, "outcomeBy");
    }
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
    manual_set(in, status, set);
    BSON_APPEND_DATE_TIME(set, "updatedAt", now);
    bson_destroy(raw);
}

/* the $setOnInsert of a booking: the id, when, by whom, and no outcome yet */
static void
booking_insert(const struct meeting_input *in, const bson_oid_t *id, const char *status,
               int64_t now, bson_t *on_insert)
{
    bson_oid_t by;

    BSON_APPEND_OID(on_insert, "_id", id);
    BSON_APPEND_DATE_TIME(on_insert, "createdAt", now);
    if (in->created_by != NULL && oid_parse_str(in->created_by, &by))
        BSON_APPEND_OID(on_insert, "createdBy", &by);
    if (strcmp(status, "rescheduled") != 0) { /* else the $set has them */
        BSON_APPEND_NULL(on_insert, "outcome");
        BSON_APPEND_BOOL(on_insert, "outcomeAssumed", false);
    }
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
    booking_insert(in, &new_id, status, now, &on_insert);
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

/* a lead still `new` moves to `scheduled` when a meeting is booked; a future meeting logged
 * by hand also moves a lead in another status the flow lets go there (re-booked, a new
 * meeting). Through the status flow, so the change is audited and checked like any other. */
static void
mark_scheduled(struct app *app, const struct principal *p, const char *lead_hex,
               const struct meeting_input *m)
{
    json_object *in = json_tokener_parse("{\"status\":\"scheduled\"}");
    struct err ignored = ERR_INIT;
    bson_t *doc = NULL;
    bson_oid_t oid;
    char partner[OID_STR_SIZE];
    const char *status;
    bool rebook = is_manual(m) && !m->canceled && m->scheduled_ms > clock_now_ms();

    if (lead_load(app, p, lead_hex, &doc, &oid, partner, &ignored)
        && (status = json_bson_str(doc, "dealStatus")) != NULL
        && (strcmp(status, "new") == 0 || (rebook && strcmp(status, "scheduled") != 0)))
        json_object_put(leads_set_status(app, p, lead_hex, in,
                                         is_manual(m) ? SOURCE_UI : SOURCE_CHILIPIPER, &ignored));
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
            const struct meeting_input *in, struct counters_delta *d, struct err *err)
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
        mark_scheduled(app, p, hex, in);
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

/* after the write: the audit event, the conflict of a booking routed elsewhere, the new
 * lead's announcement */
static bool
after_write(struct app *app, const struct principal *p, const struct meeting_input *in,
            const struct landing *l, const char *id, const char *status, struct err *err)
{
    json_object *after = json_object_new_object();
    char lead_hex[OID_STR_SIZE];
    struct conflict_input c = {.lead = l->doc,
                               .routed_partner = in->partner_id,
                               .source = "chilipiper",
                               .meeting_id = id,
                               .row = -1};

    json_object_object_add(after, "meetingId", json_object_new_string(id));
    json_object_object_add(after, "status", json_object_new_string(status));
    json_object_object_add(after, "source",
                           json_object_new_string(is_manual(in) ? "manual" : "chilipiper"));
    booking_event(app, p, in, "meeting.upserted", &l->lead, l->partner, after);
    if (l->conflict && !conflicts_record(app, p, &c, err))
        return false;
    oid_format(&l->lead, lead_hex);
    if (l->made) /* a lead the booking assigned: its partner hears of it, with the meeting */
        notify_new_lead(app, p, lead_hex, in->scheduled_ms);
    return true;
}

/* the booking's changes to the partner's figures: the meeting as it was out, as it is in */
static void
count_booking(struct counters_delta *d, const struct meeting_input *in, const struct previous *was,
              const char *status)
{
    if (was->exists)
        counters_meeting(d, -1, was->ms, was->canceled, false);
    counters_meeting(d, 1, in->scheduled_ms, in->canceled, !was->exists);
    if (strcmp(status, "rescheduled") == 0) /* a new time clears the outcome (manual_set) */
        counters_outcome(d, -1, was->outcome);
}

bool
meetings_upsert(struct app *app, const struct principal *p, const struct meeting_input *in,
                char id[OID_STR_SIZE], bool *created, struct err *err)
{
    struct landing l = {.doc = NULL};
    struct previous was = {0};
    struct counters_delta d = COUNTERS_DELTA_INIT;
    bson_oid_t partner_oid;
    const char *status;
    bool ok;

    ok = input_ok(in, err) && booking_lead(app, p, in, &l, err)
         && previous_meeting(app, in->external_id, &was, err);
    if (!ok)
        goto out;
    status = in->canceled                 ? "canceled"
             : !was.exists                ? "created"
             : was.ms != in->scheduled_ms ? "rescheduled"
                                          : "updated";
    count_booking(&d, in, &was, status);
    ok = write_meeting(app, in, &l.lead, l.partner, l.partner_name, status, id, err)
         && update_lead(app, p, &l.lead, in, &d, err);
    if (!ok)
        goto out;
    if (oid_parse_str(l.partner, &partner_oid) && !counters_apply(app, &partner_oid, &d, err))
        log_warn("cannot count a booking", "meeting=%s err=\"%s\"", id, err->cause);
    if (was.exists && in->scheduled_ms < was.ms)
        refresh_last(app, l.partner);
    err_reset(err);
    ok = after_write(app, p, in, &l, id, status, err);
    *created = !was.exists;
out:
    bson_destroy(l.doc);
    return ok;
}
