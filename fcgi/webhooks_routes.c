/* webhooks_routes.c - inbound webhooks. The router has checked the signature (HubSpot) or the
 * path token (ChiliPiper) from the access column; a handler only checks the body's shape and
 * queues it (one Redis call): 200 at once, 503 when Redis is down so that the sender retries. */
#include "handlers.h"

#include <string.h>

#include "domain/webhook_inbox.h"

#define JSON_MAX_DEPTH 32
#define EVENTS_MAX 1000 /* HubSpot sends at most 100 per delivery */

/* the raw body parsed strictly (caller puts it); NULL with err bad_json */
static json_object *
parse(const struct req *req, struct err *err)
{
    json_tokener *tok = json_tokener_new_ex(JSON_MAX_DEPTH);
    json_object *o = NULL;

    if (tok == NULL) {
        err_set(err, ERR_INTERNAL, "out of memory");
        return NULL;
    }
    json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
    if (req->body_len > 0)
        o = json_tokener_parse_ex(tok, req->body, (int)req->body_len);
    if (o != NULL
        && (json_tokener_get_error(tok) != json_tokener_success
            || json_tokener_get_parse_end(tok) != req->body_len)) {
        json_object_put(o);
        o = NULL;
    }
    json_tokener_free(tok);
    if (o == NULL)
        err_set(err, ERR_BAD_JSON, "the body is not valid JSON");
    return o;
}

/* a HubSpot delivery is a non-empty array of event objects */
static bool
batch_ok(const struct req *req, struct err *err)
{
    json_object *o = parse(req, err);
    size_t n =
        o != NULL && json_object_is_type(o, json_type_array) ? json_object_array_length(o) : 0;
    bool ok = n > 0;

    for (size_t i = 0; ok && i < n; i++)
        ok = json_object_is_type(json_object_array_get_idx(o, i), json_type_object);
    json_object_put(o);
    return ok || err->code != NULL
           || err_set(err, ERR_BAD_JSON, "the body must be a JSON array of 1 to %d event objects",
                      EVENTS_MAX);
}

static int
queued(struct res *res, const char *id)
{
    json_object *out = json_object_new_object();

    json_object_object_add(out, "received", json_object_new_boolean(true));
    json_object_object_add(out, "id", json_object_new_string(id));
    return res_json(res, 200, out);
}

int
webhooks_hubspot_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    char id[OID_STR_SIZE];

    if (!batch_ok(req, &err)
        || !webhook_enqueue(req->app, WEBHOOK_HUBSPOT, "batch", req->body, req->body_len, id, &err))
        return res_fail(res, &err);
    return queued(res, id);
}

/* one booking (a JSON object), of the type its path says ("any" without one) */
static int
chilipiper(struct req *req, struct res *res, const char *kind)
{
    struct err err = ERR_INIT;
    char id[OID_STR_SIZE];
    json_object *o = parse(req, &err);
    bool ok = o != NULL && json_object_is_type(o, json_type_object);

    json_object_put(o);
    if (!ok && err.code == NULL)
        err_set(&err, ERR_BAD_JSON, "the body must be a JSON object");
    if (!ok
        || !webhook_enqueue(req->app, WEBHOOK_CHILIPIPER, kind, req->body, req->body_len, id, &err))
        return res_fail(res, &err);
    return queued(res, id);
}

int
webhooks_chilipiper_route(struct req *req, struct res *res)
{
    return chilipiper(req, res, "any");
}

int
webhooks_chilipiper_typed_route(struct req *req, struct res *res)
{
    static const char *const types[] = {"created", "updated", "canceled"};
    const char *type = req_param(req, "type");

    for (size_t i = 0; type != NULL && i < sizeof(types) / sizeof(types[0]); i++)
        if (strcmp(type, types[i]) == 0)
            return chilipiper(req, res, types[i]);
    return res_error(res, ERR_NOT_FOUND, "no such webhook type (created, updated, canceled)");
}

/* a Stripe event: an object with its id (evt_...) and a type; queued under the type */
int
webhooks_stripe_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    char id[OID_STR_SIZE], type[128] = "";
    json_object *o = parse(req, &err), *v;
    bool ok = json_object_is_type(o, json_type_object) && json_object_object_get_ex(o, "id", &v)
              && json_object_is_type(v, json_type_string)
              && strncmp(json_object_get_string(v), "evt_", 4) == 0
              && json_object_get_string_len(v) <= 255 && json_object_object_get_ex(o, "type", &v)
              && json_object_is_type(v, json_type_string) && json_object_get_string_len(v) > 0
              && json_object_get_string_len(v) < (int)sizeof(type);

    if (ok)
        snprintf(type, sizeof(type), "%s", json_object_get_string(v));
    json_object_put(o);
    if (!ok && err.code == NULL)
        err_set(&err, ERR_BAD_JSON, "the body must be a Stripe event: an object with id and type");
    if (!ok || !webhook_enqueue(req->app, WEBHOOK_STRIPE, type, req->body, req->body_len, id, &err))
        return res_fail(res, &err);
    return queued(res, id);
}
