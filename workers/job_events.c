/* job_events.c - the events queue: store one audit event per job (idempotent by job id) */
#include <stdio.h>

#include "jobs.h"
#include "queue/events.h"

enum job_result
job_events(struct app *app, const struct job *job, struct job_outcome *out)
{
    json_object *payload = job_payload(job);
    struct err err = ERR_INIT;
    bool ok;

    if (payload == NULL) {
        snprintf(out->error, sizeof(out->error), "event payload is not a JSON object");
        return JOB_FAIL;
    }
    ok = events_write(app, job->id, payload, &err);
    json_object_put(payload);
    if (ok)
        return JOB_OK;
    snprintf(out->error, sizeof(out->error), "%.120s: %.120s", err.message, err.cause);
    return err.code != NULL && err.code[0] == 'u' ? JOB_RETRY : JOB_FAIL; /* unavailable */
}
