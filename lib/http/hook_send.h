/* hook_send.h - one signed webhook delivery to a partner's endpoint: resolve the host, refuse
 * any address that is not public (core/netaddr.h), connect to exactly the checked address (no
 * DNS rebinding between the check and the connect), 10 s in all, no redirects, no proxy */
#ifndef PC_HOOK_SEND_H
#define PC_HOOK_SEND_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

#define HOOK_SIG_HEX 65         /* 64 hex digits of HMAC-SHA256 and a NUL */
#define HOOK_RESPONSE_KEEP 2048 /* bytes of the answer the delivery log keeps */

/* hook_sign - hex HMAC-SHA256(secret, timestamp + "." + body) into out */
void hook_sign(const char *secret, const char *timestamp, const char *body, size_t len,
               char out[HOOK_SIG_HEX]);

/* hook_signature_header - "v1=<sig of secret>" and, when old_secret is not NULL, ",v1=<sig of
 * old_secret>" into out (cap >= 2 * (3 + HOOK_SIG_HEX) + 1) */
void hook_signature_header(const char *secret, const char *old_secret, const char *timestamp,
                           const char *body, size_t len, char *out, size_t cap);

struct hook_request {
    const char *url;
    const char *const *headers; /* NULL-terminated "Name: value" lines */
    const char *body;
    size_t body_len;
    long timeout_ms;     /* the whole exchange; 0: 10 s */
    bool allow_http;     /* http:// too (dev and tests) */
    bool allow_loopback; /* 127.0.0.1 and ::1 too (dev and tests) */
};

struct hook_result {
    long status;                           /* HTTP status; 0 when no answer came */
    char response[HOOK_RESPONSE_KEEP + 1]; /* the answer's first 2 KiB */
    int retry_after_s;                     /* Retry-After in seconds, -1 when absent */
    double duration_ms;
    bool refused;     /* not sent: the URL or its address is not allowed (no retry helps) */
    char address[64]; /* the address connected to (or refused), "" before resolving */
    char error[256];  /* why no answer came, "" otherwise */
};

/* hook_send - POST the request; fills res on every path. True when an HTTP answer came back
 * (any status); false when none did (res->refused tells a refusal from a transport failure). */
bool hook_send(const struct hook_request *rq, struct hook_result *res);

#endif
