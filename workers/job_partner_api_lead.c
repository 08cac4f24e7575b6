/* job_partner_api_lead.c - the partner-api-lead queue: one POST /api/v1/status of a partner's
 * system, run with the rights of a partner user (lib/domain/partner_api_run.c) */
#include <stdio.h>

#include "domain/partner_api.h"
#include "jobs.h"

enum job_result
job_partner_api_lead(struct app *app, const struct job *job, bool last_attempt,
                     struct job_outcome *out)
{
    json_object *payload = job_payload(job);
    struct err err = ERR_INIT;
    enum job_result result;

    if (payload == NULL) {
        snprintf(out->error, sizeof(out->error), "the job's payload is not a JSON object");
        return JOB_FAIL;
    }
    /* a refusal is the job's answer, written to its record: only an outage is retried */
    result = partner_api_run(app, job->id, payload, last_attempt, &err)
                 ? JOB_OK
                 : job_result_from_err(&err, out);
    json_object_put(payload);
    return result;
}
