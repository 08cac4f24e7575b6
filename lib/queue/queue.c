/* queue.c - Redis Streams queue operations; every multi-step change is one Lua script */
#include "queue/queue.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/clock.h"
#include "core/log.h"
#include "queue/queue_internal.h"

#define MARKER_TTL_S "604800" /* done and enqueued markers live 7 days */

void
queue_keys_for(const struct app *app, const char *queue, struct queue_keys *k)
{
    const char *p = app->cfg.queue_prefix;

    snprintf(k->stream, sizeof(k->stream), "%s:q:%s", p, queue);
    snprintf(k->delayed, sizeof(k->delayed), "%s:q:%s:delayed", p, queue);
    snprintf(k->dead, sizeof(k->dead), "%s:q:%s:dead", p, queue);
    snprintf(k->tries, sizeof(k->tries), "%s:q:%s:tries", p, queue);
    snprintf(k->prefix, sizeof(k->prefix), "%s:q:%s:", p, queue);
}

redisReply *
queue_eval(struct app *app, struct err *err, const char *script, int nkeys, int nargs,
           const char *const *args)
{
    const char *argv[16];
    size_t lens[16];
    char nk[8];
    int argc = 0;

    snprintf(nk, sizeof(nk), "%d", nkeys);
    argv[argc++] = "EVAL";
    argv[argc++] = script;
    argv[argc++] = nk;
    for (int i = 0; i < nargs && argc < 16; i++)
        argv[argc++] = args[i];
    for (int i = 0; i < argc; i++)
        lens[i] = strlen(argv[i]);
    return rds_cmd_argv(app->rds, err, argc, argv, lens);
}

static const char push_script[] =
    "if ARGV[6] == '1' and not redis.call('SET', KEYS[2], '1', 'NX', 'EX', ARGV[7]) then\n"
    "  return 0\n"
    "end\n"
    "redis.call('XADD', KEYS[1], '*', 'id', ARGV[1], 'type', ARGV[2], 'payload', ARGV[3],\n"
    "  'attempt', ARGV[4], 'enqueuedAt', ARGV[5])\n"
    "return 1\n";

bool
queue_push(struct app *app, const char *queue, const char *type, const char *payload,
           const char *job_id, char *out_id, bool *duplicate, struct err *err)
{
    struct queue_keys k;
    char id[JOB_ID_CAP], enq_key[256], enqueued[24];
    redisReply *reply;
    bool dedupe = job_id != NULL;

    if (job_id != NULL && !job_id_valid(job_id))
        return err_set(err, ERR_INTERNAL, "invalid job id");
    if (job_id != NULL)
        snprintf(id, sizeof(id), "%s", job_id);
    else
        job_id_new(id);
    queue_keys_for(app, queue, &k);
    snprintf(enq_key, sizeof(enq_key), "%senq:%s", k.prefix, id);
    snprintf(enqueued, sizeof(enqueued), "%lld", (long long)clock_now_ms());
    const char *args[] = {k.stream,           enq_key,     id, type, payload, "0", enqueued,
                          dedupe ? "1" : "0", MARKER_TTL_S};
    reply = queue_eval(app, err, push_script, 2, 9, args);
    if (reply == NULL)
        return false;
    if (duplicate != NULL)
        *duplicate = reply->type == REDIS_REPLY_INTEGER && reply->integer == 0;
    rds_reply_free(reply);
    if (out_id != NULL)
        memcpy(out_id, id, strlen(id) + 1);
    return true;
}

bool
queue_push_json(struct app *app, const char *queue, const char *type, json_object *payload,
                const char *job_id, char *out_id, struct err *err)
{
    return queue_push(app, queue, type,
                      json_object_to_json_string_ext(payload, JSON_C_TO_STRING_PLAIN), job_id,
                      out_id, NULL, err);
}

bool
queue_ensure_group(struct app *app, const char *queue, struct err *err)
{
    struct queue_keys k;
    struct err ignored = ERR_INIT;
    redisReply *reply;

    queue_keys_for(app, queue, &k);
    reply = rds_cmd(app->rds, &ignored, "XGROUP CREATE %s %s 0 MKSTREAM", k.stream, QUEUE_GROUP);
    if (reply == NULL && err_is(&ignored, ERR_UNAVAILABLE)) {
        *err = ignored;
        return false;
    }
    /* BUSYGROUP (it exists already) is the normal case */
    rds_reply_free(reply);
    return true;
}

/* first entry of an XREADGROUP reply: [[stream, [entry, ...]]] */
static const redisReply *
first_entry(const redisReply *reply)
{
    if (reply->type != REDIS_REPLY_ARRAY || reply->elements == 0)
        return NULL;
    const redisReply *stream = reply->element[0];
    if (stream->type != REDIS_REPLY_ARRAY || stream->elements != 2)
        return NULL;
    const redisReply *entries = stream->element[1];
    if (entries->type != REDIS_REPLY_ARRAY || entries->elements == 0)
        return NULL;
    return entries->element[0];
}

/* the entry's own fields, then error and failedAt, into the dead stream; out of the stream */
static const char bury_script[] = "local e = redis.call('XRANGE', KEYS[1], ARGV[2], ARGV[2])\n"
                                  "local out = {}\n"
                                  "if #e == 1 then\n"
                                  "  local f = e[1][2]\n"
                                  "  for i = 1, #f - 1, 2 do\n"
                                  "    if f[i] ~= 'error' and f[i] ~= 'failedAt' then\n"
                                  "      out[#out + 1] = f[i]\n"
                                  "      out[#out + 1] = f[i + 1]\n"
                                  "    end\n"
                                  "  end\n"
                                  "end\n"
                                  "out[#out + 1] = 'error'\n"
                                  "out[#out + 1] = ARGV[3]\n"
                                  "out[#out + 1] = 'failedAt'\n"
                                  "out[#out + 1] = ARGV[4]\n"
                                  "redis.call('XADD', KEYS[3], '*', unpack(out))\n"
                                  "redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])\n"
                                  "redis.call('XDEL', KEYS[1], ARGV[2])\n"
                                  "redis.call('HDEL', KEYS[2], ARGV[2])\n"
                                  "return 1\n";

/* The entry as a job: 1 = job filled, 0 = nothing to run, -1 = Redis failed. An entry that is
 * no job (no id or payload: written by hand or by another version) goes to the dead letters
 * at once, as it is, where an admin sees it, instead of failing every turn of the worker as
 * if Redis were down. */
static int
entry_job(struct app *app, const char *queue, const redisReply *entry, struct job *job,
          struct err *err)
{
    struct err why = ERR_INIT;
    struct queue_keys k;
    char failed[24];
    redisReply *reply;

    if (job_from_entry(job, entry, &why))
        return 1;
    if (entry->type != REDIS_REPLY_ARRAY || entry->elements < 1
        || entry->element[0]->type != REDIS_REPLY_STRING) {
        *err = why; /* not even an entry id: nothing to bury */
        return -1;
    }
    queue_keys_for(app, queue, &k);
    snprintf(failed, sizeof(failed), "%lld", (long long)clock_now_ms());
    const char *args[] = {k.stream,    k.tries, k.dead, QUEUE_GROUP, entry->element[0]->str,
                          why.message, failed};
    reply = queue_eval(app, err, bury_script, 3, 7, args);
    if (reply == NULL)
        return -1;
    rds_reply_free(reply);
    log_warn("undecodable stream entry moved to dead letters", "queue=%s entry=%s err=\"%s\"",
             queue, entry->element[0]->str, why.message);
    return 0;
}

int
queue_take(struct app *app, const char *queue, const char *consumer, int block_ms, struct job *job,
           struct err *err)
{
    struct queue_keys k;
    redisReply *reply;
    const redisReply *entry;
    int got = 0;

    queue_keys_for(app, queue, &k);
    reply = rds_cmd(app->rds, err, "XREADGROUP GROUP %s %s COUNT 1 BLOCK %d STREAMS %s >",
                    QUEUE_GROUP, consumer, block_ms, k.stream);
    if (reply == NULL)
        return -1;
    entry = first_entry(reply);
    if (entry != NULL)
        got = entry_job(app, queue, entry, job, err);
    if (got == 1)
        snprintf(job->consumer, sizeof(job->consumer), "%s", consumer);
    rds_reply_free(reply);
    return got;
}

int
queue_claim(struct app *app, const struct queue_spec *spec, const char *consumer, struct job *job,
            struct err *err)
{
    struct queue_keys k;
    redisReply *reply;
    int got = 0;

    queue_keys_for(app, spec->name, &k);
    reply = rds_cmd(app->rds, err, "XAUTOCLAIM %s %s %s %lld 0-0 COUNT 1", k.stream, QUEUE_GROUP,
                    consumer, (long long)spec->visibility_ms);
    if (reply == NULL)
        return -1;
    /* [next-start, [entry...], [deleted ids]] */
    if (reply->type == REDIS_REPLY_ARRAY && reply->elements >= 2
        && reply->element[1]->type == REDIS_REPLY_ARRAY && reply->element[1]->elements > 0)
        got = entry_job(app, spec->name, reply->element[1]->element[0], job, err);
    if (got == 1)
        snprintf(job->consumer, sizeof(job->consumer), "%s", consumer);
    rds_reply_free(reply);
    return got;
}

bool
queue_touch(struct app *app, const char *queue, const struct job *job, struct err *err)
{
    struct queue_keys k;
    redisReply *reply;

    queue_keys_for(app, queue, &k);
    /* a claim by the same consumer resets the entry's idle time; JUSTID keeps the delivery
     * count as it is */
    reply = rds_cmd(app->rds, err, "XCLAIM %s %s %s 0 %s JUSTID", k.stream, QUEUE_GROUP,
                    job->consumer, job->entry_id);
    bool ok = reply != NULL;
    rds_reply_free(reply);
    return ok;
}

static const char promote_script[] =
    "local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, 100)\n"
    "for _, m in ipairs(due) do\n"
    "  local j = cjson.decode(m)\n"
    "  redis.call('XADD', KEYS[2], '*', 'id', j.id, 'type', j.type, 'payload', j.payload,\n"
    "    'attempt', tostring(j.attempt), 'enqueuedAt', tostring(j.enqueuedAt))\n"
    "  redis.call('ZREM', KEYS[1], m)\n"
    "end\n"
    "return #due\n";

int
queue_promote(struct app *app, const char *queue, int64_t at_ms, struct err *err)
{
    struct queue_keys k;
    char now[24];
    redisReply *reply;
    int n;

    queue_keys_for(app, queue, &k);
    snprintf(now, sizeof(now), "%lld", (long long)at_ms);
    const char *args[] = {k.delayed, k.stream, now};
    reply = queue_eval(app, err, promote_script, 2, 3, args);
    if (reply == NULL)
        return -1;
    n = reply->type == REDIS_REPLY_INTEGER ? (int)reply->integer : 0;
    rds_reply_free(reply);
    return n;
}

long
queue_deliveries(struct app *app, const char *queue, const struct job *job, struct err *err)
{
    struct queue_keys k;
    redisReply *reply;
    long n;

    queue_keys_for(app, queue, &k);
    reply = rds_cmd(app->rds, err, "HINCRBY %s %s 1", k.tries, job->entry_id);
    if (reply == NULL)
        return -1;
    n = (long)reply->integer;
    rds_reply_free(reply);
    return n;
}

bool
queue_is_done(struct app *app, const char *queue, const char *job_id, bool *done, struct err *err)
{
    struct queue_keys k;
    redisReply *reply;

    queue_keys_for(app, queue, &k);
    reply = rds_cmd(app->rds, err, "EXISTS %sdone:%s", k.prefix, job_id);
    if (reply == NULL)
        return false;
    *done = reply->integer == 1;
    rds_reply_free(reply);
    return true;
}

static const char ok_script[] = "redis.call('SET', KEYS[3], '1', 'EX', ARGV[3])\n"
                                "redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])\n"
                                "redis.call('XDEL', KEYS[1], ARGV[2])\n"
                                "redis.call('HDEL', KEYS[2], ARGV[2])\n"
                                "return 1\n";

bool
queue_finish_ok(struct app *app, const char *queue, const struct job *job, struct err *err)
{
    struct queue_keys k;
    char done_key[256];
    redisReply *reply;

    queue_keys_for(app, queue, &k);
    snprintf(done_key, sizeof(done_key), "%sdone:%s", k.prefix, job->id);
    const char *args[] = {k.stream, k.tries, done_key, QUEUE_GROUP, job->entry_id, MARKER_TTL_S};
    reply = queue_eval(app, err, ok_script, 3, 6, args);
    bool ok = reply != NULL;
    rds_reply_free(reply);
    return ok;
}

static const char retry_script[] = "redis.call('ZADD', KEYS[3], ARGV[3], ARGV[4])\n"
                                   "redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])\n"
                                   "redis.call('XDEL', KEYS[1], ARGV[2])\n"
                                   "redis.call('HDEL', KEYS[2], ARGV[2])\n"
                                   "return 1\n";

/* back to the delayed set until due_ms, as attempt number attempt */
static bool
finish_later(struct app *app, const char *queue, const struct job *job, int attempt, int64_t due_ms,
             const char *error, struct err *err)
{
    struct queue_keys k;
    struct job next = *job;
    char due[24], *member;
    redisReply *reply;

    queue_keys_for(app, queue, &k);
    next.attempt = attempt;
    snprintf(next.error, sizeof(next.error), "%s", error ? error : "");
    member = job_to_json(&next);
    snprintf(due, sizeof(due), "%lld", (long long)due_ms);
    const char *args[] = {k.stream, k.tries, k.delayed, QUEUE_GROUP, job->entry_id, due, member};
    reply = queue_eval(app, err, retry_script, 3, 7, args);
    free(member);
    bool ok = reply != NULL;
    rds_reply_free(reply);
    return ok;
}

bool
queue_finish_retry(struct app *app, const char *queue, const struct job *job, int64_t due_ms,
                   const char *error, struct err *err)
{
    return finish_later(app, queue, job, job->attempt + 1, due_ms, error, err);
}

bool
queue_finish_defer(struct app *app, const char *queue, const struct job *job, int64_t due_ms,
                   struct err *err)
{
    return finish_later(app, queue, job, job->attempt, due_ms, job->error, err);
}

static const char dead_script[] =
    "redis.call('XADD', KEYS[3], '*', 'id', ARGV[3], 'type', ARGV[4], 'payload', ARGV[5],\n"
    "  'attempt', ARGV[6], 'enqueuedAt', ARGV[7], 'error', ARGV[8], 'failedAt', ARGV[9])\n"
    "redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])\n"
    "redis.call('XDEL', KEYS[1], ARGV[2])\n"
    "redis.call('HDEL', KEYS[2], ARGV[2])\n"
    "return 1\n";

bool
queue_finish_dead(struct app *app, const char *queue, const struct job *job, const char *error,
                  struct err *err)
{
    struct queue_keys k;
    char attempt[16], enqueued[24], failed[24];
    redisReply *reply;

    queue_keys_for(app, queue, &k);
    snprintf(attempt, sizeof(attempt), "%d", job->attempt);
    snprintf(enqueued, sizeof(enqueued), "%lld", (long long)job->enqueued_ms);
    snprintf(failed, sizeof(failed), "%lld", (long long)clock_now_ms());
    const char *args[] = {
        k.stream,  k.tries,      k.dead,  QUEUE_GROUP, job->entry_id,      job->id,
        job->type, job->payload, attempt, enqueued,    error ? error : "", failed};
    reply = queue_eval(app, err, dead_script, 3, 12, args);
    bool ok = reply != NULL;
    rds_reply_free(reply);
    if (ok)
        log_warn("job moved to dead letters", "queue=%s job=%s attempt=%d", queue, job->id,
                 job->attempt);
    return ok;
}
