/* auth_routes.c - sign-in, sign-out, refresh, me, password flows, invitations */
#include "handlers.h"

#include <stdio.h>
#include <string.h>

#include "access.h"
#include "auth/jwt_token.h"
#include "auth/sessions.h"
#include "cookies.h"
#include "domain/reminders.h"
#include "core/clock.h"
#include "core/oid.h"
#include "domain/users.h"

/* status {user}, or the error when user is NULL */
static int
user_answer(struct res *res, int status, json_object *user, struct err *err)
{
    json_object *body;

    if (user == NULL)
        return res_fail(res, err);
    body = json_object_new_object();
    json_object_object_add(body, "user", user);
    return res_json(res, status, body);
}

/* start a session for user_id and answer {user} with the cookies */
static int
signed_in(struct req *req, struct res *res, const char *user_id, int status)
{
    struct err err = ERR_INIT;
    struct session s;
    json_object *user;

    if (!session_start(req->app, user_id, &s, &err))
        return res_fail(res, &err);
    user = users_me_json(req->app, user_id, &err);
    if (user != NULL)
        cookies_set_session(res, &s);
    session_release(&s);
    return user_answer(res, status, user, &err);
}

int
auth_sign_in_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    json_object *in = req_json(req, &err);
    char user_id[OID_STR_SIZE];

    if (in == NULL || !users_sign_in(req->app, in, req_env(req, "REMOTE_ADDR"), user_id, &err))
        return res_fail(res, &err);
    return signed_in(req, res, user_id, 200);
}

int
auth_sign_out_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    struct access_claims c = {0};
    char refresh[TOKEN_CAP] = "", access[2100] = "";
    bool via_cookie;

    req_cookie(req, COOKIE_REFRESH, refresh, sizeof(refresh));
    /* a bearer token is signed out as well as a cookie: both would work until they expire */
    if (access_token_read(req, access, sizeof(access), &via_cookie)
        && !access_token_verify(req->app->cfg.jwt_secret, access, (long long)clock_now_s(), &c,
                                &err))
        memset(&c, 0, sizeof(c)); /* an expired token needs no deny-listing */
    err_reset(&err);
    if (!session_end(req->app, refresh, access[0] ? c.jti : NULL, access[0] ? c.exp : 0, &err))
        return res_fail(res, &err);
    cookies_clear_session(res);
    return res_json(res, 204, NULL);
}

int
auth_refresh_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    struct session s;
    char refresh[TOKEN_CAP] = "", user_id[OID_STR_SIZE];

    if (!req_cookie(req, COOKIE_REFRESH, refresh, sizeof(refresh))
        || !session_refresh(req->app, refresh, &s, user_id, &err)) {
        if (err_is(&err, ERR_NONE) || err_is(&err, ERR_UNAUTHENTICATED))
            cookies_clear_session(res);
        if (err_is(&err, ERR_NONE))
            err_set(&err, ERR_UNAUTHENTICATED, "sign in again");
        return res_fail(res, &err);
    }
    cookies_set_session(res, &s);
    session_release(&s);
    return user_answer(res, 200, users_me_json(req->app, user_id, &err), &err);
}

int
auth_me_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    json_object *user = users_me_json(req->app, req->principal.user_id, &err);

    return user_answer(res, 200, user, &err);
}

int
auth_update_me_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    json_object *in = req_json(req, &err);
    json_object *user = in ? users_update_me(req->app, &req->principal, in, &err) : NULL;

    return user_answer(res, 200, user, &err);
}

int
auth_change_password_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    json_object *in = req_json(req, &err);

    if (in == NULL || !users_change_password(req->app, &req->principal, in, &err))
        return res_fail(res, &err);
    /* every other session ended; this browser gets a fresh one */
    return signed_in(req, res, req->principal.user_id, 200);
}

int
auth_forgot_password_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    json_object *in = req_json(req, &err), *body;

    if (in == NULL || !users_forgot_password(req->app, in, &err))
        return res_fail(res, &err);
    body = json_object_new_object();
    json_object_object_add(body, "message",
                           json_object_new_string("If an account exists for this address, "
                                                  "we sent it a link to choose a new password."));
    return res_json(res, 202, body);
}

int
auth_reset_password_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    json_object *in = req_json(req, &err);

    if (in == NULL || !users_reset_password(req->app, in, &err))
        return res_fail(res, &err);
    return res_json(res, 204, NULL);
}

int
auth_accept_invite_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    json_object *in = req_json(req, &err);
    char user_id[OID_STR_SIZE];

    if (in == NULL || !users_accept_invite(req->app, in, user_id, &err))
        return res_fail(res, &err);
    return signed_in(req, res, user_id, 200);
}

int
auth_check_invite_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    json_object *in = req_json(req, &err);
    json_object *out = in ? users_check_invite(req->app, in, &err) : NULL;

    if (out == NULL)
        return res_fail(res, &err);
    return res_json(res, 200, out);
}

int
auth_magic_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    json_object *in = req_json(req, &err);
    char user_id[OID_STR_SIZE];

    if (in == NULL || !reminders_magic_sign_in(req->app, in, user_id, &err))
        return res_fail(res, &err);
    return signed_in(req, res, user_id, 200);
}
