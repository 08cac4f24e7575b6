/* invoices_routes.c - invoices: the list and one with its lines (staff, the partner's admins),
 * the owner's void and paid-out-of-band; a partner's manual credit and charge */
#include "handlers.h"

#include "domain/invoices.h"
#include "list_params.h"

int
invoices_list_route(struct req *req, struct res *res)
{
    return list_answer(req, res, invoices_list);
}

int
invoices_get_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    json_object *out = invoices_get(req->app, &req->principal, req_param(req, "id"), &err);

    return out ? res_json(res, 200, out) : res_fail(res, &err);
}

int
invoices_void_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    json_object *out = invoices_void(req->app, &req->principal, req_param(req, "id"), &err);

    return out ? res_json(res, 200, out) : res_fail(res, &err);
}

int
invoices_mark_paid_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    json_object *out = invoices_mark_paid(req->app, &req->principal, req_param(req, "id"), &err);

    return out ? res_json(res, 200, out) : res_fail(res, &err);
}

int
partners_credit_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    json_object *in = req_json(req, &err);
    json_object *out =
        in ? invoices_credit(req->app, &req->principal, req_param(req, "id"), in, &err) : NULL;

    return out ? res_json(res, 201, out) : res_fail(res, &err);
}

int
partners_charge_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    json_object *in = req_json(req, &err);
    json_object *out =
        in ? invoices_charge(req->app, &req->principal, req_param(req, "id"), in, &err) : NULL;

    return out ? res_json(res, 201, out) : res_fail(res, &err);
}
