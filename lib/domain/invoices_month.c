/* invoices_month.c - one partner's monthly invoice (invoices_int.h): the local invoice under
 * its unique key monthly:<partner>:<period>, then the Stripe steps, each one recorded on it */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/json.h"
#include "core/log.h"
#include "core/oid.h"
#include "db/store.h"
#include "domain/invoices_int.h"
#include "domain/ledger.h"
#include "domain/ledger_terms.h"

struct month {
    struct app *app;
    struct stripe_client *c;
    const bson_oid_t *partner;
    const char *period;
    const bson_oid_t *line; /* a one-off invoice's ledger line; NULL: the period's lines */
    char hex[OID_STR_SIZE], customer[128], currency[4], stripe_id[128];
    char tag[48]; /* what the keys name: the period, or manual-<line> */
    bson_t *partner_doc, *invoice;
    bson_oid_t invoice_id;
};

static bool
load_partner(struct month *m, struct err *err)
{
    bson_t *filter = BCON_NEW("_id", BCON_OID(m->partner)), *billing = NULL;
    bool found = false, ok;

    ok = store_find_one(m->app->db, "partners", filter, NULL, &m->partner_doc, &found, err)
         && (found || err_set(err, ERR_NOT_FOUND, "no such partner"))
         && ledger_partner_billing(m->app, m->partner, &billing, m->currency, err);
    bson_destroy(billing);
    bson_destroy(filter);
    return ok;
}

/* the local invoice: inserted as a draft the first time, read back every time */
static bool
ensure_invoice(struct month *m, int64_t amount, int64_t lines, struct err *err)
{
    char key[96];
    bson_oid_t id;
    int64_t now = clock_now_ms();
    bson_t *doc, *filter;
    bool found = false, ok;

    if (m->line != NULL)
        snprintf(key, sizeof(key), "manual:%s", m->tag + strlen("manual-"));
    else
        snprintf(key, sizeof(key), "monthly:%s:%s", m->hex, m->period);
    bson_oid_init(&id, NULL);
    doc = BCON_NEW("_id", BCON_OID(&id), "key", BCON_UTF8(key), "kind",
                   BCON_UTF8(m->line ? "manual" : "monthly"), "partner", BCON_OID(m->partner),
                   "partnerName", BCON_UTF8(json_or_empty(json_bson_str(m->partner_doc, "name"))),
                   "period", BCON_UTF8(m->period), "status", BCON_UTF8("draft"), "amount",
                   BCON_INT64(amount), "currency", BCON_UTF8(m->currency), "lineCount",
                   BCON_INT32((int32_t)lines), "itemsAdded", BCON_INT32(0), "stripeInvoiceId",
                   BCON_NULL, "number", BCON_NULL, "hostedInvoiceUrl", BCON_NULL, "invoicePdf",
                   BCON_NULL, "dueDate", BCON_NULL, "paidAt", BCON_NULL, "lastError", BCON_NULL,
                   "createdAt", BCON_DATE_TIME(now), "updatedAt", BCON_DATE_TIME(now));
    if (m->line != NULL)
        BSON_APPEND_OID(doc, "ledgerLine", m->line);
    ok = store_insert_one(m->app->db, "invoices", doc, err);
    if (!ok && err_is(err, ERR_CONFLICT)) { /* an earlier run made it */
        err_reset(err);
        ok = true;
    }
    filter = BCON_NEW("key", BCON_UTF8(key));
    ok = ok && store_find_one(m->app->db, "invoices", filter, NULL, &m->invoice, &found, err)
         && (found || err_set(err, ERR_INTERNAL, "the invoice vanished"));
    if (ok)
        bson_oid_copy(json_bson_oid(m->invoice, "_id"), &m->invoice_id);
    bson_destroy(filter);
    bson_destroy(doc);
    return ok;
}

static void
step_key(const struct month *m, const char *step, char *out, size_t cap)
{
    snprintf(out, cap, "pc-%s-%s-%s", m->hex, m->tag, step);
}

static bool
create_stripe_invoice(struct month *m, struct err *err)
{
    char key[160], desc[64], due[16], local[OID_STR_SIZE];
    struct form f = {0};
    json_object *inv = NULL;
    bool ok = false;

    snprintf(m->stripe_id, sizeof(m->stripe_id), "%s",
             json_or_empty(json_bson_str(m->invoice, "stripeInvoiceId")));
    if (m->stripe_id[0] != '\0')
        return true;
    oid_format(&m->invoice_id, local);
    snprintf(desc, sizeof(desc), "Partner Connector %s%s", m->line ? "charge " : "", m->period);
    snprintf(due, sizeof(due), "%ld", m->app->cfg.stripe_days_until_due);
    form_add(&f, "customer", m->customer);
    form_add(&f, "collection_method", "send_invoice");
    form_add(&f, "days_until_due", due);
    form_add(&f, "auto_advance", "false");
    form_add(&f, "currency", m->currency);
    form_add(&f, "description", desc);
    form_add(&f, "pending_invoice_items_behavior", "exclude");
    form_add(&f, "metadata[partner_id]", m->hex);
    form_add(&f, "metadata[period]", m->period);
    form_add(&f, "metadata[invoice_id]", local);
    step_key(m, "invoice", key, sizeof(key));
    if ((inv = stripe_post(m->c, "/v1/invoices", &f, key, err)) == NULL)
        goto out;
    snprintf(m->stripe_id, sizeof(m->stripe_id), "%s", json_or_empty(json_str(inv, "id")));
    ok = m->stripe_id[0] != '\0' ? invoices_apply_stripe(m->app, &m->invoice_id, inv, "draft", err)
                                 : err_set(err, ERR_INTERNAL, "Stripe's invoice has no id");
out:
    json_object_put(inv);
    form_release(&f);
    return ok;
}

/* the ledger lines of the month, oldest first (copies) */
struct lines {
    bson_t **v;
    size_t n, cap;
};

static bool
keep_line(const bson_t *doc, void *ctx, struct err *err)
{
    struct lines *l = ctx;

    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        bson_t **v = realloc(l->v, cap * sizeof(*v));
        if (v == NULL)
            return err_set(err, ERR_INTERNAL, "out of memory");
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = bson_copy(doc);
    return true;
}

static void
lines_release(struct lines *l)
{
    for (size_t i = 0; i < l->n; i++)
        bson_destroy(l->v[i]);
    free(l->v);
}

/* one invoice item for a ledger line (its amount, currency and description) */
static bool
add_item(struct month *m, const bson_t *line, struct err *err)
{
    char key[160], amount[32], id[OID_STR_SIZE], lead[OID_STR_SIZE] = "";
    bson_iter_t it;
    struct form f = {0};
    json_object *item;

    oid_format(json_bson_oid(line, "_id"), id);
    if (json_bson_oid(line, "lead") != NULL)
        oid_format(json_bson_oid(line, "lead"), lead);
    snprintf(amount, sizeof(amount), "%lld",
             bson_iter_init_find(&it, line, "amount") ? (long long)bson_iter_as_int64(&it) : 0LL);
    form_add(&f, "customer", m->customer);
    form_add(&f, "invoice", m->stripe_id);
    form_add(&f, "amount", amount);
    form_add(&f, "currency", m->currency);
    form_add(&f, "description", json_or_empty(json_bson_str(line, "description")));
    form_add(&f, "metadata[ledger_line_id]", id);
    if (lead[0] != '\0')
        form_add(&f, "metadata[lead_id]", lead);
    snprintf(key, sizeof(key), "pc-%s-%s-item-%s", m->hex, m->tag, id);
    item = stripe_post(m->c, "/v1/invoiceitems", &f, key, err);
    form_release(&f);
    json_object_put(item);
    return item != NULL;
}

static bool
add_items(struct month *m, struct err *err)
{
    bson_t *filter = m->line != NULL
                         ? BCON_NEW("_id", BCON_OID(m->line))
                         : BCON_NEW("partner", BCON_OID(m->partner), "period", BCON_UTF8(m->period),
                                    "kind", "{", INVOICES_NOT_MONTHLY, "}");
    bson_t *opts = BCON_NEW("sort", "{", "createdAt", BCON_INT32(1), "_id", BCON_INT32(1), "}");
    struct lines l = {NULL, 0, 0};
    bson_iter_t it;
    int64_t done = bson_iter_init_find(&it, m->invoice, "itemsAdded") ? bson_iter_as_int64(&it) : 0;
    bool ok = store_each(m->app->db, "ledger", filter, opts, keep_line, &l, err);

    for (size_t i = (size_t)done; ok && i < l.n; i++) {
        bson_t *set = BCON_NEW("itemsAdded", BCON_INT64((int64_t)i + 1));
        ok = add_item(m, l.v[i], err)
             && store_set_by_id(m->app->db, "invoices", &m->invoice_id, set, err);
        bson_destroy(set);
    }
    lines_release(&l);
    bson_destroy(opts);
    bson_destroy(filter);
    return ok;
}

/* POST /v1/invoices/<id>/<action> and the answer's fields onto the invoice */
static bool
invoice_action(struct month *m, const char *action, const char *status, struct err *err)
{
    char path[256], key[160];
    struct form f = {0};
    json_object *inv;
    bool ok;

    snprintf(path, sizeof(path), "/v1/invoices/%s/%s", m->stripe_id, action);
    step_key(m, action, key, sizeof(key));
    if (strcmp(action, "finalize") == 0)
        form_add(&f, "auto_advance", "false");
    inv = stripe_post(m->c, path, &f, key, err);
    ok = inv != NULL && invoices_apply_stripe(m->app, &m->invoice_id, inv, status, err);
    if (ok && strcmp(action, "finalize") == 0) { /* a re-run goes on with the send */
        bson_t *set = BCON_NEW("finalizedAt", BCON_DATE_TIME(clock_now_ms()));
        ok = store_set_by_id(m->app->db, "invoices", &m->invoice_id, set, err);
        bson_destroy(set);
    }
    json_object_put(inv);
    form_release(&f);
    return ok;
}

static void
keep_error(struct month *m, const struct err *e)
{
    bson_t *set = BCON_NEW("lastError", BCON_UTF8(e->message ? e->message : "failed"));
    struct err err = ERR_INIT;

    if (m->invoice != NULL && !store_set_by_id(m->app->db, "invoices", &m->invoice_id, set, &err))
        log_warn("cannot keep an invoice's error", "err=\"%s\"", err.message);
    bson_destroy(set);
}

/* the steps of m's invoice, from where an earlier run left it */
static bool
run_steps(struct month *m, int64_t amount, int64_t lines, const char **outcome, struct err *err)
{
    bool ok, finalized;

    oid_format(m->partner, m->hex);
    ok = load_partner(m, err) && ensure_invoice(m, amount, lines, err);
    if (ok && strcmp(json_or_empty(json_bson_str(m->invoice, "status")), "draft") != 0) {
        *outcome = "alreadyInvoiced";
        return true;
    }
    finalized = ok && json_bson_date(m->invoice, "finalizedAt") > 0;
    ok = ok
         && invoices_customer(m->app, m->c, m->partner_doc, m->customer, sizeof(m->customer), err)
         && create_stripe_invoice(m, err) && (finalized || add_items(m, err))
         && (finalized || invoice_action(m, "finalize", "draft", err))
         && invoice_action(m, "send", "open", err);
    if (ok)
        *outcome = "invoiced";
    else
        keep_error(m, err);
    return ok;
}

bool
invoices_partner_month(struct app *app, struct stripe_client *c, const bson_oid_t *partner,
                       const char *period, int64_t amount, int64_t lines, const char **outcome,
                       struct err *err)
{
    struct month m = {.app = app, .c = c, .partner = partner, .period = period};
    bool ok;

    snprintf(m.tag, sizeof(m.tag), "%s", period);
    ok = run_steps(&m, amount, lines, outcome, err);
    bson_destroy(m.invoice);
    bson_destroy(m.partner_doc);
    return ok;
}

bool
invoices_one_off(struct app *app, struct stripe_client *c, const bson_oid_t *line,
                 bson_oid_t *invoice, struct err *err)
{
    bson_t *filter = BCON_NEW("_id", BCON_OID(line)), *doc = NULL;
    bool found = false, ok = store_find_one(app->db, "ledger", filter, NULL, &doc, &found, err);
    struct month m = {.app = app, .c = c, .line = line};
    char hex[OID_STR_SIZE];
    const char *outcome = NULL;
    bson_iter_t it;

    ok = ok && (found || err_set(err, ERR_NOT_FOUND, "no such ledger line"));
    if (ok) {
        oid_format(line, hex);
        snprintf(m.tag, sizeof(m.tag), "manual-%s", hex);
        m.partner = json_bson_oid(doc, "partner");
        m.period = json_or_empty(json_bson_str(doc, "period"));
        ok = run_steps(&m, bson_iter_init_find(&it, doc, "amount") ? bson_iter_as_int64(&it) : 0, 1,
                       &outcome, err);
    }
    if (m.invoice != NULL)
        bson_oid_copy(&m.invoice_id, invoice);
    bson_destroy(m.invoice);
    bson_destroy(m.partner_doc);
    bson_destroy(doc);
    bson_destroy(filter);
    return ok;
}
