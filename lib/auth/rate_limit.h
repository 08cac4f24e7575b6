/* rate_limit.h - the partner API's rate limit per token: a token bucket in Redis (one Lua
 * script: atomic, shared by every pc-api process and host) */
#ifndef PC_RATE_LIMIT_H
#define PC_RATE_LIMIT_H

#include <stdbool.h>

#include "app.h"
#include "core/err.h"

struct rate_state {
    bool allowed;     /* this request may run */
    long limit;       /* the bucket's size: requests that may be sent at once (the burst) */
    long remaining;   /* requests left in the bucket after this one */
    long reset_s;     /* seconds until the bucket is full again */
    long retry_after; /* when refused: seconds until one request is allowed again */
};

/* rate_limit_take - take one request from the bucket of key (a token id) that holds
 * cfg.partner_api_burst requests and refills cfg.partner_api_rate per minute, by Redis's own
 * clock. Fills st; unavailable when Redis is down (the API answers 503, never runs unmetered). */
bool rate_limit_take(struct app *app, const char *key, struct rate_state *st, struct err *err);

#endif
