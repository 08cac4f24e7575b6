/* return_credit.c - an approved return's credit (return_credit.h) */
#include "domain/return_credit.h"

#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/json.h"
#include "core/log.h"
#include "db/store.h"
#include "domain/invoices_int.h"
#include "domain/ledger.h"
#include "domain/ledger_terms.h"
#include "domain/returns.h"

#define MONTHS_MAX 24 /* a lead's lines span a few months; any beyond go to the next invoice */

struct month_net {
    char period[LEDGER_PERIOD_CAP]; /* "" collects the months past MONTHS_MAX */
    int64_t cents;
};

struct nets {
    struct month_net v[MONTHS_MAX + 1];
    size_t n;
    int64_t total;
    char currency[4];
};

static bool
add_line(const bson_t *doc, void *ctx, struct err *err)
{
    struct nets *nets = ctx;
    const char *period = json_or_empty(json_bson_str(doc, "period"));
    bson_iter_t it;
    int64_t cents = bson_iter_init_find(&it, doc, "amount") && BSON_ITER_HOLDS_NUMBER(&it)
                        ? bson_iter_as_int64(&it)
                        : 0;
    size_t i = 0;

    (void)err;
    while (i < nets->n && strcmp(nets->v[i].period, period) != 0)
        i++;
    if (i == nets->n) {
        if (nets->n == MONTHS_MAX)
            period = "";
        else
            nets->n++;
        snprintf(nets->v[i].period, sizeof(nets->v[i].period), "%s", period);
    }
    nets->v[i].cents += cents;
    nets->total += cents;
    snprintf(nets->currency, sizeof(nets->currency), "%s",
             json_or_empty(json_bson_str(doc, "currency")));
    return true;
}

/* the monthly invoice of partner and period when it is paid in Stripe: into note */
static bool
paid_invoice(struct app *app, const bson_oid_t *partner, const char *period,
             struct return_credit_note *note, bool *paid, struct err *err)
{
    char key[96], hex[OID_STR_SIZE];
    bson_t *filter, *doc = NULL;
    bool found = false, ok;

    oid_format(partner, hex);
    snprintf(key, sizeof(key), "monthly:%s:%s", hex, period);
    filter = BCON_NEW("key", BCON_UTF8(key));
    ok = store_find_one(app->db, "invoices", filter, NULL, &doc, &found, err);
    *paid = ok && found && strcmp(json_or_empty(json_bson_str(doc, "status")), "paid") == 0
            && json_bson_str(doc, "stripeInvoiceId") != NULL;
    if (*paid) {
        bson_oid_copy(json_bson_oid(doc, "_id"), &note->invoice);
        snprintf(note->stripe_invoice, sizeof(note->stripe_invoice), "%s",
                 json_bson_str(doc, "stripeInvoiceId"));
        snprintf(note->invoice_number, sizeof(note->invoice_number), "%s",
                 json_or_empty(json_bson_str(doc, "number")));
    }
    bson_destroy(doc);
    bson_destroy(filter);
    return ok;
}

bool
return_credit_plan(struct app *app, const bson_t *ret, struct return_credit *rc, struct err *err)
{
    const bson_oid_t *partner = json_bson_oid(ret, "partner");
    bson_t *filter = BCON_NEW("lead", BCON_OID(json_bson_oid(ret, "lead")));
    bson_t *opts = BCON_NEW("sort", "{", "createdAt", BCON_INT32(1), "_id", BCON_INT32(1), "}");
    struct nets nets = {.n = 0};
    bool ok = store_each(app->db, "ledger", filter, opts, add_line, &nets, err);

    bson_destroy(opts);
    bson_destroy(filter);
    *rc = (struct return_credit){.total = nets.total > 0 ? nets.total : 0};
    snprintf(rc->currency, sizeof(rc->currency), "%s", nets.currency);
    rc->rest = rc->total;
    for (size_t i = 0; ok && i < nets.n && rc->rest > 0; i++) {
        struct return_credit_note *note = &rc->notes[rc->nnotes];
        bool paid = false;

        if (nets.v[i].cents <= 0 || nets.v[i].period[0] == '\0'
            || rc->nnotes == RETURN_CREDIT_INVOICES)
            continue;
        ok = paid_invoice(app, partner, nets.v[i].period, note, &paid, err);
        if (ok && paid) {
            note->cents = nets.v[i].cents < rc->rest ? nets.v[i].cents : rc->rest;
            rc->rest -= note->cents;
            rc->nnotes++;
        }
    }
    return ok;
}

/* Stripe's reasons: a duplicate is one; every other return is a lead that did not serve */
static const char *
stripe_reason(const char *reason)
{
    return strcmp(json_or_empty(reason), "duplicate") == 0 ? "duplicate" : "product_unsatisfactory";
}

bool
return_credit_issue(struct app *app, const bson_t *ret, struct return_credit *rc, struct err *err)
{
    char id[OID_STR_SIZE], lead[OID_STR_SIZE], inv[OID_STR_SIZE], key[96], cents[32], memo[400];
    const char *reason = json_bson_str(ret, "reason");
    struct stripe_client c;

    oid_format(json_bson_oid(ret, "_id"), id);
    oid_format(json_bson_oid(ret, "lead"), lead);
    snprintf(memo, sizeof(memo), "Returned lead %s: %s",
             json_or_empty(json_bson_str(ret, "leadEmail")), returns_reason_label(reason));
    invoices_stripe_client(app, &c);
    for (size_t i = 0; i < rc->nnotes; i++) {
        struct return_credit_note *note = &rc->notes[i];
        struct form f = {0};
        json_object *cn;

        oid_format(&note->invoice, inv);
        snprintf(cents, sizeof(cents), "%lld", (long long)note->cents);
        form_add(&f, "invoice", note->stripe_invoice);
        form_add(&f, "amount", cents);
        form_add(&f, "credit_amount", cents); /* onto the balance: the invoice is paid */
        form_add(&f, "reason", stripe_reason(reason));
        form_add(&f, "memo", memo);
        form_add(&f, "metadata[return_id]", id);
        form_add(&f, "metadata[lead_id]", lead);
        snprintf(key, sizeof(key), "pc-return-%s-%s", id, inv);
        cn = stripe_post(&c, "/v1/credit_notes", &f, key, err);
        form_release(&f);
        if (cn == NULL) {
            if (!err_is(err, ERR_UNAVAILABLE) && !err_is(err, ERR_RATE_LIMITED))
                err_set(err, ERR_CONFLICT, "Stripe refused the credit note: %s", err->message);
            return false;
        }
        snprintf(note->id, sizeof(note->id), "%s", json_or_empty(json_str(cn, "id")));
        snprintf(note->number, sizeof(note->number), "%s", json_or_empty(json_str(cn, "number")));
        json_object_put(cn);
        if (note->id[0] == '\0')
            return err_set(err, ERR_INTERNAL, "Stripe's credit note has no id");
    }
    return true;
}

void
return_credit_cancel(struct app *app, const bson_t *ret, const struct return_credit *rc)
{
    char id[OID_STR_SIZE], path[192], key[192];
    struct stripe_client c;

    oid_format(json_bson_oid(ret, "_id"), id);
    invoices_stripe_client(app, &c);
    for (size_t i = 0; i < rc->nnotes; i++) {
        struct err err = ERR_INIT;
        json_object *res;

        snprintf(path, sizeof(path), "/v1/credit_notes/%s/void", rc->notes[i].id);
        snprintf(key, sizeof(key), "pc-return-void-%s", rc->notes[i].id);
        if ((res = stripe_post(&c, path, NULL, key, &err)) == NULL)
            log_error("a credit note of a rejected return stays: void it in Stripe",
                      "return=%s note=%s err=\"%s\"", id, rc->notes[i].id, err.message);
        json_object_put(res);
    }
}

/* one credit line of the return: kind, key, minus cents, what the description adds */
static bool
credit_line(struct app *app, const bson_t *ret, const struct return_credit *rc, const char *kind,
            const char *key, int64_t cents, const char *more, struct err *err)
{
    char description[400];
    struct ledger_line line = {.kind = kind,
                               .partner = json_bson_oid(ret, "partner"),
                               .lead = json_bson_oid(ret, "lead"),
                               .amount = -cents,
                               .rate = -1,
                               .deal_cents = -1,
                               .at_ms = clock_now_ms(),
                               .currency = rc->currency[0] ? rc->currency : NULL,
                               .description = description,
                               .key = key};

    snprintf(description, sizeof(description), "Return approved (%s): %s%s",
             json_or_empty(json_bson_str(ret, "reason")),
             json_or_empty(json_bson_str(ret, "leadEmail")), more);
    return ledger_write(app, &line, NULL, err);
}

bool
return_credit_write(struct app *app, const bson_t *ret, const struct return_credit *rc,
                    struct err *err)
{
    char id[OID_STR_SIZE], inv[OID_STR_SIZE], key[LEDGER_KEY_CAP], more[256];
    bson_t set = BSON_INITIALIZER, list, item;
    bool ok = true;

    if (rc->total == 0)
        return true;
    oid_format(json_bson_oid(ret, "_id"), id);
    BSON_APPEND_INT64(&set, "creditAmount", -rc->total);
    BSON_APPEND_ARRAY_BEGIN(&set, "creditNotes", &list);
    for (size_t i = 0; ok && i < rc->nnotes; i++) {
        const struct return_credit_note *n = &rc->notes[i];
        char index[16];
        const char *index_key;

        oid_format(&n->invoice, inv);
        snprintf(key, sizeof(key), "return_credit_note:%s:%s", id, inv);
        snprintf(more, sizeof(more), "; credit note %s on invoice %s",
                 n->number[0] ? n->number : n->id, n->invoice_number[0] ? n->invoice_number : inv);
        ok = credit_line(app, ret, rc, "credit_note", key, n->cents, more, err);
        bson_uint32_to_string((uint32_t)i, &index_key, index, sizeof(index));
        BSON_APPEND_DOCUMENT_BEGIN(&list, index_key, &item);
        BSON_APPEND_UTF8(&item, "id", n->id);
        BSON_APPEND_UTF8(&item, "number", n->number);
        BSON_APPEND_OID(&item, "invoice", &n->invoice);
        BSON_APPEND_UTF8(&item, "invoiceNumber", n->invoice_number);
        BSON_APPEND_INT64(&item, "amount", -n->cents);
        bson_append_document_end(&list, &item);
    }
    bson_append_array_end(&set, &list);
    if (ok && rc->rest > 0) {
        snprintf(key, sizeof(key), "return_credit:%s", id);
        ok = credit_line(app, ret, rc, "return_credit", key, rc->rest, "", err);
    }
    ok = ok && store_set_by_id(app->db, "returns", json_bson_oid(ret, "_id"), &set, err);
    bson_destroy(&set);
    return ok;
}
