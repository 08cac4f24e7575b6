/* hook_retry.h - the retry policy of the webhooks to partners, as a pure function of the answer
 * and the clock (unit-tested with any `now`): 2xx delivered; a refused address and 4xx other
 * than 408/429 final; 429 waits its Retry-After; everything else backs off exponentially with
 * jitter (5 min * 4^(n-1), at most 8 h, drawn in [3/4 d, d]) until 24 h after the first attempt,
 * when one last attempt is made exactly at the 24 h mark; after it the delivery gives up */
#ifndef PC_HOOK_RETRY_H
#define PC_HOOK_RETRY_H

#include <stdbool.h>
#include <stdint.h>

#define HOOK_RETRY_WINDOW_MS (24LL * 3600 * 1000)
#define HOOK_RETRY_BASE_MS (5LL * 60 * 1000)
#define HOOK_RETRY_CAP_MS (8LL * 3600 * 1000)

enum hook_verdict {
    HOOK_DELIVERED, /* 2xx */
    HOOK_RETRY,     /* try again at due_ms */
    HOOK_REJECTED,  /* final: the receiver refused it (4xx) or we refused the address */
    HOOK_GIVE_UP,   /* final: 24 h of failures; the endpoint is disabled */
};

struct hook_answer {
    long status;       /* 0: no answer (timeout, connection refused, TLS) */
    int retry_after_s; /* -1 when absent */
    bool refused;      /* the URL or its address was not allowed: nothing was sent */
};

/* hook_retry_delay_ms - the backoff before retry number n (1 = after the first attempt), with
 * rand01 in [0, 1) choosing within [3/4 d, d] */
int64_t hook_retry_delay_ms(int n, double rand01);

/* hook_retry_plan - the verdict on attempt number attempt (1 = first) that got answer a, made
 * at now_ms for a delivery first tried at first_ms; *due_ms receives the next attempt's time
 * when HOOK_RETRY (never after first_ms + 24 h) */
enum hook_verdict hook_retry_plan(const struct hook_answer *a, int attempt, int64_t first_ms,
                                  int64_t now_ms, double rand01, int64_t *due_ms);

/* hook_verdict_outcome - the delivery log's word: delivered, retrying, failed, refused */
const char *hook_verdict_outcome(enum hook_verdict v, bool refused);

#endif
