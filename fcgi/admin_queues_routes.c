/* admin_queues_routes.c - the owner's view of the queues: figures, dead letters, replay, delete */
#include "handlers.h"

#include "core/clock.h"
#include "queue/queue.h"

/* the queue named in the path, or NULL after answering 404 */
static const struct queue_spec *
queue_or_fail(struct req *req, struct res *res)
{
    const struct queue_spec *spec =
        queue_spec_find(req_param(req, "queue"), req->app->cfg.test_hooks != NULL);

    if (spec == NULL)
        res_error(res, ERR_NOT_FOUND, "no such queue");
    return spec;
}

static json_object *
stats_json(const char *name, const struct queue_stats *st)
{
    json_object *o = json_object_new_object();

    json_object_object_add(o, "name", json_object_new_string(name));
    json_object_object_add(o, "length", json_object_new_int64(st->length));
    json_object_object_add(o, "pending", json_object_new_int64(st->pending));
    json_object_object_add(o, "delayed", json_object_new_int64(st->delayed));
    json_object_object_add(o, "dead", json_object_new_int64(st->dead));
    json_object_object_add(o, "oldestAgeMs", json_object_new_int64(st->oldest_age_ms));
    return o;
}

int
admin_queues_list_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    json_object *list = json_object_new_array(), *body;
    bool with_test = req->app->cfg.test_hooks != NULL;
    int64_t now = clock_now_ms(); /* milliseconds, like the stream ids it is compared to */

    for (size_t i = 0; i < queue_specs_count; i++) {
        struct queue_stats st;
        if (queue_specs[i].test_only && !with_test)
            continue;
        if (!queue_stats(req->app, queue_specs[i].name, now, &st, &err)) {
            json_object_put(list);
            return res_fail(res, &err);
        }
        json_object_array_add(list, stats_json(queue_specs[i].name, &st));
    }
    body = json_object_new_object();
    json_object_object_add(body, "list", list);
    return res_json(res, 200, body);
}

int
admin_queues_dead_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    const struct queue_spec *spec = queue_or_fail(req, res);
    json_object *list, *body;

    if (spec == NULL)
        return res->status;
    list = queue_dead_list(req->app, spec->name, 200, &err);
    if (list == NULL)
        return res_fail(res, &err);
    body = json_object_new_object();
    json_object_object_add(body, "list", list);
    return res_json(res, 200, body);
}

int
admin_queues_replay_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    const struct queue_spec *spec = queue_or_fail(req, res);
    bool found = false;

    if (spec == NULL)
        return res->status;
    if (!queue_replay(req->app, spec->name, req_param(req, "id"), &found, &err))
        return res_fail(res, &err);
    if (!found)
        return res_error(res, ERR_NOT_FOUND, "no such dead job");
    json_object *body = json_object_new_object();
    json_object_object_add(body, "replayed", json_object_new_boolean(1));
    return res_json(res, 202, body);
}

int
admin_queues_delete_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    const struct queue_spec *spec = queue_or_fail(req, res);
    bool found = false;

    if (spec == NULL)
        return res->status;
    if (!queue_dead_delete(req->app, spec->name, req_param(req, "id"), &found, &err))
        return res_fail(res, &err);
    if (!found)
        return res_error(res, ERR_NOT_FOUND, "no such dead job");
    return res_json(res, 204, NULL);
}
