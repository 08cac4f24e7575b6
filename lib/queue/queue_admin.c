/* queue_admin.c - what the owner sees and does: per-queue figures, dead letters, replay */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "queue/queue.h"
#include "queue/queue_internal.h"

static long long
integer_of(struct app *app, struct err *err, bool *ok, const char *fmt, const char *key)
{
    redisReply *reply = rds_cmd(app->rds, err, fmt, key, QUEUE_GROUP);
    long long n = 0;

    if (reply == NULL) {
        *ok = false;
        return 0;
    }
    if (reply->type == REDIS_REPLY_INTEGER)
        n = reply->integer;
    else if (reply->type == REDIS_REPLY_ARRAY && reply->elements > 0
             && reply->element[0]->type == REDIS_REPLY_INTEGER)
        n = reply->element[0]->integer; /* XPENDING summary: [count, first, last, ...] */
    rds_reply_free(reply);
    return n;
}

/* age of the first entry of the stream, from its id (milliseconds-sequence) */
static long long
oldest_age(struct app *app, const char *stream, int64_t now, struct err *err, bool *ok)
{
    redisReply *reply = rds_cmd(app->rds, err, "XRANGE %s - + COUNT 1", stream);
    long long age = 0;

    if (reply == NULL) {
        *ok = false;
        return 0;
    }
    if (reply->type == REDIS_REPLY_ARRAY && reply->elements > 0
        && reply->element[0]->type == REDIS_REPLY_ARRAY
        && reply->element[0]->element[0]->type == REDIS_REPLY_STRING) {
        long long first = strtoll(reply->element[0]->element[0]->str, NULL, 10);
        age = now > first ? now - first : 0;
    }
    rds_reply_free(reply);
    return age;
}

bool
queue_stats(struct app *app, const char *queue, int64_t now, struct queue_stats *st,
            struct err *err)
{
    struct queue_keys k;
    bool ok = true;

    queue_keys_for(app, queue, &k);
    memset(st, 0, sizeof(*st));
    st->length = integer_of(app, err, &ok, "XLEN %s", k.stream);
    if (ok && st->length > 0) {
        struct err ignored = ERR_INIT; /* NOGROUP before the first worker ran */
        bool group_ok = true;
        st->pending = integer_of(app, &ignored, &group_ok, "XPENDING %s %s", k.stream);
        if (!group_ok && err_is(&ignored, ERR_UNAVAILABLE)) {
            *err = ignored;
            ok = false;
        }
    }
    if (ok)
        st->delayed = integer_of(app, err, &ok, "ZCARD %s", k.delayed);
    if (ok)
        st->dead = integer_of(app, err, &ok, "XLEN %s", k.dead);
    if (ok)
        st->oldest_age_ms = oldest_age(app, k.stream, now, err, &ok);
    return ok;
}

static json_object *
dead_entry_json(const redisReply *entry)
{
    json_object *o = json_object_new_object();
    const redisReply *fields = entry->element[1];

    json_object_object_add(o, "id", json_object_new_string(entry->element[0]->str));
    for (size_t i = 0; i + 1 < fields->elements; i += 2) {
        const char *name = fields->element[i]->str, *value = fields->element[i + 1]->str;
        if (strcmp(name, "id") == 0)
            json_object_object_add(o, "jobId", json_object_new_string(value));
        else if (strcmp(name, "attempt") == 0)
            json_object_object_add(o, "attempt", json_object_new_int(atoi(value)));
        else if (strcmp(name, "failedAt") == 0 || strcmp(name, "enqueuedAt") == 0)
            json_object_object_add(o, name, json_object_new_int64(strtoll(value, NULL, 10)));
        else if (strcmp(name, "payload") == 0)
            json_object_object_add(o, "payload", json_tokener_parse(value));
        else if (strcmp(name, "type") == 0 || strcmp(name, "error") == 0)
            json_object_object_add(o, name, json_object_new_string(value));
    }
    return o;
}

json_object *
queue_dead_list(struct app *app, const char *queue, int limit, struct err *err)
{
    struct queue_keys k;
    redisReply *reply;
    json_object *list;

    queue_keys_for(app, queue, &k);
    reply = rds_cmd(app->rds, err, "XREVRANGE %s + - COUNT %d", k.dead, limit);
    if (reply == NULL)
        return NULL;
    list = json_object_new_array();
    for (size_t i = 0; reply->type == REDIS_REPLY_ARRAY && i < reply->elements; i++) {
        const redisReply *e = reply->element[i];
        if (e->type == REDIS_REPLY_ARRAY && e->elements == 2
            && e->element[1]->type == REDIS_REPLY_ARRAY)
            json_object_array_add(list, dead_entry_json(e));
    }
    rds_reply_free(reply);
    return list;
}

static bool
stream_id_valid(const char *id)
{
    size_t n = strspn(id, "0123456789");

    return n > 0 && n < 21 && id[n] == '-' && strspn(id + n + 1, "0123456789") > 0
           && id[n + 1 + strspn(id + n + 1, "0123456789")] == '\0';
}

static const char replay_script[] =
    "local e = redis.call('XRANGE', KEYS[1], ARGV[1], ARGV[1])\n"
    "if #e == 0 then return 0 end\n"
    "local f, t = e[1][2], {}\n"
    "for i = 1, #f, 2 do t[f[i]] = f[i + 1] end\n"
    "if not t.id or not t.payload then return -1 end\n"
    "redis.call('XADD', KEYS[2], '*', 'id', t.id, 'type', t.type, 'payload', t.payload,\n"
    "  'attempt', '0', 'enqueuedAt', t.enqueuedAt)\n"
    "redis.call('XDEL', KEYS[1], ARGV[1])\n"
    "return 1\n";

bool
queue_replay(struct app *app, const char *queue, const char *dead_id, bool *found, struct err *err)
{
    struct queue_keys k;
    redisReply *reply;

    *found = false;
    if (!stream_id_valid(dead_id))
        return true;
    queue_keys_for(app, queue, &k);
    const char *args[] = {k.dead, k.stream, dead_id};
    reply = queue_eval(app, err, replay_script, 2, 3, args);
    if (reply == NULL)
        return false;
    *found = reply->integer != 0;
    bool replayable = reply->integer != -1;
    rds_reply_free(reply);
    if (!replayable)
        return err_set(err, ERR_CONFLICT,
                       "this dead entry was never a job: it has no id or "
                       "payload to run again; delete it");
    return true;
}

bool
queue_dead_delete(struct app *app, const char *queue, const char *dead_id, bool *found,
                  struct err *err)
{
    struct queue_keys k;
    redisReply *reply;

    *found = false;
    if (!stream_id_valid(dead_id))
        return true;
    queue_keys_for(app, queue, &k);
    reply = rds_cmd(app->rds, err, "XDEL %s %s", k.dead, dead_id);
    if (reply == NULL)
        return false;
    *found = reply->integer == 1;
    rds_reply_free(reply);
    return true;
}
