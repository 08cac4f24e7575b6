/* dashboard_routes.c - the figures of the dashboard */
#include "handlers.h"

#include <time.h>

#include "core/clock.h"
#include "domain/dashboard.h"

int
dashboard_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    json_object *out = dashboard_get(req->app, &req->principal, (time_t)clock_now_s(), &err);

    return out ? res_json(res, 200, out) : res_fail(res, &err);
}
