/* queues.c - the queues' parameters, from THE table in queues.h; backoff */
#include "queue/queues.h"

#include <string.h>

/* every column of QUEUE_TABLE but the job function, which is pc-worker's */
#define QUEUE_SPEC(name, attempts, backoff, backoff_max, visibility, test_only, job)               \
    {name, attempts, backoff, backoff_max, visibility, test_only},

const struct queue_spec queue_specs[] = {QUEUE_TABLE(QUEUE_SPEC)};

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
