/* notes_routes.c - the notes of a lead: list, add, delete */
#include "handlers.h"

#include "domain/leads.h"
#include "queue/events.h"

int
notes_list_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    json_object *out = notes_list(req->app, &req->principal, req_param(req, "id"), &err);

    return out ? res_json(res, 200, out) : res_fail(res, &err);
}

int
notes_add_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    json_object *in = req_json(req, &err);
    json_object *out =
        in ? notes_add(req->app, &req->principal, req_param(req, "id"), in, SOURCE_UI, &err) : NULL;

    return out ? res_json(res, 201, out) : res_fail(res, &err);
}

int
notes_delete_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;

    if (!notes_delete(req->app, &req->principal, req_param(req, "id"), req_param(req, "noteId"),
                      &err))
        return res_fail(res, &err);
    return res_json(res, 204, NULL);
}
