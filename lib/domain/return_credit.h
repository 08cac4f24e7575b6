/* return_credit.h - what an approved return gives back (issue 16): the net of the lead's
 * ledger lines. The part charged on a monthly invoice that is paid already goes back as a
 * Stripe credit note on that invoice (to the customer's balance, which Stripe takes off the
 * next payment) with a credit_note line on the ledger, which no monthly invoice bills again;
 * the rest is a return_credit line, taken off the next invoice. Internal to returns.c. */
#ifndef PC_RETURN_CREDIT_H
#define PC_RETURN_CREDIT_H

#include <bson/bson.h>
#include <stdbool.h>
#include <stdint.h>

#include "app.h"
#include "core/err.h"
#include "core/oid.h"

#define RETURN_CREDIT_INVOICES 4 /* paid invoices one return may reach (a lead's months) */

struct return_credit_note {
    bson_oid_t invoice; /* ours */
    char stripe_invoice[128], invoice_number[64];
    int64_t cents;            /* positive: what the note gives back */
    char id[128], number[64]; /* Stripe's credit note, once made */
};

struct return_credit {
    int64_t total; /* positive: what the lead's lines still add up to */
    char currency[4];
    struct return_credit_note notes[RETURN_CREDIT_INVOICES];
    size_t nnotes;
    int64_t rest; /* positive: what goes onto the next invoice */
};

/* return_credit_plan - the return ret's credit: the lead's lines by month, each month's net
 * on its paid monthly invoice (if any) as a note, the rest to the next invoice. Only the
 * database's codes. */
bool return_credit_plan(struct app *app, const bson_t *ret, struct return_credit *rc,
                        struct err *err);

/* return_credit_issue - make rc's credit notes in Stripe (keys of the return and invoice, so a
 * retried approval makes none twice): unavailable, rate_limited (try again) or conflict with
 * Stripe's words */
bool return_credit_issue(struct app *app, const bson_t *ret, struct return_credit *rc,
                         struct err *err);

/* return_credit_cancel - void rc's notes after the return was rejected meanwhile; logged */
void return_credit_cancel(struct app *app, const bson_t *ret, const struct return_credit *rc);

/* return_credit_write - rc's ledger lines (a credit_note line per note, a return_credit line
 * for the rest) and the return's creditAmount and creditNotes. Only the database's codes. */
bool return_credit_write(struct app *app, const bson_t *ret, const struct return_credit *rc,
                         struct err *err);

#endif
