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
