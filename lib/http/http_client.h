/* http_client.h - outbound HTTP through libcurl: one reused handle per process, timeouts,
 * form encoding, Retry-After */
#ifndef PC_HTTP_CLIENT_H
#define PC_HTTP_CLIENT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

struct http_client;

struct http_response {
    long status; /* 0 when the transport failed */
    char *body;  /* owned, NUL-terminated */
    size_t len;
    int retry_after_s; /* from Retry-After (seconds or HTTP date); -1 when absent */
    char *headers;     /* owned: the final response's header lines, "Name: value\r\n"... */
};

struct http_request {
    const char *method; /* "POST", "GET" ... */
    const char *url;
    const char *userpwd;        /* basic auth "user:password", or NULL */
    const char *const *headers; /* NULL-terminated "Name: value" list, or NULL */
    const char *body;           /* or NULL */
    size_t body_len;
    long timeout_ms;
};

struct http_client *http_client_new(void);
void http_client_free(struct http_client *c);

/* http_send - perform the request; true when an HTTP answer came back (any status), false with
 * err unavailable when the transport failed (refused, reset, timeout, TLS). Response is the
 * caller's: http_response_release. */
bool http_send(struct http_client *c, const struct http_request *rq, struct http_response *res,
               struct err *err);
void http_response_release(struct http_response *res);

/* http_response_header - copy the value of the response header name (case-insensitive, the
 * first of that name, surrounding blanks trimmed) into out; false when absent or too long */
bool http_response_header(const struct http_response *res, const char *name, char *out, size_t cap);

/* http_response_header_long - the header's value as a number; fallback when absent or not one */
long http_response_header_long(const struct http_response *res, const char *name, long fallback);

/* form encoding (application/x-www-form-urlencoded) into a growing buffer */
struct form {
    char *buf; /* owned */
    size_t len, cap;
};

void form_add(struct form *f, const char *name, const char *value);
void form_release(struct form *f);

/* http_retry_after - parse a Retry-After value: seconds, or an HTTP date relative to now;
 * -1 when unparsable */
int http_retry_after(const char *value, long long now);

#endif
