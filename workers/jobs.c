/* jobs.c - which function runs the jobs of which queue. Queues whose feature is not built
 * yet have no row; their issue adds it. */
#include "jobs.h"

#include <stdio.h>
#include <string.h>

#include "queues.h"

static const struct job_handler handlers[] = {
    {"events", job_events},           {"email", job_email},         {"imports", job_imports},
    {"test-effect", job_test_effect}, {"test-noop", job_test_noop},
};

const struct job_handler *
jobs_find(const char *queue, bool test_hooks)
{
    if (queue_spec_find(queue, test_hooks) == NULL)
        return NULL;
    for (size_t i = 0; i < sizeof(handlers) / sizeof(handlers[0]); i++)
        if (strcmp(handlers[i].queue, queue) == 0)
            return &handlers[i];
    return NULL;
}

void
jobs_list(bool test_hooks)
{
    for (size_t i = 0; i < sizeof(handlers) / sizeof(handlers[0]); i++)
        if (queue_spec_find(handlers[i].queue, test_hooks) != NULL)
            printf("%s\n", handlers[i].queue);
}
