/* webhook_job.h - the frame of both webhook queues' jobs: the delivery read from the payload,
 * recorded in the inbox, applied, and its end recorded (job_hubspot_webhook.c,
 * job_chilipiper_webhook.c) */
#ifndef PC_WEBHOOK_JOB_H
#define PC_WEBHOOK_JOB_H

#include "domain/webhook_inbox.h"
#include "jobs.h"

/* apply a delivery; true with r filled (r->status "failed" for a delivery that can never be
 * applied as it is), false with err when it cannot be applied now (unavailable, rate_limited:
 * a retry follows) or at all (any other code) */
typedef bool webhook_apply_fn(struct app *app, const struct job *job,
                              const struct webhook_delivery *d, struct webhook_report *r,
                              struct err *err);

/* webhook_job_run - run apply on the job's delivery: inbox received, then processed, ignored or
 * failed (a retry leaves it received with the error). JOB_OK, JOB_RETRY (transient, attempts
 * left) or JOB_FAIL (dead letters: the delivery is wrong, or apply failed for good) */
enum job_result webhook_job_run(struct app *app, const struct job *job, bool last_attempt,
                                struct job_outcome *out, webhook_apply_fn *apply);

#endif
