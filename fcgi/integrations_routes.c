/* integrations_routes.c - the Integrations page's routes (staff): connection state, the webhook
 * inbox and its replay, the HubSpot sync and its tasks */
#include "handlers.h"

#include "core/json.h"
#include "domain/hubspot_sync.h"
#include "domain/integrations.h"
#include "domain/sync_tasks.h"
#include "domain/webhook_inbox.h"
#include "list_params.h"

int
integrations_get_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    json_object *out = integrations_status(req->app, &req->principal, &err);

    return out ? res_json(res, 200, out) : res_fail(res, &err);
}

int
webhook_inbox_list_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    struct list_buffers bufs;
    struct list_params lp;
    char provider[32], status[32];
    const char *pv = NULL, *st = NULL;
    json_object *out = NULL;

    if (list_params_read(req, &bufs, &lp, &err)
        && query_param(req, "provider", provider, sizeof(provider), &pv, &err)
        && query_param(req, "status", status, sizeof(status), &st, &err))
        out = webhook_inbox_list(req->app, &req->principal, &lp, pv, st, &err);
    return out ? res_json(res, 200, out) : res_fail(res, &err);
}

int
webhook_inbox_get_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    json_object *out = webhook_inbox_get(req->app, &req->principal, req_param(req, "id"), &err);

    return out ? res_json(res, 200, out) : res_fail(res, &err);
}

int
webhook_inbox_replay_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    char job[JOB_ID_CAP];
    json_object *out;

    if (!webhook_inbox_replay(req->app, &req->principal, req_param(req, "id"), job, &err))
        return res_fail(res, &err);
    out = json_object_new_object();
    json_object_object_add(out, "id", json_object_new_string(req_param(req, "id")));
    json_object_object_add(out, "job", json_object_new_string(job));
    return res_json(res, 202, out);
}

/* {full?: bool}, or no body */
static bool
sync_body(struct req *req, bool *full, struct err *err)
{
    static const char *const known[] = {"full", NULL};
    json_object *in, *v;

    *full = false;
    if (req->body_len == 0)
        return true;
    if ((in = req_json(req, err)) == NULL || !model_refuse_unknown(in, known, err))
        return err->code != NULL || err_set(err, ERR_VALIDATION_FAILED, "invalid sync request");
    v = json_member(in, "full");
    if (v != NULL && !json_object_is_type(v, json_type_boolean)) {
        err_detail(err, "full", "must be true or false");
        return err_set(err, ERR_VALIDATION_FAILED, "invalid sync request");
    }
    *full = v != NULL && json_object_get_boolean(v);
    return true;
}

int
leads_sync_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    char id[OID_STR_SIZE];
    bool full, running;
    json_object *out;

    if (!sync_body(req, &full, &err)
        || !hubspot_sync_start(req->app, &req->principal, full, id, &running, &err))
        return res_fail(res, &err);
    out = json_object_new_object();
    json_object_object_add(out, "id", json_object_new_string(id));
    json_object_object_add(out, "alreadyRunning", json_object_new_boolean(running));
    return res_json(res, 202, out);
}

int
sync_tasks_list_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    struct list_buffers bufs;
    struct list_params lp;
    char kind[48];
    const char *k = NULL;
    json_object *out = NULL;

    if (list_params_read(req, &bufs, &lp, &err)
        && query_param(req, "kind", kind, sizeof(kind), &k, &err))
        out = sync_tasks_list(req->app, &req->principal, &lp, k, &err);
    return out ? res_json(res, 200, out) : res_fail(res, &err);
}

int
sync_tasks_get_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    json_object *out = sync_tasks_get(req->app, &req->principal, req_param(req, "id"), &err);

    return out ? res_json(res, 200, out) : res_fail(res, &err);
}
