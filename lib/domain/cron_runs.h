/* cron_runs.h - running a cron job: CRON_DISABLED, the per-day run lock of daily and monthly
 * jobs, and the cron_runs record of every run (DESIGN §7.10) */
#ifndef PC_CRON_RUNS_H
#define PC_CRON_RUNS_H

#include <json-c/json.h>
#include <stdbool.h>
#include <time.h>

#include "app.h"
#include "core/err.h"
#include "core/principal.h"
#include "domain/cron_jobs.h"
#include "model/model.h"
#include <bson/bson.h>

#define CRON_DAY_CAP 11 /* YYYY-MM-DD */
#define CRON_RUNS_KEEP_DAYS 30

/* cron_local_day - the calendar day of now in the zone tz ("UTC", "America/Los_Angeles") as
 * YYYY-MM-DD: the key of a daily job's run lock. Sets and restores TZ (pc-api is single
 * threaded); false when the day cannot be computed. */
bool cron_local_day(time_t now, const char *tz, char out[CRON_DAY_CAP]);

/* cron_job_once - whether job runs at most once per local day (a daily or monthly schedule) */
bool cron_job_once(const struct cron_job *job);

/* cron_lock_take - take the run lock key (cron_locks) of job for day (a label: the local day,
 * or a job's own period): a new lock, or one whose run failed or went stale (2 h), or with
 * rerun one that is done; *taken false while another run holds it (or, without rerun, when a
 * run of it is done) */
bool cron_lock_take(struct app *app, const char *key, const char *job, const char *day, bool rerun,
                    int64_t now, bool *taken, struct err *err);

/* cron_lock_finish - mark the lock key done or failed (logged when it cannot be written) */
void cron_lock_finish(struct app *app, const char *key, bool ok);

/* cron_run - run job at now with its figures in result (borrowed). conflict when CRON_DISABLED
 * names it; a daily job whose day is already taken (done or running) runs nothing and reports
 * {skipped}. A failed run frees the day for the next trigger. Every run is recorded in
 * cron_runs; the job's own error is returned after that. */
bool cron_run(struct app *app, const struct cron_job *job, time_t now, json_object *result,
              struct err *err);

/* cron_runs_list - GET /admin/cron-runs: a table-query page of the runs, newest first; job may
 * be NULL. forbidden for anyone but the owner (the route checks that too). */
json_object *cron_runs_list(struct app *app, const struct principal *p,
                            const struct list_params *params, const char *job, struct err *err);

/* cron_purge_batch - delete at most limit documents of collection matching filter (borrowed),
 * oldest ids first: their ids read, then one delete by $in; *n counts the deleted */
bool cron_purge_batch(struct app *app, const char *collection, const bson_t *filter, int64_t limit,
                      int64_t *n, struct err *err);

/* cron_purge_set_batch - $set set (borrowed) on at most limit documents of collection
 * matching filter (borrowed), oldest ids first; *n counts them */
bool cron_purge_set_batch(struct app *app, const char *collection, const bson_t *filter,
                          const bson_t *set, int64_t limit, int64_t *n, struct err *err);

/* cron_runs_purge - delete run records older than CRON_RUNS_KEEP_DAYS, and run locks of
 * those days, at most limit of each; *n counts them */
bool cron_runs_purge(struct app *app, time_t now, int64_t limit, int64_t *n, struct err *err);

#endif
