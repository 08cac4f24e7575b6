/* job.h - one queued job and its two encodings: stream fields and a JSON document */
#ifndef PC_JOB_H
#define PC_JOB_H

#include <hiredis.h>
#include <json-c/json.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"

#define JOB_ID_CAP 80

struct job {
    char id[JOB_ID_CAP]; /* idempotency key: running a job twice has one effect */
    char type[48];       /* what to do, within the queue */
    char *payload;       /* owned JSON text */
    int attempt;         /* 0 on the first run */
    int64_t enqueued_ms;
    char entry_id[48];  /* Redis stream entry id while the job is taken */
    char consumer[128]; /* the worker that took it (queue_touch renews its claim) */
    char error[256];    /* last error, for dead letters */
};

/* job_id_new - a fresh id (24 hex, an ObjectId: time-ordered and unique) */
void job_id_new(char out[JOB_ID_CAP]);

/* job_id_valid - 1..79 characters of [A-Za-z0-9._:-] */
bool job_id_valid(const char *id);

/* job_from_entry - decode a stream entry reply ([id, [field, value, ...]]); false on a
 * malformed entry (err says why). The job owns its payload: job_release frees it. */
bool job_from_entry(struct job *job, const redisReply *entry, struct err *err);

/* job_to_json / job_from_json - the delayed set stores jobs as JSON text; caller frees the
 * string with free() */
char *job_to_json(const struct job *job);
bool job_from_json(struct job *job, const char *text, struct err *err);

/* job_payload - the payload parsed (caller puts it); NULL when it is not a JSON object */
json_object *job_payload(const struct job *job);

void job_release(struct job *job);

#endif
