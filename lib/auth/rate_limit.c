/* rate_limit.c - a token bucket per partner API token, kept and decided in Redis */
#include "auth/rate_limit.h"

#include <stdio.h>

#include "db/rds.h"

/* KEYS[1] the bucket; ARGV rate per minute, burst. Returns {allowed, remaining, ms until full,
 * ms until the next request}. TIME is Redis's clock, so every process counts alike. */
static const char script[] =
    "local rate, burst = tonumber(ARGV[1]) / 60000, tonumber(ARGV[2])\n"
    "local t = redis.call('TIME')\n"
    "local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)\n"
    "local h = redis.call('HMGET', KEYS[1], 'tokens', 'ts')\n"
    "local tokens, ts = tonumber(h[1]) or burst, tonumber(h[2]) or now\n"
    "if now > ts then tokens = math.min(burst, tokens + (now - ts) * rate) end\n"
    "local allowed, wait = 0, 0\n"
    "if tokens >= 1 then tokens = tokens - 1; allowed = 1\n"
    "else wait = math.ceil((1 - tokens) / rate) end\n"
    "local full = math.ceil((burst - tokens) / rate)\n"
    "redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now))\n"
    "redis.call('PEXPIRE', KEYS[1], full + 1000)\n"
    "return {allowed, math.floor(tokens), full, wait}\n";

static long
ceil_s(long long ms)
{
    return (long)((ms + 999) / 1000);
}

bool
rate_limit_take(struct app *app, const char *key, struct rate_state *st, struct err *err)
{
    char name[160];
    redisReply *r;
    bool ok = false;

    snprintf(name, sizeof(name), "%s:rl:%s", app->cfg.queue_prefix, key);
    r = rds_cmd(app->rds, err, "EVAL %s 1 %s %ld %ld", script, name, app->cfg.partner_api_rate,
                app->cfg.partner_api_burst);
    if (r == NULL)
        return false;
    if (r->type == REDIS_REPLY_ARRAY && r->elements == 4) {
        st->allowed = r->element[0]->integer == 1;
        st->limit = app->cfg.partner_api_burst;
        st->remaining = (long)r->element[1]->integer;
        st->reset_s = ceil_s(r->element[2]->integer);
        st->retry_after = st->allowed ? 0 : ceil_s(r->element[3]->integer);
        if (!st->allowed && st->retry_after < 1)
            st->retry_after = 1;
        ok = true;
    } else {
        err_set(err, ERR_INTERNAL, "unexpected answer of the rate limit script");
    }
    rds_reply_free(r);
    return ok;
}
