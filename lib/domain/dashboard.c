/* dashboard.c - the dashboard from the figures kept on the partner documents (counters.h): one
 * read, plus today's scheduled leads when there are any (overdue counts those before now) */
#include "domain/dashboard.h"

#include <stdio.h>
#include <string.h>

#include "auth/scope.h"
#include "core/json.h"
#include "db/store.h"
#include "domain/counters.h"
#include "domain/leads.h"
#include "domain/meeting_outcomes.h"
#include "model/tables.h"

#define WEEK (7 * 86400)

time_t
dashboard_week_start(time_t t)
{
    struct tm tm;
    time_t day = t - t % 86400;

    gmtime_r(&day, &tm);
    return day - (time_t)((tm.tm_wday + 6) % 7) * 86400; /* Monday */
}

struct today {
    int64_t now_ms, overdue;
};

static bool
overdue_today(const bson_t *doc, void *ctx, struct err *err)
{
    struct today *t = ctx;
    const char *status = json_bson_str(doc, "dealStatus");
    bson_iter_t it;

    (void)err;
    if (status == NULL || json_bson_archived(doc)
        || (strcmp(status, "new") != 0 && strcmp(status, "scheduled") != 0
            && strcmp(status, "in_touch") != 0))
        return true;
    if (bson_iter_init_find(&it, doc, "scheduledDate") && BSON_ITER_HOLDS_DATE_TIME(&it)
        && bson_iter_date_time(&it) < t->now_ms)
        t->overdue++;
    return true;
}

/* open leads scheduled before now: the days before today from the figures, today's by reading
 * the leads of today (by the day they carry: an equality FerretDB passes down) */
static bool
overdue(struct app *app, const struct principal *p, time_t now, const struct counters_figures *f,
        json_object *out, struct err *err)
{
    struct today t = {(int64_t)now * 1000, 0};
    bson_t scope, *opts;
    char day[16];
    bool ok = true;

    if (f->open_today > 0) {
        counters_day_key(t.now_ms, day);
        scope_filter(p, "partner", &scope);
        BSON_APPEND_UTF8(&scope, "scheduledDay", day);
        opts = BCON_NEW("projection", "{", "dealStatus", BCON_INT32(1), "scheduledDate",
                        BCON_INT32(1), "archivedAt", BCON_INT32(1), "}");
        ok = store_each(app->db, "leads", &scope, opts, overdue_today, &t, err);
        bson_destroy(opts);
        bson_destroy(&scope);
    }
    json_object_object_add(out, "overdueLeads",
                           json_object_new_int64(f->overdue_before_today + t.overdue));
    return ok;
}

static json_object *
weeks_json(const struct counters_figures *f, time_t week)
{
    json_object *list = json_object_new_array();
    time_t first = week - (COUNTERS_WEEKS - 1) * WEEK;
    char day[16];

    for (int i = 0; i < COUNTERS_WEEKS; i++) {
        time_t start = first + (time_t)i * WEEK;
        struct tm tm;
        json_object *w = json_object_new_object();
        gmtime_r(&start, &tm);
        strftime(day, sizeof(day), "%Y-%m-%d", &tm);
        json_object_object_add(w, "weekStart", json_object_new_string(day));
        json_object_object_add(w, "count", json_object_new_int64(f->weeks[i]));
        json_object_array_add(list, w);
    }
    return list;
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
    struct counters_figures f;
    json_object *out, *by;

    if (!counters_figures_get(app, p, now, &f, err))
        return NULL;
    out = json_object_new_object();
    by = json_object_new_object();
    for (int i = 0; lead_statuses[i] != NULL; i++)
        json_object_object_add(by, lead_statuses[i], json_object_new_int64(f.by_status[i]));
    json_object_object_add(out, "leadsByStatus", by);
    json_object_object_add(out, "appointmentsThisWeek",
                           json_object_new_int64(f.meetings_this_week));
    json_object_object_add(out, "appointmentsNextWeek",
                           json_object_new_int64(f.meetings_next_week));
    if (!overdue(app, p, now, &f, out, err) || !outcomes(app, p, now, out, err)) {
        json_object_put(out);
        return NULL;
    }
    json_object_object_add(out, "leadsPerWeek", weeks_json(&f, dashboard_week_start(now)));
    return out;
}
