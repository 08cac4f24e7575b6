/* leads.c - lead reads and manual writes, within the principal's reach */
#include "domain/leads.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "auth/scope.h"
#include "core/clock.h"
#include "core/oid.h"
#include "core/json.h"
#include "core/log.h"
#include "db/store.h"
#include "domain/counters.h"
#include "domain/ledger.h"
#include "domain/meetings.h"
#include "domain/partners.h"
#include "model/tables.h"
#include "queue/events.h"

bool
lead_load(struct app *app, const struct principal *p, const char *id, bson_t **doc, bson_oid_t *oid,
          char partner[OID_STR_SIZE], struct err *err)
{
    const bson_oid_t *partner_oid;
    bson_t *filter;
    bool found = false, ok;

    *doc = NULL;
    partner[0] = '\0';
    if (!oid_parse_str(id, oid))
        return err_set(err, ERR_NOT_FOUND, "no such lead");
    /* by _id alone, the one filter every FerretDB backend passes down; archived and out of reach
     * are checked here on the document */
    filter = BCON_NEW("_id", BCON_OID(oid));
    ok = store_find_one(app->db, "leads", filter, NULL, doc, &found, err);
    bson_destroy(filter);
    if (ok && found && (partner_oid = json_bson_oid(*doc, "partner")) != NULL)
        oid_format(partner_oid, partner);
    if (ok && found && !json_bson_archived(*doc) && scope_allows(p, partner))
        return true;
    bson_destroy(*doc);
    *doc = NULL;
    return ok ? err_set(err, ERR_NOT_FOUND, "no such lead") : false;
}

bool
leads_reach(struct app *app, const struct principal *p, const char *id, struct err *err)
{
    bson_t *doc = NULL;
    bson_oid_t oid;
    char partner[OID_STR_SIZE];
    bool ok = lead_load(app, p, id, &doc, &oid, partner, err);

    bson_destroy(doc);
    return ok;
}

json_object *
leads_list(struct app *app, const struct principal *p, const struct list_params *params,
           struct err *err)
{
    struct list_query q;
    bson_t scope;
    json_object *out = NULL;

    if (model_list_query(&leads_model, params, &q, err)) {
        struct store_list_spec spec = {&leads_model, &scope, &q, p, counters_leads_total, NULL};
        scope_filter(p, "partner", &scope);
        BSON_APPEND_NULL(&scope, "archivedAt");
        out = store_list(app->db, &spec, err);
        bson_destroy(&scope);
    }
    list_query_release(&q);
    return out;
}

/* the lead's meetings, newest first */
static json_object *
lead_meetings(struct app *app, const struct principal *p, const bson_oid_t *lead, struct err *err)
{
    bson_t *filter = BCON_NEW("lead", BCON_OID(lead));
    bson_t *opts =
        BCON_NEW("sort", "{", "scheduledTime", BCON_INT32(-1), "}", "limit", BCON_INT64(200));
    json_object *list = store_outputs(app->db, &meetings_model, filter, opts, p, err);

    bson_destroy(filter);
    bson_destroy(opts);
    return list;
}

static json_object *
allowed_json(const struct principal *p, json_object *lead)
{
    const char *targets[8],
        *from = json_object_get_string(json_object_object_get(lead, "dealStatus"));
    json_object *list = json_object_new_array();

    if (scope_trusted(p)) { /* staff may set any other status (with a reason off the table) */
        for (int i = 0; lead_statuses[i] != NULL; i++)
            if (from == NULL || strcmp(lead_statuses[i], from) != 0)
                json_object_array_add(list, json_object_new_string(lead_statuses[i]));
        return list;
    }
    lead_allowed_targets(from, targets);
    for (int i = 0; targets[i] != NULL; i++)
        json_object_array_add(list, json_object_new_string(targets[i]));
    return list;
}

/* the lead's HubSpot contact page, for those who see its contact id, when the portal is known */
static json_object *
hubspot_url(const struct app *app, json_object *lead)
{
    const char *contact = json_object_get_string(json_object_object_get(lead, "hubspotContactId"));
    char url[160];

    if (app->cfg.hubspot_portal_id <= 0 || contact == NULL || contact[0] == '\0'
        || contact[strspn(contact, "0123456789")] != '\0') /* HubSpot's ids are numbers */
        return NULL;
    snprintf(url, sizeof(url), "https://app.hubspot.com/contacts/%ld/contact/%s",
             app->cfg.hubspot_portal_id, contact);
    return json_object_new_string(url);
}

/* a lead has meetings only once a booking set its scheduledDate (meetings_upsert does, on every
 * booking): a lead without one needs no second read */
static bool
may_have_meetings(const bson_t *doc)
{
    bson_iter_t it;

    return bson_iter_init_find(&it, doc, "scheduledDate") && BSON_ITER_HOLDS_DATE_TIME(&it);
}

json_object *
lead_json(struct app *app, const struct principal *p, const bson_t *doc, bool has_meetings,
          struct err *err)
{
    const bson_oid_t *oid = json_bson_oid(doc, "_id");
    json_object *out = model_output(&leads_model, doc, p), *meetings;

    meetings = has_meetings && oid != NULL && may_have_meetings(doc)
                   ? lead_meetings(app, p, oid, err)
                   : json_object_new_array();
    if (meetings == NULL) {
        json_object_put(out);
        return NULL;
    }
    json_object_object_add(out, "meetings", meetings);
    json_object *allowed = allowed_json(p, out);
    const char *offer = meeting_attendance_offer(meetings, allowed, clock_now_ms());
    json_object_object_add(out, "allowedTransitions", allowed);
    json_object_object_add(out, "offeredTransition", offer ? json_object_new_string(offer) : NULL);
    json_object_object_add(out, "hubspotUrl", hubspot_url(app, out));
    return out;
}

json_object *
leads_get(struct app *app, const struct principal *p, const char *id, struct err *err)
{
    bson_t *doc = NULL;
    bson_oid_t oid;
    char partner[OID_STR_SIZE];
    json_object *out;

    if (!lead_load(app, p, id, &doc, &oid, partner, err))
        return NULL;
    out = lead_json(app, p, doc, true, err);
    bson_destroy(doc);
    return out;
}

static void
lead_event(struct app *app, const struct principal *p, const char *action, const char *id,
           const char *partner, json_object *before, json_object *after, const char *source)
{
    struct event ev = {.action = action,
                       .entity_type = "lead",
                       .entity_id = id,
                       .partner_id = partner[0] ? partner : NULL,
                       .before = before,
                       .after = after,
                       .source = source};

    events_record(app, p, &ev);
}

/* a unique e-mail taken, in the words of the lead routes */
static bool
email_taken(struct err *err)
{
    return err_conflict(err, "email", "belongs to an existing lead",
                        "a lead with this e-mail exists");
}

/* the new lead's document: the checked fields, the partner and its name, status "new" unless
 * fields set one, source, times, scheduledDate null unless given (the caller destroys it) */
static bson_t *
new_lead_doc(const bson_oid_t *id, const bson_t *fields, const bson_oid_t *partner,
             const char *partner_name, const char *source)
{
    const char *status = json_bson_str(fields, "dealStatus");
    int64_t now = clock_now_ms();
    bson_t *doc = bson_new();

    BSON_APPEND_OID(doc, "_id", id);
    bson_copy_to_excluding_noinit(fields, doc, "partner", "dealStatus", NULL);
    BSON_APPEND_OID(doc, "partner", partner);
    BSON_APPEND_UTF8(doc, "partnerName", partner_name);
    BSON_APPEND_UTF8(doc, "dealStatus", status != NULL ? status : "new");
    if (!bson_has_field(fields, "scheduledDate"))
        BSON_APPEND_NULL(doc, "scheduledDate");
    if (!bson_has_field(fields, "scheduledDay"))
        BSON_APPEND_NULL(doc, "scheduledDay");
    BSON_APPEND_UTF8(doc, "source", source);
    BSON_APPEND_NULL(doc, "archivedAt");
    model_terms_append(&leads_model, NULL, fields, doc);
    BSON_APPEND_DATE_TIME(doc, "createdAt", now);
    BSON_APPEND_DATE_TIME(doc, "updatedAt", now);
    return doc;
}

/* leads_insert, keeping the new document in *doc (the caller's) */
static bool
insert_doc(struct app *app, const struct principal *p, const bson_t *fields, const char *partner_id,
           const char *source, bool count, bson_t **doc, struct err *err)
{
    char name[160], billing[32], id[OID_STR_SIZE];
    struct counters_delta d = COUNTERS_DELTA_INIT;
    bson_oid_t oid, partner;

    *doc = NULL;
    if (!partner_lookup(app, partner_id, name, sizeof(name), billing, sizeof(billing), err)) {
        err_reset(err);
        err_detail(err, "partner", "must be an existing partner");
        return err_set(err, ERR_VALIDATION_FAILED, "invalid lead");
    }
    oid_parse_str(partner_id, &partner);
    bson_oid_init(&oid, NULL);
    *doc = new_lead_doc(&oid, fields, &partner, name, source);
    if (!store_insert_one(app->db, "leads", *doc, err)) {
        bson_destroy(*doc);
        *doc = NULL;
        return err_is(err, ERR_CONFLICT) ? email_taken(err) : false;
    }
    oid_format(&oid, id);
    ledger_lead_created(app, *doc, billing);
    lead_event(app, p, strcmp(source, "import") == 0 ? "lead.imported" : "lead.created", id,
               partner_id, NULL, NULL, source);
    counters_lead_doc(&d, 1, *doc);
    if (count && !counters_apply(app, &partner, &d, err)) /* the recount puts it right */
        log_warn("cannot count a new lead", "lead=%s err=\"%s\"", id, err->cause);
    err_reset(err);
    return true;
}

bool
leads_insert(struct app *app, const struct principal *p, const bson_t *fields,
             const char *partner_id, const char *source, bool refresh_stats, char id[OID_STR_SIZE],
             struct err *err)
{
    bson_t *doc = NULL;
    bool ok = insert_doc(app, p, fields, partner_id, source, refresh_stats, &doc, err);

    if (ok)
        oid_format(json_bson_oid(doc, "_id"), id);
    bson_destroy(doc);
    return ok;
}

json_object *
leads_create(struct app *app, const struct principal *p, json_object *in, struct err *err)
{
    bson_t fields = BSON_INITIALIZER, *doc = NULL;
    const char *partner = NULL;
    json_object *v, *out = NULL;

    if (!model_input(&leads_model, in, MODEL_CREATE, p, &fields, err))
        goto out;
    if (scope_trusted(p) && json_object_object_get_ex(in, "partner", &v)
        && json_object_is_type(v, json_type_string))
        partner = json_object_get_string(v);
    else if (!scope_trusted(p))
        partner = p->partner_id;
    if (partner == NULL || partner[0] == '\0') {
        err_detail(err, "partner", "is required");
        err_set(err, ERR_VALIDATION_FAILED, "invalid lead");
        goto out;
    }
    /* one insert and one $inc; the answer is the document written (a new lead has no meetings) */
    if (insert_doc(app, p, &fields, partner, "manual", true, &doc, err))
        out = lead_json(app, p, doc, false, err);
    if (out != NULL)
        lead_notify_partner(app, out, 0);
out:
    bson_destroy(doc);
    bson_destroy(&fields);
    return out;
}

/* the JSON name of the lead field stored under key */
static const char *
json_name(const char *key)
{
    for (size_t i = 0; i < leads_model.nfields; i++)
        if (strcmp(field_bson_name(&leads_model.fields[i]), key) == 0)
            return leads_model.fields[i].json;
    return key;
}

int
lead_diff(const bson_t *doc, const bson_t *set, bson_t *changed, json_object *before,
          json_object *after)
{
    bson_iter_t it, old;
    int n = 0;

    if (!bson_iter_init(&it, set))
        return 0;
    while (bson_iter_next(&it)) {
        const char *key = bson_iter_key(&it);
        json_object *now = model_output_value(&it), *was = NULL;
        if (bson_iter_init_find(&old, doc, key))
            was = model_output_value(&old);
        if (json_object_equal(was, now)) { /* null and absent are the same: no value */
            json_object_put(was);
            json_object_put(now);
            continue;
        }
        bson_append_iter(changed, key, -1, &it);
        json_object_object_add(before, json_name(key), was);
        json_object_object_add(after, json_name(key), now);
        n++;
    }
    return n;
}

/* $set changed (with the search terms it changes) and updatedAt on the lead doc */
static bool
lead_store(struct app *app, const bson_t *doc, const bson_oid_t *oid, bson_t *changed,
           struct err *err)
{
    if (model_terms_refresh(&leads_model, doc, changed)
        && store_set_by_id(app->db, "leads", oid, changed, err))
        return true;
    return err_is(err, ERR_CONFLICT) ? email_taken(err) : false;
}

/* a change of partner: the new one must be a live partner (422 otherwise); its name goes
 * with the lead. to receives the new partner's id, "" when the partner stays. */
static bool
new_partner(struct app *app, const bson_t *doc, bson_t *changed, json_object *before,
            json_object *after, char to[OID_STR_SIZE], char name[160], struct err *err)
{
    bson_iter_t it;
    char billing[32];

    to[0] = '\0';
    if (!bson_iter_init_find(&it, changed, "partner") || !BSON_ITER_HOLDS_OID(&it))
        return true;
    oid_format(bson_iter_oid(&it), to);
    if (!partner_lookup(app, to, name, 160, billing, sizeof(billing), err)) {
        if (!err_is(err, ERR_NOT_FOUND))
            return false;
        err_reset(err);
        err_detail(err, "partner", "must be an existing partner");
        return err_set(err, ERR_VALIDATION_FAILED, "invalid lead");
    }
    BSON_APPEND_UTF8(changed, "partnerName", name);
    json_object_object_add(after, "partnerName", json_object_new_string(name));
    json_object_object_add(before, "partnerName",
                           bson_iter_init_find(&it, doc, "partnerName") ? model_output_value(&it)
                                                                        : NULL);
    return true;
}

/* the lead's meetings and notes go with it (they are scoped by their own partner field);
 * done before the lead moves, so a retry after a failure finds the move still to do */
static bool
move_children(struct app *app, const bson_oid_t *lead, const char *to, const char *name,
              struct err *err)
{
    static const char *const colls[] = {"meetings", "notes"};
    bson_oid_t partner;
    bool ok = true;

    oid_parse_str(to, &partner);
    for (size_t i = 0; ok && i < sizeof(colls) / sizeof(colls[0]); i++) {
        bson_t *filter = BCON_NEW("lead", BCON_OID(lead));
        bson_t *update = i == 0 ? BCON_NEW("$set", "{", "partner", BCON_OID(&partner),
                                           "partnerName", BCON_UTF8(name), "}")
                                : BCON_NEW("$set", "{", "partner", BCON_OID(&partner), "}");
        ok = store_update_many(app->db, colls[i], filter, update, err);
        bson_destroy(filter);
        bson_destroy(update);
    }
    return ok;
}

struct moved {
    struct counters_delta from, to;
    bool had_meetings;
};

static bool
count_moved_meeting(const bson_t *doc, void *ctx, struct err *err)
{
    struct moved *m = ctx;
    const char *status = json_bson_str(doc, "status");
    bson_iter_t it;
    int64_t at = bson_iter_init_find(&it, doc, "scheduledTime") && BSON_ITER_HOLDS_DATE_TIME(&it)
                     ? bson_iter_date_time(&it)
                     : 0;
    bool canceled = status != NULL && strcmp(status, "canceled") == 0;

    (void)err;
    counters_meeting(&m->from, -1, at, canceled, true);
    counters_meeting(&m->to, 1, at, canceled, true);
    counters_outcome(&m->from, -1, json_bson_str(doc, "outcome"));
    counters_outcome(&m->to, 1, json_bson_str(doc, "outcome"));
    m->had_meetings = true;
    return true;
}

/* the figures a move takes from one partner to the other: the lead and its meetings */
static bool
moved_figures(struct app *app, const bson_t *lead, const bson_oid_t *oid, struct moved *m,
              struct err *err)
{
    bson_t *filter = BCON_NEW("lead", BCON_OID(oid));
    bson_t *opts = BCON_NEW("projection", "{", "scheduledTime", BCON_INT32(1), "status",
                            BCON_INT32(1), "outcome", BCON_INT32(1), "}");
    bool ok = store_each(app->db, "meetings", filter, opts, count_moved_meeting, m, err);

    counters_lead_doc(&m->from, -1, lead);
    counters_lead_doc(&m->to, 1, lead);
    bson_destroy(filter);
    bson_destroy(opts);
    return ok;
}

/* after a move: both partners' figures, and the new partner hears of its lead. The old
 * partner's latest meeting may have left with the lead: recomputed then. */
static void
after_move(struct app *app, const char *from, const char *to, struct moved *m, json_object *lead)
{
    bson_oid_t oid;
    struct err err = ERR_INIT;

    m->from.last_meeting_ms = 0;
    if (oid_parse_str(from, &oid)
        && (!counters_apply(app, &oid, &m->from, &err)
            || (m->had_meetings && !counters_refresh_last(app, &oid, &err))))
        log_warn("cannot count a moved lead", "partner=%s err=\"%s\"", from, err.cause);
    err_reset(&err);
    if (oid_parse_str(to, &oid) && !counters_apply(app, &oid, &m->to, &err))
        log_warn("cannot count a moved lead", "partner=%s err=\"%s\"", to, err.cause);
    if (lead != NULL)
        lead_notify_partner(app, lead, 0);
}

json_object *
leads_update(struct app *app, const struct principal *p, const char *id, json_object *in,
             struct err *err)
{
    bson_t *doc = NULL, set = BSON_INITIALIZER, changed = BSON_INITIALIZER;
    bson_oid_t oid;
    char partner[OID_STR_SIZE], to[OID_STR_SIZE] = "", name[160] = "";
    json_object *before = json_object_new_object(), *after = json_object_new_object(), *out = NULL;
    struct moved m = {COUNTERS_DELTA_INIT, COUNTERS_DELTA_INIT, false};

    if (!lead_load(app, p, id, &doc, &oid, partner, err))
        goto out;
    if (json_object_object_get_ex(in, "dealStatus", NULL)) {
        err_detail(err, "dealStatus", "changes through its own route (PATCH /leads/:id/status)");
        err_set(err, ERR_VALIDATION_FAILED, "invalid lead");
        goto out;
    }
    if (!model_input(&leads_model, in, MODEL_UPDATE, p, &set, err))
        goto out;
    if (bson_empty(&set)) {
        err_set(err, ERR_VALIDATION_FAILED, "nothing to change");
        goto out;
    }
    /* only what really changes is written and recorded; no change, no event */
    if (lead_diff(doc, &set, &changed, before, after) > 0) {
        if (!new_partner(app, doc, &changed, before, after, to, name, err)
            || (to[0] != '\0' && !moved_figures(app, doc, &oid, &m, err))
            || (to[0] != '\0' && !move_children(app, &oid, to, name, err))
            || !lead_store(app, doc, &oid, &changed, err))
            goto out;
        lead_event(app, p, "lead.updated", id, to[0] ? to : partner, before, after, SOURCE_UI);
    }
    out = leads_get(app, p, id, err);
    if (to[0] != '\0')
        after_move(app, partner, to, &m, out);
out:
    json_object_put(before);
    json_object_put(after);
    bson_destroy(&changed);
    bson_destroy(&set);
    bson_destroy(doc);
    return out;
}

bool
leads_archive(struct app *app, const struct principal *p, const char *id, struct err *err)
{
    bson_t *doc = NULL, *filter, *update;
    bson_oid_t oid, partner;
    char partner_hex[OID_STR_SIZE];
    int64_t now = clock_now_ms();
    struct counters_delta d = COUNTERS_DELTA_INIT;
    bool ok, matched = false;

    if (!lead_load(app, p, id, &doc, &oid, partner_hex, err))
        return false;
    counters_lead_doc(&d, -1, doc);
    bson_destroy(doc);
    /* archived once: a second archive at the same moment matches nothing and counts nothing */
    filter = BCON_NEW("_id", BCON_OID(&oid), "archivedAt", BCON_NULL);
    update = BCON_NEW("$set", "{", "archivedAt", BCON_DATE_TIME(now), "updatedAt",
                      BCON_DATE_TIME(now), "}");
    ok = store_update_one(app->db, "leads", filter, update, NULL, &matched, err);
    bson_destroy(filter);
    bson_destroy(update);
    if (!ok)
        return false;
    if (!matched)
        return err_set(err, ERR_NOT_FOUND, "no such lead");
    lead_event(app, p, "lead.archived", id, partner_hex, NULL, NULL, SOURCE_UI);
    if (oid_parse_str(partner_hex, &partner) && !counters_apply(app, &partner, &d, err))
        log_warn("cannot count an archived lead", "lead=%s err=\"%s\"", id, err->cause);
    err_reset(err);
    return true;
}

json_object *
leads_sales_managers(struct app *app, const struct principal *p, struct err *err)
{
    bson_t scope;
    json_object *out;

    scope_filter(p, "partner", &scope);
    BSON_APPEND_NULL(&scope, "archivedAt");
    out = store_distinct_strings(app->db, "leads", "salesManager", &scope, err);
    bson_destroy(&scope);
    return out;
}
