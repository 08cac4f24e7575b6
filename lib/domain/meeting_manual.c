/* meeting_manual.c - meetings logged by hand (staff and the lead's partner admins): log,
 * reschedule or edit, cancel. Every write goes through meetings_upsert, as a booking does, so
 * the lead's scheduledDate, status and figures follow the same rules. */
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/email.h"
#include "core/json.h"
#include "core/oid.h"
#include "domain/leads.h"
#include "domain/meetings.h"
#include "model/tables.h"

#define MANUAL_PREFIX "manual:"
#define DAY_MS 86400000LL

/* a meeting_input made from a meeting document (a body checked by model_input, a stored
 * meeting, or the two merged) and its lead, with the storage its strings point into */
struct manual {
    struct meeting_input in;
    char external_id[64], partner[OID_STR_SIZE];
    json_object *attendees; /* owned */
};

/* checks beyond the field table: attendees are e-mail addresses; a new time lies within a
 * year before now and two years after */
static bool
manual_checks(const bson_t *m, bool new_time, struct err *err)
{
    bson_iter_t it, list;
    int64_t now = clock_now_ms(), t = json_bson_date(m, "scheduledTime");
    char name[32];
    int i = 0;

    if (new_time && (t < now - 366 * DAY_MS || t > now + 731 * DAY_MS))
        err_detail(err, "scheduledTime", "must lie within a year before and two years after now");
    if (bson_iter_init_find(&it, m, "attendees") && BSON_ITER_HOLDS_ARRAY(&it)
        && bson_iter_recurse(&it, &list))
        for (; bson_iter_next(&list); i++) {
            uint32_t len = 0;
            const char *s = BSON_ITER_HOLDS_UTF8(&list) ? bson_iter_utf8(&list, &len) : NULL;
            snprintf(name, sizeof(name), "attendees[%d]", i);
            if (s == NULL || !email_valid(s, len))
                err_detail(err, name, "must be an e-mail address");
        }
    return err->ndetails == 0 ? true : err_set(err, ERR_VALIDATION_FAILED, "invalid meeting");
}

/* m's fields and lead's e-mail and partner as the upsert's input (m and lead stay borrowed) */
static void
manual_from(const bson_t *m, const bson_t *lead, struct manual *out, bool canceled)
{
    bson_iter_t it;
    const bson_oid_t *partner = json_bson_oid(lead, "partner");
    int64_t minutes = MEETING_DEFAULT_MINUTES;

    if (bson_iter_init_find(&it, m, "durationMinutes") && BSON_ITER_HOLDS_NUMBER(&it)
        && bson_iter_as_int64(&it) > 0)
        minutes = bson_iter_as_int64(&it);
    out->partner[0] = '\0';
    if (partner != NULL)
        oid_format(partner, out->partner);
    if (bson_iter_init_find(&it, m, "attendees") && BSON_ITER_HOLDS_ARRAY(&it))
        out->attendees = model_output_value(&it);
    out->in = (struct meeting_input){.external_id = out->external_id,
                                     .lead_email = json_bson_str(lead, "email"),
                                     .scheduled_ms = json_bson_date(m, "scheduledTime"),
                                     .canceled = canceled,
                                     .type = json_bson_str(m, "type"),
                                     .title = json_bson_str(m, "title"),
                                     .assignee_email = json_bson_str(m, "assigneeEmail"),
                                     .location = json_bson_str(m, "location"),
                                     .partner_id = out->partner[0] ? out->partner : NULL,
                                     .source = "manual",
                                     .attendees = out->attendees,
                                     .note = json_bson_str(m, "note")};
    out->in.end_ms = out->in.scheduled_ms + minutes * 60000;
}

/* write it and answer with the meeting as meetings_get shows it */
static json_object *
manual_write(struct app *app, const struct principal *p, struct manual *m, struct err *err)
{
    char id[OID_STR_SIZE];
    bool created = false;
    json_object *out = NULL;

    if (meetings_upsert(app, p, &m->in, id, &created, err))
        out = meetings_get(app, p, id, err);
    json_object_put(m->attendees);
    m->attendees = NULL;
    return out;
}

json_object *
meetings_log(struct app *app, const struct principal *p, const char *lead_id, json_object *in,
             struct err *err)
{
    bson_t *lead = NULL, fields = BSON_INITIALIZER;
    bson_oid_t lead_oid, id;
    char partner[OID_STR_SIZE], hex[OID_STR_SIZE];
    struct manual m = {.attendees = NULL};
    json_object *out = NULL;

    if (!lead_load(app, p, lead_id, &lead, &lead_oid, partner, err)
        || !model_input(&meetings_model, in, MODEL_CREATE, p, &fields, err)
        || !manual_checks(&fields, true, err))
        goto out;
    bson_oid_init(&id, NULL);
    oid_format(&id, hex);
    snprintf(m.external_id, sizeof(m.external_id), MANUAL_PREFIX "%s", hex);
    manual_from(&fields, lead, &m, false);
    m.in.created_by = p->user_id[0] != '\0' ? p->user_id : NULL;
    out = manual_write(app, p, &m, err);
out:
    bson_destroy(&fields);
    bson_destroy(lead);
    return out;
}

/* only meetings logged here change here, and only while they may: not cancelled, no outcome */
static bool
changeable(const bson_t *doc, bool cancel, struct err *err)
{
    const char *ext = json_or_empty(json_bson_str(doc, "externalId"));
    bson_iter_t it;

    if (strncmp(ext, MANUAL_PREFIX, strlen(MANUAL_PREFIX)) != 0)
        return err_set(err, ERR_CONFLICT, "a ChiliPiper meeting is changed in ChiliPiper");
    if (!cancel && strcmp(json_or_empty(json_bson_str(doc, "status")), "canceled") == 0)
        return err_set(err, ERR_CONFLICT, "the meeting is cancelled");
    if (bson_iter_init_find(&it, doc, "outcome") && BSON_ITER_HOLDS_UTF8(&it))
        return err_set(err, ERR_CONFLICT, "the meeting has an outcome: it cannot move any more");
    return true;
}

/* the meeting's live lead (a meeting of an archived lead stays as it is) */
static bool
meeting_lead(struct app *app, const struct principal *p, const bson_t *doc, bson_t **lead,
             struct err *err)
{
    const bson_oid_t *oid = json_bson_oid(doc, "lead");
    char hex[OID_STR_SIZE] = "", partner[OID_STR_SIZE];
    bson_oid_t lead_oid;

    if (oid != NULL)
        oid_format(oid, hex);
    if (lead_load(app, p, hex, lead, &lead_oid, partner, err))
        return true;
    if (!err_is(err, ERR_NOT_FOUND))
        return false;
    err_reset(err);
    return err_set(err, ERR_CONFLICT, "the meeting's lead is archived");
}

/* doc with the members of set in place of its own */
static void
merged(const bson_t *doc, const bson_t *set, bson_t *out)
{
    bson_iter_t it;

    if (bson_iter_init(&it, doc))
        while (bson_iter_next(&it))
            if (!bson_has_field(set, bson_iter_key(&it)))
                bson_append_iter(out, bson_iter_key(&it), -1, &it);
    bson_concat(out, set);
}

json_object *
meetings_change(struct app *app, const struct principal *p, const char *id, json_object *in,
                struct err *err)
{
    bson_t *doc = NULL, *lead = NULL, set = BSON_INITIALIZER, all = BSON_INITIALIZER;
    struct manual m = {.attendees = NULL};
    json_object *out = NULL;

    if (!meeting_load(app, p, id, &doc, err) || !changeable(doc, false, err)
        || !model_input(&meetings_model, in, MODEL_UPDATE, p, &set, err))
        goto out;
    if (bson_empty(&set)) {
        err_set(err, ERR_VALIDATION_FAILED, "nothing to change");
        goto out;
    }
    merged(doc, &set, &all);
    if (!manual_checks(&all, bson_has_field(&set, "scheduledTime"), err)
        || !meeting_lead(app, p, doc, &lead, err))
        goto out;
    snprintf(m.external_id, sizeof(m.external_id), "%s", json_bson_str(doc, "externalId"));
    manual_from(&all, lead, &m, false);
    out = manual_write(app, p, &m, err);
out:
    bson_destroy(&all);
    bson_destroy(&set);
    bson_destroy(lead);
    bson_destroy(doc);
    return out;
}

json_object *
meetings_cancel(struct app *app, const struct principal *p, const char *id, struct err *err)
{
    bson_t *doc = NULL, *lead = NULL;
    struct manual m = {.attendees = NULL};
    json_object *out = NULL;

    if (!meeting_load(app, p, id, &doc, err) || !changeable(doc, true, err))
        goto out;
    if (strcmp(json_or_empty(json_bson_str(doc, "status")), "canceled") == 0)
        out = model_output(&meetings_model, doc, p); /* again: nothing changes */
    else if (meeting_lead(app, p, doc, &lead, err)) {
        snprintf(m.external_id, sizeof(m.external_id), "%s", json_bson_str(doc, "externalId"));
        manual_from(doc, lead, &m, true);
        out = manual_write(app, p, &m, err);
    }
out:
    bson_destroy(lead);
    bson_destroy(doc);
    return out;
}
