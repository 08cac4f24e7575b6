/* hubspot_client.h - HubSpot's CRM contacts API (integrations.md §A.4-§A.6) over http_client:
 * contact reads and the contacts search, with the private-app bearer token, the API version
 * segment from configuration, in-process retries (429 with Retry-After, 5xx, transport
 * failures) and pacing by the X-HubSpot-RateLimit-* headers so that calls stay under the
 * limit. Layer http: the caller passes the settings; no configuration is read here. */
#ifndef PC_HUBSPOT_CLIENT_H
#define PC_HUBSPOT_CLIENT_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"
#include "http/http_client.h"

#define HUBSPOT_PAGE_SIZE 100
#define HUBSPOT_TRIES_429 5       /* answers 429 before the call is given up (rate_limited) */
#define HUBSPOT_TRIES_5XX 3       /* 5xx answers or transport failures before unavailable */
#define HUBSPOT_WAIT_MAX_MS 15000 /* a longer Retry-After is left to the queue's retry */

struct hubspot_client {
    struct http_client *http; /* borrowed */
    const char *base_url;     /* HUBSPOT_BASE_URL */
    const char *token;        /* HUBSPOT_ACCESS_TOKEN */
    const char *version;      /* HUBSPOT_API_VERSION: "v3" or "2026-03" */
    long timeout_ms, min_interval_ms;
    void (*touch)(
        void *ctx); /* called before each call and each wait (a job's heartbeat); may be NULL */
    void *touch_ctx;
    /* state, zero at start: what the last answer said about the rate limit */
    double last_call_ms; /* monotonic */
    long remaining, interval_ms, secondly_remaining;
    long calls, waited_ms; /* figures for the logs and tests */
};

/* hubspot_contacts_path - the contacts path of an API version plus suffix:
 * "v3" -> /crm/v3/objects/contacts<suffix>, "2026-03" -> /crm/objects/2026-03/contacts<suffix> */
void hubspot_contacts_path(const char *version, const char *suffix, char *out, size_t cap);

/* one page of the contacts search: modified at or after since_ms (0: every contact), sorted by
 * lastmodifieddate ascending, HUBSPOT_PAGE_SIZE per page, from the cursor after ("" or "0":
 * the first page), with properties (NULL-terminated) */
struct hubspot_search {
    long long since_ms;
    const char *after;
    const char *const *properties;
};

/* hubspot_search_body - the JSON body of the search (caller frees with free()) */
char *hubspot_search_body(const struct hubspot_search *s);

/* hubspot_wait_ms - how long to wait before try number `tries` + 1 after an answer of status
 * with retry_after_s (-1: none) and body: Retry-After when sent, else HubSpot's SDK policy (429
 * TEN_SECONDLY_ROLLING: 10 s x tries, other 429: 1 s x tries; 5xx and 0 (transport): 200 ms x
 * tries). -1 when the answer is not retried here (2xx, 4xx but 429, or the tries are used up). */
long hubspot_wait_ms(long status, int retry_after_s, const char *body, int tries);

/* hubspot_pace_ms - how long to wait before the next call, from now_ms (monotonic) and what the
 * last answer said: the minimum spacing, the rest of the window when Remaining <= 1, a second
 * when Secondly-Remaining <= 1 */
long hubspot_pace_ms(const struct hubspot_client *c, double now_ms);

/* hubspot_request - one call (method, path below base_url, JSON body or NULL) with the retries
 * and pacing above. The parsed 2xx answer (caller puts it), NULL with err: not_found (404),
 * unauthenticated (401/403: the token), bad_request (other 4xx), rate_limited (429 after the
 * tries, err->retry_after set), unavailable (5xx or transport after the tries, or a wait
 * beyond HUBSPOT_WAIT_MAX_MS: err->retry_after set), internal (an answer that is not JSON). */
json_object *hubspot_request(struct hubspot_client *c, const char *method, const char *path,
                             const char *body, struct err *err);

/* hubspot_contact_get - GET .../contacts/{id}?properties=... (a SimplePublicObject) */
json_object *hubspot_contact_get(struct hubspot_client *c, const char *id,
                                 const char *const *properties, struct err *err);

/* hubspot_contacts_search - POST .../contacts/search ({total, results, paging}) */
json_object *hubspot_contacts_search(struct hubspot_client *c, const struct hubspot_search *s,
                                     struct err *err);

#endif
