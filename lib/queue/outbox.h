/* outbox.h - enqueue that survives a Redis outage: the job waits in the database (outbox
 * collection) and the flush-outbox cron job moves it to its queue when Redis is back */
#ifndef PC_OUTBOX_H
#define PC_OUTBOX_H

#include <json-c/json.h>
#include <stdbool.h>
#include <time.h>

#include "app.h"
#include "core/err.h"

/* outbox_push - queue_push of payload (borrowed) with job id (made when NULL); when Redis is
 * unavailable the job is stored in the outbox instead. False only when both failed. */
bool outbox_push(struct app *app, const char *queue, const char *type, json_object *payload,
                 const char *job_id, struct err *err);

/* outbox_flush - move stored jobs to their queues (their ids make a repeat harmless);
 * *moved counts them. The cron job flush-outbox calls it. */
bool outbox_flush(struct app *app, long long *moved, struct err *err);

#endif
