/* cron_routes.c - POST /api/v1/cron/:job, called by systemd timers or the dev scheduler through
 * nginx */
#include "handlers.h"

#include <string.h>
#include <time.h>

#include "core/clock.h"
#include "domain/cron_jobs.h"

int
cron_run_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    const struct cron_job *job = cron_job_find(req_param(req, "job"));
    json_object *result = NULL;

    if (job == NULL)
        return res_error(res, ERR_NOT_FOUND, "no such cron job");
    result = json_object_new_object();
    json_object_object_add(result, "job", json_object_new_string(job->name));
    if (!job->run(req->app, (time_t)clock_now_s(), result, &err)) {
        json_object_put(result);
        return res_fail(res, &err);
    }
    return res_json(res, 200, result);
}
