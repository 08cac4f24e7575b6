/* app.h - what a process owns for its whole life: configuration, database, Redis */
#ifndef PC_APP_H
#define PC_APP_H

#include "config.h"
#include "db.h"
#include "rds.h"

struct app {
    struct config cfg;
    struct db *db;
    struct rds *rds;
};

/* app_open - load configuration from the environment and create the clients (no I/O yet).
 * On failure prints every problem to stderr and returns false. proc names the log lines. */
bool app_open(struct app *app, const char *proc);
void app_close(struct app *app);

#endif
