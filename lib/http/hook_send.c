/* hook_send.c - the SSRF-safe POST of a partner webhook (libcurl, CURLOPT_RESOLVE pinning and
 * an opensocket check of the very address curl connects to) */
#include "http/hook_send.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netdb.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/clock.h"
#include "core/netaddr.h"
#include "core/utf8.h"
#include "http/hmac.h"
#include "http/http_client.h"

void
hook_sign(const char *secret, const char *timestamp, const char *body, size_t len,
          char out[HOOK_SIG_HEX])
{
    hmac_sha256_dotted_hex(secret, timestamp, body, len, out);
}

void
hook_signature_header(const char *secret, const char *old_secret, const char *timestamp,
                      const char *body, size_t len, char *out, size_t cap)
{
    char now[HOOK_SIG_HEX], old[HOOK_SIG_HEX] = "";

    hook_sign(secret, timestamp, body, len, now);
    if (old_secret != NULL && old_secret[0] != '\0') {
        hook_sign(old_secret, timestamp, body, len, old);
        snprintf(out, cap, "v1=%s,v1=%s", now, old);
    } else {
        snprintf(out, cap, "v1=%s", now);
    }
}

struct sink {
    struct hook_result *res;
    size_t kept;
};

static size_t
on_body(char *data, size_t size, size_t n, void *ctx)
{
    struct sink *s = ctx;
    size_t len = size * n, room = HOOK_RESPONSE_KEEP - s->kept;
    size_t take = len < room ? len : room;

    memcpy(s->res->response + s->kept, data, take);
    s->kept += take;
    s->res->response[s->kept] = '\0';
    return len; /* read the rest and drop it, so the connection ends cleanly */
}

static size_t
on_header(char *line, size_t size, size_t n, void *ctx)
{
    struct sink *s = ctx;
    size_t len = size * n;
    char value[64];

    if (len > 12 && len < 12 + sizeof(value) && strncasecmp(line, "Retry-After:", 12) == 0) {
        memcpy(value, line + 12, len - 12);
        value[len - 12] = '\0';
        value[strcspn(value, "\r\n")] = '\0';
        s->res->retry_after_s = http_retry_after(value + strspn(value, " \t"), clock_now_s());
    }
    return len;
}

/* curl's last word before connecting: the address must still be the checked kind */
static curl_socket_t
on_open_socket(void *ctx, curlsocktype purpose, struct curl_sockaddr *a)
{
    const bool *allow_loopback = ctx;

    if (purpose != CURLSOCKTYPE_IPCXN || !netaddr_allowed(&a->addr, *allow_loopback))
        return CURL_SOCKET_BAD;
    return socket(a->family, a->socktype, a->protocol);
}

/* the kept answer as valid UTF-8 text for the log: a character cut at 2 KiB is dropped, a NUL
 * ends it, and any other invalid byte becomes '?' */
static void
keep_text(char *text, size_t len)
{
    len = strnlen(text, len);
    text[len] = '\0';
    for (int cut = 0; cut < 4 && len > 0 && utf8_check(text, len, NULL) != UTF8_OK; cut++)
        text[--len] = '\0';
    if (utf8_check(text, len, NULL) == UTF8_OK)
        return;
    len = strlen(text);
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)text[i] >= 0x80)
            text[i] = '?';
}

struct target {
    char scheme[8], host[256], port[8];
};

static bool
refuse(struct hook_result *res, const char *why)
{
    res->refused = true;
    snprintf(res->error, sizeof(res->error), "%s", why);
    return false;
}

/* scheme, host (without IPv6 brackets) and port of url, by curl's own parser */
static bool
target_parse(const struct hook_request *rq, struct target *t, struct hook_result *res)
{
    CURLU *u = curl_url();
    char *scheme = NULL, *host = NULL, *port = NULL;
    bool ok = u != NULL && curl_url_set(u, CURLUPART_URL, rq->url, 0) == CURLUE_OK
              && curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK
              && curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK
              && curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) == CURLUE_OK
              && strlen(scheme) < sizeof(t->scheme) && strlen(host) < sizeof(t->host)
              && strlen(port) < sizeof(t->port);

    if (ok) {
        snprintf(t->scheme, sizeof(t->scheme), "%s", scheme);
        size_t hl = strlen(host);
        if (host[0] == '[' && hl > 2 && host[hl - 1] == ']')
            snprintf(t->host, sizeof(t->host), "%.*s", (int)(hl - 2), host + 1);
        else
            snprintf(t->host, sizeof(t->host), "%s", host);
        snprintf(t->port, sizeof(t->port), "%s", port);
    }
    curl_free(scheme);
    curl_free(host);
    curl_free(port);
    curl_url_cleanup(u);
    if (!ok)
        return refuse(res, "the URL cannot be parsed");
    if (strcmp(t->scheme, "https") != 0 && !(rq->allow_http && strcmp(t->scheme, "http") == 0))
        return refuse(res, "the URL must use https");
    return true;
}

/* resolve the host; every address must be allowed (a name with one private address among
 * public ones is refused: any of them may be the one a later lookup answers); the first one
 * goes to res->address, up to 8 of them to pins ("a,[b]", CURLOPT_RESOLVE's list) */
static bool
target_resolve(const struct hook_request *rq, const struct target *t, struct hook_result *res,
               char *pins, size_t cap)
{
    size_t used = 0;
    int n = 0;

    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM}, *list = NULL;
    char why[256];
    int rc = getaddrinfo(t->host, t->port, &hints, &list);

    if (rc != 0 || list == NULL) {
        snprintf(res->error, sizeof(res->error), "cannot resolve %.120s: %s", t->host,
                 gai_strerror(rc));
        return false;
    }
    for (struct addrinfo *a = list; a != NULL; a = a->ai_next) {
        char text[64] = "";
        const void *bytes =
            a->ai_family == AF_INET
                ? (const void *)&((struct sockaddr_in *)(void *)a->ai_addr)->sin_addr
                : (const void *)&((struct sockaddr_in6 *)(void *)a->ai_addr)->sin6_addr;
        inet_ntop(a->ai_family, bytes, text, sizeof(text));
        if (a == list)
            snprintf(res->address, sizeof(res->address), "%s", text);
        if (n++ < 8 && used < cap)
            used += (size_t)snprintf(pins + used, cap - used,
                                     a->ai_family == AF_INET6 ? "%s[%s]" : "%s%s", used ? "," : "",
                                     text);
        if (!netaddr_allowed(a->ai_addr, rq->allow_loopback)) {
            snprintf(res->address, sizeof(res->address), "%s", text);
            snprintf(why, sizeof(why), "%.100s resolves to a %s address (%s): not allowed", t->host,
                     netaddr_class_name(netaddr_classify(a->ai_addr)), text);
            freeaddrinfo(list);
            return refuse(res, why);
        }
    }
    freeaddrinfo(list);
    return true;
}

static void
set_options(CURL *curl, const struct hook_request *rq, struct curl_slist *hdrs,
            struct curl_slist *pin, struct sink *s, bool *allow_loopback)
{
    curl_easy_setopt(curl, CURLOPT_URL, rq->url);
    curl_easy_setopt(curl, CURLOPT_POST, 1L);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, rq->body);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)rq->body_len);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(curl, CURLOPT_RESOLVE, pin);
    curl_easy_setopt(curl, CURLOPT_OPENSOCKETFUNCTION, on_open_socket);
    curl_easy_setopt(curl, CURLOPT_OPENSOCKETDATA, allow_loopback);
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, rq->allow_http ? "http,https" : "https");
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(curl, CURLOPT_NOPROXY, "*");
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, rq->timeout_ms > 0 ? rq->timeout_ms : 10000L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
    curl_easy_setopt(curl, CURLOPT_USERAGENT, "PartnerConnector-Webhooks/1");
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, s);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, s);
}

bool
hook_send(const struct hook_request *rq, struct hook_result *res)
{
    struct target t;
    struct sink s = {res, 0};
    struct curl_slist *hdrs = NULL, *pin = NULL;
    char entry[1024], pins[600] = "";
    double started = clock_mono_ms();
    bool allow_loopback = rq->allow_loopback;
    CURL *curl = NULL;
    CURLcode rc;

    memset(res, 0, sizeof(*res));
    res->retry_after_s = -1;
    if (!target_parse(rq, &t, res) || !target_resolve(rq, &t, res, pins, sizeof(pins)))
        goto out;
    snprintf(entry, sizeof(entry), "%s:%s:%s", t.host, t.port, pins);
    pin = curl_slist_append(NULL, entry);
    hdrs = curl_slist_append(NULL, "Expect:");
    for (const char *const *h = rq->headers; h != NULL && *h != NULL; h++)
        hdrs = curl_slist_append(hdrs, *h);
    curl = curl_easy_init();
    if (curl == NULL || pin == NULL || hdrs == NULL) {
        snprintf(res->error, sizeof(res->error), "out of memory");
        goto out;
    }
    set_options(curl, rq, hdrs, pin, &s, &allow_loopback);
    rc = curl_easy_perform(curl);
    if (rc == CURLE_OK) {
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &res->status);
        keep_text(res->response, s.kept);
    } else if (rc == CURLE_COULDNT_CONNECT && !res->refused)
        snprintf(res->error, sizeof(res->error), "cannot connect to %s: %s", res->address,
                 curl_easy_strerror(rc));
    else
        snprintf(res->error, sizeof(res->error), "%s", curl_easy_strerror(rc));
out:
    res->duration_ms = clock_mono_ms() - started;
    curl_easy_cleanup(curl);
    curl_slist_free_all(hdrs);
    curl_slist_free_all(pin);
    return res->status > 0;
}
