/* queues.h - THE table of queues: name, attempts, backoff, visibility timeout, job function */
#ifndef PC_QUEUES_H
#define PC_QUEUES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* milliseconds in a second, a minute, an hour */
#define QUEUE_S 1000
#define QUEUE_M (60 * QUEUE_S)
#define QUEUE_H (60 * QUEUE_M)

/* One row per queue: Q(name, attempts, backoff base, backoff cap, visibility timeout, test only,
 * job function). Times in ms. Attempts are runs before the dead letters; a job taken longer ago
 * than the visibility timeout by a silent worker is reclaimed. The job function is pc-worker's
 * (workers/job_<queue>.c): only workers/jobs.c expands that column, so libpc and pc-api never
 * link it. NULL until the queue's feature is built. Long jobs renew their claim as they go
 * (queue_touch: sync-leads after every HubSpot call), so that their visibility timeout can be
 * short and a killed worker's job is taken over within a minute or so. Test queues exist only
 * with PC_TEST_HOOKS; test-effect can block, fail or crash on demand (tests/api/test_queues.c).
 * The rows run past 100 columns: a table reads better on one line per queue. */
/* clang-format off */
#define QUEUE_TABLE(Q)                                                                                   \
    Q("hubspot-webhook",    8,  5 * QUEUE_S,  30 * QUEUE_M, 2 * QUEUE_M,  false, job_hubspot_webhook)    \
    Q("chilipiper-webhook", 8,  5 * QUEUE_S,  30 * QUEUE_M, 2 * QUEUE_M,  false, job_chilipiper_webhook) \
    Q("events",             10, 2 * QUEUE_S,  10 * QUEUE_M, 1 * QUEUE_M,  false, job_events)             \
    Q("sync-leads",         5,  30 * QUEUE_S, 30 * QUEUE_M, 1 * QUEUE_M,  false, job_sync_leads)         \
    Q("partner-api-lead",   8,  5 * QUEUE_S,  30 * QUEUE_M, 2 * QUEUE_M,  false, job_partner_api_lead)   \
    Q("stripe-webhook",     10, 10 * QUEUE_S, 1 * QUEUE_H,  2 * QUEUE_M,  false, job_stripe_webhook)     \
    Q("email",              8,  10 * QUEUE_S, 1 * QUEUE_H,  2 * QUEUE_M,  false, job_email)              \
    Q("partner-webhooks",   40, 5 * QUEUE_M,  8 * QUEUE_H,  1 * QUEUE_M,  false, job_partner_webhooks)   \
    Q("imports",            3,  10 * QUEUE_S, 5 * QUEUE_M,  10 * QUEUE_M, false, job_imports)            \
    Q("test-effect",        3,  200,          1 * QUEUE_S,  2 * QUEUE_S,  true,  job_test_effect)        \
    Q("test-noop",          3,  200,          1 * QUEUE_S,  2 * QUEUE_S,  true,  job_test_noop)
/* clang-format on */

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
