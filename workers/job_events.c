/* job_events.c - the events queue: store one audit event per job (idempotent by job id) */
#include <stdio.h>

#include "jobs.h"
#include "queue/events.h"

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
    events_write(app, job->id, payload, &err);
    json_object_put(payload);
    return job_result_from_err(&err, out);
}
