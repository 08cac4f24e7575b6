/* return_mail.h - the e-mails of a lead return (issue 16: "e-mails to the other side"): a
 * partner's ask goes to the staff's alert address, the staff's decision to the user who asked */
#ifndef PC_RETURN_MAIL_H
#define PC_RETURN_MAIL_H

#include <bson/bson.h>

#include "app.h"

/* return_mail_requested - queue "return-requested" to ALERT_EMAIL_TO for ret (the return as
 * inserted) of the partner pdoc; logged, never the caller's: the return is kept */
void return_mail_requested(struct app *app, const bson_t *ret, const bson_t *pdoc);

/* return_mail_decided - queue "return-decided" to the user who asked ret (the return after the
 * decision; credit: the cents given back in currency (NULL: usd), 0 for none; credit_note: the
 * Stripe credit note that gave them back, "CN-1 on invoice INV-7", NULL when it is all off the
 * next invoice); logged, never the caller's */
void return_mail_decided(struct app *app, const bson_t *ret, int64_t credit, const char *currency,
                         const char *credit_note);

#endif
