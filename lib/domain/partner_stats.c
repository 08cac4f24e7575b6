/* partner_stats.c - the figures kept on each partner document, and the stats route */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "auth/scope.h"
#include "core/clock.h"
#include "core/isotime.h"
#include "core/oid.h"
#include "db/store.h"
#include "domain/counters.h"
#include "domain/leads.h"
#include "domain/partners.h"
#include "model/tables.h"

/* the stats as the API shows them */
static json_object *
stats_json(int64_t last, int64_t total, int64_t meetings, const bson_t *by_status)
{
    json_object *out = json_object_new_object(), *by = json_object_new_object();
    char date[40];
    bson_iter_t it;

    if (last > 0 && isotime_format(last, date, sizeof(date)))
        json_object_object_add(out, "lastAppointmentDate", json_object_new_string(date));
    else
        json_object_object_add(out, "lastAppointmentDate", NULL);
    json_object_object_add(out, "totalLeads", json_object_new_int64(total));
    json_object_object_add(out, "totalAppointments", json_object_new_int64(meetings));
    if (bson_iter_init(&it, by_status))
        while (bson_iter_next(&it))
            json_object_object_add(by, bson_iter_key(&it),
                                   json_object_new_int64(bson_iter_as_int64(&it)));
    json_object_object_add(out, "leadsByStatus", by);
    return out;
}

bool
partners_refresh_stats(struct app *app, const bson_oid_t *partner, struct err *err)
{
    return counters_rebuild(app, partner, (time_t)clock_now_s(), NULL, err);
}

/* the stats as stored on the partner document: one read (partners_refresh_stats keeps them
 * current on every lead and meeting change) */
json_object *
partners_stats(struct app *app, const struct principal *p, const char *id, struct err *err)
{
    bson_t *doc = NULL, by_status = BSON_INITIALIZER;
    bson_oid_t oid;
    bson_iter_t it;
    int64_t last = 0, total = 0, meetings = 0;
    json_object *out;

    if (!partner_load(app, p, id, &doc, &oid, err))
        return NULL;
    if (bson_iter_init_find(&it, doc, "lastAppointmentDate") && BSON_ITER_HOLDS_DATE_TIME(&it))
        last = bson_iter_date_time(&it);
    if (bson_iter_init_find(&it, doc, "totalLeads"))
        total = bson_iter_as_int64(&it);
    if (bson_iter_init_find(&it, doc, "totalAppointments"))
        meetings = bson_iter_as_int64(&it);
    for (int i = 0; lead_statuses[i] != NULL; i++) { /* every status, zeros included */
        bson_iter_t sub;
        int64_t n = 0;
        if (bson_iter_init_find(&it, doc, "leadsByStatus") && BSON_ITER_HOLDS_DOCUMENT(&it)
            && bson_iter_recurse(&it, &sub) && bson_iter_find(&sub, lead_statuses[i]))
            n = bson_iter_as_int64(&sub);
        BSON_APPEND_INT64(&by_status, lead_statuses[i], n);
    }
    out = stats_json(last, total, meetings, &by_status);
    bson_destroy(&by_status);
    bson_destroy(doc);
    return out;
}
