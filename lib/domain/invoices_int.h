/* invoices_int.h - between the files of the invoices (invoices_run.c, invoices_stripe.c,
 * invoices.c): not for other modules */
#ifndef PC_INVOICES_INT_H
#define PC_INVOICES_INT_H

#include <bson/bson.h>
#include <json-c/json.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app.h"
#include "core/err.h"
#include "http/stripe_client.h"

/* INVOICES_NOT_MONTHLY - inside a BCON "kind" document: the kinds no monthly invoice bills, a
 * manual charge (it has an invoice of its own) and a credit note (Stripe gave it back on a paid
 * invoice already, return_credit.h) */
#define INVOICES_NOT_MONTHLY "$nin", "[", BCON_UTF8("manual_charge"), BCON_UTF8("credit_note"), "]"

/* invoices_carry_credit - the period's total (negative: its credits outweigh its charges) moved
 * to the next month (invoices_carry.c); nothing for a total >= 0. Only the database's codes. */
bool invoices_carry_credit(struct app *app, const bson_oid_t *partner, const char *period,
                           int64_t total, struct err *err);

/* invoices_stripe_client - a client with the process's HTTP handle and the STRIPE_* settings */
void invoices_stripe_client(struct app *app, struct stripe_client *c);

/* invoices_partner_month - the invoice of partner for period (its lines adding up to amount in
 * `lines` lines): made, or continued where an earlier run stopped; *outcome "invoiced", or
 * "alreadyInvoiced" when it was finished before. false with err (the failing step's) and the
 * error kept on the invoice as lastError. */
bool invoices_partner_month(struct app *app, struct stripe_client *c, const bson_oid_t *partner,
                            const char *period, int64_t amount, int64_t lines, const char **outcome,
                            struct err *err);

/* invoices_one_off - the one-off invoice of one ledger line (a manual charge), under the key
 * manual:<line>, through the same steps; its id into *invoice (also when a step failed and it
 * stays a draft with lastError) */
bool invoices_one_off(struct app *app, struct stripe_client *c, const bson_oid_t *line,
                      bson_oid_t *invoice, struct err *err);

/* invoices_customer - the partner's Stripe customer id into out (made once and stored on the
 * partner, with key pc-customer-<partner>); validation_failed when the partner has no billing
 * e-mail */
bool invoices_customer(struct app *app, struct stripe_client *c, const bson_t *partner, char *out,
                       size_t cap, struct err *err);

/* invoices_apply_stripe - $set on the invoice the fields of a Stripe invoice object (status as
 * ours, number, hosted_invoice_url, invoice_pdf, due_date) plus status when not NULL */
bool invoices_apply_stripe(struct app *app, const bson_oid_t *invoice, json_object *stripe,
                           const char *status, struct err *err);

#endif
