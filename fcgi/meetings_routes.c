/* meetings_routes.c - meeting (appointment) endpoints: list, read, types; meetings logged by
 * hand (log, change, cancel); outcomes */
#include "handlers.h"

#include "domain/meetings.h"
#include "list_params.h"
#include "queue/events.h"

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

int
meetings_types_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    json_object *out = meetings_types(req->app, &req->principal, &err);

    return out ? res_json(res, 200, out) : res_fail(res, &err);
}

int
meetings_log_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    json_object *in = req_json(req, &err);
    json_object *out =
        in ? meetings_log(req->app, &req->principal, req_param(req, "id"), in, &err) : NULL;

    return out ? res_json(res, 201, out) : res_fail(res, &err);
}

int
meetings_change_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    json_object *in = req_json(req, &err);
    json_object *out =
        in ? meetings_change(req->app, &req->principal, req_param(req, "id"), in, &err) : NULL;

    return out ? res_json(res, 200, out) : res_fail(res, &err);
}

int
meetings_cancel_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    json_object *out = meetings_cancel(req->app, &req->principal, req_param(req, "id"), &err);

    return out ? res_json(res, 200, out) : res_fail(res, &err);
}

int
meetings_outcome_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    json_object *in = req_json(req, &err);
    json_object *out = in ? meeting_attendance_set(req->app, &req->principal, req_param(req, "id"),
                                                   in, SOURCE_UI, &err)
                          : NULL;

    return out ? res_json(res, 200, out) : res_fail(res, &err);
}
