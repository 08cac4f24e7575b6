/* partner_webhooks_routes.c - /api/v1/partners/:id/webhooks...: a partner's webhook endpoints,
 * their secrets, delivery log, replays and test events (domain/partner_webhooks.h) */
#include "handlers.h"

#include "domain/partner_webhooks.h"
#include "list_params.h"

static struct hook_ref
ref_of(const struct req *req)
{
    return (struct hook_ref){req_param(req, "id"), req_param(req, "hookId")};
}

static int
answer(struct res *res, int status, json_object *out, const struct err *err)
{
    return out ? res_json(res, status, out) : res_fail(res, err);
}

int
partner_webhooks_list_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    struct list_buffers bufs;
    struct list_params lp;
    json_object *out = NULL;

    if (list_params_read(req, &bufs, &lp, &err))
        out = partner_webhooks_list(req->app, &req->principal, req_param(req, "id"), &lp, &err);
    return answer(res, 200, out, &err);
}

int
partner_webhooks_create_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    json_object *in = req_json(req, &err);
    json_object *out =
        in ? partner_webhooks_create(req->app, &req->principal, req_param(req, "id"), in, &err)
           : NULL;

    return answer(res, 201, out, &err);
}

int
partner_webhooks_update_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    struct hook_ref r = ref_of(req);
    json_object *in = req_json(req, &err);
    json_object *out = in ? partner_webhooks_update(req->app, &req->principal, &r, in, &err) : NULL;

    return answer(res, 200, out, &err);
}

int
partner_webhooks_delete_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    struct hook_ref r = ref_of(req);

    if (!partner_webhooks_delete(req->app, &req->principal, &r, &err))
        return res_fail(res, &err);
    return res_json(res, 204, NULL);
}

int
partner_webhooks_rotate_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    struct hook_ref r = ref_of(req);

    return answer(res, 200, partner_webhooks_rotate(req->app, &req->principal, &r, &err), &err);
}

int
partner_webhooks_test_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    struct hook_ref r = ref_of(req);

    return answer(res, 202, partner_webhooks_test(req->app, &req->principal, &r, &err), &err);
}

int
partner_webhooks_deliveries_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    struct hook_ref r = ref_of(req);
    struct list_buffers bufs;
    struct list_params lp;
    json_object *out = NULL;

    if (list_params_read(req, &bufs, &lp, &err))
        out = partner_webhooks_deliveries(req->app, &req->principal, &r, &lp, &err);
    return answer(res, 200, out, &err);
}

int
partner_webhooks_replay_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    struct hook_ref r = ref_of(req);
    json_object *out =
        partner_webhooks_replay(req->app, &req->principal, &r, req_param(req, "deliveryId"), &err);

    return answer(res, 202, out, &err);
}

int
partner_webhooks_replay_since_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    struct hook_ref r = ref_of(req);
    json_object *in = req_json(req, &err);
    json_object *out =
        in ? partner_webhooks_replay_since(req->app, &req->principal, &r, in, &err) : NULL;

    return answer(res, 202, out, &err);
}
