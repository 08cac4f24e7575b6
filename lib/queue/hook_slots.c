/* hook_slots.c - the per-endpoint cap on deliveries in flight (hook_slots.h) */
#include "queue/hook_slots.h"

#include <stdio.h>

#include "core/log.h"
#include "queue/queue_internal.h"

/* KEYS[1] the endpoint's set; ARGV the slot's lifetime, cap, holder. Redis's own clock: the
 * workers' may be moved by the tests' clock offset, and differ between hosts */
static const char take_script[] =
    "local t = redis.call('TIME')\n"
    "local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)\n"
    "redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)\n"
    "if redis.call('ZSCORE', KEYS[1], ARGV[3]) == false\n"
    "   and redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end\n"
    "redis.call('ZADD', KEYS[1], now + tonumber(ARGV[1]), ARGV[3])\n"
    "redis.call('PEXPIRE', KEYS[1], 2 * tonumber(ARGV[1]))\n"
    "return 1\n";

static void
slot_key(const struct app *app, const char *endpoint, char *out, size_t cap)
{
    snprintf(out, cap, "%s:hook-slots:%s", app->cfg.queue_prefix, endpoint);
}

bool
hook_slot_take(struct app *app, const char *endpoint, const char *holder, bool *admitted,
               struct err *err)
{
    char key[200], cap[16], ttl[16];
    redisReply *reply;

    *admitted = false;
    slot_key(app, endpoint, key, sizeof(key));
    snprintf(ttl, sizeof(ttl), "%d", HOOK_SLOT_TTL_MS);
    snprintf(cap, sizeof(cap), "%ld", app->cfg.webhook_inflight);
    const char *args[] = {key, ttl, cap, holder};
    reply = queue_eval(app, err, take_script, 1, 4, args);
    if (reply == NULL)
        return false;
    *admitted = reply->type == REDIS_REPLY_INTEGER && reply->integer == 1;
    rds_reply_free(reply);
    return true;
}

void
hook_slot_release(struct app *app, const char *endpoint, const char *holder)
{
    char key[200];
    struct err err = ERR_INIT;
    redisReply *reply;

    slot_key(app, endpoint, key, sizeof(key));
    reply = rds_cmd(app->rds, &err, "ZREM %s %s", key, holder);
    if (reply == NULL)
        log_warn("cannot free a webhook delivery slot; it expires", "endpoint=%s err=\"%s\"",
                 endpoint, err.cause);
    rds_reply_free(reply);
}
