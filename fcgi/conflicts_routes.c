/* conflicts_routes.c - assignment conflicts (staff): list, resolve */
#include "handlers.h"

#include "domain/conflicts.h"
#include "list_params.h"

int
conflicts_list_route(struct req *req, struct res *res)
{
    return list_answer(req, res, conflicts_list);
}

int
conflicts_resolve_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    json_object *in = req_json(req, &err);
    json_object *out =
        in ? conflicts_resolve(req->app, &req->principal, req_param(req, "id"), in, &err) : NULL;

    return out ? res_json(res, 200, out) : res_fail(res, &err);
}
