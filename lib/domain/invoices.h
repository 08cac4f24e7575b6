/* invoices.h - the partners' invoices (issue 16, DESIGN §7.11): made monthly from the ledger
 * and sent through Stripe (invoices_run.c), read by staff and the partner's admins, and the
 * owner's actions (invoices.c). Every json_object * returned is the caller's; NULL or false
 * means err is set (codes at each function, or unavailable / internal). */
#ifndef PC_INVOICES_H
#define PC_INVOICES_H

#include <json-c/json.h>
#include <stdbool.h>
#include <time.h>

#include "app.h"
#include "core/err.h"
#include "core/principal.h"
#include "model/model.h"

/* invoices_previous_period - the UTC month before now as YYYY-MM into out (8 bytes) */
void invoices_previous_period(time_t now, char out[8]);

/* invoices_monthly_run - the cron job monthly-invoices: for the period named by result's
 * "period" (YYYY-MM; absent: the previous UTC month; written back), one invoice per partner
 * whose ledger lines of that period add up to more than zero: the Stripe customer made once
 * per partner, the invoice, one item per ledger line, finalized and sent, every call with an
 * Idempotency-Key of partner, period and step. Re-runnable: a finished invoice is not made
 * again, an unfinished one goes on where it stopped. A partner's failure is named in
 * result.errors and the others go on. validation_failed for a malformed period; a run of the
 * same period in progress makes this one {skipped}. */
bool invoices_monthly_run(struct app *app, time_t now, json_object *result, struct err *err);

#endif

/* invoices_list - GET /invoices: a table-query page, newest first; staff see every partner's,
 * a partner's admins their own (the data layer's scope) */
json_object *invoices_list(struct app *app, const struct principal *p,
                           const struct list_params *params, struct err *err);

/* invoices_get - one invoice with its ledger lines ("lines", oldest first); not_found out of
 * reach */
json_object *invoices_get(struct app *app, const struct principal *p, const char *id,
                          struct err *err);

/* invoices_reach - the invoice is within p's reach (not_found otherwise): the route's reach */
bool invoices_reach(struct app *app, const struct principal *p, const char *id, struct err *err);

/* invoices_void - the owner voids an open (or failed, uncollectible) invoice in Stripe, then
 * here; conflict for another status or when Stripe refuses; not_found */
json_object *invoices_void(struct app *app, const struct principal *p, const char *id,
                           struct err *err);

/* invoices_mark_paid - the owner records a payment made outside Stripe (paid_out_of_band);
 * conflict for a draft, paid or void invoice or when Stripe refuses; not_found */
json_object *invoices_mark_paid(struct app *app, const struct principal *p, const char *id,
                                struct err *err);

/* invoices_credit - POST /partners/:id/credits {amount, description}: a credit line (negative)
 * on the partner's ledger, taken off its next monthly invoice; the line as written */
json_object *invoices_credit(struct app *app, const struct principal *p, const char *partner,
                             json_object *in, struct err *err);

/* invoices_charge - POST /partners/:id/charges {amount, description}: a manual_charge line and
 * at once a one-off invoice of it through Stripe (DESIGN §7.11: an invoice, not a bare
 * PaymentIntent); the invoice (a failed Stripe step leaves it a draft with lastError, and the
 * answer is the error: 503 or 409) */
json_object *invoices_charge(struct app *app, const struct principal *p, const char *partner,
                             json_object *in, struct err *err);
