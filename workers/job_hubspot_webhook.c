/* job_hubspot_webhook.c - the hubspot-webhook queue: one delivery (a batch of events) each; the
 * claim renewed before each HubSpot call (contacts read for creations may wait on the limits) */
#include "domain/hubspot.h"
#include "jobs.h"
#include "webhook_job.h"

static bool
apply(struct app *app, const struct job *job, const struct webhook_delivery *d,
      struct webhook_report *r, struct err *err)
{
    struct job_touch touch = {app, "hubspot-webhook", job};
    struct hubspot_ctx h;

    hubspot_ctx_init(&h, app, job_touch, &touch);
    return hubspot_batch_apply(&h, d->body, r, err);
}

enum job_result
job_hubspot_webhook(struct app *app, const struct job *job, bool last_attempt,
                    struct job_outcome *out)
{
    return webhook_job_run(app, job, last_attempt, out, apply);
}
