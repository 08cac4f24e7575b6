/* routes.c - THE route table: one row per endpoint, sorted by path. Read it to know the API. */
#include "handlers.h"
#include "router.h"

const struct route routes[] = {
    {"GET", "/api/openapi.json", openapi_get, ACCESS_PUBLIC, "OpenAPI document of this API", 0, 0},
    {"POST", "/api/v1/cron/:job", cron_run, ACCESS_CRON, "Run a periodic job by name", 0, 0},
    {"GET", "/api/v1/health", health_get, ACCESS_PUBLIC,
     "Liveness; with ?deep=1 also checks the database and Redis", 0, 0},
};

const size_t routes_count = sizeof(routes) / sizeof(routes[0]);
