/* views_routes.c - saved views of the leads list: list, save, read, delete */
#include "handlers.h"

#include "domain/views.h"

int
views_list_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    json_object *out = views_list(req->app, &req->principal, &err);

    return out ? res_json(res, 200, out) : res_fail(res, &err);
}

int
views_create_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    json_object *in = req_json(req, &err);
    json_object *out = in ? views_create(req->app, &req->principal, in, &err) : NULL;

    return out ? res_json(res, 201, out) : res_fail(res, &err);
}

int
views_get_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    json_object *out = views_get(req->app, &req->principal, req_param(req, "id"), &err);

    return out ? res_json(res, 200, out) : res_fail(res, &err);
}

int
views_delete_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;

    if (!views_delete(req->app, &req->principal, req_param(req, "id"), &err))
        return res_fail(res, &err);
    return res_json(res, 204, NULL);
}
