/* users_routes.c - user management endpoints (admins): list, invite, read, change, status, archive
 */
#include "handlers.h"

#include "domain/users.h"
#include "list_params.h"

int
users_list_route(struct req *req, struct res *res)
{
    return list_answer(req, res, users_list);
}

int
users_invite_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    json_object *in = req_json(req, &err);
    json_object *out = in ? users_invite(req->app, &req->principal, in, &err) : NULL;

    return out ? res_json(res, 201, out) : res_fail(res, &err);
}

int
users_get_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    json_object *out = users_get(req->app, &req->principal, req_param(req, "id"), &err);

    return out ? res_json(res, 200, out) : res_fail(res, &err);
}

int
users_update_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    json_object *in = req_json(req, &err);
    json_object *out =
        in ? users_update(req->app, &req->principal, req_param(req, "id"), in, &err) : NULL;

    return out ? res_json(res, 200, out) : res_fail(res, &err);
}

int
users_status_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    json_object *in = req_json(req, &err);
    json_object *out =
        in ? users_set_active(req->app, &req->principal, req_param(req, "id"), in, &err) : NULL;

    return out ? res_json(res, 200, out) : res_fail(res, &err);
}

int
users_resend_invite_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;

    json_object *body;

    if (!users_resend_invite(req->app, &req->principal, req_param(req, "id"), &err))
        return res_fail(res, &err);
    body = json_object_new_object(); /* a 202 says what was accepted: the e-mail is queued */
    json_object_object_add(body, "status", json_object_new_string("queued"));
    return res_json(res, 202, body);
}

int
users_archive_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;

    if (!users_archive(req->app, &req->principal, req_param(req, "id"), &err))
        return res_fail(res, &err);
    return res_json(res, 204, NULL);
}
