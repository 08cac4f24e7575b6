/* cron_routes.c - POST /api/v1/cron/:job, called by systemd timers or the dev scheduler through
 * nginx */
#include "handlers.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/clock.h"
#include "domain/cron_jobs.h"
#include "domain/cron_runs.h"
#include "list_params.h"

/* test hooks only (PC_TEST_HOOKS, refused in production): X-PC-Test-Clock-Offset-Ms runs the
 * job with this process's clock that far ahead, so the API tests see "three days later"
 * without waiting; 0 without the hooks or the header */
static int64_t
test_clock_offset(const struct req *req)
{
    const char *v = req_header(req, "X-PC-Test-Clock-Offset-Ms");

    return req->app->cfg.test_hooks != NULL && v != NULL ? strtoll(v, NULL, 10) : 0;
}

/* ?period=YYYY-MM, for monthly-invoices alone (the job checks its form), into result */
static bool
period_param(const struct req *req, const struct cron_job *job, json_object *result,
             struct err *err)
{
    char buf[16];
    const char *period = NULL;

    if (!query_param(req, "period", buf, sizeof(buf), &period, err))
        return false;
    if (period == NULL)
        return true;
    if (strcmp(job->name, "monthly-invoices") != 0) {
        err_detail(err, "period", "is taken by monthly-invoices only");
        return err_set(err, ERR_VALIDATION_FAILED, "invalid cron query");
    }
    json_object_object_add(result, "period", json_object_new_string(period));
    return true;
}

int
cron_run_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    const struct cron_job *job = cron_job_find(req_param(req, "job"));
    json_object *result = NULL;
    int64_t offset = test_clock_offset(req);
    bool ok;

    if (job == NULL)
        return res_error(res, ERR_NOT_FOUND, "no such cron job");
    result = json_object_new_object();
    json_object_object_add(result, "job", json_object_new_string(job->name));
    if (!period_param(req, job, result, &err)) {
        json_object_put(result);
        return res_fail(res, &err);
    }
    if (offset != 0)
        clock_set_test_offset_ms(&req->app->cfg, offset);
    ok = cron_run(req->app, job, (time_t)clock_now_s(), result, &err);
    if (offset != 0)
        clock_set_test_offset_ms(&req->app->cfg, 0);
    if (!ok) {
        json_object_put(result);
        return res_fail(res, &err);
    }
    return res_json(res, 200, result);
}

int
admin_cron_runs_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    struct list_buffers bufs;
    struct list_params lp;
    char job[72];
    const char *jb = NULL;
    json_object *out = NULL;

    if (list_params_read(req, &bufs, &lp, &err)
        && query_param(req, "job", job, sizeof(job), &jb, &err))
        out = cron_runs_list(req->app, &req->principal, &lp, jb, &err);
    return out ? res_json(res, 200, out) : res_fail(res, &err);
}
