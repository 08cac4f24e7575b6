/* cron_jobs.h - the table of periodic jobs the cron route runs by name */
#ifndef PC_CRON_JOBS_H
#define PC_CRON_JOBS_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include "app.h"
#include "core/err.h"

/* a job adds its figures to result (borrowed); now is injected so tests control time */
typedef bool cron_job_fn(struct app *app, time_t now, json_object *result, struct err *err);

/* schedule: "every <N>s|m|h", "daily HH:MM" or "monthly <day> HH:MM", times in CRON_TIMEZONE;
 * read by the dev scheduler and the production timers (ansible/) through --list-cron-jobs */
struct cron_job {
    const char *name;
    cron_job_fn *run;
    const char *schedule;
    bool own_lock; /* re-runnable: the job keeps its own run lock, not the per-day one */
};

/* cron_job_find - the job of that name, NULL when unknown (or name is NULL) */
const struct cron_job *cron_job_find(const char *name);

/* cron_jobs_print - one "name schedule" line per job (pc-api --list-cron-jobs) */
void cron_jobs_print(FILE *out);

#endif
