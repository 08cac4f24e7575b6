/* dashboard.c - counts by aggregation where FerretDB can group, week buckets in C where it
 * cannot (no date operators in its aggregation: DESIGN §8) */
#include "domain/dashboard.h"

#include <stdio.h>
#include <string.h>

#include "auth/scope.h"
#include "db/store.h"
#include "domain/leads.h"
#include "domain/meeting_outcomes.h"
#include "model/tables.h"

#define WEEK (7 * 86400)
#define WEEKS 12

time_t
dashboard_week_start(time_t t)
{
    struct tm tm;
    time_t day = t - t % 86400;

    gmtime_r(&day, &tm);
    return day - (time_t)((tm.tm_wday + 6) % 7) * 86400; /* Monday */
}

/* store_count of filter, which it destroys */
static bool
count(struct app *app, const char *coll, bson_t *filter, int64_t *n, struct err *err)
{
    bool ok = store_count(app->db, coll, filter, n, err);

    bson_destroy(filter);
    return ok;
}

static bson_t *
scoped(const struct principal *p, bson_t *extra)
{
    bson_t scope, *f = bson_new();

    scope_filter(p, "partner", &scope);
    bson_concat(f, &scope);
    bson_concat(f, extra);
    bson_destroy(&scope);
    bson_destroy(extra);
    return f;
}

static bool
by_status(struct app *app, const struct principal *p, json_object *out, struct err *err)
{
    bson_t *match = scoped(p, BCON_NEW("archivedAt", BCON_NULL));
    json_object *by = json_object_new_object();
    int64_t counts[LEAD_STATUS_SLOTS] = {0};
    bool ok = leads_count_by_status(app, match, counts, err);

    bson_destroy(match);
    for (int i = 0; lead_statuses[i] != NULL; i++)
        json_object_object_add(by, lead_statuses[i], json_object_new_int64(counts[i]));
    json_object_object_add(out, "leadsByStatus", by);
    return ok;
}

static bool
appointments(struct app *app, const struct principal *p, time_t week, json_object *out,
             struct err *err)
{
    int64_t this_week = 0, next_week = 0;
    bool ok;

    ok = count(app, "meetings",
               scoped(p, BCON_NEW("status", "{", "$ne", BCON_UTF8("canceled"), "}", "scheduledTime",
                                  "{", "$gte", BCON_DATE_TIME((int64_t)week * 1000), "$lt",
                                  BCON_DATE_TIME((int64_t)(week + WEEK) * 1000), "}")),
               &this_week, err)
         && count(
             app, "meetings",
             scoped(p, BCON_NEW("status", "{", "$ne", BCON_UTF8("canceled"), "}", "scheduledTime",
                                "{", "$gte", BCON_DATE_TIME((int64_t)(week + WEEK) * 1000), "$lt",
                                BCON_DATE_TIME((int64_t)(week + 2 * WEEK) * 1000), "}")),
             &next_week, err);
    json_object_object_add(out, "appointmentsThisWeek", json_object_new_int64(this_week));
    json_object_object_add(out, "appointmentsNextWeek", json_object_new_int64(next_week));
    return ok;
}

static bool
overdue(struct app *app, const struct principal *p, time_t now, json_object *out, struct err *err)
{
    int64_t n = 0;
    bool ok = count(
        app, "leads",
        scoped(p, BCON_NEW("archivedAt", BCON_NULL, "dealStatus", "{", "$in", "[", BCON_UTF8("new"),
                           BCON_UTF8("scheduled"), BCON_UTF8("in_touch"), "]", "}", "scheduledDate",
                           "{", "$lt", BCON_DATE_TIME((int64_t)now * 1000), "}")),
        &n, err);

    json_object_object_add(out, "overdueLeads", json_object_new_int64(n));
    return ok;
}

struct weeks {
    time_t first;
    int64_t *counts; /* WEEKS of them */
};

static bool
bucket_week(const bson_t *doc, void *ctx, struct err *err)
{
    struct weeks *w = ctx;
    bson_iter_t it;

    (void)err;
    if (bson_iter_init_find(&it, doc, "createdAt") && BSON_ITER_HOLDS_DATE_TIME(&it)) {
        int64_t i = (bson_iter_date_time(&it) / 1000 - w->first) / WEEK;
        if (i >= 0 && i < WEEKS)
            w->counts[i]++;
    }
    return true;
}

/* leads created in each of the last 12 weeks: read createdAt only, bucket here */
static bool
per_week(struct app *app, const struct principal *p, time_t week, json_object *out, struct err *err)
{
    time_t first = week - (WEEKS - 1) * WEEK;
    int64_t counts[WEEKS] = {0};
    bson_t *filter = scoped(p, BCON_NEW("archivedAt", BCON_NULL, "createdAt", "{", "$gte",
                                        BCON_DATE_TIME((int64_t)first * 1000), "}"));
    bson_t *opts = BCON_NEW("projection", "{", "createdAt", BCON_INT32(1), "}");
    struct weeks weeks = {first, counts};
    bool ok = store_each(app->db, "leads", filter, opts, bucket_week, &weeks, err);
    json_object *list = json_object_new_array();
    char day[16];

    bson_destroy(filter);
    bson_destroy(opts);
    for (int i = 0; i < WEEKS; i++) {
        time_t start = first + (time_t)i * WEEK;
        struct tm tm;
        json_object *w = json_object_new_object();
        gmtime_r(&start, &tm);
        strftime(day, sizeof(day), "%Y-%m-%d", &tm);
        json_object_object_add(w, "weekStart", json_object_new_string(day));
        json_object_object_add(w, "count", json_object_new_int64(counts[i]));
        json_object_array_add(list, w);
    }
    json_object_object_add(out, "leadsPerWeek", list);
    return ok;
}

/* held and no-show rates (meeting_outcomes.c) */
static bool
outcomes(struct app *app, const struct principal *p, time_t now, json_object *out, struct err *err)
{
    bson_t scope;
    bool ok;

    scope_filter(p, "partner", &scope);
    ok = meeting_outcomes_rates(app, &scope, (int64_t)now * 1000, out, err);
    bson_destroy(&scope);
    return ok;
}

json_object *
dashboard_get(struct app *app, const struct principal *p, time_t now, struct err *err)
{
    json_object *out = json_object_new_object();
    time_t week = dashboard_week_start(now);

    if (by_status(app, p, out, err) && appointments(app, p, week, out, err)
        && overdue(app, p, now, out, err) && per_week(app, p, week, out, err)
        && outcomes(app, p, now, out, err))
        return out;
    json_object_put(out);
    return NULL;
}
