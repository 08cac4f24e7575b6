/* queue.h - reliable queues on Redis Streams: enqueue, take, reclaim, retry, dead letters.
 *
 * Keys of queue Q (prefix P = PC_QUEUE_PREFIX):
 *   P:q:Q            stream of jobs, consumer group "workers"
 *   P:q:Q:delayed    sorted set of jobs waiting for a retry, scored by due time (ms)
 *   P:q:Q:dead       stream of jobs that used up their attempts, with the last error
 *   P:q:Q:tries      hash entry id -> deliveries (a worker that dies mid-job is counted)
 *   P:q:Q:done:ID    marker of a finished job (7 days): a redelivered job is skipped
 *   P:q:Q:enq:ID     marker of an enqueued job id (7 days): the same id is enqueued once
 * A job is acknowledged (XACK) only after its effects are committed. */
#ifndef PC_QUEUE_H
#define PC_QUEUE_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stdint.h>

#include "app.h"
#include "core/clock.h"
#include "core/err.h"
#include "queue/job.h"
#include "queue/queues.h"

/* queue_push - enqueue payload (JSON text) of type on queue. job_id NULL makes a new id;
 * a given id is enqueued at most once (a repeat sets *duplicate, when non-NULL, and succeeds).
 * The id is copied to out_id when non-NULL. Fails with err unavailable when Redis is down, so
 * the caller can answer 503 instead of losing work. */
bool queue_push(struct app *app, const char *queue, const char *type, const char *payload,
                const char *job_id, char *out_id, bool *duplicate, struct err *err);

/* queue_push_json - queue_push with a json-c payload (borrowed) */
bool queue_push_json(struct app *app, const char *queue, const char *type, json_object *payload,
                     const char *job_id, char *out_id, struct err *err);

/* consumer side, used by pc-worker */
bool queue_ensure_group(struct app *app, const char *queue, struct err *err);

/* queue_take - block up to block_ms for a new job; 1 = job filled, 0 = none, -1 = error.
 * An entry that is no job goes to the dead letters as it is (and 0 is returned). */
int queue_take(struct app *app, const char *queue, const char *consumer, int block_ms,
               struct job *job, struct err *err);

/* queue_claim - take over one job idle longer than the visibility timeout (its worker died);
 * 1 = job filled, 0 = none, -1 = error; an entry that is no job is buried as by queue_take */
int queue_claim(struct app *app, const struct queue_spec *spec, const char *consumer,
                struct job *job, struct err *err);

/* queue_touch - renew the claim of a taken job (its idle time starts again): a long job calls
 * it between its steps, so that the visibility timeout reclaims it only when its worker stopped
 * (queues.h). unavailable when Redis is down. */
bool queue_touch(struct app *app, const char *queue, const struct job *job, struct err *err);

/* queue_promote - move delayed jobs that are due at now_ms back to the stream (atomically);
 * returns how many, -1 on error */
int queue_promote(struct app *app, const char *queue, int64_t now_ms, struct err *err);

/* queue_deliveries - count one more delivery of the taken job; returns the count, -1 on error */
long queue_deliveries(struct app *app, const char *queue, const struct job *job, struct err *err);

/* queue_is_done - whether the job id finished before (a redelivery to skip) */
bool queue_is_done(struct app *app, const char *queue, const char *job_id, bool *done,
                   struct err *err);

/* the three ends of a taken job, each atomic (one Lua script) */
bool queue_finish_ok(struct app *app, const char *queue, const struct job *job, struct err *err);
bool queue_finish_retry(struct app *app, const char *queue, const struct job *job, int64_t due_ms,
                        const char *error, struct err *err);
bool queue_finish_dead(struct app *app, const char *queue, const struct job *job, const char *error,
                       struct err *err);
/* queue_finish_defer - back to the delayed set until due_ms with its attempt count unchanged: the
 * job was not run (a limit of the job's own, such as a webhook endpoint's slots) */
bool queue_finish_defer(struct app *app, const char *queue, const struct job *job, int64_t due_ms,
                        struct err *err);

/* admin side */
struct queue_stats {
    long long length;  /* entries in the stream: waiting plus taken */
    long long pending; /* taken by a worker, not yet acknowledged */
    long long delayed; /* waiting for a retry */
    long long dead;
    long long oldest_age_ms; /* age of the oldest entry in the stream, 0 when empty */
};

bool queue_stats(struct app *app, const char *queue, int64_t now_ms, struct queue_stats *st,
                 struct err *err);

/* queue_dead_list - newest first, at most limit: [{id, jobId, type, attempt, error, failedAt,
 * enqueuedAt, payload}]; caller owns the array. NULL with err on failure. */
json_object *queue_dead_list(struct app *app, const char *queue, int limit, struct err *err);

/* queue_replay - move a dead entry back to the stream with attempt 0; *found false when no
 * such entry; conflict for an entry that was no job (no id or payload) */
bool queue_replay(struct app *app, const char *queue, const char *dead_id, bool *found,
                  struct err *err);
bool queue_dead_delete(struct app *app, const char *queue, const char *dead_id, bool *found,
                       struct err *err);

#endif
