/* partner_api_routes.c - the partner API (Authorization: Bearer pc_...): status pushes, their
 * jobs, and reads of the token's partner's leads and meetings (the data layer scopes them by the
 * token's principal as it does a partner user's) */
#include "handlers.h"

#include <stdio.h>
#include <string.h>

#include "core/isotime.h"
#include "domain/leads.h"
#include "domain/meetings.h"
#include "domain/partner_api.h"
#include "list_params.h"
#include "queue/events.h"

int
partner_status_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    json_object *in = req_json(req, &err);
    json_object *out = in ? partner_api_submit(req->app, &req->principal, in, &err) : NULL;

    return out ? res_json(res, 202, out) : res_fail(res, &err);
}

int
partner_job_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    json_object *out = partner_api_job(req->app, &req->principal, req_param(req, "id"), &err);

    return out ? res_json(res, 200, out) : res_fail(res, &err);
}

/* filter plus {updatedAt >= since}: the table query of GET /leads with an incremental pull */
static bool
with_updated_since(const char *filter, const char *since, char *out, size_t cap, struct err *err)
{
    int64_t ms;
    json_object *list = filter && filter[0] ? json_tokener_parse(filter) : json_object_new_array();
    json_object *item = json_object_new_object();
    bool ok = false;

    if (!isotime_parse(since, strlen(since), &ms))
        err_set(err, ERR_BAD_REQUEST, "updatedSince must be an ISO 8601 date-time");
    else if (list == NULL || !json_object_is_type(list, json_type_array))
        err_set(err, ERR_BAD_REQUEST, "filter must be a JSON array");
    else {
        json_object_object_add(item, "column", json_object_new_string("updatedAt"));
        json_object_object_add(item, "operator", json_object_new_string("gte"));
        json_object_object_add(item, "value", json_object_new_string(since));
        json_object_array_add(list, item);
        item = NULL;
        int n =
            snprintf(out, cap, "%s", json_object_to_json_string_ext(list, JSON_C_TO_STRING_PLAIN));
        ok = n >= 0 && (size_t)n < cap ? true : err_set(err, ERR_BAD_REQUEST, "filter too long");
    }
    json_object_put(item);
    json_object_put(list);
    return ok;
}

int
partner_leads_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    struct list_buffers bufs;
    struct list_params lp;
    char since[64], filter[sizeof(bufs.filter) + 128];
    const char *since_p = NULL;
    json_object *out = NULL;

    if (list_params_read(req, &bufs, &lp, &err)
        && query_param(req, "updatedSince", since, sizeof(since), &since_p, &err)
        && (since_p == NULL
            || with_updated_since(lp.filter, since_p, filter, sizeof(filter), &err))) {
        if (since_p != NULL)
            lp.filter = filter;
        out = leads_list(req->app, &req->principal, &lp, &err);
    }
    return out ? res_json(res, 200, out) : res_fail(res, &err);
}

int
partner_lead_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    json_object *out = leads_get(req->app, &req->principal, req_param(req, "id"), &err);

    return out ? res_json(res, 200, out) : res_fail(res, &err);
}

int
partner_meetings_route(struct req *req, struct res *res)
{
    return list_answer(req, res, meetings_list);
}

int
partner_note_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    json_object *in = req_json(req, &err);
    json_object *out = in ? notes_add(req->app, &req->principal, req_param(req, "id"), in,
                                      SOURCE_PARTNER_API, &err)
                          : NULL;

    return out ? res_json(res, 201, out) : res_fail(res, &err);
}

int
partner_outcome_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    json_object *in = req_json(req, &err);
    json_object *out = in ? meeting_attendance_set(req->app, &req->principal, req_param(req, "id"),
                                                   in, SOURCE_PARTNER_API, &err)
                          : NULL;

    return out ? res_json(res, 200, out) : res_fail(res, &err);
}
