/* chilipiper_client.h - ChiliPiper's Edge API (integrations.md §B.4): the meetings of a time
 * range, page by page, with the API key as a bearer token. Layer http: the caller passes the
 * settings. The answer's shape is not published ("payload structure might change"): the caller
 * reads it tolerantly (chilipiper_map.c). */
#ifndef PC_CHILIPIPER_CLIENT_H
#define PC_CHILIPIPER_CLIENT_H

#include <json-c/json.h>
#include <stdint.h>

#include "core/err.h"
#include "http/http_client.h"

#define CHILIPIPER_SPAN_MAX_MS (7LL * 24 * 3600 * 1000) /* the API's longest range */
#define CHILIPIPER_PAGE_SIZE 100

struct chilipiper_client {
    struct http_client *http; /* borrowed */
    const char *base_url;     /* CHILIPIPER_BASE_URL */
    const char *api_key;      /* CHILIPIPER_API_KEY */
    long timeout_ms;
};

/* chilipiper_meetings_body - {"start","end","page","pageSize"} (ISO 8601 UTC); caller frees */
char *chilipiper_meetings_body(int64_t start_ms, int64_t end_ms, int page, int page_size);

/* chilipiper_meetings_page - PUT /v2/org/meetings/meetings for [start_ms, end_ms) (at most 7
 * days), page (1-based). The parsed answer (caller puts it); NULL with err: unauthenticated
 * (401/403), rate_limited (429, retry_after from Retry-After), unavailable (5xx, transport),
 * bad_request (other 4xx), internal (not JSON). */
json_object *chilipiper_meetings_page(const struct chilipiper_client *c, int64_t start_ms,
                                      int64_t end_ms, int page, struct err *err);

#endif
