/* http_client.c - libcurl easy handle reused across calls (keeps connections warm) */
#include "http/http_client.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

struct http_client {
    CURL *curl;
};

struct capture {
    char *buf;
    size_t len, cap;
    int retry_after_s;
    char *headers; /* the header lines of the last response seen */
    size_t headers_len;
};

#define HEADERS_MAX (64 * 1024)

struct http_client *
http_client_new(void)
{
    struct http_client *c = calloc(1, sizeof(*c));

    if (c != NULL)
        c->curl = curl_easy_init();
    if (c != NULL && c->curl == NULL) {
        free(c);
        return NULL;
    }
    return c;
}

void
http_client_free(struct http_client *c)
{
    if (c == NULL)
        return;
    curl_easy_cleanup(c->curl);
    free(c);
}

static size_t
on_body(char *ptr, size_t size, size_t n, void *userdata)
{
    struct capture *cap = userdata;
    size_t add = size * n;
    char *grown;

    if (cap->len + add > 8 * 1024 * 1024)
        return 0;                        /* a provider answer this large is an error, not data */
    if (cap->len + add + 1 > cap->cap) { /* doubling: a page of 1 MB is not copied per chunk */
        size_t room = cap->cap ? cap->cap : 4096;
        while (room < cap->len + add + 1)
            room *= 2;
        if ((grown = realloc(cap->buf, room)) == NULL)
            return 0;
        cap->buf = grown;
        cap->cap = room;
    }
    memcpy(cap->buf + cap->len, ptr, add);
    cap->len += add;
    cap->buf[cap->len] = '\0';
    return add;
}

static size_t
on_header(char *ptr, size_t size, size_t n, void *userdata)
{
    struct capture *cap = userdata;
    size_t len = size * n;
    char value[128];

    /* a status line starts a response (after a 100 Continue or a redirect, the next one) */
    if (len > 5 && strncmp(ptr, "HTTP/", 5) == 0) {
        cap->headers_len = 0;
        cap->retry_after_s = -1;
        return len;
    }
    if (cap->headers_len + len < HEADERS_MAX) {
        char *grown = realloc(cap->headers, cap->headers_len + len + 1);
        if (grown == NULL)
            return 0;
        memcpy(grown + cap->headers_len, ptr, len);
        cap->headers = grown;
        cap->headers_len += len;
        cap->headers[cap->headers_len] = '\0';
    }
    if (len > 12 && strncasecmp(ptr, "Retry-After:", 12) == 0) {
        size_t vlen = len - 12 < sizeof(value) - 1 ? len - 12 : sizeof(value) - 1;
        memcpy(value, ptr + 12, vlen);
        value[vlen] = '\0';
        value[strcspn(value, "\r\n")] = '\0';
        cap->retry_after_s = http_retry_after(value, (long long)time(NULL));
    }
    return len;
}

/* the request's options on the reused handle; headers and cap outlive the transfer */
static void
set_options(CURL *curl, const struct http_request *rq, struct curl_slist *headers,
            struct capture *cap)
{
    curl_easy_setopt(curl, CURLOPT_URL, rq->url);
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, rq->method);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, rq->timeout_ms);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
                     rq->timeout_ms < 5000 ? rq->timeout_ms : 5000);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, cap);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, cap);
    curl_easy_setopt(curl, CURLOPT_USERAGENT, "partner-connector/1");
    if (rq->userpwd != NULL) {
        curl_easy_setopt(curl, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
        curl_easy_setopt(curl, CURLOPT_USERPWD, rq->userpwd);
    }
    if (rq->body != NULL) {
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, rq->body);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)rq->body_len);
    }
}

bool
http_send(struct http_client *c, const struct http_request *rq, struct http_response *res,
          struct err *err)
{
    struct capture cap = {.retry_after_s = -1};
    struct curl_slist *headers = NULL;
    CURL *curl = c->curl;
    CURLcode rc;

    memset(res, 0, sizeof(*res));
    curl_easy_reset(curl);
    for (const char *const *h = rq->headers; h != NULL && *h != NULL; h++)
        headers = curl_slist_append(headers, *h);
    set_options(curl, rq, headers, &cap);
    rc = curl_easy_perform(curl);
    curl_slist_free_all(headers);
    if (rc != CURLE_OK) {
        free(cap.buf);
        free(cap.headers);
        return err_unavailable(err, "the remote service", curl_easy_strerror(rc));
    }
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &res->status);
    res->body = cap.buf ? cap.buf : strdup("");
    res->len = cap.len;
    res->retry_after_s = cap.retry_after_s;
    res->headers = cap.headers;
    if (cap.headers != NULL)
        cap.headers[cap.headers_len] = '\0';
    return true;
}

void
http_response_release(struct http_response *res)
{
    free(res->body);
    free(res->headers);
    memset(res, 0, sizeof(*res));
}

bool
http_response_header(const struct http_response *res, const char *name, char *out, size_t cap)
{
    size_t n = strlen(name);

    for (const char *p = res->headers; p != NULL && *p != '\0';) {
        size_t line = strcspn(p, "\r\n");
        if (line > n && strncasecmp(p, name, n) == 0 && p[n] == ':') {
            const char *v = p + n + 1;
            size_t vlen = line - n - 1;
            while (vlen > 0 && (*v == ' ' || *v == '\t')) {
                v++;
                vlen--;
            }
            while (vlen > 0 && (v[vlen - 1] == ' ' || v[vlen - 1] == '\t'))
                vlen--;
            if (vlen >= cap)
                return false;
            memcpy(out, v, vlen);
            out[vlen] = '\0';
            return true;
        }
        p += line;
        p += strspn(p, "\r\n");
    }
    return false;
}

long
http_response_header_long(const struct http_response *res, const char *name, long fallback)
{
    char value[32], *end;
    long n;

    if (!http_response_header(res, name, value, sizeof(value)) || value[0] == '\0')
        return fallback;
    n = strtol(value, &end, 10);
    return *end == '\0' ? n : fallback;
}

static void
form_put(struct form *f, const char *s, size_t n)
{
    if (f->len + n + 1 > f->cap) {
        size_t cap = (f->cap ? f->cap * 2 : 256) + n;
        char *grown = realloc(f->buf, cap);
        if (grown == NULL)
            abort(); /* out of memory while building a small request */
        f->buf = grown;
        f->cap = cap;
    }
    memcpy(f->buf + f->len, s, n);
    f->len += n;
    f->buf[f->len] = '\0';
}

/* percent-encode everything but RFC 3986's unreserved characters (curl's escaping) */
static void
form_put_encoded(struct form *f, const char *s)
{
    char *esc = curl_easy_escape(NULL, s, 0);

    if (esc == NULL)
        abort(); /* out of memory while building a small request */
    form_put(f, esc, strlen(esc));
    curl_free(esc);
}

void
form_add(struct form *f, const char *name, const char *value)
{
    if (f->len > 0)
        form_put(f, "&", 1);
    form_put_encoded(f, name);
    form_put(f, "=", 1);
    form_put_encoded(f, value);
}

void
form_release(struct form *f)
{
    free(f->buf);
    memset(f, 0, sizeof(*f));
}

int
http_retry_after(const char *value, long long now)
{
    struct tm tm;
    char *end;
    long secs;

    while (*value == ' ')
        value++;
    secs = strtol(value, &end, 10);
    if (end != value && (*end == '\0' || *end == ' '))
        return secs < 0 ? 0 : secs > 86400 ? 86400 : (int)secs;
    memset(&tm, 0, sizeof(tm));
    end = strptime(value, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    if (end == NULL)
        return -1;
    long long at = (long long)timegm(&tm);
    return at <= now ? 0 : at - now > 86400 ? 86400 : (int)(at - now);
}
