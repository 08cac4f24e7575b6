/* returns_routes.c - lead returns: a partner's people ask, staff list and decide */
#include "handlers.h"

#include "domain/returns.h"
#include "list_params.h"

int
returns_request_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    json_object *in = req_json(req, &err);
    json_object *out =
        in ? returns_request(req->app, &req->principal, req_param(req, "id"), in, &err) : NULL;

    return out ? res_json(res, 201, out) : res_fail(res, &err);
}

int
returns_list_route(struct req *req, struct res *res)
{
    return list_answer(req, res, returns_list);
}

static int
decide(struct req *req, struct res *res, bool approve)
{
    struct err err = ERR_INIT;
    json_object *in = req_json(req, &err); /* {} or {note} */
    json_object *out =
        in ? returns_decide(req->app, &req->principal, req_param(req, "id"), approve, in, &err)
           : NULL;

    return out ? res_json(res, 200, out) : res_fail(res, &err);
}

int
returns_approve_route(struct req *req, struct res *res)
{
    return decide(req, res, true);
}

int
returns_reject_route(struct req *req, struct res *res)
{
    return decide(req, res, false);
}
