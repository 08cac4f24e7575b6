/* counters.c - the figures kept on partner documents: deltas, their $inc, and their reads */
#include "domain/counters.h"

#include <stdio.h>
#include <string.h>

#include "auth/scope.h"
#include "core/clock.h"
#include "core/json.h"
#include "model/tables.h"

#define DAY_MS 86400000LL
#define WEEK_MS (7 * DAY_MS)

static const char *const open_statuses[] = {"new", "scheduled", "in_touch", NULL};

static bool
is_open(const char *status)
{
    for (int i = 0; status != NULL && open_statuses[i] != NULL; i++)
        if (strcmp(open_statuses[i], status) == 0)
            return true;
    return false;
}

/* the UTC midnight of the day of ms, and the Monday of its week */
static int64_t
day_start(int64_t ms)
{
    int64_t d = ms >= 0 ? ms / DAY_MS : (ms - DAY_MS + 1) / DAY_MS;

    return d * DAY_MS;
}

static int64_t
week_start(int64_t ms)
{
    int64_t day = day_start(ms) / DAY_MS; /* 1970-01-01 was a Thursday: day 0 is weekday 3 */

    return (day - ((day + 3) % 7 + 7) % 7) * DAY_MS;
}

static void
date_key(int64_t ms, char out[16])
{
    time_t t = (time_t)(ms / 1000);
    struct tm tm;

    gmtime_r(&t, &tm);
    strftime(out, 16, "%Y-%m-%d", &tm);
}

void
counters_week_key(int64_t ms, char out[16])
{
    date_key(week_start(ms), out);
}

void
counters_day_key(int64_t ms, char out[16])
{
    date_key(day_start(ms), out);
}

/* add n to the delta's path (summed with an earlier change of the same path) */
static void
add(struct counters_delta *d, const char *path, int64_t n)
{
    for (int i = 0; i < d->ninc; i++)
        if (strcmp(d->inc[i].path, path) == 0) {
            d->inc[i].n += n;
            return;
        }
    if (d->ninc == COUNTERS_INC_MAX)
        return; /* no write changes this many: the recount would put it right */
    snprintf(d->inc[d->ninc].path, sizeof(d->inc[0].path), "%s", path);
    d->inc[d->ninc++].n = n;
}

static void
add_keyed(struct counters_delta *d, const char *field, const char *key, int64_t n)
{
    char path[48];

    snprintf(path, sizeof(path), "%s.%s", field, key);
    add(d, path, n);
}

/* the first week a write still counts: the dashboard's oldest one (older keys are left alone,
 * and the recount drops them) */
static int64_t
first_week(const struct counters_delta *d)
{
    return week_start(d->now_ms ? d->now_ms : clock_now_ms()) - (COUNTERS_WEEKS - 1) * WEEK_MS;
}

void
counters_lead(struct counters_delta *d, int sign, const char *status, int64_t created_ms,
              int64_t scheduled_ms)
{
    char key[16];

    if (status == NULL)
        return;
    add(d, "totalLeads", sign);
    add_keyed(d, "leadsByStatus", status, sign);
    if (created_ms > 0 && week_start(created_ms) >= first_week(d)) {
        counters_week_key(created_ms, key);
        add_keyed(d, "leadsByWeek", key, sign);
    }
    if (scheduled_ms != 0 && is_open(status)) {
        counters_day_key(scheduled_ms, key);
        add_keyed(d, "openByDay", key, sign);
    }
}

/* a date member of doc in ms, 0 when absent or not a date */
static int64_t
doc_ms(const bson_t *doc, const char *key)
{
    bson_iter_t it;

    return bson_iter_init_find(&it, doc, key) && BSON_ITER_HOLDS_DATE_TIME(&it)
               ? bson_iter_date_time(&it)
               : 0;
}

void
counters_lead_doc(struct counters_delta *d, int sign, const bson_t *lead)
{
    if (doc_ms(lead, "archivedAt") != 0)
        return;
    counters_lead(d, sign, json_bson_str(lead, "dealStatus"), doc_ms(lead, "createdAt"),
                  doc_ms(lead, "scheduledDate"));
}

void
counters_meeting(struct counters_delta *d, int sign, int64_t scheduled_ms, bool canceled,
                 bool count_total)
{
    char key[16];

    if (count_total)
        add(d, "totalAppointments", sign);
    if (!canceled && scheduled_ms != 0 && week_start(scheduled_ms) >= first_week(d)) {
        counters_week_key(scheduled_ms, key);
        add_keyed(d, "meetingsByWeek", key, sign);
    }
    if (sign > 0 && scheduled_ms > d->last_meeting_ms)
        d->last_meeting_ms = scheduled_ms;
}

void
counters_outcome(struct counters_delta *d, int sign, const char *outcome)
{
    if (outcome != NULL && strcmp(outcome, "held") == 0)
        add(d, "meetingsHeld", sign);
    else if (outcome != NULL && strcmp(outcome, "no_show") == 0)
        add(d, "meetingsNoShow", sign);
}

bool
counters_apply(struct app *app, const bson_oid_t *partner, const struct counters_delta *d,
               struct err *err)
{
    bson_t update = BSON_INITIALIZER, inc;
    bson_t *filter;
    bool ok, any = false;

    BSON_APPEND_DOCUMENT_BEGIN(&update, "$inc", &inc);
    for (int i = 0; i < d->ninc; i++)
        if (d->inc[i].n != 0) {
            BSON_APPEND_INT64(&inc, d->inc[i].path, d->inc[i].n);
            any = true;
        }
    bson_append_document_end(&update, &inc);
    if (!any)
        bson_reinit(&update);
    if (d->last_meeting_ms > 0) {
        bson_t *max = BCON_NEW("lastAppointmentDate", BCON_DATE_TIME(d->last_meeting_ms));
        BSON_APPEND_DOCUMENT(&update, "$max", max);
        bson_destroy(max);
        any = true;
    }
    if (!any) {
        bson_destroy(&update);
        return true;
    }
    filter = BCON_NEW("_id", BCON_OID(partner));
    ok = store_update_one(app->db, "partners", filter, &update, NULL, NULL, err);
    bson_destroy(filter);
    bson_destroy(&update);
    return ok;
}

bool
counters_refresh_last(struct app *app, const bson_oid_t *partner, struct err *err)
{
    bson_t *filter = BCON_NEW("partner", BCON_OID(partner));
    bson_t *opts = BCON_NEW("sort", "{", "scheduledTime", BCON_INT32(-1), "}", "projection", "{",
                            "scheduledTime", BCON_INT32(1), "}");
    bson_t *doc = NULL, *by_id, *update;
    int64_t last;
    bool found = false, ok = store_find_one(app->db, "meetings", filter, opts, &doc, &found, err);

    last = found ? doc_ms(doc, "scheduledTime") : 0;
    by_id = BCON_NEW("_id", BCON_OID(partner));
    update = last > 0 ? BCON_NEW("$set", "{", "lastAppointmentDate", BCON_DATE_TIME(last), "}")
                      : BCON_NEW("$set", "{", "lastAppointmentDate", BCON_NULL, "}");
    ok = ok && store_update_one(app->db, "partners", by_id, update, NULL, NULL, err);
    bson_destroy(update);
    bson_destroy(by_id);
    bson_destroy(doc);
    bson_destroy(opts);
    bson_destroy(filter);
    return ok;
}
