/* meeting_attendance.c - a meeting's outcome, held or no_show: set by the partner's users or
 * staff once it has started, assumed held by a cron job when the partner's cut-off after its
 * end has passed without one; and the lost_no_show transition a no-show offers on the lead's
 * page. After the cut-off only staff change an outcome: the billing counts on it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/scope.h"
#include "core/clock.h"
#include "core/isotime.h"
#include "core/json.h"
#include "core/log.h"
#include "core/oid.h"
#include "db/store.h"
#include "domain/counters.h"
#include "domain/leads.h"
#include "domain/ledger.h"
#include "domain/meetings.h"
#include "domain/partners.h"
#include "model/tables.h"
#include "queue/events.h"

#define HOUR_MS 3600000LL
#define ASSUME_BATCH 1000 /* meetings per partner and run; the next run takes the rest */

/* the meeting's end: endTime, or the default length after its start (older bookings) */
static int64_t
end_of(const bson_t *doc)
{
    int64_t end = json_bson_date(doc, "endTime");

    return end > 0 ? end : json_bson_date(doc, "scheduledTime") + MEETING_DEFAULT_MINUTES * 60000;
}

/* the cut-off of a partner document: outcomeCutoffHours, or the default */
static int64_t
cutoff_of(const bson_t *partner)
{
    bson_iter_t it;

    if (partner != NULL && bson_iter_init_find(&it, partner, "outcomeCutoffHours")
        && BSON_ITER_HOLDS_NUMBER(&it) && bson_iter_as_int64(&it) > 0)
        return bson_iter_as_int64(&it) * HOUR_MS;
    return PARTNER_OUTCOME_CUTOFF_HOURS * HOUR_MS;
}

/* the cut-off of the meeting's partner (archived ones included: their meetings still end) */
static bool
meeting_cutoff(struct app *app, const bson_t *meeting, int64_t *ms, struct err *err)
{
    const bson_oid_t *partner = json_bson_oid(meeting, "partner");
    bson_t *filter, *doc = NULL;
    bool found = false, ok;

    *ms = cutoff_of(NULL);
    if (partner == NULL)
        return true;
    filter = BCON_NEW("_id", BCON_OID(partner));
    ok = store_find_one(app->db, "partners", filter, NULL, &doc, &found, err);
    if (ok && found)
        *ms = cutoff_of(doc);
    bson_destroy(doc);
    bson_destroy(filter);
    return ok;
}

bool
meeting_attendance_settable(struct app *app, const struct principal *p, const bson_t *doc,
                            int64_t now, struct err *err)
{
    bson_iter_t it;
    int64_t cutoff;
    bool assumed = bson_iter_init_find(&it, doc, "outcomeAssumed") && BSON_ITER_HOLDS_BOOL(&it)
                   && bson_iter_bool(&it);

    if (strcmp(json_or_empty(json_bson_str(doc, "status")), "canceled") == 0)
        return err_set(err, ERR_CONFLICT, "the meeting is cancelled: it has no outcome");
    if (json_bson_date(doc, "scheduledTime") > now)
        return err_set(err, ERR_CONFLICT, "the meeting has not started yet");
    if (!meeting_cutoff(app, doc, &cutoff, err))
        return false;
    if ((assumed || end_of(doc) + cutoff < now) && !principal_is_staff(p))
        return err_set(err, ERR_FORBIDDEN,
                       "the time to record this meeting's outcome has passed; staff may still "
                       "change it");
    return true;
}

/* an audit event of an outcome on the meeting's lead */
static void
outcome_event(struct app *app, const struct principal *p, const bson_t *doc, const char *action,
              const char *before, const char *outcome, const char *source)
{
    char lead[OID_STR_SIZE] = "", partner[OID_STR_SIZE] = "", meeting[OID_STR_SIZE] = "";
    json_object *was = json_object_new_object(), *now = json_object_new_object();
    const bson_oid_t *oid;
    struct event ev = {.action = action,
                       .entity_type = "lead",
                       .entity_id = lead,
                       .partner_id = partner,
                       .before = was,
                       .after = now,
                       .source = source};

    if ((oid = json_bson_oid(doc, "lead")) != NULL)
        oid_format(oid, lead);
    if ((oid = json_bson_oid(doc, "partner")) != NULL)
        oid_format(oid, partner);
    if ((oid = json_bson_oid(doc, "_id")) != NULL)
        oid_format(oid, meeting);
    json_object_object_add(was, "outcome", before ? json_object_new_string(before) : NULL);
    json_object_object_add(now, "meetingId", json_object_new_string(meeting));
    json_object_object_add(now, "outcome", json_object_new_string(outcome));
    events_record(app, p, &ev);
    json_object_put(was);
    json_object_put(now);
}

/* the partner's held and no-show figures: before out, outcome in (the recount puts a failure
 * right) */
static void
count_outcome(struct app *app, const bson_t *doc, const char *before, const char *outcome)
{
    struct counters_delta d = COUNTERS_DELTA_INIT;
    const bson_oid_t *partner = json_bson_oid(doc, "partner");
    struct err err = ERR_INIT;

    counters_outcome(&d, -1, before);
    counters_outcome(&d, 1, outcome);
    if (partner != NULL && !counters_apply(app, partner, &d, &err))
        log_warn("cannot count a meeting outcome", "err=\"%s\"", err.cause);
}

/* outcome on the meeting (only while it still has before, so the cron and a user never both
 * write); *written tells whether it did; the partner's figures follow */
static bool
store_outcome(struct app *app, const struct principal *p, const bson_t *doc, const char *before,
              const char *outcome, bool assumed, int64_t now, bool *written, struct err *err)
{
    bson_t *filter = BCON_NEW("_id", BCON_OID(json_bson_oid(doc, "_id")));
    bson_t update = BSON_INITIALIZER, set;
    bson_oid_t by;
    bool ok;

    if (before != NULL)
        BSON_APPEND_UTF8(filter, "outcome", before);
    else
        BSON_APPEND_NULL(filter, "outcome");
    BSON_APPEND_DOCUMENT_BEGIN(&update, "$set", &set);
    BSON_APPEND_UTF8(&set, "outcome", outcome);
    BSON_APPEND_BOOL(&set, "outcomeAssumed", assumed);
    BSON_APPEND_DATE_TIME(&set, "outcomeAt", now);
    if (!assumed && oid_parse_str(p->user_id, &by))
        BSON_APPEND_OID(&set, "outcomeBy", &by);
    else
        BSON_APPEND_NULL(&set, "outcomeBy");
    BSON_APPEND_DATE_TIME(&set, "updatedAt", now);
    bson_append_document_end(&update, &set);
    ok = store_update_one(app->db, "meetings", filter, &update, NULL, written, err);
    if (ok && *written) {
        count_outcome(app, doc, before, outcome);
        ledger_meeting_outcome(app, doc, before, outcome, now);
    }
    bson_destroy(&update);
    bson_destroy(filter);
    return ok;
}

/* the meeting as meetings_get shows it, with the offer of its lead's page */
static json_object *
with_offer(struct app *app, const struct principal *p, const bson_t *doc, struct err *err)
{
    char meeting[OID_STR_SIZE], lead[OID_STR_SIZE] = "";
    const bson_oid_t *oid = json_bson_oid(doc, "lead");
    json_object *out, *detail, *offer = NULL;

    oid_format(json_bson_oid(doc, "_id"), meeting);
    if (oid != NULL)
        oid_format(oid, lead);
    if ((out = meetings_get(app, p, meeting, err)) == NULL)
        return NULL;
    detail = leads_get(app, p, lead, err);
    if (detail != NULL && json_object_object_get_ex(detail, "offeredTransition", &offer))
        json_object_get(offer);
    json_object_object_add(out, "offeredTransition", offer);
    json_object_put(detail);
    err_reset(err); /* an archived lead offers nothing */
    return out;
}

json_object *
meeting_attendance_set(struct app *app, const struct principal *p, const char *id, json_object *in,
                       const char *source, struct err *err)
{
    const char *outcome, *before;
    bson_t *doc = NULL;
    int64_t now = clock_now_ms();
    bool written = false;
    json_object *out = NULL;

    if ((outcome = model_body_enum(in, "outcome", meeting_outcomes, "must be held or no_show",
                                   "invalid outcome", err))
            == NULL
        || !meeting_load(app, p, id, &doc, err)
        || !meeting_attendance_settable(app, p, doc, now, err))
        goto out;
    before = json_bson_str(doc, "outcome");
    if (!store_outcome(app, p, doc, before, outcome, false, now, &written, err))
        goto out;
    if (!written) {
        err_set(err, ERR_CONFLICT, "the outcome changed meanwhile; reload the meeting");
        goto out;
    }
    outcome_event(app, p, doc, "meeting.outcome_set", before, outcome, source);
    out = with_offer(app, p, doc, err);
out:
    bson_destroy(doc);
    return out;
}

/* a growing list of documents copied from a cursor, processed once the cursor is closed */
struct docs {
    bson_t **v;
    size_t n, cap;
};

static bool
keep_doc(const bson_t *doc, void *ctx, struct err *err)
{
    struct docs *d = ctx;

    if (d->n == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 64;
        bson_t **v = realloc(d->v, cap * sizeof(*v));
        if (v == NULL)
            return err_set(err, ERR_INTERNAL, "out of memory");
        d->v = v;
        d->cap = cap;
    }
    d->v[d->n++] = bson_copy(doc);
    return true;
}

static void
docs_release(struct docs *d)
{
    for (size_t i = 0; i < d->n; i++)
        bson_destroy(d->v[i]);
    free(d->v);
    d->v = NULL;
    d->n = d->cap = 0;
}

/* the partner's meetings without an outcome that may be past its cut-off: they started
 * before now - cutoff (their end is later still, checked by the caller) */
static bool
overdue_meetings(struct app *app, const bson_oid_t *partner, int64_t before, struct docs *out,
                 struct err *err)
{
    bson_t *filter = BCON_NEW("partner", BCON_OID(partner), "outcome", BCON_NULL, "status", "{",
                              "$ne", BCON_UTF8("canceled"), "}", "scheduledTime", "{", "$lt",
                              BCON_DATE_TIME(before), "}");
    bson_t *opts = BCON_NEW("limit", BCON_INT64(ASSUME_BATCH), "projection", "{", "lead",
                            BCON_INT32(1), "partner", BCON_INT32(1), "scheduledTime", BCON_INT32(1),
                            "endTime", BCON_INT32(1), "leadEmail", BCON_INT32(1), "}");
    bool ok = store_each(app->db, "meetings", filter, opts, keep_doc, out, err);

    bson_destroy(opts);
    bson_destroy(filter);
    return ok;
}

/* held, assumed, for each of the partner's meetings whose end + cut-off lies before now */
static bool
assume_partner(struct app *app, const bson_t *partner, int64_t now, int64_t *n, struct err *err)
{
    static const struct principal system = {.kind = PRINCIPAL_SYSTEM};
    const bson_oid_t *id = json_bson_oid(partner, "_id");
    int64_t cutoff = cutoff_of(partner);
    struct docs meetings = {NULL, 0, 0};
    bool ok = id == NULL || overdue_meetings(app, id, now - cutoff, &meetings, err), written;

    for (size_t i = 0; ok && i < meetings.n; i++) {
        if (end_of(meetings.v[i]) + cutoff >= now)
            continue;
        written = false;
        ok = store_outcome(app, &system, meetings.v[i], NULL, "held", true, now, &written, err);
        if (ok && written) {
            outcome_event(app, &system, meetings.v[i], "meeting.outcome_assumed", NULL, "held",
                          SOURCE_CRON);
            (*n)++;
        }
    }
    docs_release(&meetings);
    return ok;
}

bool
meeting_attendance_assume(struct app *app, int64_t now_ms, int64_t *n, struct err *err)
{
    bson_t *filter = bson_new();
    bson_t *opts = BCON_NEW("projection", "{", "outcomeCutoffHours", BCON_INT32(1), "}");
    struct docs partners = {NULL, 0, 0};
    bool ok = store_each(app->db, "partners", filter, opts, keep_doc, &partners, err);

    *n = 0;
    for (size_t i = 0; ok && i < partners.n; i++)
        ok = assume_partner(app, partners.v[i], now_ms, n, err);
    if (*n > 0)
        log_info("meeting outcomes assumed", "count=%lld", (long long)*n);
    docs_release(&partners);
    bson_destroy(opts);
    bson_destroy(filter);
    return ok;
}

const char *
meeting_attendance_offer(json_object *meetings, json_object *allowed, int64_t now_ms)
{
    size_t n = meetings != NULL ? json_object_array_length(meetings) : 0;

    for (size_t i = 0; i < n; i++) {
        json_object *m = json_object_array_get_idx(meetings, i);
        const char *at = json_object_get_string(json_object_object_get(m, "scheduledTime"));
        const char *status = json_object_get_string(json_object_object_get(m, "status"));
        const char *outcome = json_object_get_string(json_object_object_get(m, "outcome"));
        int64_t ms = 0;

        if ((status != NULL && strcmp(status, "canceled") == 0) || at == NULL
            || !isotime_parse(at, strlen(at), &ms) || ms > now_ms)
            continue; /* the newest meeting that took place decides */
        if (outcome == NULL || strcmp(outcome, "no_show") != 0)
            return NULL;
        for (size_t k = 0; allowed != NULL && k < json_object_array_length(allowed); k++)
            if (strcmp(json_object_get_string(json_object_array_get_idx(allowed, k)),
                       "lost_no_show")
                == 0)
                return "lost_no_show";
        return NULL;
    }
    return NULL;
}

/* the caller's callback, for the meetings that ended in their window only */
struct awaiting {
    store_each_fn *fn;
    void *ctx;
    int64_t now, cutoff;
};

static bool
awaiting_one(const bson_t *doc, void *ctx, struct err *err)
{
    struct awaiting *a = ctx;
    int64_t end = end_of(doc);

    if (end >= a->now || end + a->cutoff < a->now)
        return true;
    return a->fn(doc, a->ctx, err);
}

bool
meeting_attendance_awaiting(struct app *app, const bson_t *partner, int64_t now_ms, int64_t max,
                            store_each_fn *fn, void *ctx, struct err *err)
{
    struct awaiting a = {.fn = fn, .ctx = ctx, .now = now_ms, .cutoff = cutoff_of(partner)};
    const bson_oid_t *id = json_bson_oid(partner, "_id");
    /* a meeting lasts at most a day: one that started before this window has no say left */
    bson_t *filter = id ? BCON_NEW("partner", BCON_OID(id), "outcome", BCON_NULL, "status", "{",
                                   "$ne", BCON_UTF8("canceled"), "}", "scheduledTime", "{", "$gte",
                                   BCON_DATE_TIME(now_ms - a.cutoff - 24 * HOUR_MS), "$lt",
                                   BCON_DATE_TIME(now_ms), "}")
                        : NULL;
    bson_t *opts =
        BCON_NEW("sort", "{", "scheduledTime", BCON_INT32(-1), "}", "limit", BCON_INT64(max));
    bool ok =
        filter == NULL || store_each(app->db, "meetings", filter, opts, awaiting_one, &a, err);

    bson_destroy(opts);
    bson_destroy(filter);
    return ok;
}
