/* actions_routes.c - the one-click actions of the reminder e-mail: POST /actions/check (what a
 * link will do, nothing changed) and POST /actions/apply (do it); public, the token is the
 * credential */
#include "handlers.h"

#include "domain/lead_actions.h"

int
actions_check_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    json_object *in = req_json(req, &err);
    json_object *out = in ? lead_actions_check(req->app, in, &err) : NULL;

    return out ? res_json(res, 200, out) : res_fail(res, &err);
}

int
actions_apply_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    json_object *in = req_json(req, &err);
    json_object *out = in ? lead_actions_apply(req->app, in, &err) : NULL;

    return out ? res_json(res, 200, out) : res_fail(res, &err);
}
