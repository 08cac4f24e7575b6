/* job_sync_leads.c - the sync-leads queue: one bulk HubSpot contact sync per job, its claim
 * renewed before every HubSpot call (a killed worker's run is taken over and goes on from its
 * last page) */
#include <stdio.h>

#include "core/json.h"
#include "domain/hubspot_sync.h"
#include "jobs.h"

enum job_result
job_sync_leads(struct app *app, const struct job *job, bool last_attempt, struct job_outcome *out)
{
    json_object *payload = job_payload(job), *full = json_member(payload, "full");
    struct job_touch touch = {app, "sync-leads", job};
    struct err err = ERR_INIT;
    const char *task = json_str(payload, "task");
    enum job_result result = JOB_FAIL;

    if (task == NULL) {
        snprintf(out->error, sizeof(out->error), "sync job without a task");
    } else {
        hubspot_sync_run(app, task, full != NULL && json_object_get_boolean(full), job_touch,
                         &touch, last_attempt, &err);
        result = job_result_from_err(&err, out);
        if (err.retry_after > 0)
            out->retry_after_s = err.retry_after;
    }
    json_object_put(payload);
    return result;
}
