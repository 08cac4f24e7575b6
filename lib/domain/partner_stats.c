/* partner_stats.c - the figures kept on each partner document, and the stats route */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "auth/scope.h"
#include "core/isotime.h"
#include "core/oid.h"
#include "db/store.h"
#include "domain/leads.h"
#include "domain/partners.h"
#include "model/tables.h"

/* leadsByStatus (every status present, zeros included) and their sum */
static bool
count_by_status(struct app *app, const bson_oid_t *partner, bson_t *by_status, int64_t *total,
                struct err *err)
{
    bson_t *match = BCON_NEW("partner", BCON_OID(partner), "archivedAt", BCON_NULL);
    int64_t counts[LEAD_STATUS_SLOTS];
    bool ok = leads_count_by_status(app, match, counts, err);

    bson_destroy(match);
    if (!ok)
        return false;
    *total = 0;
    for (int i = 0; lead_statuses[i] != NULL; i++) {
        BSON_APPEND_INT64(by_status, lead_statuses[i], counts[i]);
        *total += counts[i];
    }
    return true;
}

/* the latest scheduledTime of the partner's meetings (cancelled ones count), 0 when none */
static bool
last_meeting(struct app *app, const bson_oid_t *partner, int64_t *last, int64_t *count,
             struct err *err)
{
    bson_t *filter = BCON_NEW("partner", BCON_OID(partner));
    bson_t *opts = BCON_NEW("sort", "{", "scheduledTime", BCON_INT32(-1), "}");
    bson_t *doc = NULL;
    bson_iter_t it;
    bool found = false, ok;

    *last = 0;
    ok = store_count(app->db, "meetings", filter, count, err);
    ok = ok && store_find_one(app->db, "meetings", filter, opts, &doc, &found, err);
    if (ok && found && bson_iter_init_find(&it, doc, "scheduledTime")
        && BSON_ITER_HOLDS_DATE_TIME(&it))
        *last = bson_iter_date_time(&it);
    bson_destroy(doc);
    bson_destroy(filter);
    bson_destroy(opts);
    return ok;
}

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

static bool
refresh(struct app *app, const bson_oid_t *partner, struct err *err)
{
    bson_t by_status = BSON_INITIALIZER, update = BSON_INITIALIZER, set;
    bson_t *filter = BCON_NEW("_id", BCON_OID(partner));
    int64_t total = 0, last = 0, meetings = 0;
    bool ok = count_by_status(app, partner, &by_status, &total, err)
              && last_meeting(app, partner, &last, &meetings, err);

    if (ok) {
        BSON_APPEND_DOCUMENT_BEGIN(&update, "$set", &set);
        if (last > 0)
            BSON_APPEND_DATE_TIME(&set, "lastAppointmentDate", last);
        else
            BSON_APPEND_NULL(&set, "lastAppointmentDate");
        BSON_APPEND_INT64(&set, "totalLeads", total);
        BSON_APPEND_INT64(&set, "totalAppointments", meetings);
        BSON_APPEND_DOCUMENT(&set, "leadsByStatus", &by_status);
        bson_append_document_end(&update, &set);
        ok = store_update_one(app->db, "partners", filter, &update, NULL, NULL, err);
    }
    bson_destroy(&update);
    bson_destroy(&by_status);
    bson_destroy(filter);
    return ok;
}

bool
partners_refresh_stats(struct app *app, const bson_oid_t *partner, struct err *err)
{
    return refresh(app, partner, err);
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
