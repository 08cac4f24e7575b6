/* queues.c - the nine product queues (DESIGN §1) and the test queues */
#include "queues.h"

#include <string.h>

#define SEC 1000
#define MIN (60 * SEC)
#define HOUR (60 * MIN)

const struct queue_spec queue_specs[] = {
    /* name                 attempts  backoff  max         visibility  test */
    {"hubspot-webhook", 8, 5 * SEC, 30 * MIN, 2 * MIN, false},
    {"chilipiper-webhook", 8, 5 * SEC, 30 * MIN, 2 * MIN, false},
    {"events", 10, 2 * SEC, 10 * MIN, 1 * MIN, false},
    {"sync-leads", 5, 30 * SEC, 30 * MIN, 30 * MIN, false},
    {"partner-api-lead", 8, 5 * SEC, 30 * MIN, 2 * MIN, false},
    {"stripe-webhook", 10, 10 * SEC, 1 * HOUR, 2 * MIN, false},
    {"email", 8, 10 * SEC, 1 * HOUR, 2 * MIN, false},
    {"partner-webhooks", 10, 30 * SEC, 6 * HOUR, 2 * MIN, false},
    {"imports", 3, 10 * SEC, 5 * MIN, 10 * MIN, false},
    /* test-effect: a handler that can block, fail or crash on demand (tests/api/test_queues.c) */
    {"test-effect", 3, 200, 1 * SEC, 2 * SEC, true},
    {"test-noop", 3, 200, 1 * SEC, 2 * SEC, true},
};

const size_t queue_specs_count = sizeof(queue_specs) / sizeof(queue_specs[0]);

const struct queue_spec *
queue_spec_find(const char *name, bool with_test)
{
    if (name == NULL)
        return NULL;
    for (size_t i = 0; i < queue_specs_count; i++)
        if (strcmp(queue_specs[i].name, name) == 0)
            return queue_specs[i].test_only && !with_test ? NULL : &queue_specs[i];
    return NULL;
}

int64_t
queue_backoff_ms(const struct queue_spec *spec, int attempt, double rand01)
{
    int64_t d = spec->backoff_ms;

    for (int i = 1; i < attempt && d < spec->backoff_max_ms; i++)
        d *= 2;
    if (d > spec->backoff_max_ms)
        d = spec->backoff_max_ms;
    return d / 2 + (int64_t)((double)(d - d / 2) * rand01);
}
