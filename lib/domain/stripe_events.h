/* stripe_events.h - Stripe's invoice events (domain.md §5.3, integrations.md §D.4-§D.5) on our
 * invoices: each a compare-and-set from the statuses it may leave, so a duplicate or an event
 * out of order never moves a paid invoice back; an event id applied once is remembered for
 * STRIPE_EVENT_KEEP_MS and its repeats ignored */
#ifndef PC_STRIPE_EVENTS_H
#define PC_STRIPE_EVENTS_H

#include <stdbool.h>

#include "app.h"
#include "core/err.h"
#include "domain/webhook_inbox.h"

#define STRIPE_EVENT_KEEP_MS (30LL * 24 * 3600 * 1000)

/* stripe_delivery_apply - one webhook delivery (an event; its type in d->kind) into r:
 * processed when an invoice of ours changed, ignored for an unknown invoice, an unhandled
 * type, a repeat or a change the invoice's status does not allow. invoice.payment_failed
 * queues the alert to ALERT_EMAIL_TO and the partner's billing e-mail. false with err only for
 * the database (the job retries). */
bool stripe_delivery_apply(struct app *app, const struct webhook_delivery *d,
                           struct webhook_report *r, struct err *err);

#endif
