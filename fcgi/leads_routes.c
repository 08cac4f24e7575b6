/* leads_routes.c - lead endpoints: list, read, create, change, archive, status, sales managers,
 * history, bulk actions */
#include "handlers.h"

#include "domain/leads.h"
#include "list_params.h"
#include "queue/events.h"

int
leads_list_route(struct req *req, struct res *res)
{
    return list_answer(req, res, leads_list);
}

int
leads_get_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    json_object *out = leads_get(req->app, &req->principal, req_param(req, "id"), &err);

    return out ? res_json(res, 200, out) : res_fail(res, &err);
}

int
leads_create_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    json_object *in = req_json(req, &err);
    json_object *out = in ? leads_create(req->app, &req->principal, in, &err) : NULL;

    return out ? res_json(res, 201, out) : res_fail(res, &err);
}

int
leads_update_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    json_object *in = req_json(req, &err);
    json_object *out =
        in ? leads_update(req->app, &req->principal, req_param(req, "id"), in, &err) : NULL;

    return out ? res_json(res, 200, out) : res_fail(res, &err);
}

int
leads_archive_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;

    if (!leads_archive(req->app, &req->principal, req_param(req, "id"), &err))
        return res_fail(res, &err);
    return res_json(res, 204, NULL);
}

int
leads_status_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    json_object *in = req_json(req, &err);
    json_object *out =
        in ? leads_set_status(req->app, &req->principal, req_param(req, "id"), in, SOURCE_UI, &err)
           : NULL;

    return out ? res_json(res, 200, out) : res_fail(res, &err);
}

int
leads_sales_managers_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    json_object *out = leads_sales_managers(req->app, &req->principal, &err);

    return out ? res_json(res, 200, out) : res_fail(res, &err);
}

int
leads_history_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    json_object *out = leads_history(req->app, &req->principal, req_param(req, "id"), &err);

    return out ? res_json(res, 200, out) : res_fail(res, &err);
}

int
leads_bulk_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    json_object *in = req_json(req, &err);
    json_object *out = in ? leads_bulk(req->app, &req->principal, in, &err) : NULL;

    return out ? res_json(res, 200, out) : res_fail(res, &err);
}
