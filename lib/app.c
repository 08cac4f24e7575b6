/* app.c - process start-up shared by pc-api, pc-worker and pc-admin */
#include "app.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "http/http_client.h"

static const char *
env_get(const char *name)
{
    return getenv(name);
}

static void
print_problems(const struct err *err)
{
    fprintf(stderr, "configuration problems:\n");
    for (int i = 0; i < err->ndetails; i++)
        fprintf(stderr, "  %s %s\n", err->details[i].field, err->details[i].problem);
    if (err->ndetails == 0)
        fprintf(stderr, "  %s%s%s\n", err->message, err->cause[0] ? ": " : "", err->cause);
}

bool
app_open(struct app *app, const char *proc)
{
    struct err err = ERR_INIT;

    memset(app, 0, sizeof(*app));
    if (!config_load(&app->cfg, env_get, &err)) {
        print_problems(&err);
        return false;
    }
    log_init(proc, (enum log_level)app->cfg.log_level);
    db_library_init();
    curl_global_init(CURL_GLOBAL_DEFAULT);
    struct db_options dbo = {app->cfg.db_timeout_ms, app->cfg.db_max_time_ms, DB_ENGINE_MONGODB};
    db_engine_parse(app->cfg.db_engine, &dbo.engine); /* config_load checked the name */
    app->db = db_new(app->cfg.mongodb_url, &dbo, &err);
    if (app->db != NULL)
        app->rds = rds_new(app->cfg.redis_url, app->cfg.redis_timeout_ms, &err);
    if (app->db == NULL || app->rds == NULL) {
        print_problems(&err);
        app_close(app);
        return false;
    }
    return true;
}

struct http_client *
app_http(struct app *app)
{
    if (app->http == NULL)
        app->http = http_client_new();
    return app->http;
}

void
app_close(struct app *app)
{
    http_client_free(app->http);
    app->http = NULL;
    rds_free(app->rds);
    db_free(app->db);
    app->rds = NULL;
    app->db = NULL;
    db_library_cleanup();
    curl_global_cleanup();
}
