/* job_partner_webhooks.c - the partner-webhooks queue: one job per (event, endpoint), one
 * attempt per run (domain/partner_webhooks.h); the job's own schedule (queue/hook_retry.h)
 * says when the next run is, through the Retry-After of the outcome. An endpoint with all its
 * slots taken (queue/hook_slots.h) has the job wait a moment for one, then a second in the
 * delayed set, not counted as an attempt. */
#include <stdio.h>
#include <time.h>

#include "core/json.h"
#include "domain/partner_webhooks.h"
#include "jobs.h"
#include "queue/hook_slots.h"

#define SLOT_WAIT_S 1
/* how long a job waits here for a slot before it is deferred: a fast endpoint frees one within
 * a few milliseconds (deferring at once cut one endpoint's rate from 360 to 27 deliveries/s:
 * the jobs bounced through the delayed set), a hanging one costs a worker no more than this */
#define SLOT_POLL_MS 10
#define SLOT_POLLS 20

static bool
take_slot(struct app *app, const char *endpoint, const char *holder, bool *admitted,
          struct err *err)
{
    const struct timespec pause = {0, SLOT_POLL_MS * 1000000L};

    for (int i = 0;; i++) {
        if (!hook_slot_take(app, endpoint, holder, admitted, err))
            return false;
        if (*admitted || i == SLOT_POLLS)
            return true;
        nanosleep(&pause, NULL);
    }
}

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
    const char *endpoint = json_str(payload, "endpoint");
    bool admitted = true;
    if (endpoint != NULL && !take_slot(app, endpoint, job->id, &admitted, &err)) {
        json_object_put(payload);
        return job_result_from_err(&err, out);
    }
    if (!admitted) {
        json_object_put(payload);
        snprintf(out->error, sizeof(out->error), "the endpoint has deliveries in flight");
        out->retry_after_s = SLOT_WAIT_S;
        return JOB_DEFER;
    }
    partner_webhook_deliver(app, payload, job->attempt, last_attempt, &retry_s, &err);
    if (endpoint != NULL)
        hook_slot_release(app, endpoint, job->id);
    json_object_put(payload);
    result = job_result_from_err(&err, out);
    if (result == JOB_OK && retry_s >= 0) {
        snprintf(out->error, sizeof(out->error), "the endpoint did not take it; next attempt");
        out->retry_after_s = retry_s;
        result = JOB_RETRY;
    }
    return result;
}
