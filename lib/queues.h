/* queues.h - THE table of queues: name, attempts, backoff, visibility timeout */
#ifndef PC_QUEUES_H
#define PC_QUEUES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct queue_spec {
    const char *name;
    int max_attempts;   /* runs before a job goes to the dead-letter stream */
    int64_t backoff_ms; /* base of the exponential backoff */
    int64_t backoff_max_ms;
    int64_t visibility_ms; /* a job taken longer ago than this by a silent worker is reclaimed */
    bool test_only;        /* exists only with PC_TEST_HOOKS (refused in production) */
};

extern const struct queue_spec queue_specs[];
extern const size_t queue_specs_count;

/* queue_spec_find - the spec of a queue, NULL when unknown (or test-only and !with_test) */
const struct queue_spec *queue_spec_find(const char *name, bool with_test);

/* queue_backoff_ms - delay before attempt number `attempt` (1 = first retry): "equal jitter",
 * d = min(max, base * 2^(attempt-1)), result in [d/2, d]. rand01 in [0,1) is injected so tests
 * can pin it. */
int64_t queue_backoff_ms(const struct queue_spec *spec, int attempt, double rand01);

#endif
