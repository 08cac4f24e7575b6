/* req.c - request parsing: params, headers, cookies, query, capped body, JSON */
#include "req.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/clock.h"
#include "core/url.h"
#include "model/model.h"
#include "router.h"

#define JSON_MAX_DEPTH 32

void
req_init(struct req *req, struct app *app, char **envp, FCGX_Stream *in)
{
    const char *uri, *q;

    memset(req, 0, sizeof(*req));
    req->started_ms = clock_mono_ms();
    req->app = app;
    req->envp = envp;
    req->in = in;
    req->method = req_env(req, "REQUEST_METHOD");
    if (req->method == NULL)
        req->method = "GET";
    /* nginx passes the normalised path ($uri: no "..", no "//") as DOCUMENT_URI; the raw
     * REQUEST_URI is only a fallback for callers without nginx (cgi-fcgi in tests) */
    uri = req_env(req, "DOCUMENT_URI");
    if (uri != NULL) {
        q = req_env(req, "QUERY_STRING");
        req->path = strdup(uri);
        req->query = strdup(q ? q : "");
        return;
    }
    uri = req_env(req, "REQUEST_URI");
    if (uri == NULL)
        uri = "/";
    q = strchr(uri, '?');
    req->path = q ? strndup(uri, (size_t)(q - uri)) : strdup(uri);
    req->query = strdup(q ? q + 1 : "");
}

void
req_finish(struct req *req)
{
    free(req->path);
    free(req->query);
    free(req->body);
    if (req->json != NULL)
        json_object_put(req->json);
    memset(req, 0, sizeof(*req));
}

const char *
req_env(const struct req *req, const char *name)
{
    return req->envp ? FCGX_GetParam(name, req->envp) : NULL;
}

const char *
req_header(const struct req *req, const char *name)
{
    char var[96] = "HTTP_";
    size_t n = 5;

    for (const char *p = name; *p != '\0' && n + 1 < sizeof(var); p++)
        var[n++] = *p == '-' ? '_' : (char)toupper((unsigned char)*p);
    var[n] = '\0';
    if (strcmp(var, "HTTP_CONTENT_TYPE") == 0)
        return req_env(req, "CONTENT_TYPE");
    return req_env(req, var);
}

const char *
req_param(const struct req *req, const char *name)
{
    for (int i = 0; i < req->nparams; i++)
        if (strcmp(req->params[i].name, name) == 0)
            return req->params[i].value;
    return NULL;
}

bool
req_query(const struct req *req, const char *name, char *buf, size_t cap)
{
    size_t name_len = strlen(name);
    const char *p = req->query;

    while (p != NULL && *p != '\0') {
        const char *amp = strchr(p, '&');
        size_t len = amp ? (size_t)(amp - p) : strlen(p);
        if (len >= name_len && strncmp(p, name, name_len) == 0
            && (len == name_len || p[name_len] == '=')) {
            if (len == name_len)
                return url_decode("", 0, buf, cap);
            return url_decode(p + name_len + 1, len - name_len - 1, buf, cap);
        }
        p = amp ? amp + 1 : NULL;
    }
    return false;
}

bool
req_cookie(const struct req *req, const char *name, char *buf, size_t cap)
{
    const char *p = req_env(req, "HTTP_COOKIE");
    size_t name_len = strlen(name);

    while (p != NULL && *p != '\0') {
        while (*p == ' ' || *p == ';')
            p++;
        const char *end = strchr(p, ';');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len > name_len && strncmp(p, name, name_len) == 0 && p[name_len] == '=') {
            size_t vlen = len - name_len - 1;
            if (vlen + 1 > cap)
                return false;
            memcpy(buf, p + name_len + 1, vlen);
            buf[vlen] = '\0';
            return true;
        }
        p = end;
    }
    return false;
}

long
req_content_length(const struct req *req)
{
    const char *s = req_env(req, "CONTENT_LENGTH");
    char *end;
    long n;

    if (s == NULL || *s == '\0')
        return 0;
    n = strtol(s, &end, 10);
    if (*end != '\0' || n < 0)
        return -1;
    return n;
}

bool
req_read_body(struct req *req, long limit, struct err *err)
{
    long len = req_content_length(req);
    int got;

    if (req->body_read)
        return true;
    if (len < 0)
        return err_set(err, ERR_BAD_REQUEST, "invalid Content-Length");
    if (len > limit)
        return err_set(err, ERR_PAYLOAD_TOO_LARGE, "request body exceeds %ld bytes", limit);
    req->body = malloc((size_t)len + 1);
    if (req->body == NULL)
        return err_set(err, ERR_INTERNAL, "out of memory");
    got = req->in ? FCGX_GetStr(req->body, (int)len, req->in) : 0;
    if (got != len) {
        err_cause(err, "short body: %d of %ld bytes", got, len);
        return err_set(err, ERR_BAD_REQUEST, "request body shorter than Content-Length");
    }
    req->body[len] = '\0';
    req->body_len = (size_t)len;
    req->body_read = true;
    return true;
}

json_object *
req_json(struct req *req, struct err *err)
{
    json_tokener *tok;
    enum json_tokener_error jerr;

    if (req->json != NULL)
        return req->json;
    if (req->body_len == 0) {
        err_set(err, ERR_BAD_JSON, "request body must be a JSON object");
        return NULL;
    }
    tok = json_tokener_new_ex(JSON_MAX_DEPTH);
    if (tok == NULL) {
        err_set(err, ERR_INTERNAL, "out of memory");
        return NULL;
    }
    json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
    req->json = json_tokener_parse_ex(tok, req->body, (int)req->body_len);
    jerr = json_tokener_get_error(tok);
    if (req->json != NULL
        && (jerr != json_tokener_success || json_tokener_get_parse_end(tok) != req->body_len)) {
        json_object_put(req->json);
        req->json = NULL;
    }
    if (req->json == NULL) {
        err_set(err, ERR_BAD_JSON, "request body is not valid JSON: %s",
                jerr == json_tokener_success ? "trailing data" : json_tokener_error_desc(jerr));
    } else if (!json_object_is_type(req->json, json_type_object)) {
        json_object_put(req->json);
        req->json = NULL;
        err_set(err, ERR_BAD_JSON, "request body must be a JSON object");
    } else if (!model_body_check(req->body, req->body_len, err)) {
        json_object_put(req->json); /* a key twice, a key or a string that is not text */
        req->json = NULL;
    }
    json_tokener_free(tok);
    return req->json;
}
