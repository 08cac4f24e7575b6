/* health_routes.c - liveness, and with ?deep=1 a check of the database and Redis */
#include "handlers.h"

#include <string.h>

int
health_get_route(struct req *req, struct res *res)
{
    struct err db_err = ERR_INIT, rds_err = ERR_INIT, err = ERR_INIT;
    char deep[8] = "";

    if (req_query(req, "deep", deep, sizeof(deep)) && strcmp(deep, "1") == 0) {
        bool db_ok = db_ping(req->app->db, &db_err);
        bool rds_ok = rds_ping(req->app->rds, &rds_err);
        if (!db_ok)
            err_detail(&err, "database", "unreachable");
        if (!rds_ok)
            err_detail(&err, "redis", "unreachable");
        if (!db_ok || !rds_ok) {
            err_unavailable(&err,
                            !db_ok && !rds_ok ? "the database and redis"
                            : !db_ok          ? "the database"
                                              : "redis",
                            NULL);
            return res_fail(res, &err);
        }
    }
    json_object *body = json_object_new_object();
    json_object_object_add(body, "status", json_object_new_string("ok"));
    return res_json(res, 200, body);
}
