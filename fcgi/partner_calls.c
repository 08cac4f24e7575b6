/* partner_calls.c - the partner API's rate limit, Idempotency-Key and audit around a handler */
#include "partner_calls.h"

#include <string.h>

#include "auth/idempotency.h"
#include "auth/rate_limit.h"
#include "queue/events.h"
#include "router.h"

static void
rate_headers(struct res *res, const struct rate_state *rs)
{
    res_header(res, "RateLimit-Limit", "%ld", rs->limit);
    res_header(res, "RateLimit-Remaining", "%ld", rs->remaining);
    res_header(res, "RateLimit-Reset", "%ld", rs->reset_s);
}

/* one audit event per call: who (the token, by id and name), what (method, route), the answer */
static void
audit(struct req *req, int status)
{
    json_object *after = json_object_new_object();
    struct event ev = {.action = "api.request",
                       .entity_type = "api_token",
                       .entity_id = req->principal.token_id,
                       .partner_id = req->principal.partner_id,
                       .after = after,
                       .source = SOURCE_PARTNER_API};

    json_object_object_add(after, "method", json_object_new_string(req->method));
    json_object_object_add(after, "route", json_object_new_string(req->route->pattern));
    json_object_object_add(after, "path", json_object_new_string(req->path));
    json_object_object_add(after, "status", json_object_new_int(status));
    json_object_object_add(after, "requestId", json_object_new_string(req->request_id));
    events_record(req->app, &req->principal, &ev);
    json_object_put(after);
}

/* the token's bucket: false when res is answered (429, or 503 without Redis) */
static bool
admitted(struct req *req, struct res *res)
{
    struct rate_state rs;
    struct err err = ERR_INIT;

    if (!rate_limit_take(req->app, req->principal.token_id, &rs, &err)) {
        res_fail(res, &err);
        return false;
    }
    rate_headers(res, &rs);
    if (rs.allowed)
        return true;
    err_set(&err, ERR_RATE_LIMITED, "rate limit of this API token reached: retry in %ld s",
            rs.retry_after);
    err.retry_after = (int)rs.retry_after;
    res_fail(res, &err);
    return false;
}

/* the handler's answer as JSON text, to keep */
static const char *
answer_text(const struct res *res)
{
    return res->json ? json_object_to_json_string_ext(res->json, JSON_C_TO_STRING_PLAIN) : "";
}

int
partner_calls_run(struct req *req, struct res *res)
{
    const char *key = req_header(req, "Idempotency-Key");
    struct idem idem = {0};
    struct err err = ERR_INIT;
    int status;

    if (!admitted(req, res)) {
        status = res->status;
        goto out;
    }
    if (key != NULL && strcmp(req->method, "POST") == 0
        && !idem_begin(req->app, req->principal.token_id, key, req->method, req->path, req->body,
                       req->body_len, &idem, &err)) {
        status = res_fail(res, &err);
        goto out;
    }
    if (idem.body != NULL) { /* the first answer again */
        res_header(res, "Idempotent-Replayed", "true");
        status = res_raw(res, idem.status, "application/json; charset=utf-8", idem.body,
                         strlen(idem.body));
        goto out;
    }
    status = req->route->handler(req, res);
    if (idem.claimed)
        idem_finish(req->app, &idem, status, answer_text(res));
out:
    audit(req, status);
    idem_release(&idem);
    return status;
}
