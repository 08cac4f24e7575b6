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
#include "domain/return_mail.h"
#include "model/tables.h"
#include "queue/events.h"

#define DAY_MS 86400000LL

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
return_doc(const bson_t *lead, const bson_oid_t *lead_id, const char *partner_hex,
           const struct principal *p, const char *reason, const char *note)
{
    bson_oid_t id, partner, by;
    bson_t *doc;

    bson_oid_init(&id, NULL);
    oid_parse_str(partner_hex, &partner);
    doc = BCON_NEW("_id", BCON_OID(&id), "lead", BCON_OID(lead_id), "partner", BCON_OID(&partner),
                   "leadEmail", BCON_UTF8(json_or_empty(json_bson_str(lead, "email"))), "reason",
                   BCON_UTF8(reason), "note", BCON_UTF8(note), "status", BCON_UTF8("requested"),
                   "decidedBy", BCON_NULL, "decidedAt", BCON_NULL, "decisionNote", BCON_NULL,
                   "creditAmount", BCON_NULL, "createdAt", BCON_DATE_TIME(clock_now_ms()));
    if (oid_parse_str(p->user_id, &by))
        BSON_APPEND_OID(doc, "requestedBy", &by);
    else
        BSON_APPEND_NULL(doc, "requestedBy");
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
    doc = return_doc(lead, &oid, partner_hex, p, reason, note);
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

/* what the lead was charged and not yet credited: the net of its lines (every kind) */
struct net {
    int64_t cents;
    char currency[4];
};

static bool
add_line(const bson_t *doc, void *ctx, struct err *err)
{
    struct net *n = ctx;
    bson_iter_t it;

    (void)err;
    if (bson_iter_init_find(&it, doc, "amount") && BSON_ITER_HOLDS_NUMBER(&it))
        n->cents += bson_iter_as_int64(&it);
    snprintf(n->currency, sizeof(n->currency), "%s", json_or_empty(json_bson_str(doc, "currency")));
    return true;
}

/* the return_credit line of an approved return (none when nothing is charged) */
static bool
credit(struct app *app, const bson_t *ret, int64_t *amount, char currency[4], struct err *err)
{
    const bson_oid_t *lead = json_bson_oid(ret, "lead"), *partner = json_bson_oid(ret, "partner");
    bson_t *filter = BCON_NEW("lead", BCON_OID(lead));
    struct net n = {0, ""};
    char key[LEDGER_KEY_CAP], hex[OID_STR_SIZE], description[400];
    bool ok = store_each(app->db, "ledger", filter, NULL, add_line, &n, err);

    bson_destroy(filter);
    *amount = 0;
    if (!ok || n.cents <= 0)
        return ok;
    oid_format(json_bson_oid(ret, "_id"), hex);
    snprintf(key, sizeof(key), "return_credit:%s", hex);
    snprintf(description, sizeof(description), "Return approved (%s): %s",
             json_or_empty(json_bson_str(ret, "reason")),
             json_or_empty(json_bson_str(ret, "leadEmail")));
    struct ledger_line line = {.kind = "return_credit",
                               .partner = partner,
                               .lead = lead,
                               .amount = -n.cents,
                               .rate = -1,
                               .deal_cents = -1,
                               .at_ms = clock_now_ms(),
                               .currency = n.currency[0] ? n.currency : NULL,
                               .description = description,
                               .key = key};
    *amount = -n.cents;
    snprintf(currency, 4, "%s", n.currency);
    return ledger_write(app, &line, NULL, err);
}

json_object *
returns_decide(struct app *app, const struct principal *p, const char *id, bool approve,
               json_object *in, struct err *err)
{
    bson_oid_t oid, by;
    bson_t *filter = NULL, *update = NULL, *after = NULL;
    const char *note = NULL;
    char lead[OID_STR_SIZE], partner[OID_STR_SIZE], currency[4] = "";
    int64_t amount = 0;
    json_object *out = NULL;

    if (!scope_trusted(p) || p->kind != PRINCIPAL_USER)
        return err_set(err, ERR_FORBIDDEN, "staff decide returns"), NULL;
    if (id == NULL || !oid_parse_str(id, &oid))
        return err_set(err, ERR_NOT_FOUND, "no such return"), NULL;
    model_refuse_unknown(in, (const char *const[]){"note", NULL}, err);
    model_string(in, "note", 1, 2000, !approve, &note, err);
    if (err->ndetails > 0)
        return err_set(err, ERR_VALIDATION_FAILED, "invalid decision"), NULL;
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
    if (after == NULL) {
        bson_destroy(filter);
        filter = BCON_NEW("_id", BCON_OID(&oid));
        int64_t n = 0;
        if (store_count(app->db, "returns", filter, &n, err))
            err_set(err, n ? ERR_CONFLICT : ERR_NOT_FOUND,
                    n ? "the return was decided before" : "no such return");
        goto out;
    }
    if (approve && !credit(app, after, &amount, currency, err))
        goto out;
    if (amount != 0) {
        bson_t *set = BCON_NEW("creditAmount", BCON_INT64(amount));
        bool kept = store_set_by_id(app->db, "returns", &oid, set, err);
        bson_destroy(set);
        if (!kept)
            goto out;
    }
    oid_format(json_bson_oid(after, "lead"), lead);
    oid_format(json_bson_oid(after, "partner"), partner);
    return_event(app, p, approve ? "lead.return_approved" : "lead.return_rejected", lead, partner,
                 json_bson_str(after, "reason"), note);
    return_mail_decided(app, after, amount, currency[0] ? currency : NULL);
    out = model_output(&returns_model, after, p);
    if (approve)
        json_object_object_add(out, "creditAmount", amount ? json_object_new_int64(amount) : NULL);
out:
    bson_destroy(after);
    bson_destroy(update);
    bson_destroy(filter);
    return out;
}
