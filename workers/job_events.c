/* job_events.c - the events queue: store one audit event per job (idempotent by job id) and
 * hand it to the webhooks to partners (queue/partner_hooks.h) */
#include <stdio.h>

#include "jobs.h"
#include "queue/events.h"
#include "queue/partner_hooks.h"

enum job_result
job_events(struct app *app, const struct job *job, bool last_attempt, struct job_outcome *out)
{
    json_object *payload = job_payload(job);
    struct err err = ERR_INIT;

    (void)last_attempt;
    if (payload == NULL) {
        snprintf(out->error, sizeof(out->error), "event payload is not a JSON object");
        return JOB_FAIL;
    }
    /* stored, then announced to the partner's endpoints: a retry repeats neither (both are
     * idempotent by the event id) */
    if (events_write(app, job->id, payload, &err))
        partner_hooks_fanout(app, job->id, payload, &err);
    json_object_put(payload);
    return job_result_from_err(&err, out);
}
