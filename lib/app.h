/* app.h - what a process owns for its whole life: configuration, database, Redis */
#ifndef PC_APP_H
#define PC_APP_H

#include "core/config.h"
#include "db/db.h"
#include "db/rds.h"

struct http_client;

struct app {
    struct config cfg;
    struct db *db;
    struct rds *rds;
    struct http_client *http; /* made on first use: app_http() */
};

/* app_http - the process's HTTP client (created on first call); NULL only when out of memory */
struct http_client *app_http(struct app *app);

/* app_open - load configuration from the environment and create the clients (no I/O yet).
 * On failure prints every problem to stderr and returns false. proc names the log lines. */
bool app_open(struct app *app, const char *proc);
void app_close(struct app *app);

#endif
