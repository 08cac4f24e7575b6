/* dispatch.c - everything the router does before and after a handler (style.md §1.5) */
#include "dispatch.h"

#include <ctype.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "access.h"
#include "core/clock.h"
#include "core/log.h"
#include "partner_calls.h"
#include "db/db.h"
#include "router.h"

/* take nginx's $request_id when it looks like one, or make our own */
static void
set_request_id(struct req *req)
{
    const char *given = req_env(req, "REQUEST_ID");
    unsigned char raw[16];
    size_t len = given ? strlen(given) : 0;
    bool ok = len >= 8 && len < sizeof(req->request_id);

    for (size_t i = 0; ok && i < len; i++)
        ok = isxdigit((unsigned char)given[i]) || given[i] == '-';
    if (ok) {
        memcpy(req->request_id, given, len + 1);
    } else {
        RAND_bytes(raw, sizeof(raw));
        for (size_t i = 0; i < sizeof(raw); i++)
            snprintf(req->request_id + 2 * i, 3, "%02x", raw[i]);
    }
    log_set_request(req->request_id);
}

static bool
has_body_method(const char *method)
{
    return strcmp(method, "POST") == 0 || strcmp(method, "PUT") == 0 || strcmp(method, "PATCH") == 0
           || strcmp(method, "DELETE") == 0;
}

static bool
content_type_is(const char *ctype, const char *want)
{
    size_t n = strlen(want);

    return ctype != NULL && strncasecmp(ctype, want, n) == 0
           && (ctype[n] == '\0' || ctype[n] == ';' || ctype[n] == ' ');
}

/* limits and media type for the matched route, then the capped read of the body */
static bool
accept_body(struct req *req, struct err *err)
{
    const struct route *r = req->route;
    long limit = r->body_limit               ? r->body_limit
                 : r->body == BODY_MULTIPART ? req->app->cfg.import_max_bytes
                                             : req->app->cfg.max_body_bytes;
    long len = req_content_length(req);
    const char *ctype = req_env(req, "CONTENT_TYPE");

    if (!has_body_method(req->method) || len == 0)
        return true;
    if (len < 0)
        return err_set(err, ERR_BAD_REQUEST, "invalid Content-Length");
    /* a body the route would ignore is refused: the client sent something we would drop */
    if (!router_takes_body(r))
        return err_set(err, ERR_UNSUPPORTED_MEDIA_TYPE, "this route takes no request body");
    if (len > limit)
        return err_set(err, ERR_PAYLOAD_TOO_LARGE, "request body exceeds %ld bytes", limit);
    if (r->body == BODY_JSON && !content_type_is(ctype, "application/json"))
        return err_set(err, ERR_UNSUPPORTED_MEDIA_TYPE, "send the body as application/json");
    if (r->body == BODY_MULTIPART && !content_type_is(ctype, "multipart/form-data"))
        return err_set(err, ERR_UNSUPPORTED_MEDIA_TYPE, "send the file as multipart/form-data");
    return req_read_body(req, limit, err);
}

static void
log_access(const struct req *req, const struct res *res)
{
    double ms = clock_mono_ms() - req->started_ms;
    static const char *const kinds[] = {"anonymous", "user", "partner_token", "system"};

    log_info("request", "method=%s route=%s status=%d ms=%.1f db=%d principal=%s%s%s%s%s",
             req->method, req->route ? req->route->pattern : "-", res->status, ms,
             req->app != NULL && req->app->db != NULL ? db_take_commands(req->app->db) : 0,
             kinds[req->principal.kind], req->principal.user_id[0] ? ":" : "",
             req->principal.user_id, res->error_code ? " error=" : "",
             res->error_code ? res->error_code : "");
}

int
dispatch(struct req *req, struct res *res)
{
    return dispatch_table(routes, routes_count, req, res);
}

int
dispatch_table(const struct route *table, size_t n, struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    char allow[128];

    set_request_id(req);
    if (req->app != NULL && req->app->db != NULL)
        db_take_commands(req->app->db); /* count this request's round trips only */
    res_header(res, "Cache-Control", "no-store");
    res->head_only = strcmp(req->method, "HEAD") == 0;
    switch (router_match(table, n, req, allow, sizeof(allow))) {
    case MATCH_NOT_FOUND: res_error(res, ERR_NOT_FOUND, "no such route"); goto out;
    case MATCH_WRONG_METHOD:
        res_header(res, "Allow", "%s", allow);
        res_error(res, ERR_METHOD_NOT_ALLOWED, "method not allowed on this route");
        goto out;
    case MATCH_OK: break;
    }
    if (req->route->test_only && (req->app == NULL || req->app->cfg.test_hooks == NULL)) {
        req->route = NULL;
        res_error(res, ERR_NOT_FOUND, "no such route");
        goto out;
    }
    /* a parameter the route does not read is refused (kore): a typo must not go unnoticed */
    if (!router_query_check(req->route, req->query, &err) || !accept_body(req, &err)
        || !access_check(req, &err)) {
        res_fail(res, &err);
        goto out;
    }
    if (req->route->access == ACCESS_PARTNER_TOKEN)
        res->status = partner_calls_run(req, res); /* rate limit, idempotency, audit */
    else
        res->status = req->route->handler(req, res);
out:
    log_access(req, res);
    log_set_request(NULL);
    return res->status;
}
