/* routes.c - THE route table: one row per endpoint, sorted by path. Read it to know the API. */
#include "handlers.h"
#include "router.h"

const struct route routes[] = {
    {"GET", "/api/openapi.json", openapi_get, ACCESS_PUBLIC, "OpenAPI document of this API", 0, 0},
    {"GET", "/api/v1/admin/queues", admin_queues_list, ACCESS_LOOPBACK,
     "Per queue: length, pending, delayed, dead, oldest job age", 0, 0},
    {"GET", "/api/v1/admin/queues/:queue/dead", admin_queues_dead, ACCESS_LOOPBACK,
     "Dead-letter jobs of a queue, newest first", 0, 0},
    {"POST", "/api/v1/admin/queues/:queue/dead/:id/replay", admin_queues_replay, ACCESS_LOOPBACK,
     "Put a dead job back on its queue with its attempts reset", 0, 0},
    {"DELETE", "/api/v1/admin/queues/:queue/dead/:id", admin_queues_delete, ACCESS_LOOPBACK,
     "Discard a dead job", 0, 0},
    {"POST", "/api/v1/cron/:job", cron_run, ACCESS_CRON, "Run a periodic job by name", 0, 0},
    {"GET", "/api/v1/health", health_get, ACCESS_PUBLIC,
     "Liveness; with ?deep=1 also checks the database and Redis", 0, 0},
};

const size_t routes_count = sizeof(routes) / sizeof(routes[0]);
