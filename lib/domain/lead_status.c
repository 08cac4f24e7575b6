/* lead_status.c - the status flow of a lead (domain.md §9, DESIGN §7.2): the transition table
 * for users, partner admins and partner systems; staff may override with a reason; won needs
 * a deal amount for percentage-billed partners; moving into a lost status alerts once */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "auth/scope.h"
#include "core/clock.h"
#include "core/json.h"
#include "core/log.h"
#include "core/oid.h"
#include "db/store.h"
#include "domain/counters.h"
#include "domain/lead_actor.h"
#include "domain/leads.h"
#include "domain/ledger.h"
#include "domain/partners.h"
#include "mail/mail.h"
#include "model/tables.h"
#include "queue/events.h"

static const struct {
    const char *from;
    const char *to[7];
} table[] = {
    {"new",
     {"scheduled", "in_touch", "won", "lost_no_show", "lost_disqualified", "lost_no_potential",
      NULL}},
    {"scheduled",
     {"new", "in_touch", "won", "lost_no_show", "lost_disqualified", "lost_no_potential", NULL}},
    {"in_touch",
     {"scheduled", "won", "lost_no_show", "lost_disqualified", "lost_no_potential", NULL}},
    {"won", {NULL}},
    {"lost_no_show", {"scheduled", "in_touch", "lost_disqualified", "lost_no_potential", NULL}},
    {"lost_disqualified", {"scheduled", "in_touch", "lost_no_show", "lost_no_potential", NULL}},
    {"lost_no_potential", {"scheduled", "in_touch", "lost_no_show", "lost_disqualified", NULL}},
};

static const char *const labels[][2] = {
    {"new", "New"},
    {"scheduled", "Scheduled"},
    {"in_touch", "In Touch"},
    {"won", "Won"},
    {"lost_no_show", "Lost - No Show"},
    {"lost_disqualified", "Lost - Disqualified"},
    {"lost_no_potential", "Lost - No Potential"},
};

void
lead_allowed_targets(const char *from, const char **out)
{
    out[0] = NULL;
    for (size_t i = 0; from != NULL && i < sizeof(table) / sizeof(table[0]); i++)
        if (strcmp(table[i].from, from) == 0) {
            int n = 0;
            for (; table[i].to[n] != NULL; n++)
                out[n] = table[i].to[n];
            out[n] = NULL;
        }
}

static bool
in_table(const char *from, const char *to)
{
    const char *targets[8];

    lead_allowed_targets(from, targets);
    for (int i = 0; targets[i] != NULL; i++)
        if (strcmp(targets[i], to) == 0)
            return true;
    return false;
}

static const char *
label(const char *status)
{
    for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
        if (strcmp(labels[i][0], status) == 0)
            return labels[i][1];
    return status;
}

const char *
lead_status_label(const char *status)
{
    return label(status);
}

static bool
is_lost(const char *s)
{
    return strncmp(s, "lost_", 5) == 0;
}

struct change {
    const char *from, *to, *reason;
    bool amount_given;
    int64_t amount;
};

/* body: {status, reason?, dealAmount?}, all problems at once */
static bool
read_change(json_object *in, struct change *c, struct err *err)
{
    json_object *v;
    bool known = false;

    memset(c, 0, sizeof(*c));
    model_refuse_unknown(in, (const char *const[]){"status", "reason", "dealAmount", NULL}, err);
    if (json_object_object_get_ex(in, "status", &v) && json_object_is_type(v, json_type_string))
        for (int i = 0; lead_statuses[i] != NULL; i++)
            if (strcmp(lead_statuses[i], json_object_get_string(v)) == 0) {
                c->to = lead_statuses[i];
                known = true;
            }
    if (!known)
        err_detail(err, "status",
                   "must be one of new, scheduled, in_touch, won, lost_no_show, "
                   "lost_disqualified, lost_no_potential");
    model_string(in, "reason", 1, 1000, false, &c->reason, err);
    if (json_object_object_get_ex(in, "dealAmount", &v) && v != NULL) {
        if (!json_object_is_type(v, json_type_int) || json_object_get_int64(v) < 0)
            err_detail(err, "dealAmount", "must be a whole number of cents, 0 or more");
        c->amount = json_object_get_int64(v);
        c->amount_given = true;
    }
    return err->ndetails == 0 ? true : err_set(err, ERR_VALIDATION_FAILED, "invalid status change");
}

/* who may do it: the table for everyone; staff also off the table, with a reason */
static bool
permitted(const struct principal *p, const struct change *c, struct err *err)
{
    const char *targets[8];

    if (in_table(c->from, c->to))
        return true;
    if (scope_trusted(p) && p->kind == PRINCIPAL_USER) {
        if (c->reason != NULL)
            return true;
        err_detail(err, "reason", "is required to override the status flow");
        return err_set(err, ERR_VALIDATION_FAILED, "an override needs a reason");
    }
    lead_allowed_targets(c->from, targets);
    for (int i = 0; targets[i] != NULL; i++)
        err_detail(err, "status", "allowed: %s", targets[i]);
    if (targets[0] == NULL)
        err_detail(err, "status", "no change is allowed from %s", c->from);
    return err_set(err, ERR_INVALID_TRANSITION, "a lead cannot go from %s to %s", c->from, c->to);
}

static bool
add_status_count(const bson_t *doc, void *ctx, struct err *err)
{
    int64_t *counts = ctx;
    const char *status = json_bson_str(doc, "_id");
    bson_iter_t n;

    (void)err;
    if (status != NULL && bson_iter_init_find(&n, doc, "n"))
        for (int i = 0; i < LEAD_STATUS_SLOTS && lead_statuses[i] != NULL; i++)
            if (strcmp(lead_statuses[i], status) == 0)
                counts[i] = bson_iter_as_int64(&n);
    return true;
}

bool
leads_count_by_status(struct app *app, const bson_t *match, int64_t counts[LEAD_STATUS_SLOTS],
                      struct err *err)
{
    bson_t *pipeline = BCON_NEW("pipeline", "[", "{", "$match", BCON_DOCUMENT(match), "}", "{",
                                "$group", "{", "_id", BCON_UTF8("$dealStatus"), "n", "{", "$sum",
                                BCON_INT32(1), "}", "}", "}", "]");
    bool ok;

    memset(counts, 0, sizeof(int64_t) * LEAD_STATUS_SLOTS);
    ok = store_aggregate_each(app->db, "leads", pipeline, NULL, add_status_count, counts, err);
    bson_destroy(pipeline);
    return ok;
}

/* compare-and-set: only if the status is still c->from (and the lead not archived); *after
 * receives the lead as changed, in the same round trip */
static bool
store_change(struct app *app, const bson_oid_t *oid, const struct change *c, bool set_amount,
             bson_t **after, struct err *err)
{
    int64_t now = clock_now_ms();
    bson_t *filter =
        BCON_NEW("_id", BCON_OID(oid), "dealStatus", BCON_UTF8(c->from), "archivedAt", BCON_NULL);
    bson_t update = BSON_INITIALIZER, set;
    bool ok;

    BSON_APPEND_DOCUMENT_BEGIN(&update, "$set", &set);
    BSON_APPEND_UTF8(&set, "dealStatus", c->to);
    BSON_APPEND_DATE_TIME(&set, "updatedAt", now);
    if (strcmp(c->to, "won") == 0)
        BSON_APPEND_DATE_TIME(&set, "wonAt", now);
    else if (strcmp(c->from, "won") == 0)
        BSON_APPEND_NULL(&set, "wonAt");
    if (set_amount)
        BSON_APPEND_INT64(&set, "dealAmount", c->amount);
    bson_append_document_end(&update, &set);
    ok = store_update_and_get(app->db, "leads", filter, &update, after, err);
    bson_destroy(&update);
    bson_destroy(filter);
    if (!ok)
        return false;
    return *after != NULL ? true
                          : err_set(err, ERR_CONFLICT, "the lead changed meanwhile; reload it");
}

/* the partner's figures: the lead out of its old status, into its new one */
static void
count_change(struct app *app, const char *partner, const bson_t *before, const bson_t *after)
{
    struct counters_delta d = COUNTERS_DELTA_INIT;
    bson_oid_t oid;
    struct err err = ERR_INIT;

    counters_lead_doc(&d, -1, before);
    counters_lead_doc(&d, 1, after);
    if (oid_parse_str(partner, &oid) && !counters_apply(app, &oid, &d, &err))
        log_warn("cannot count a status change", "partner=%s err=\"%s\"", partner, err.cause);
}

/* a string of the lead, "" when absent */
static const char *
doc_str(const bson_t *doc, const char *key)
{
    return json_or_empty(json_bson_str(doc, key));
}

static void
alert_lost(struct app *app, const struct principal *p, const bson_t *lead, const char *id,
           const struct change *c, const char *source)
{
    json_object *vars = json_object_new_object();
    char link[512], name[256], changed_by[512], changed_via[160];
    struct err err = ERR_INIT;

    snprintf(name, sizeof(name), "%s %s", doc_str(lead, "firstName"), doc_str(lead, "lastName"));
    snprintf(link, sizeof(link), "%s/leads/%s", app->cfg.public_url, id);
    lead_actor_describe(app, p, source, doc_str(lead, "partnerName"), changed_by,
                        sizeof(changed_by), changed_via, sizeof(changed_via));
    json_object_object_add(vars, "leadEmail", json_object_new_string(doc_str(lead, "email")));
    json_object_object_add(vars, "leadName",
                           json_object_new_string(name[0] != ' ' ? name : doc_str(lead, "email")));
    json_object_object_add(vars, "company", json_object_new_string(doc_str(lead, "company")));
    json_object_object_add(vars, "partnerName",
                           json_object_new_string(doc_str(lead, "partnerName")));
    json_object_object_add(vars, "statusLabel", json_object_new_string(label(c->to)));
    json_object_object_add(vars, "previousStatusLabel", json_object_new_string(label(c->from)));
    json_object_object_add(vars, "changedBy", json_object_new_string(changed_by));
    json_object_object_add(vars, "changedVia", json_object_new_string(changed_via));
    if (c->reason != NULL)
        json_object_object_add(vars, "reason", json_object_new_string(c->reason));
    json_object_object_add(vars, "link", json_object_new_string(link));
    /* the request never waits for the e-mail: it is queued (or parked) and sent by the worker */
    if (!mail_enqueue(app, "lost-lead-alert", app->cfg.alert_email_to, vars, NULL, &err))
        log_error("cannot queue the lost-lead alert", "lead=%s err=\"%s %s\"", id, err.message,
                  err.cause);
    json_object_put(vars);
}

static void
status_event(struct app *app, const struct principal *p, const char *id, const char *partner,
             const struct change *c, const char *source)
{
    json_object *before = json_object_new_object(), *after = json_object_new_object();
    struct event ev = {.action = "lead.status_changed",
                       .entity_type = "lead",
                       .entity_id = id,
                       .partner_id = partner,
                       .before = before,
                       .after = after,
                       .source = source,
                       .reason = c->reason};

    json_object_object_add(before, "dealStatus", json_object_new_string(c->from));
    json_object_object_add(after, "dealStatus", json_object_new_string(c->to));
    if (c->amount_given)
        json_object_object_add(after, "dealAmount", json_object_new_int64(c->amount));
    events_record(app, p, &ev);
    json_object_put(before);
    json_object_put(after);
}

/* dealAmount is needed when a percentage-billed partner's lead is won (unless it has one) */
static bool
amount_ok(struct app *app, const bson_t *lead, const char *partner, const struct change *c,
          struct err *err)
{
    char name[160], billing[32];

    if (strcmp(c->to, "won") != 0 || c->amount_given || bson_has_field(lead, "dealAmount"))
        return true;
    if (!partner_lookup(app, partner, name, sizeof(name), billing, sizeof(billing), err))
        return false;
    if (strcmp(billing, "percentage_of_deal") != 0)
        return true;
    err_detail(err, "dealAmount", "is required: this partner is billed a share of the deal");
    return err_set(err, ERR_VALIDATION_FAILED, "the deal amount is missing");
}

json_object *
leads_set_status(struct app *app, const struct principal *p, const char *id, json_object *in,
                 const char *source, struct err *err)
{
    bson_t *lead = NULL, *after = NULL;
    bson_oid_t oid;
    char partner[OID_STR_SIZE];
    struct change c;
    json_object *out = NULL;

    if (!read_change(in, &c, err) || !lead_load(app, p, id, &lead, &oid, partner, err))
        goto out;
    c.from = doc_str(lead, "dealStatus");
    if (strcmp(c.from, c.to) == 0 && !c.amount_given) { /* nothing to change: as it is */
        out = lead_json(app, p, lead, true, err);
        goto out;
    }
    if ((strcmp(c.from, c.to) != 0 && !permitted(p, &c, err))
        || !amount_ok(app, lead, partner, &c, err)
        || !store_change(app, &oid, &c, c.amount_given, &after, err))
        goto out;
    count_change(app, partner, lead, after);
    ledger_lead_status(app, lead, after);
    status_event(app, p, id, partner, &c, source);
    if (is_lost(c.to) && strcmp(c.from, c.to) != 0)
        alert_lost(app, p, lead, id, &c, source);
    out = lead_json(app, p, after, true, err);
out:
    bson_destroy(after);
    bson_destroy(lead);
    return out;
}
