/* job_stripe_webhook.c - the stripe-webhook queue: one Stripe event delivery each, applied to
 * our invoices (lib/domain/stripe_events.c) */
#include "domain/stripe_events.h"
#include "jobs.h"
#include "webhook_job.h"

static bool
apply(struct app *app, const struct job *job, const struct webhook_delivery *d,
      struct webhook_report *r, struct err *err)
{
    (void)job;
    return stripe_delivery_apply(app, d, r, err);
}

enum job_result
job_stripe_webhook(struct app *app, const struct job *job, bool last_attempt,
                   struct job_outcome *out)
{
    return webhook_job_run(app, job, last_attempt, out, apply);
}
