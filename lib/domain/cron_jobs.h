/* cron_jobs.h - the table of periodic jobs the cron route runs by name */
#ifndef PC_CRON_JOBS_H
#define PC_CRON_JOBS_H

#include <json-c/json.h>
#include <stdbool.h>
#include <time.h>

#include "app.h"
#include "core/err.h"

/* a job adds its figures to result (borrowed); now is injected so tests control time */
typedef bool cron_job_fn(struct app *app, time_t now, json_object *result, struct err *err);

struct cron_job {
    const char *name;
    cron_job_fn *run;
};

/* cron_job_find - the job of that name, NULL when unknown (or name is NULL) */
const struct cron_job *cron_job_find(const char *name);

#endif
