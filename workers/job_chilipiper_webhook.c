/* job_chilipiper_webhook.c - the chilipiper-webhook queue: one booking delivery each, and the
 * reconciliation runs of the chilipiper-reconcile cron job (type "reconcile"), on one queue so
 * that one worker applies ChiliPiper's meetings in turn */
#include <stdio.h>
#include <string.h>

#include "core/json.h"
#include "domain/chilipiper.h"
#include "jobs.h"
#include "webhook_job.h"

static bool
apply(struct app *app, const struct job *job, const struct webhook_delivery *d,
      struct webhook_report *r, struct err *err)
{
    (void)job;
    return chilipiper_delivery_apply(app, d, r, err);
}

static enum job_result
reconcile(struct app *app, const struct job *job, bool last_attempt, struct job_outcome *out)
{
    json_object *payload = job_payload(job);
    struct job_touch touch = {app, "chilipiper-webhook", job};
    struct err err = ERR_INIT;
    const char *task = json_str(payload, "task");
    enum job_result result;

    if (task == NULL) {
        snprintf(out->error, sizeof(out->error), "reconcile job without a task");
        json_object_put(payload);
        return JOB_FAIL;
    }
    chilipiper_reconcile_run(app, task, job_touch, &touch, last_attempt, &err);
    result = job_result_from_err(&err, out);
    if (err.retry_after > 0)
        out->retry_after_s = err.retry_after;
    json_object_put(payload);
    return result;
}

enum job_result
job_chilipiper_webhook(struct app *app, const struct job *job, bool last_attempt,
                       struct job_outcome *out)
{
    if (strcmp(job->type, "reconcile") == 0)
        return reconcile(app, job, last_attempt, out);
    return webhook_job_run(app, job, last_attempt, out, apply);
}
