/* returns.h - lead returns (issue 16): a partner's user asks to return a lead within the
 * partner's window (returnWindowDays, default RETURNS_WINDOW_DAYS, counted from the lead's
 * assignment or its latest meeting, whichever is later) with a B2B reason, up to the partner's
 * cap (returnCapPercent of the month's leads, default RETURNS_CAP_PERCENT, at least one); staff
 * approve (what the lead was charged comes back: return_credit.h) or reject. One return
 * per lead. Audit events on the lead. Every json_object * returned is the caller's. */
#ifndef PC_RETURNS_H
#define PC_RETURNS_H

#include <json-c/json.h>

#include "app.h"
#include "core/err.h"
#include "core/principal.h"
#include "model/model.h"

#define RETURNS_WINDOW_DAYS 14
#define RETURNS_CAP_PERCENT 10

/* returns_request - POST /leads/:id/returns {reason, note}: not_found (out of reach),
 * forbidden (staff ask nothing: they decide), validation_failed, conflict (asked before, the
 * window closed, the cap reached) */
json_object *returns_request(struct app *app, const struct principal *p, const char *lead,
                             json_object *in, struct err *err);

/* returns_list - GET /returns: staff see all, a partner's people their own */
json_object *returns_list(struct app *app, const struct principal *p,
                          const struct list_params *params, struct err *err);

/* returns_decide - POST /returns/:id/approve|reject {note?} (staff; a rejection needs the
 * note): not_found, forbidden, validation_failed, conflict (decided before, or Stripe refused a
 * credit note: the return stays asked), unavailable / rate_limited (Stripe: try again) */
json_object *returns_decide(struct app *app, const struct principal *p, const char *id,
                            bool approve, json_object *in, struct err *err);

/* returns_reason_label - a reason code as people read it ("Outside our ICP"); the code itself
 * when unknown */
const char *returns_reason_label(const char *reason);

#endif
