/* ledger.c - writing and reading the ledger: one line per fact under a unique key, the
 * partner's ledgerBalance kept by $inc, reversals as new lines (ledger.h) */
#include "domain/ledger.h"

#include <stdio.h>
#include <string.h>

#include "auth/scope.h"
#include "core/clock.h"
#include "core/json.h"
#include "core/log.h"
#include "core/oid.h"
#include "db/store.h"
#include "domain/ledger_terms.h"
#include "domain/partners.h"
#include "model/tables.h"

static bson_t *
line_doc(const struct ledger_line *l)
{
    char period[LEDGER_PERIOD_CAP];
    bson_t *doc = bson_new();
    bson_oid_t id;

    bson_oid_init(&id, NULL);
    ledger_period(l->at_ms, period);
    BSON_APPEND_OID(doc, "_id", &id);
    BSON_APPEND_UTF8(doc, "key", l->key);
    BSON_APPEND_OID(doc, "partner", l->partner);
    BSON_APPEND_UTF8(doc, "kind", l->kind);
    BSON_APPEND_INT64(doc, "amount", l->amount);
    BSON_APPEND_UTF8(doc, "currency", l->currency ? l->currency : LEDGER_CURRENCY_DEFAULT);
    BSON_APPEND_UTF8(doc, "period", period);
    if (l->lead != NULL)
        BSON_APPEND_OID(doc, "lead", l->lead);
    else
        BSON_APPEND_NULL(doc, "lead");
    if (l->meeting != NULL)
        BSON_APPEND_OID(doc, "meeting", l->meeting);
    else
        BSON_APPEND_NULL(doc, "meeting");
    if (l->rate >= 0)
        BSON_APPEND_INT64(doc, "rate", l->rate);
    if (l->deal_cents >= 0)
        BSON_APPEND_INT64(doc, "dealAmount", l->deal_cents);
    BSON_APPEND_UTF8(doc, "description", json_or_empty(l->description));
    BSON_APPEND_DATE_TIME(doc, "createdAt", l->at_ms);
    return doc;
}

bool
ledger_write(struct app *app, const struct ledger_line *line, bool *written, struct err *err)
{
    bson_t *doc = line_doc(line), *filter = NULL, *inc = NULL;
    bool ok, fresh = true;

    ok = store_insert_one(app->db, "ledger", doc, err);
    if (!ok && err_is(err, ERR_CONFLICT)) { /* the key is there: an earlier run wrote it */
        err_reset(err);
        ok = true;
        fresh = false;
    }
    if (ok && fresh && line->amount != 0) {
        /* not atomic with the insert (no transactions, DESIGN §8): a lost $inc is logged, the
         * lines stay the truth */
        filter = BCON_NEW("_id", BCON_OID(line->partner));
        inc = BCON_NEW("$inc", "{", "ledgerBalance", BCON_INT64(line->amount), "}");
        if (!store_update_one(app->db, "partners", filter, inc, NULL, NULL, err)) {
            log_warn("cannot add a ledger line to the balance", "key=%s err=\"%s\"", line->key,
                     err->cause);
            err_reset(err);
        }
    }
    if (written != NULL)
        *written = ok && fresh;
    bson_destroy(inc);
    bson_destroy(filter);
    bson_destroy(doc);
    return ok;
}

bool
ledger_partner_billing(struct app *app, const bson_oid_t *partner, bson_t **billing,
                       char currency[4], struct err *err)
{
    bson_t *filter = BCON_NEW("_id", BCON_OID(partner)), *doc = NULL;
    bson_t *opts = BCON_NEW("projection", "{", "billing", BCON_INT32(1), "}");
    bson_iter_t it;
    bool found = false, ok = store_find_one(app->db, "partners", filter, opts, &doc, &found, err);

    *billing = NULL;
    snprintf(currency, 4, "%s", LEDGER_CURRENCY_DEFAULT);
    if (ok && found && bson_iter_init_find(&it, doc, "billing") && BSON_ITER_HOLDS_DOCUMENT(&it)) {
        const uint8_t *data;
        uint32_t len;
        bson_iter_document(&it, &len, &data);
        *billing = bson_new_from_data(data, len);
        const char *c = ledger_billing_str(*billing, "currency");
        if (c != NULL && strlen(c) == 3)
            snprintf(currency, 4, "%s", c);
    }
    if (ok && !found)
        ok = err_set(err, ERR_NOT_FOUND, "no such partner");
    bson_destroy(doc);
    bson_destroy(opts);
    bson_destroy(filter);
    return ok;
}

/* "Jane Doe <jane@acme.test> (Acme)": what names the lead on an invoice line */
static void
lead_label(const bson_t *lead, char *out, size_t cap)
{
    const char *first = json_bson_str(lead, "firstName"), *last = json_bson_str(lead, "lastName");
    const char *company = json_bson_str(lead, "company");
    const char *email = json_or_empty(json_bson_str(lead, "email"));

    if (first != NULL || last != NULL)
        snprintf(out, cap, "%s%s%s <%s>%s%s%s", json_or_empty(first), first && last ? " " : "",
                 json_or_empty(last), email, company ? " (" : "", json_or_empty(company),
                 company ? ")" : "");
    else
        snprintf(out, cap, "%s%s%s%s", email, company ? " (" : "", json_or_empty(company),
                 company ? ")" : "");
}

/* the charge of one fact of type at at_ms on the partner's current terms */
struct fact {
    const char *type, *what;
    const bson_oid_t *partner, *lead, *meeting;
    int64_t at_ms, deal_cents;
    const char *label;
};

static bool
charge_fact(struct app *app, const struct fact *f, struct err *err)
{
    bson_t *billing = NULL;
    char currency[4], key[LEDGER_KEY_CAP], description[600], ref[OID_STR_SIZE];
    char period[LEDGER_PERIOD_CAP];
    int64_t value = 0;
    bool ok = ledger_partner_billing(app, f->partner, &billing, currency, err);
    const char *type = ledger_billing_str(billing, "billingType");

    if (!ok || type == NULL || strcmp(type, f->type) != 0
        || !ledger_term_value(billing, ledger_period(f->at_ms, period), &value))
        goto out;
    struct ledger_line line = {.kind = f->type,
                               .partner = f->partner,
                               .lead = f->lead,
                               .meeting = f->meeting,
                               .amount = ledger_charge(type, value, f->deal_cents),
                               .rate = value,
                               .deal_cents =
                                   strcmp(type, BILLING_PERCENT) == 0 ? f->deal_cents : -1,
                               .at_ms = f->at_ms,
                               .currency = currency,
                               .description = description,
                               .key = key};
    if (line.amount <= 0) /* a zero rate bills nothing: no line */
        goto out;
    oid_format(f->meeting ? f->meeting : f->lead, ref);
    snprintf(key, sizeof(key), "%s:%s:%lld", f->type, ref, (long long)f->at_ms);
    snprintf(description, sizeof(description), "%s: %s", f->what, f->label);
    ok = ledger_write(app, &line, NULL, err);
out:
    bson_destroy(billing);
    return ok;
}

/* the net of the lines of one lead or meeting (field = its id), per kind */
struct net {
    const char *kinds[3];
    int64_t cents[3];
    char currency[4];
};

static bool
add_net(const bson_t *doc, void *ctx, struct err *err)
{
    struct net *n = ctx;
    const char *kind = json_bson_str(doc, "kind");
    bson_iter_t it;

    (void)err;
    for (int i = 0; kind != NULL && i < 3 && n->kinds[i] != NULL; i++)
        if (strcmp(n->kinds[i], kind) == 0 && bson_iter_init_find(&it, doc, "amount")
            && BSON_ITER_HOLDS_NUMBER(&it)) {
            n->cents[i] += bson_iter_as_int64(&it);
            snprintf(n->currency, sizeof(n->currency), "%s",
                     json_or_empty(json_bson_str(doc, "currency")));
        }
    return true;
}

static bool
net_of(struct app *app, const char *field, const bson_oid_t *ref, struct net *n, struct err *err)
{
    bson_t *filter = BCON_NEW(field, BCON_OID(ref));
    bson_t *opts = BCON_NEW("projection", "{", "kind", BCON_INT32(1), "amount", BCON_INT32(1),
                            "currency", BCON_INT32(1), "}");
    bool ok = store_each(app->db, "ledger", filter, opts, add_net, n, err);

    bson_destroy(opts);
    bson_destroy(filter);
    return ok;
}

/* a reversing line for each kind of n still charged (net above zero), at at_ms */
static bool
reverse_net(struct app *app, const struct fact *f, const struct net *n, struct err *err)
{
    char key[LEDGER_KEY_CAP], description[600], ref[OID_STR_SIZE];
    bool ok = true;

    oid_format(f->meeting ? f->meeting : f->lead, ref);
    for (int i = 0; ok && i < 3 && n->kinds[i] != NULL; i++) {
        if (n->cents[i] <= 0)
            continue;
        struct ledger_line line = {.kind = n->kinds[i],
                                   .partner = f->partner,
                                   .lead = f->lead,
                                   .meeting = f->meeting,
                                   .amount = -n->cents[i],
                                   .rate = -1,
                                   .deal_cents = -1,
                                   .at_ms = f->at_ms,
                                   .currency = n->currency[0] ? n->currency : NULL,
                                   .description = description,
                                   .key = key};
        snprintf(key, sizeof(key), "%s:%s:reversal:%lld", n->kinds[i], ref, (long long)f->at_ms);
        snprintf(description, sizeof(description), "Reversal (%s): %s", f->what, f->label);
        ok = ledger_write(app, &line, NULL, err);
    }
    return ok;
}

void
ledger_lead_created(struct app *app, const bson_t *lead, const char *billing_type)
{
    char label[400];
    struct err err = ERR_INIT;
    struct fact f = {.type = BILLING_QUALIFIED,
                     .what = "Qualified lead",
                     .partner = json_bson_oid(lead, "partner"),
                     .lead = json_bson_oid(lead, "_id"),
                     .at_ms = json_bson_date(lead, "createdAt"),
                     .label = label};

    if (billing_type == NULL || strcmp(billing_type, BILLING_QUALIFIED) != 0 || f.partner == NULL
        || f.lead == NULL)
        return;
    lead_label(lead, label, sizeof(label));
    if (!charge_fact(app, &f, &err))
        log_error("cannot write the ledger line of a new lead", "err=\"%s %s\"", err.message,
                  err.cause);
}

static int64_t
deal_of(const bson_t *lead)
{
    bson_iter_t it;

    if (bson_iter_init_find(&it, lead, "dealAmount") && BSON_ITER_HOLDS_NUMBER(&it))
        return bson_iter_as_int64(&it);
    return 0;
}

/* into won: charge the won-based type unless the lead is charged already; out: reverse */
static bool
lead_won_changed(struct app *app, const struct fact *base, bool won, struct err *err)
{
    struct net n = {.kinds = {BILLING_WON, BILLING_PERCENT, NULL}};
    struct fact f = *base;

    if (!net_of(app, "lead", f.lead, &n, err))
        return false;
    if (!won)
        return reverse_net(app, &f, &n, err);
    if (n.cents[0] > 0 || n.cents[1] > 0)
        return true;
    f.type = BILLING_WON;
    f.what = "Won lead";
    if (!charge_fact(app, &f, err))
        return false;
    f.type = BILLING_PERCENT;
    f.what = "Won deal share";
    return charge_fact(app, &f, err); /* at most one of the two matches the partner's type */
}

void
ledger_lead_status(struct app *app, const bson_t *before, const bson_t *after)
{
    const char *was = json_or_empty(json_bson_str(before, "dealStatus"));
    const char *is = json_or_empty(json_bson_str(after, "dealStatus"));
    bool won = strcmp(is, "won") == 0;
    char label[400];
    struct err err = ERR_INIT;
    struct fact f = {.partner = json_bson_oid(after, "partner"),
                     .lead = json_bson_oid(after, "_id"),
                     .at_ms = won ? json_bson_date(after, "wonAt") : clock_now_ms(),
                     .deal_cents = deal_of(after),
                     .what = "Won lead",
                     .label = label};

    if (won == (strcmp(was, "won") == 0) || f.partner == NULL || f.lead == NULL)
        return;
    if (f.at_ms <= 0)
        f.at_ms = clock_now_ms();
    lead_label(after, label, sizeof(label));
    if (!lead_won_changed(app, &f, won, &err))
        log_error("cannot write the ledger line of a won lead", "err=\"%s %s\"", err.message,
                  err.cause);
}

void
ledger_meeting_outcome(struct app *app, const bson_t *meeting, const char *before,
                       const char *outcome, int64_t at_ms)
{
    bool held = outcome != NULL && strcmp(outcome, "held") == 0;
    bool was = before != NULL && strcmp(before, "held") == 0;
    struct net n = {.kinds = {BILLING_HELD, NULL}};
    struct err err = ERR_INIT;
    struct fact f = {.type = BILLING_HELD,
                     .what = "Meeting held",
                     .partner = json_bson_oid(meeting, "partner"),
                     .lead = json_bson_oid(meeting, "lead"),
                     .meeting = json_bson_oid(meeting, "_id"),
                     .at_ms = at_ms,
                     .label = json_or_empty(json_bson_str(meeting, "leadEmail"))};
    bool ok;

    if (held == was || f.partner == NULL || f.meeting == NULL)
        return;
    ok = net_of(app, "meeting", f.meeting, &n, &err);
    if (ok && held && n.cents[0] <= 0)
        ok = charge_fact(app, &f, &err);
    else if (ok && !held)
        ok = reverse_net(app, &f, &n, &err);
    if (!ok)
        log_error("cannot write the ledger line of a meeting", "err=\"%s %s\"", err.message,
                  err.cause);
}

json_object *
ledger_list(struct app *app, const struct principal *p, const char *partner,
            const struct list_params *params, struct err *err)
{
    struct list_query q;
    bson_t scope = BSON_INITIALIZER, *doc = NULL;
    bson_oid_t oid;
    json_object *out = NULL;

    if (!model_list_query(&ledger_model, params, &q, err)
        || !partner_load(app, p, partner, &doc, &oid, err))
        goto out;
    BSON_APPEND_OID(&scope, "partner", &oid);
    struct store_list_spec spec = {&ledger_model, &scope, &q, p, NULL, NULL};
    out = store_list(app->db, &spec, err);
out:
    bson_destroy(doc);
    bson_destroy(&scope);
    list_query_release(&q);
    return out;
}

void
ledger_money(int64_t cents, const char *currency, char *out, size_t cap)
{
    const char *sign = cents < 0 ? "-" : "";
    long long c = cents < 0 ? -(long long)cents : (long long)cents;

    if (currency == NULL || strcmp(currency, "usd") == 0)
        snprintf(out, cap, "%s$%lld.%02lld", sign, c / 100, c % 100);
    else
        snprintf(out, cap, "%s%lld.%02lld %s", sign, c / 100, c % 100, currency);
}
