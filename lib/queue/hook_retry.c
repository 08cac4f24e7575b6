/* hook_retry.c - the retry schedule of partner webhook deliveries */
#include "queue/hook_retry.h"

int64_t
hook_retry_delay_ms(int n, double rand01)
{
    int64_t d = HOOK_RETRY_BASE_MS;

    for (int i = 1; i < n && d < HOOK_RETRY_CAP_MS; i++)
        d *= 4;
    if (d > HOOK_RETRY_CAP_MS)
        d = HOOK_RETRY_CAP_MS;
    if (rand01 < 0 || rand01 >= 1)
        rand01 = 0;
    return d - (int64_t)((double)(d / 4) * rand01);
}

enum hook_verdict
hook_retry_plan(const struct hook_answer *a, int attempt, int64_t first_ms, int64_t now_ms,
                double rand01, int64_t *due_ms)
{
    int64_t deadline = first_ms + HOOK_RETRY_WINDOW_MS, due;

    *due_ms = 0;
    if (a->status >= 200 && a->status < 300)
        return HOOK_DELIVERED;
    if (a->refused)
        return HOOK_REJECTED;
    if (a->status >= 400 && a->status < 500 && a->status != 408 && a->status != 429)
        return HOOK_REJECTED;
    if (now_ms >= deadline)
        return HOOK_GIVE_UP;
    if (a->status == 429 && a->retry_after_s >= 0)
        due = now_ms + (a->retry_after_s > 0 ? (int64_t)a->retry_after_s * 1000 : 1000);
    else
        due = now_ms + hook_retry_delay_ms(attempt, rand01);
    *due_ms = due < deadline ? due : deadline;
    return HOOK_RETRY;
}

const char *
hook_verdict_outcome(enum hook_verdict v, bool refused)
{
    switch (v) {
    case HOOK_DELIVERED: return "delivered";
    case HOOK_RETRY: return "retrying";
    case HOOK_GIVE_UP: return "failed";
    case HOOK_REJECTED: return refused ? "refused" : "failed";
    }
    return "failed";
}
