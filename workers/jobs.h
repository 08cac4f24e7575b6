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
};

struct job_outcome {
    char error[256];   /* why, when not JOB_OK */
    int retry_after_s; /* a provider's Retry-After, -1 when none */
};

typedef enum job_result job_fn(struct app *app, const struct job *job, struct job_outcome *out);

struct job_handler {
    const char *queue;
    job_fn *run;
};

/* jobs_find - the handler of a queue; NULL when the queue has none (yet) or is a test queue
 * and test hooks are off */
const struct job_handler *jobs_find(const char *queue, bool test_hooks);

/* jobs_list - print the queues that have a handler, one per line (for the stack script) */
void jobs_list(bool test_hooks);

/* the handlers */
enum job_result job_events(struct app *app, const struct job *job, struct job_outcome *out);
enum job_result job_email(struct app *app, const struct job *job, struct job_outcome *out);
enum job_result job_imports(struct app *app, const struct job *job, struct job_outcome *out);
enum job_result job_test_effect(struct app *app, const struct job *job, struct job_outcome *out);
enum job_result job_test_noop(struct app *app, const struct job *job, struct job_outcome *out);

#endif
