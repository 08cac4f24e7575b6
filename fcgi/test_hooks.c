/* test_hooks.c - routes that exist only with PC_TEST_HOOKS (refused in production): they let
 * the fault tests make a responder hang. Their rows are .test_only: the dispatcher answers 404
 * for them when the hooks are off */
#include "handlers.h"

#include <stdlib.h>
#include <unistd.h>

int
test_sleep_route(struct req *req, struct res *res)
{
    char seconds[8] = "1";

    req_query(req, "s", seconds, sizeof(seconds));
    sleep((unsigned)atoi(seconds));
    return res_json(res, 200, json_object_new_object());
}
