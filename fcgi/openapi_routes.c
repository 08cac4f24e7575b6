/* openapi_routes.c - GET /api/openapi.json: the document of THE route table (openapi.c) */
#include "handlers.h"
#include "openapi.h"

int
openapi_get_route(struct req *req, struct res *res)
{
    bool with_test = req->app != NULL && req->app->cfg.test_hooks != NULL;

    res_header(res, "Cache-Control", "no-cache");
    return res_json(res, 200, openapi_document(routes, routes_count, with_test));
}
