/* meetings_routes.c - meeting (appointment) endpoints */
#include "handlers.h"

#include "domain/meetings.h"
#include "list_params.h"

int
meetings_list_route(struct req *req, struct res *res)
{
    return list_answer(req, res, meetings_list);
}

int
meetings_get_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    json_object *out = meetings_get(req->app, &req->principal, req_param(req, "id"), &err);

    return out ? res_json(res, 200, out) : res_fail(res, &err);
}
