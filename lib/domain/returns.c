/* returns.c - lead returns (returns.h) */
#include "domain/returns.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "auth/scope.h"
#include "core/clock.h"
#include "core/json.h"
#include "core/oid.h"
#include "db/store.h"
#include "domain/leads.h"
#include "domain/ledger.h"
#include "domain/ledger_terms.h"
#include "domain/return_credit.h"
#include "domain/return_mail.h"
#include "model/tables.h"
#include "queue/events.h"

#define DAY_MS 86400000LL

const char *
returns_reason_label(const char *reason)
{
    static const struct {
        const char *code, *label;
    } labels[] = {{"outside_icp", "Outside our ICP"},
                  {"already_in_crm", "Already in our CRM"},
                  {"not_decision_maker", "Not a decision maker"},
                  {"no_show", "No-show"},
                  {"wrong_contact_data", "Wrong contact data"},
                  {"duplicate", "Duplicate"}};

    for (size_t i = 0; reason != NULL && i < sizeof(labels) / sizeof(labels[0]); i++)
        if (strcmp(labels[i].code, reason) == 0)
            return labels[i].label;
    return json_or_empty(reason);
}

static int64_t
partner_int(const bson_t *partner, const char *key, int64_t fallback)
{
    bson_iter_t it;

    if (partner != NULL && bson_iter_init_find(&it, partner, key) && BSON_ITER_HOLDS_NUMBER(&it))
        return bson_iter_as_int64(&it);
    return fallback;
}

static bool
partner_doc(struct app *app, const bson_oid_t *id, bson_t **doc, struct err *err)
{
    bson_t *filter = BCON_NEW("_id", BCON_OID(id));
    bool found = false, ok = store_find_one(app->db, "partners", filter, NULL, doc, &found, err);

    bson_destroy(filter);
    return ok && (found || err_set(err, ERR_NOT_FOUND, "no such partner"));
}

/* the window: from the later of the lead's creation and its latest meeting */
static bool
within_window(const bson_t *lead, const bson_t *partner, int64_t now, struct err *err)
{
    int64_t from = json_bson_date(lead, "createdAt"), met = json_bson_date(lead, "scheduledDate");
    int64_t days = partner_int(partner, "returnWindowDays", RETURNS_WINDOW_DAYS);

    if (met > from)
        from = met;
    if (now > from + days * DAY_MS)
        return err_set(err, ERR_CONFLICT, "the return window of %lld days has closed",
                       (long long)days);
    return true;
}

/* the cap: returns asked this month against the month's leads of the partner */
static bool
under_cap(struct app *app, const bson_oid_t *partner, const bson_t *pdoc, int64_t now,
          struct err *err)
{
    time_t t = (time_t)(now / 1000);
    struct tm tm;
    int64_t leads = 0, asked = 0, cap, start;
    bson_t *lf, *rf;
    bool ok;

    gmtime_r(&t, &tm);
    tm.tm_mday = 1;
    tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
    start = (int64_t)timegm(&tm) * 1000;
    lf = BCON_NEW("partner", BCON_OID(partner), "createdAt", "{", "$gte", BCON_DATE_TIME(start),
                  "}");
    rf = BCON_NEW("partner", BCON_OID(partner), "createdAt", "{", "$gte", BCON_DATE_TIME(start),
                  "}");
    ok = store_count(app->db, "leads", lf, &leads, err)
         && store_count(app->db, "returns", rf, &asked, err);
    bson_destroy(rf);
    bson_destroy(lf);
    cap = leads * partner_int(pdoc, "returnCapPercent", RETURNS_CAP_PERCENT) / 100;
    cap = cap < 1 ? 1 : cap;
    if (ok && asked >= cap)
        return err_set(err, ERR_CONFLICT,
                       "the partner's returns of this month reached the cap (%lld)",
                       (long long)cap);
    return ok;
}

static void
return_event(struct app *app, const struct principal *p, const char *action, const char *lead,
             const char *partner, const char *reason, const char *note)
{
    json_object *after = json_object_new_object();
    struct event ev = {.action = action,
                       .entity_type = "lead",
                       .entity_id = lead,
                       .partner_id = partner,
                       .after = after,
                       .source = SOURCE_UI,
                       .reason = note};

    if (reason != NULL)
        json_object_object_add(after, "returnReason", json_object_new_string(reason));
    events_record(app, p, &ev);
    json_object_put(after);
}

static bson_t *
return_doc(struct app *app, const bson_t *lead, const bson_oid_t *lead_id, const char *partner_hex,
           const struct principal *p, const char *reason, const char *note)
{
    bson_oid_t id, partner, by;
    char name[256] = "";
    bson_t *doc;

    bson_oid_init(&id, NULL);
    oid_parse_str(partner_hex, &partner);
    doc = BCON_NEW("_id", BCON_OID(&id), "lead", BCON_OID(lead_id), "partner", BCON_OID(&partner),
                   "leadEmail", BCON_UTF8(json_or_empty(json_bson_str(lead, "email"))), "reason",
                   BCON_UTF8(reason), "note", BCON_UTF8(note), "status", BCON_UTF8("requested"),
                   "decidedBy", BCON_NULL, "decidedAt", BCON_NULL, "decisionNote", BCON_NULL,
                   "creditAmount", BCON_NULL, "creditNotes", "[", "]", "createdAt",
                   BCON_DATE_TIME(clock_now_ms()));
    if (oid_parse_str(p->user_id, &by)) {
        BSON_APPEND_OID(doc, "requestedBy", &by);
        store_string_by_id(app->db, "users", &by, "name", name, sizeof(name));
    } else {
        BSON_APPEND_NULL(doc, "requestedBy");
    }
    BSON_APPEND_UTF8(doc, "requestedByName", name); /* as the queue shows it; "" unread */
    return doc;
}

/* {reason, note}: all problems at once */
static bool
read_request(json_object *in, const char **reason, const char **note, struct err *err)
{
    const char *r = json_str(in, "reason");

    *reason = NULL;
    model_refuse_unknown(in, (const char *const[]){"reason", "note", NULL}, err);
    for (int i = 0; r != NULL && return_reasons[i] != NULL; i++)
        if (strcmp(r, return_reasons[i]) == 0)
            *reason = return_reasons[i];
    if (*reason == NULL)
        err_detail(err, "reason",
                   "must be one of outside_icp, already_in_crm, not_decision_maker, no_show, "
                   "wrong_contact_data, duplicate");
    model_string(in, "note", 1, 2000, true, note, err);
    return err->ndetails == 0 ? true : err_set(err, ERR_VALIDATION_FAILED, "invalid return");
}

json_object *
returns_request(struct app *app, const struct principal *p, const char *id, json_object *in,
                struct err *err)
{
    bson_t *lead = NULL, *pdoc = NULL, *doc = NULL;
    bson_oid_t oid, partner;
    char partner_hex[OID_STR_SIZE];
    const char *reason = NULL, *note = NULL;
    int64_t now = clock_now_ms();
    json_object *out = NULL;

    if (!lead_load(app, p, id, &lead, &oid, partner_hex, err))
        goto out;
    if (p->kind != PRINCIPAL_USER || p->partner_id[0] == '\0') {
        err_set(err, ERR_FORBIDDEN, "staff decide returns; the partner's people ask for them");
        goto out;
    }
    oid_parse_str(partner_hex, &partner);
    if (!read_request(in, &reason, &note, err) || !partner_doc(app, &partner, &pdoc, err)
        || !within_window(lead, pdoc, now, err) || !under_cap(app, &partner, pdoc, now, err))
        goto out;
    doc = return_doc(app, lead, &oid, partner_hex, p, reason, note);
    if (!store_insert_one(app->db, "returns", doc, err)) {
        if (err_is(err, ERR_CONFLICT))
            err_set(err, ERR_CONFLICT, "a return of this lead was asked before");
        goto out;
    }
    return_event(app, p, "lead.return_requested", id, partner_hex, reason, note);
    return_mail_requested(app, doc, pdoc);
    out = model_output(&returns_model, doc, p);
out:
    bson_destroy(doc);
    bson_destroy(pdoc);
    bson_destroy(lead);
    return out;
}

json_object *
returns_list(struct app *app, const struct principal *p, const struct list_params *params,
             struct err *err)
{
    struct list_query q;
    bson_t scope;
    json_object *out = NULL;

    if (model_list_query(&returns_model, params, &q, err)) {
        struct store_list_spec spec = {&returns_model, &scope, &q, p, NULL, NULL};
        scope_filter(p, "partner", &scope);
        out = store_list(app->db, &spec, err);
        bson_destroy(&scope);
    }
    list_query_release(&q);
    return out;
}

/* the return still asked (404 for no such return, 409 once decided) */
static bool
asked_return(struct app *app, const bson_oid_t *oid, bson_t **doc, struct err *err)
{
    bson_t *filter = BCON_NEW("_id", BCON_OID(oid));
    bool found = false, ok = store_find_one(app->db, "returns", filter, NULL, doc, &found, err);

    bson_destroy(filter);
    if (ok && !found)
        return err_set(err, ERR_NOT_FOUND, "no such return");
    if (ok && strcmp(json_or_empty(json_bson_str(*doc, "status")), "requested") != 0)
        return err_set(err, ERR_CONFLICT, "the return was decided before");
    return ok;
}

/* "CN-1 on invoice INV-7, CN-2 on invoice INV-9" (NULL: no note) for the e-mail */
static const char *
credit_note_words(const struct return_credit *rc, char *out, size_t cap)
{
    size_t used = 0;

    out[0] = '\0';
    for (size_t i = 0; i < rc->nnotes && used < cap; i++) {
        const struct return_credit_note *n = &rc->notes[i];
        int w = snprintf(out + used, cap - used, "%s%s on invoice %s", i ? ", " : "",
                         n->number[0] ? n->number : n->id,
                         n->invoice_number[0] ? n->invoice_number : n->stripe_invoice);
        used += w > 0 ? (size_t)w : 0;
    }
    return rc->nnotes > 0 ? out : NULL;
}

/* approve: Stripe's credit notes come first, so that a refusal leaves the return asked (the
 * staff try again, the same keys make nothing twice); the ledger follows the decision */
json_object *
returns_decide(struct app *app, const struct principal *p, const char *id, bool approve,
               json_object *in, struct err *err)
{
    bson_oid_t oid, by;
    bson_t *filter = NULL, *update = NULL, *after = NULL, *asked = NULL;
    const char *note = NULL;
    char lead[OID_STR_SIZE], partner[OID_STR_SIZE], words[600];
    struct return_credit rc = {0};
    bool found = false;
    json_object *out = NULL;

    if (!scope_trusted(p) || p->kind != PRINCIPAL_USER)
        return err_set(err, ERR_FORBIDDEN, "staff decide returns"), NULL;
    if (id == NULL || !oid_parse_str(id, &oid))
        return err_set(err, ERR_NOT_FOUND, "no such return"), NULL;
    model_refuse_unknown(in, (const char *const[]){"note", NULL}, err);
    model_string(in, "note", 1, 2000, !approve, &note, err);
    if (err->ndetails > 0)
        return err_set(err, ERR_VALIDATION_FAILED, "invalid decision"), NULL;
    if (!asked_return(app, &oid, &asked, err)
        || (approve
            && (!return_credit_plan(app, asked, &rc, err)
                || !return_credit_issue(app, asked, &rc, err))))
        goto out;
    oid_parse_str(p->user_id, &by);
    filter = BCON_NEW("_id", BCON_OID(&oid), "status", BCON_UTF8("requested"));
    update = BCON_NEW("$set", "{", "status", BCON_UTF8(approve ? "approved" : "rejected"),
                      "decidedBy", BCON_OID(&by), "decidedAt", BCON_DATE_TIME(clock_now_ms()), "}");
    if (note != NULL) { /* the note joins the $set (kept null without one) */
        bson_destroy(update);
        update = BCON_NEW("$set", "{", "status", BCON_UTF8(approve ? "approved" : "rejected"),
                          "decidedBy", BCON_OID(&by), "decidedAt", BCON_DATE_TIME(clock_now_ms()),
                          "decisionNote", BCON_UTF8(note), "}");
    }
    if (!store_update_and_get(app->db, "returns", filter, update, &after, err))
        goto out;
    if (after == NULL) { /* decided meanwhile; a rejection keeps no note of ours */
        bson_t *now = NULL;
        if (asked_return(app, &oid, &now, err))
            err_set(err, ERR_CONFLICT, "the return changed meanwhile");
        if (now != NULL && strcmp(json_or_empty(json_bson_str(now, "status")), "rejected") == 0)
            return_credit_cancel(app, asked, &rc);
        bson_destroy(now);
        goto out;
    }
    if (approve && !return_credit_write(app, after, &rc, err))
        goto out;
    oid_format(json_bson_oid(after, "lead"), lead);
    oid_format(json_bson_oid(after, "partner"), partner);
    return_event(app, p, approve ? "lead.return_approved" : "lead.return_rejected", lead, partner,
                 json_bson_str(after, "reason"), note);
    return_mail_decided(app, after, rc.total, rc.currency[0] ? rc.currency : NULL,
                        credit_note_words(&rc, words, sizeof(words)));
    bson_destroy(after);
    after = NULL;
    bson_destroy(filter);
    filter = BCON_NEW("_id", BCON_OID(&oid));
    if (store_find_one(app->db, "returns", filter, NULL, &after, &found, err))
        out = found ? model_output(&returns_model, after, p)
                    : (err_set(err, ERR_INTERNAL, "the return vanished"), NULL);
out:
    bson_destroy(asked);
    bson_destroy(after);
    bson_destroy(update);
    bson_destroy(filter);
    return out;
}
