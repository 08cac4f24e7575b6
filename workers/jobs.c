/* jobs.c - which function runs the jobs of which queue: the job column of THE queue table
 * (queues.h). Queues whose feature is not built yet have NULL there; their issue fills it in. */
#include "jobs.h"

#include <stdio.h>
#include <string.h>

#include "core/log.h"
#include "queue/queue.h"
#include "queue/queues.h"

#define QUEUE_HANDLER(name, attempts, backoff, backoff_max, visibility, test_only, job) {name, job},

static const struct job_handler handlers[] = {QUEUE_TABLE(QUEUE_HANDLER)};

const struct job_handler *
jobs_find(const char *queue, bool test_hooks)
{
    if (queue_spec_find(queue, test_hooks) == NULL)
        return NULL;
    for (size_t i = 0; i < sizeof(handlers) / sizeof(handlers[0]); i++)
        if (strcmp(handlers[i].queue, queue) == 0)
            return handlers[i].run != NULL ? &handlers[i] : NULL;
    return NULL;
}

enum job_result
job_result_from_err(const struct err *err, struct job_outcome *out)
{
    if (err_is(err, ERR_NONE))
        return JOB_OK;
    snprintf(out->error, sizeof(out->error), "%.120s: %.120s", err->message, err->cause);
    return err_is(err, ERR_UNAVAILABLE) || err_is(err, ERR_RATE_LIMITED) ? JOB_RETRY : JOB_FAIL;
}

void
job_touch(void *touch)
{
    struct job_touch *t = touch;
    struct err err = ERR_INIT;

    if (!queue_touch(t->app, t->queue, t->job, &err))
        log_warn("cannot renew the claim of a job", "queue=%s job=%s err=\"%s\"", t->queue,
                 t->job->id, err.cause);
}

void
jobs_list(bool test_hooks)
{
    for (size_t i = 0; i < sizeof(handlers) / sizeof(handlers[0]); i++)
        if (handlers[i].run != NULL && queue_spec_find(handlers[i].queue, test_hooks) != NULL)
            printf("%s\n", handlers[i].queue);
}
