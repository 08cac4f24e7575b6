/* jobs.h - the job functions of pc-worker, one per queue (job_<queue>.c) */
#ifndef PC_JOBS_H
#define PC_JOBS_H

#include <stdbool.h>

#include "app.h"
#include "queue/job.h"

enum job_result {
    JOB_OK,    /* effects committed: acknowledge */
    JOB_RETRY, /* transient failure: try again after a backoff (or the provider's wait) */
    JOB_FAIL,  /* permanent failure: straight to the dead-letter stream */
    JOB_DEFER, /* not run now (a limit of its own): again after retry_after_s, not an attempt */
};

struct job_outcome {
    char error[256];   /* why, when not JOB_OK */
    int retry_after_s; /* a provider's Retry-After, -1 when none */
};

/* job_fn - run one job. last_attempt: the worker loop will not run this job again whatever it
 * returns (retry then means dead letters), so a job with a state of its own records the
 * failure now. Fills out->error when not JOB_OK. */
typedef enum job_result job_fn(struct app *app, const struct job *job, bool last_attempt,
                               struct job_outcome *out);

struct job_handler {
    const char *queue;
    job_fn *run;
};

/* jobs_find - the handler of a queue; NULL when the queue has none (yet) or is a test queue
 * and test hooks are off */
const struct job_handler *jobs_find(const char *queue, bool test_hooks);

/* jobs_list - print the queues that have a handler, one per line (for the stack script) */
void jobs_list(bool test_hooks);

/* job_result_from_err - the one rule of how a job's failure ends: no error -> JOB_OK; the
 * database or Redis unavailable, or a provider's rate limit -> JOB_RETRY (after a backoff,
 * while attempts last); any other code -> JOB_FAIL (dead letters at once: the job itself is
 * wrong, or a bug; an admin replays it). Writes err's message and cause to out->error. */
enum job_result job_result_from_err(const struct err *err, struct job_outcome *out);

/* a job's heartbeat for the long ones: job_touch(&t) renews the claim on t.job (queue_touch);
 * a failure is logged, the job goes on */
struct job_touch {
    struct app *app;
    const char *queue;
    const struct job *job;
};
void job_touch(void *touch);

/* the handlers */
job_fn job_events, job_email, job_imports, job_test_effect, job_test_noop;
job_fn job_hubspot_webhook, job_chilipiper_webhook, job_sync_leads;
job_fn job_partner_api_lead;
job_fn job_partner_webhooks;
job_fn job_stripe_webhook;

#endif
