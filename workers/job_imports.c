/* job_imports.c - the imports queue: run one import (job id = import id), see import_run.h */
#include <stdio.h>
#include <string.h>

#include "import/import_run.h"
#include "jobs.h"
#include "queue/queues.h"

enum job_result
job_imports(struct app *app, const struct job *job, struct job_outcome *out)
{
    const struct queue_spec *spec = queue_spec_find("imports", false);
    struct err err = ERR_INIT;
    bool transient;

    if (import_run(app, job->id, &err))
        return JOB_OK;
    snprintf(out->error, sizeof(out->error), "%.120s: %.120s", err.message, err.cause);
    transient = err_is(&err, ERR_UNAVAILABLE);
    if (transient && spec != NULL && job->attempt + 1 < spec->max_attempts)
        return JOB_RETRY; /* the next attempt resumes after the last finished chunk */
    import_mark_failed(app, job->id,
                       transient ? "the import stopped: the database or Redis stayed unavailable"
                                 : "the import stopped because of an internal error");
    return JOB_FAIL;
}
