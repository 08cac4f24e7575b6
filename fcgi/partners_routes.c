/* partners_routes.c - partner endpoints: list, create, read, change, archive, stats, billing,
 * ledger */
#include "handlers.h"

#include "domain/ledger.h"
#include "domain/partners.h"
#include "list_params.h"

int
partners_list_route(struct req *req, struct res *res)
{
    return list_answer(req, res, partners_list);
}

int
partners_create_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    json_object *in = req_json(req, &err);
    json_object *out = in ? partners_create(req->app, &req->principal, in, &err) : NULL;

    return out ? res_json(res, 201, out) : res_fail(res, &err);
}

int
partners_get_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    json_object *out = partners_get(req->app, &req->principal, req_param(req, "id"), &err);

    return out ? res_json(res, 200, out) : res_fail(res, &err);
}

int
partners_update_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    json_object *in = req_json(req, &err);
    json_object *out =
        in ? partners_update(req->app, &req->principal, req_param(req, "id"), in, &err) : NULL;

    return out ? res_json(res, 200, out) : res_fail(res, &err);
}

int
partners_archive_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;

    if (!partners_archive(req->app, &req->principal, req_param(req, "id"), &err))
        return res_fail(res, &err);
    return res_json(res, 204, NULL);
}

int
partners_stats_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    json_object *out = partners_stats(req->app, &req->principal, req_param(req, "id"), &err);

    return out ? res_json(res, 200, out) : res_fail(res, &err);
}

int
partners_billing_get_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    json_object *out = partners_billing_get(req->app, &req->principal, req_param(req, "id"), &err);

    return out ? res_json(res, 200, out) : res_fail(res, &err);
}

int
partners_billing_put_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    json_object *in = req_json(req, &err);
    json_object *out =
        in ? partners_billing_put(req->app, &req->principal, req_param(req, "id"), in, &err) : NULL;

    return out ? res_json(res, 200, out) : res_fail(res, &err);
}

int
partners_ledger_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    struct list_buffers bufs;
    struct list_params lp;
    json_object *out = NULL;

    if (list_params_read(req, &bufs, &lp, &err))
        out = ledger_list(req->app, &req->principal, req_param(req, "id"), &lp, &err);
    return out ? res_json(res, 200, out) : res_fail(res, &err);
}
