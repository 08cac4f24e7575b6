/* job_partner_webhooks.c - the partner-webhooks queue: one job per (event, endpoint), one
 * attempt per run (domain/partner_webhooks.h); the job's own schedule (queue/hook_retry.h)
 * says when the next run is, through the Retry-After of the outcome */
#include <stdio.h>

#include "domain/partner_webhooks.h"
#include "jobs.h"

enum job_result
job_partner_webhooks(struct app *app, const struct job *job, bool last_attempt,
                     struct job_outcome *out)
{
    json_object *payload = job_payload(job);
    struct err err = ERR_INIT;
    int retry_s = -1;
    enum job_result result;

    if (payload == NULL) {
        snprintf(out->error, sizeof(out->error), "partner webhook payload is not a JSON object");
        return JOB_FAIL;
    }
    partner_webhook_deliver(app, payload, job->attempt, last_attempt, &retry_s, &err);
    json_object_put(payload);
    result = job_result_from_err(&err, out);
    if (result == JOB_OK && retry_s >= 0) {
        snprintf(out->error, sizeof(out->error), "the endpoint did not take it; next attempt");
        out->retry_after_s = retry_s;
        result = JOB_RETRY;
    }
    return result;
}
