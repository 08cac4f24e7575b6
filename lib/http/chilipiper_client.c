/* chilipiper_client.c - the Edge API's meeting list (PUT /v2/org/meetings/meetings) */
#include "http/chilipiper_client.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/isotime.h"

char *
chilipiper_meetings_body(int64_t start_ms, int64_t end_ms, int page, int page_size)
{
    char start[ISOTIME_LEN + 1], end[ISOTIME_LEN + 1];
    json_object *o = json_object_new_object();
    char *text;

    isotime_format(start_ms, start, sizeof(start));
    isotime_format(end_ms, end, sizeof(end));
    json_object_object_add(o, "start", json_object_new_string(start));
    json_object_object_add(o, "end", json_object_new_string(end));
    json_object_object_add(o, "page", json_object_new_int(page));
    json_object_object_add(o, "pageSize", json_object_new_int(page_size));
    text = strdup(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
    json_object_put(o);
    return text;
}

static json_object *
answer_of(const struct http_response *res, struct err *err)
{
    json_object *out = NULL;

    if (res->status >= 200 && res->status < 300) {
        out = json_tokener_parse(res->body);
        if (out == NULL)
            err_set(err, ERR_INTERNAL, "ChiliPiper's answer is not JSON");
        return out;
    }
    err_cause(err, "chilipiper answered %ld: %.120s", res->status, res->body);
    if (res->status == 401 || res->status == 403)
        err_set(err, ERR_UNAUTHENTICATED, "ChiliPiper refused the API key (%ld)", res->status);
    else if (res->status == 429)
        err_set(err, ERR_RATE_LIMITED, "ChiliPiper's rate limit");
    else if (res->status >= 500)
        err_set(err, ERR_UNAVAILABLE, "ChiliPiper is unavailable (%ld)", res->status);
    else
        err_set(err, ERR_BAD_REQUEST, "ChiliPiper refused the request (%ld)", res->status);
    err->retry_after = res->retry_after_s;
    return NULL;
}

json_object *
chilipiper_meetings_page(const struct chilipiper_client *c, int64_t start_ms, int64_t end_ms,
                         int page, struct err *err)
{
    char url[1024], auth[600];
    char *body = chilipiper_meetings_body(start_ms, end_ms, page, CHILIPIPER_PAGE_SIZE);
    const char *headers[] = {auth, "Accept: application/json", "Content-Type: application/json",
                             NULL};
    struct http_request rq = {.method = "PUT",
                              .url = url,
                              .headers = headers,
                              .body = body,
                              .body_len = strlen(body),
                              .timeout_ms = c->timeout_ms};
    struct http_response res;
    json_object *out = NULL;

    snprintf(url, sizeof(url), "%s/v2/org/meetings/meetings", c->base_url);
    snprintf(auth, sizeof(auth), "Authorization: Bearer %s", c->api_key ? c->api_key : "");
    if (http_send(c->http, &rq, &res, err)) {
        out = answer_of(&res, err);
        http_response_release(&res);
    }
    explicit_bzero(auth, sizeof(auth));
    free(body);
    return out;
}
