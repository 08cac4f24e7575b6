/* stripe_client.h - Stripe's REST API (integrations.md §D) over http_client: form-encoded
 * POSTs with `Authorization: Bearer <secret key>`, the pinned Stripe-Version and an
 * Idempotency-Key on every POST; retries as Stripe's own clients do (§D.1): obey
 * Stripe-Should-Retry when sent, else retry transport failures, 409 and 5xx, with backoff
 * min(0.5 s x 2^(n-1), 5 s) and 50-100 % jitter, never under 0.5 s, at least a Retry-After of
 * up to 60 s, always with the same key. Layer http: the caller passes the settings. */
#ifndef PC_STRIPE_CLIENT_H
#define PC_STRIPE_CLIENT_H

#include <json-c/json.h>
#include <stdbool.h>

#include "core/err.h"
#include "http/http_client.h"

#define STRIPE_TRIES 4 /* the first call and three retries */
#define STRIPE_KEY_MAX 255

struct stripe_client {
    struct http_client *http; /* borrowed */
    const char *base_url;     /* STRIPE_BASE_URL */
    const char *secret_key;   /* STRIPE_SECRET_KEY */
    const char *version;      /* STRIPE_API_VERSION */
    long timeout_ms;
    long calls, retries; /* figures for the logs and tests */
};

/* stripe_wait_ms - how long to wait before try tries + 1 after an answer of status (0: the
 * transport failed) with should_retry (the Stripe-Should-Retry header: 1 true, 0 false, -1
 * absent) and retry_after_s (-1: absent); jitter in [0, 1) picks within 50-100 % of the
 * backoff. -1 when the answer is not retried (success, a refusal, the tries used up). */
long stripe_wait_ms(long status, int should_retry, int retry_after_s, int tries, double jitter);

/* stripe_post - POST path (below base_url, "/v1/invoices") with the form body (may be NULL)
 * and idem_key (required, at most STRIPE_KEY_MAX bytes), with the retries above. The parsed
 * 2xx answer (the caller's), NULL with err: unauthenticated (401), forbidden (403), not_found
 * (404), rate_limited (429), conflict (409 after the tries), bad_request (other 4xx: Stripe's
 * error message in err's message), unavailable (5xx or transport after the tries), internal
 * (an answer that is not JSON). */
json_object *stripe_post(struct stripe_client *c, const char *path, const struct form *body,
                         const char *idem_key, struct err *err);

/* stripe_get - GET path, the same retries and errors (no key: a GET changes nothing) */
json_object *stripe_get(struct stripe_client *c, const char *path, struct err *err);

#endif
