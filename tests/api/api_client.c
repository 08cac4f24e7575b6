/* api_client.c - libcurl calls to the harness stack; harness helpers */
#include "api.h"

#include <curl/curl.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "core/utf8.h"

/* grown by doubling: ASan's realloc always moves, so growing by each chunk copied a large
 * answer (a WireMock journal of 19 MB) over and over and outlasted a test's time limit */
size_t
api_buf_append(char *ptr, size_t size, size_t n, void *userdata)
{
    struct api_buf *b = userdata;
    size_t add = size * n;

    if (b->len + add + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + add + 1)
            cap *= 2;
        char *grown = realloc(b->data, cap);
        if (grown == NULL)
            return 0;
        b->data = grown;
        b->cap = cap;
    }
    memcpy(b->data + b->len, ptr, add);
    b->len += add;
    b->data[b->len] = '\0';
    return add;
}

const char *
harness_env(const char *name)
{
    const char *v = getenv(name);

    ck_assert_msg(v != NULL && v[0] != '\0', "the harness did not export %s", name);
    return v;
}

/* one JSON line per answer into $PC_API_RECORD (tests/harness/run.sh sets it): the harness then
 * checks every answer against /api/openapi.json (tests/api/check_responses.py). One write()
 * on an O_APPEND file, so lines of the forked test processes never interleave. */
static void
record(const char *method, const char *path, const struct api_res *res, const char *ctype)
{
    const char *file = getenv("PC_API_RECORD");
    json_object *line;
    char value[512];
    size_t chars, len;
    const char *text;
    int fd;

    if (file == NULL || file[0] == '\0')
        return;
    line = json_object_new_object();
    json_object_object_add(line, "method", json_object_new_string(method));
    json_object_object_add(line, "path", json_object_new_string(path));
    json_object_object_add(line, "status", json_object_new_int64(res->status));
    json_object_object_add(line, "type", json_object_new_string(ctype ? ctype : ""));
    if (api_header(res, "Allow", value, sizeof(value)))
        json_object_object_add(line, "allow", json_object_new_string(value));
    if (api_header(res, "Retry-After", value, sizeof(value)))
        json_object_object_add(line, "retryAfter", json_object_new_string(value));
    if (utf8_check(res->body, res->len, &chars) == UTF8_OK)
        json_object_object_add(line, "body", json_object_new_string_len(res->body, (int)res->len));
    else
        json_object_object_add(line, "binary", json_object_new_boolean(1));
    text = json_object_to_json_string_length(line, JSON_C_TO_STRING_PLAIN, &len);
    fd = open(file, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd >= 0) {
        char *out = malloc(len + 1);
        if (out != NULL) {
            memcpy(out, text, len);
            out[len] = '\n';
            ck_assert_msg(write(fd, out, len + 1) == (ssize_t)(len + 1), "cannot record %s", file);
            free(out);
        }
        close(fd);
    }
    json_object_put(line);
}

bool
api_call(struct api_res *res, const char *method, const char *path, const struct api_opts *opts)
{
    static const struct api_opts none = {0};
    CURL *curl = curl_easy_init();
    struct curl_slist *headers = NULL, *resolve = NULL;
    struct api_buf body = {0}, head = {0};
    char *url = NULL, resolve_entry[128];
    const char *port = harness_env("PC_HTTPS_PORT");
    char *ctype = NULL;
    CURLcode rc;

    if (opts == NULL)
        opts = &none;
    memset(res, 0, sizeof(*res));
    ck_assert(asprintf(&url, "https://localhost:%s%s", port, path) > 0); /* long URIs too */
    snprintf(resolve_entry, sizeof(resolve_entry), "localhost:%s:127.0.0.1", port);
    resolve = curl_slist_append(resolve, resolve_entry);
    for (const char *const *h = opts->headers; h != NULL && *h != NULL; h++)
        headers = curl_slist_append(headers, *h);
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_RESOLVE, resolve);
    curl_easy_setopt(curl, CURLOPT_CAINFO, harness_env("PC_TLS_CERT"));
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method);
    if (strcmp(method, "HEAD") == 0)
        curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, api_buf_append);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, api_buf_append);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &head);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, opts->timeout_ms ? opts->timeout_ms : 30000L);
    if (opts->interface != NULL)
        curl_easy_setopt(curl, CURLOPT_INTERFACE, opts->interface);
    if (opts->http1)
        curl_easy_setopt(curl, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1);
    if (opts->body != NULL) {
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, opts->body);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE,
                         (curl_off_t)(opts->body_len ? opts->body_len : strlen(opts->body)));
    }
    if (opts->cookie_jar != NULL) {
        curl_easy_setopt(curl, CURLOPT_COOKIEFILE, opts->cookie_jar);
        curl_easy_setopt(curl, CURLOPT_COOKIEJAR, opts->cookie_jar);
    }
    rc = curl_easy_perform(curl);
    if (rc == CURLE_OK)
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &res->status);
    if (rc != CURLE_OK || curl_easy_getinfo(curl, CURLINFO_CONTENT_TYPE, &ctype) != CURLE_OK)
        ctype = NULL;
    res->body = body.data ? body.data : strdup("");
    res->len = body.len;
    res->headers = head.data ? head.data : strdup("");
    res->json = json_tokener_parse(res->body);
    if (rc == CURLE_OK)
        record(method, path, res, ctype);
    curl_slist_free_all(headers);
    curl_slist_free_all(resolve);
    curl_easy_cleanup(curl);
    free(url);
    return rc == CURLE_OK;
}

bool
api_get(struct api_res *res, const char *path)
{
    return api_call(res, "GET", path, NULL);
}

void
api_res_free(struct api_res *res)
{
    free(res->body);
    free(res->headers);
    if (res->json != NULL)
        json_object_put(res->json);
    memset(res, 0, sizeof(*res));
}

long
api_status_free(struct api_res *res)
{
    long status = res->status;

    api_res_free(res);
    return status;
}

bool
api_header(const struct api_res *res, const char *name, char *out, size_t cap)
{
    size_t n = strlen(name);
    bool found = false;

    for (const char *line = res->headers; line != NULL && *line != '\0';) {
        const char *end = strstr(line, "\r\n");
        size_t len = end ? (size_t)(end - line) : strlen(line);
        if (len > n + 1 && strncasecmp(line, name, n) == 0 && line[n] == ':') {
            const char *v = line + n + 1;
            while (*v == ' ')
                v++;
            snprintf(out, cap, "%.*s", (int)(len - (size_t)(v - line)), v);
            found = true;
        }
        line = end ? end + 2 : NULL;
    }
    return found;
}

const char *
api_json_str(const struct api_res *res, const char *path)
{
    json_object *cur = res->json, *next;
    char key[128];

    for (const char *p = path; cur != NULL && *p != '\0';) {
        size_t len = strcspn(p, ".");
        snprintf(key, sizeof(key), "%.*s", (int)len, p);
        if (json_object_is_type(cur, json_type_array)) { /* "list.0.id": an index */
            if (len == 0 || key[strspn(key, "0123456789")] != '\0'
                || (next = json_object_array_get_idx(cur, (size_t)atol(key))) == NULL)
                return NULL;
        } else if (!json_object_object_get_ex(cur, key, &next))
            return NULL;
        cur = next;
        p += len;
        if (*p == '.')
            p++;
    }
    return cur ? json_object_get_string(cur) : NULL;
}

int
harness_service(const char *action, const char *service)
{
    char cmd[1024];

    snprintf(cmd, sizeof(cmd), "%s %s %s >>%s/log/harness-services.log 2>&1",
             harness_env("PC_STACK_SCRIPT"), action, service, harness_env("PC_VAR_DIR"));
    return system(cmd);
}

bool
harness_wait_health(int seconds)
{
    struct api_res res;

    for (int i = 0; i < seconds * 5; i++) {
        api_get(&res, "/api/v1/health?deep=1");
        long status = res.status;
        api_res_free(&res);
        if (status == 200)
            return true;
        usleep(200 * 1000);
    }
    return false;
}
