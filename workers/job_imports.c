/* job_imports.c - the imports queue: run one import (job id = import id), see import_run.h */
#include "import/import_run.h"
#include "jobs.h"

enum job_result
job_imports(struct app *app, const struct job *job, bool last_attempt, struct job_outcome *out)
{
    struct err err = ERR_INIT;
    enum job_result result;

    if (import_run(app, job->id, &err))
        return JOB_OK;
    result = job_result_from_err(&err, out);
    if (result == JOB_RETRY && !last_attempt)
        return JOB_RETRY; /* the next attempt resumes after the last finished chunk */
    import_mark_failed(app, job->id,
                       result == JOB_RETRY
                           ? "the import stopped: the database or Redis stayed unavailable"
                           : "the import stopped because of an internal error");
    return JOB_FAIL;
}
