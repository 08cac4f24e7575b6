/* dashboard.c - counts by aggregation where FerretDB can group, week buckets in C where it
 * cannot (no date operators in its aggregation: DESIGN §8) */
#include "domain/dashboard.h"

#include <stdio.h>
#include <string.h>

#include "auth/scope.h"
#include "db/db.h"
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

static bool
count(struct app *app, const char *coll, bson_t *filter, int64_t *n, struct err *err)
{
    bson_error_t error;

    *n = mongoc_collection_count_documents(db_collection(app->db, coll), filter, NULL, NULL, NULL,
                                           &error);
    bson_destroy(filter);
    return *n >= 0 ? true : db_fail(err, &error, coll);
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
    bson_t *pipeline = BCON_NEW("pipeline", "[", "{", "$match", BCON_DOCUMENT(match), "}", "{",
                                "$group", "{", "_id", BCON_UTF8("$dealStatus"), "n", "{", "$sum",
                                BCON_INT32(1), "}", "}", "}", "]");
    mongoc_cursor_t *cursor = mongoc_collection_aggregate(db_collection(app->db, "leads"),
                                                          MONGOC_QUERY_NONE, pipeline, NULL, NULL);
    json_object *by = json_object_new_object();
    int64_t counts[8] = {0};
    const bson_t *doc;
    bson_error_t error;

    while (mongoc_cursor_next(cursor, &doc)) {
        bson_iter_t id, n;
        if (bson_iter_init_find(&id, doc, "_id") && BSON_ITER_HOLDS_UTF8(&id)
            && bson_iter_init_find(&n, doc, "n"))
            for (int i = 0; lead_statuses[i] != NULL; i++)
                if (strcmp(lead_statuses[i], bson_iter_utf8(&id, NULL)) == 0)
                    counts[i] = bson_iter_as_int64(&n);
    }
    bool failed = mongoc_cursor_error(cursor, &error);
    mongoc_cursor_destroy(cursor);
    bson_destroy(pipeline);
    bson_destroy(match);
    for (int i = 0; lead_statuses[i] != NULL; i++)
        json_object_object_add(by, lead_statuses[i], json_object_new_int64(counts[i]));
    json_object_object_add(out, "leadsByStatus", by);
    return failed ? db_fail(err, &error, "leads by status") : true;
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

/* leads created in each of the last 12 weeks: read createdAt only, bucket here */
static bool
per_week(struct app *app, const struct principal *p, time_t week, json_object *out, struct err *err)
{
    time_t first = week - (WEEKS - 1) * WEEK;
    int64_t counts[WEEKS] = {0};
    bson_t *filter = scoped(p, BCON_NEW("archivedAt", BCON_NULL, "createdAt", "{", "$gte",
                                        BCON_DATE_TIME((int64_t)first * 1000), "}"));
    bson_t *opts = BCON_NEW("projection", "{", "createdAt", BCON_INT32(1), "}");
    mongoc_cursor_t *cursor =
        mongoc_collection_find_with_opts(db_collection(app->db, "leads"), filter, opts, NULL);
    const bson_t *doc;
    bson_error_t error;
    json_object *list = json_object_new_array();
    char day[16];

    while (mongoc_cursor_next(cursor, &doc)) {
        bson_iter_t it;
        if (bson_iter_init_find(&it, doc, "createdAt") && BSON_ITER_HOLDS_DATE_TIME(&it)) {
            int64_t i = (bson_iter_date_time(&it) / 1000 - first) / WEEK;
            if (i >= 0 && i < WEEKS)
                counts[i]++;
        }
    }
    bool failed = mongoc_cursor_error(cursor, &error);
    mongoc_cursor_destroy(cursor);
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
    return failed ? db_fail(err, &error, "leads per week") : true;
}

json_object *
dashboard_get(struct app *app, const struct principal *p, time_t now, struct err *err)
{
    json_object *out = json_object_new_object();
    time_t week = dashboard_week_start(now);

    if (by_status(app, p, out, err) && appointments(app, p, week, out, err)
        && overdue(app, p, now, out, err) && per_week(app, p, week, out, err))
        return out;
    json_object_put(out);
    return NULL;
}
