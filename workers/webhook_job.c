/* webhook_job.c - a webhook delivery's job: inbox, apply, outcome */
#include "webhook_job.h"

#include <stdio.h>
#include <string.h>

static enum job_result
ended(struct app *app, const struct webhook_delivery *d, struct webhook_report *r,
      const struct err *err, bool last_attempt, struct job_outcome *out)
{
    enum job_result result = job_result_from_err(err, out);

    if (result == JOB_OK && strcmp(r->status, "failed") == 0) {
        snprintf(out->error, sizeof(out->error), "%s", r->error);
        result = JOB_FAIL; /* dead letters, and a failed delivery in the inbox to replay */
    } else if (result != JOB_OK) {
        snprintf(r->error, sizeof(r->error), "%s%.200s",
                 result == JOB_RETRY && !last_attempt ? "will retry: " : "", out->error);
        r->status = result == JOB_RETRY && !last_attempt ? "received" : "failed";
        if (err->retry_after > 0)
            out->retry_after_s = err->retry_after;
    }
    webhook_inbox_finish(app, d, r);
    return result;
}

enum job_result
webhook_job_run(struct app *app, const struct job *job, bool last_attempt, struct job_outcome *out,
                webhook_apply_fn *apply)
{
    json_object *payload = job_payload(job);
    struct webhook_delivery d;
    struct webhook_report r = {.status = "processed"};
    struct err err = ERR_INIT;
    enum job_result result = JOB_FAIL;

    if (payload == NULL || !webhook_delivery_read(payload, &d)) {
        snprintf(out->error, sizeof(out->error), "not a webhook delivery");
        goto out;
    }
    webhook_inbox_begin(app, &d, job->attempt);
    apply(app, job, &d, &r, &err);
    result = ended(app, &d, &r, &err, last_attempt, out);
out:
    webhook_report_release(&r);
    json_object_put(payload);
    return result;
}
