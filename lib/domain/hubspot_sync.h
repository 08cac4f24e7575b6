/* hubspot_sync.h - the bulk contact sync (sync-leads): HubSpot's contacts modified since the last
 * successful run, page by page (100, the `after` cursor), onto leads by contact id then e-mail;
 * progress and the cursor in its sync task after every page, so that a run cut off (a crash, a
 * restart, a retry) goes on from its last page. */
#ifndef PC_HUBSPOT_SYNC_H
#define PC_HUBSPOT_SYNC_H

#include <stdbool.h>

#include "app.h"
#include "core/err.h"
#include "core/oid.h"
#include "core/principal.h"

/* hubspot_sync_start - POST /leads/sync (staff): a queued task and its sync-leads job (job id =
 * task id); full ignores the last run (every contact). A sync already queued or running is
 * answered with its id (*running true) instead of a second one. forbidden (not staff),
 * validation_failed (HUBSPOT_ACCESS_TOKEN not set), unavailable (Redis: nothing is kept). */
bool hubspot_sync_start(struct app *app, const struct principal *p, bool full,
                        char id[OID_STR_SIZE], bool *running, struct err *err);

/* hubspot_sync_run - the job of task id (full: from the first contact on, as asked when it
 * started): true when the task is done (or was before), false with
 * err: unavailable or rate_limited (a retry goes on from the saved cursor; on the last attempt
 * the task is marked failed), or another code (failed for good, the task says why). touch (may
 * be NULL) is called before each HubSpot call and wait. */
bool hubspot_sync_run(struct app *app, const char *id, bool full, void (*touch)(void *ctx),
                      void *touch_ctx, bool last_attempt, struct err *err);

#endif
