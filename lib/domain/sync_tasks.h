/* sync_tasks.h - runs of the bulk jobs (the HubSpot contact sync, the ChiliPiper
 * reconciliation): one document each in sync_tasks with status, cursor, progress and counts,
 * written by the job page by page so that a run picks up where it stopped.
 *
 * Every json_object * returned is new and the caller's; NULL or false means err is set with one
 * of the codes named at the function, or unavailable (503) or internal (500). */
#ifndef PC_SYNC_TASKS_H
#define PC_SYNC_TASKS_H

#include <bson/bson.h>
#include <json-c/json.h>
#include <stdbool.h>

#include "app.h"
#include "core/err.h"
#include "core/oid.h"
#include "core/principal.h"
#include "model/model.h"

#define SYNC_HUBSPOT "hubspot-contacts"
#define SYNC_CHILIPIPER "chilipiper-reconcile"
#define SYNC_ERRORS_MAX 100 /* problems kept per task */

/* sync_task_create - a queued task of kind, trigger "user" (requested_by the user's id) or
 * "cron"; id receives it */
bool sync_task_create(struct app *app, const char *kind, const char *trigger,
                      const char *requested_by, char id[OID_STR_SIZE], struct err *err);

/* sync_task_delete - remove a task that never got queued */
void sync_task_delete(struct app *app, const char *id);

/* sync_task_load - the task document (the caller's); not_found */
bool sync_task_load(struct app *app, const char *id, bson_t **doc, struct err *err);

/* sync_task_active - the newest queued or running task of kind, if any (id "" when none) */
bool sync_task_active(struct app *app, const char *kind, char id[OID_STR_SIZE], struct err *err);

/* sync_task_last_done - startedAt of the newest done task of kind (0 when none) */
bool sync_task_last_done(struct app *app, const char *kind, int64_t *started_ms, struct err *err);

/* sync_task_write - $set set and $inc inc (either may be NULL) with updatedAt, and push the
 * problems (a JSON array of strings, may be NULL; the caller keeps the total under
 * SYNC_ERRORS_MAX) onto errors, all in one update */
bool sync_task_write(struct app *app, const char *id, const bson_t *set, const bson_t *inc,
                     json_object *problems, struct err *err);

/* sync_task_end - status done or failed (with error, may be NULL) and finishedAt */
bool sync_task_end(struct app *app, const char *id, const char *status, const char *error,
                   struct err *err);

/* sync_tasks_list - {list, meta}, newest first; kind (may be NULL) narrows it. forbidden (not
 * staff), validation_failed */
json_object *sync_tasks_list(struct app *app, const struct principal *p,
                             const struct list_params *params, const char *kind, struct err *err);

/* sync_tasks_get - one task; forbidden, not_found */
json_object *sync_tasks_get(struct app *app, const struct principal *p, const char *id,
                            struct err *err);

/* sync_task_latest_json - the newest task of kind as the API shows it, or JSON null */
json_object *sync_task_latest_json(struct app *app, const char *kind, struct err *err);

#endif
