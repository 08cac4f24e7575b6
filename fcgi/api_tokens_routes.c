/* api_tokens_routes.c - a partner's API tokens: create (the secret shown once), list, revoke */
#include "handlers.h"

#include "domain/api_tokens.h"

int
api_tokens_create_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    json_object *in = req_json(req, &err);
    json_object *out =
        in ? api_tokens_create(req->app, &req->principal, req_param(req, "id"), in, &err) : NULL;

    return out ? res_json(res, 201, out) : res_fail(res, &err);
}

int
api_tokens_list_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    json_object *out = api_tokens_list(req->app, &req->principal, req_param(req, "id"), &err);

    return out ? res_json(res, 200, out) : res_fail(res, &err);
}

int
api_tokens_revoke_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;

    if (!api_tokens_revoke(req->app, &req->principal, req_param(req, "id"),
                           req_param(req, "tokenId"), &err))
        return res_fail(res, &err);
    return res_json(res, 204, NULL);
}
