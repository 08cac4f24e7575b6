/* res.c - response building and the one JSON error shape of DESIGN §3 */
#include "res.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/log.h"

void
res_init(struct res *res)
{
    memset(res, 0, sizeof(*res));
    res->status = 200;
}

void
res_release(struct res *res)
{
    if (res->json != NULL)
        json_object_put(res->json);
    free(res->raw);
    for (int i = 0; i < res->nheaders; i++)
        free(res->headers[i].value);
    memset(res, 0, sizeof(*res));
}

int
res_json(struct res *res, int status, json_object *obj)
{
    if (res->json != NULL)
        json_object_put(res->json);
    res->json = obj;
    res->status = status;
    return status;
}

int
res_raw(struct res *res, int status, const char *content_type, const char *bytes, size_t len)
{
    free(res->raw);
    res->raw = malloc(len + 1);
    if (res->raw == NULL)
        return res_error(res, ERR_INTERNAL, "out of memory");
    memcpy(res->raw, bytes, len);
    res->raw[len] = '\0';
    res->raw_len = len;
    res->content_type = content_type;
    res->status = status;
    return status;
}

/* format a header value, without CR or LF whatever the caller passes (no header injection) */
static char *
header_value(const char *fmt, va_list ap)
{
    char *value = NULL;

    if (vasprintf(&value, fmt, ap) < 0)
        return NULL;
    for (char *p = value; *p != '\0'; p++)
        if (*p == '\r' || *p == '\n')
            *p = ' ';
    return value;
}

static void
append_header(struct res *res, const char *name, char *value)
{
    if (res->nheaders == RES_MAX_HEADERS) {
        free(value);
        return;
    }
    snprintf(res->headers[res->nheaders].name, sizeof(res->headers[0].name), "%s", name);
    res->headers[res->nheaders++].value = value;
}

/* the header name: fmt's value, replacing an earlier one of that name when replace is set */
static void
set_header(struct res *res, bool replace, const char *name, const char *fmt, va_list ap)
{
    char *value = header_value(fmt, ap);

    if (value == NULL)
        return;
    for (int i = 0; replace && i < res->nheaders; i++) {
        if (strcasecmp(res->headers[i].name, name) == 0) { /* a later value replaces */
            free(res->headers[i].value);
            res->headers[i].value = value;
            return;
        }
    }
    append_header(res, name, value);
}

void
res_header(struct res *res, const char *name, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    set_header(res, true, name, fmt, ap);
    va_end(ap);
}

void
res_add_header(struct res *res, const char *name, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    set_header(res, false, name, fmt, ap);
    va_end(ap);
}

int
res_fail(struct res *res, const struct err *err)
{
    const char *code = err->code ? err->code : "internal";
    int status = err_status(code);
    json_object *body = json_object_new_object();
    json_object *e = json_object_new_object();

    if (status >= 500 && err->cause[0] != '\0')
        log_error("request failed", "code=%s cause=\"%s\"", code, err->cause);
    json_object_object_add(e, "code", json_object_new_string(code));
    /* a 500 never describes internals; other messages are written for the client */
    json_object_object_add(e, "message",
                           json_object_new_string(status == 500     ? "internal error"
                                                  : err->message[0] ? err->message
                                                                    : code));
    if (err->ndetails > 0) {
        json_object *details = json_object_new_array();
        for (int i = 0; i < err->ndetails; i++) {
            json_object *d = json_object_new_object();
            json_object_object_add(d, "field", json_object_new_string(err->details[i].field));
            json_object_object_add(d, "problem", json_object_new_string(err->details[i].problem));
            json_object_array_add(details, d);
        }
        json_object_object_add(e, "details", details);
    }
    json_object_object_add(body, "error", e);
    if ((status == 429 || status == 503) && err->retry_after > 0)
        res_header(res, "Retry-After", "%d", err->retry_after);
    else if (status == 503)
        res_header(res, "Retry-After", "2");
    res->error_code = code;
    return res_json(res, status, body);
}

int
res_error(struct res *res, enum err_code code, const char *message)
{
    struct err err = ERR_INIT;

    err_set(&err, code, "%s", message);
    return res_fail(res, &err);
}

static const char *
reason_phrase(int status)
{
    switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 413: return "Payload Too Large";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Entity";
    case 429: return "Too Many Requests";
    case 503: return "Service Unavailable";
    default: return status >= 500 ? "Internal Server Error" : "Status";
    }
}

char *
res_serialize(const struct res *res, const char *request_id, size_t *len)
{
    const char *body = "";
    size_t body_len = 0, head_len = 0, cap;
    const char *ctype = "application/json; charset=utf-8";
    char *out;

    if (res->raw != NULL) {
        body = res->raw;
        body_len = res->raw_len;
        ctype = res->content_type;
    } else if (res->json != NULL) {
        body = json_object_to_json_string_length(
            res->json, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE, &body_len);
    }
    cap = 512 + body_len;
    for (int i = 0; i < res->nheaders; i++)
        cap += strlen(res->headers[i].name) + strlen(res->headers[i].value) + 4;
    out = malloc(cap);
    if (out == NULL)
        return NULL;
    head_len +=
        (size_t)snprintf(out, cap, "Status: %d %s\r\n", res->status, reason_phrase(res->status));
    if (res->status != 204)
        head_len +=
            (size_t)snprintf(out + head_len, cap - head_len,
                             "Content-Type: %s\r\nContent-Length: %zu\r\n", ctype, body_len);
    head_len +=
        (size_t)snprintf(out + head_len, cap - head_len, "X-Request-Id: %s\r\n", request_id);
    for (int i = 0; i < res->nheaders; i++)
        head_len += (size_t)snprintf(out + head_len, cap - head_len, "%s: %s\r\n",
                                     res->headers[i].name, res->headers[i].value);
    head_len += (size_t)snprintf(out + head_len, cap - head_len, "\r\n");
    if (res->status != 204 && !res->head_only) {
        memcpy(out + head_len, body, body_len);
        head_len += body_len;
    }
    out[head_len] = '\0'; /* not sent; lets tests use string functions */
    *len = head_len;
    return out;
}

void
res_send(const struct res *res, const char *request_id, FCGX_Stream *out)
{
    size_t len = 0;
    char *bytes;

    if (res->sent)
        return;
    bytes = res_serialize(res, request_id, &len);
    if (bytes == NULL) {
        static const char oom[] =
            "Status: 500 Internal Server Error\r\n"
            "Content-Type: application/json; charset=utf-8\r\n\r\n"
            "{\"error\":{\"code\":\"internal\",\"message\":\"internal error\"}}";
        FCGX_PutStr(oom, (int)sizeof(oom) - 1, out);
        return;
    }
    FCGX_PutStr(bytes, (int)len, out);
    free(bytes);
}
