/* stack_access.c - see stack_access.h */
#include "stack_access.h"

#include <curl/curl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "api.h"
#include "core/url.h"
#include "http/http_client.h"

static struct app the_app;
static bool app_ready;

void
sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};

    nanosleep(&ts, NULL);
}

/* export every NAME=VALUE line of run/app.env (values written by printf %q: simple ones) */
static void
load_app_env(void)
{
    char path[1024], line[4096];
    FILE *f;

    snprintf(path, sizeof(path), "%s/run/app.env", harness_env("PC_VAR_DIR"));
    f = fopen(path, "r");
    ck_assert_msg(f != NULL, "cannot read %s", path);
    while (fgets(line, sizeof(line), f) != NULL) {
        char *eq = strchr(line, '=');
        if (eq == NULL)
            continue;
        *eq = '\0';
        line[strcspn(eq + 1, "\n") + (size_t)(eq + 1 - line)] = '\0';
        setenv(line, eq + 1, 1);
    }
    fclose(f);
}

struct app *
stack_app(void)
{
    if (!app_ready) {
        load_app_env();
        ck_assert(app_open(&the_app, "test-api"));
        app_ready = true;
    }
    return &the_app;
}

long long
redis_integer(const char *fmt, ...)
{
    struct err err = ERR_INIT;
    va_list ap;
    redisReply *r;
    long long n = -1;

    va_start(ap, fmt);
    r = rds_vcmd(stack_app()->rds, &err, fmt, ap);
    va_end(ap);
    if (r == NULL)
        return -1;
    if (r->type == REDIS_REPLY_INTEGER)
        n = r->integer;
    else if (r->type == REDIS_REPLY_STRING)
        n = strtoll(r->str, NULL, 10);
    else if (r->type == REDIS_REPLY_NIL || r->type == REDIS_REPLY_STATUS)
        n = 0;
    rds_reply_free(r);
    return n;
}

long long
mongo_count(const char *collection, const char *filter_json)
{
    bson_error_t error;
    bson_t *filter = bson_new_from_json((const uint8_t *)filter_json, -1, &error);
    int64_t n;

    ck_assert_msg(filter != NULL, "bad filter %s", filter_json);
    n = mongoc_collection_count_documents(db_collection(stack_app()->db, collection), filter, NULL,
                                          NULL, NULL, &error);
    bson_destroy(filter);
    return n;
}

bool
wait_for_count(const char *collection, const char *filter_json, long long want, int timeout_ms)
{
    for (int waited = 0; waited <= timeout_ms; waited += 100) {
        if (mongo_count(collection, filter_json) == want)
            return true;
        sleep_ms(100);
    }
    return false;
}

pid_t
spawn_worker(const char *queue)
{
    char bin[1024];
    pid_t pid;

    stack_app(); /* loads the environment the child inherits */
    snprintf(bin, sizeof(bin), "%s/pc-worker", harness_env("PC_BIN_DIR"));
    pid = fork();
    if (pid == 0) {
        char log[1024];
        snprintf(log, sizeof(log), "%s/log/worker-%s-test.log", harness_env("PC_VAR_DIR"), queue);
        if (freopen(log, "a", stderr) == NULL)
            _exit(127);
        execl(bin, "pc-worker", "--queue", queue, (char *)NULL);
        _exit(127);
    }
    return pid;
}

int
wait_exit(pid_t pid, int timeout_ms)
{
    int status;

    for (int waited = 0; waited <= timeout_ms; waited += 50) {
        pid_t got = waitpid(pid, &status, WNOHANG);
        if (got == pid)
            return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        sleep_ms(50);
    }
    return -1;
}

pid_t
worker_child_pid(const char *queue)
{
    char cmd[1024], line[64] = "";
    FILE *p;

    snprintf(cmd, sizeof(cmd), "pgrep -P $(cat %s/run/worker-%s.pid) pc-worker",
             harness_env("PC_VAR_DIR"), queue);
    p = popen(cmd, "r");
    if (p == NULL)
        return -1;
    if (fgets(line, sizeof(line), p) == NULL)
        line[0] = '\0';
    pclose(p);
    return line[0] ? (pid_t)atoi(line) : -1;
}

static long
wiremock_call(const char *method, const char *path, const char *json, char **body)
{
    CURL *curl = curl_easy_init();
    struct curl_slist *headers = curl_slist_append(NULL, "Content-Type: application/json");
    struct api_buf b = {0};
    char url[1024];
    long status = 0;

    snprintf(url, sizeof(url), "%s%s", harness_env("PC_WIREMOCK_URL"), path);
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, api_buf_append);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &b);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 10L);
    if (json != NULL)
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, json);
    if (curl_easy_perform(curl) == CURLE_OK)
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
    if (body != NULL)
        *body = b.data;
    else
        free(b.data);
    return status;
}

long
wiremock_post(const char *path, const char *json)
{
    return wiremock_call("POST", path, json, NULL);
}

void
wiremock_mapping(const char *json, char id[64])
{
    char *body = NULL;
    long status = wiremock_call("POST", "/__admin/mappings", json, &body);
    json_object *o = body ? json_tokener_parse(body) : NULL, *v;

    ck_assert_msg(status == 201 && json_object_object_get_ex(o, "id", &v), "mapping %ld: %s",
                  status, body ? body : "");
    snprintf(id, 64, "%s", json_object_get_string(v));
    json_object_put(o);
    free(body);
}

void
wiremock_unmap(const char *id)
{
    char path[128];

    snprintf(path, sizeof(path), "/__admin/mappings/%s", id);
    wiremock_call("DELETE", path, NULL, NULL);
}

json_object *
wiremock_find(const char *pattern_json, long long since_ms)
{
    char *body = NULL;
    json_object *all, *requests, *out = json_object_new_array();

    wiremock_call("POST", "/__admin/requests/find", pattern_json, &body);
    all = body ? json_tokener_parse(body) : NULL;
    free(body);
    if (all == NULL || !json_object_object_get_ex(all, "requests", &requests)) {
        json_object_put(all);
        return out;
    }
    for (size_t i = 0; i < json_object_array_length(requests); i++) {
        json_object *rq = json_object_array_get_idx(requests, i), *at;
        if (json_object_object_get_ex(rq, "loggedDate", &at)
            && json_object_get_int64(at) >= since_ms)
            json_object_array_add(out, json_object_get(rq));
    }
    json_object_put(all);
    return out;
}

void
mongo_update(const char *collection, const char *filter_json, const char *update_json)
{
    bson_error_t error;
    bson_t *filter = bson_new_from_json((const uint8_t *)filter_json, -1, &error);
    bson_t *update = bson_new_from_json((const uint8_t *)update_json, -1, &error);

    ck_assert_msg(filter != NULL && update != NULL, "bad filter or update: %s", error.message);
    ck_assert_msg(mongoc_collection_update_many(db_collection(stack_app()->db, collection), filter,
                                                update, NULL, NULL, &error),
                  "%s", error.message);
    bson_destroy(filter);
    bson_destroy(update);
}

/* WireMock filters its journal itself (requests/find with the body's "to=" field): a poll
 * receives the few mails of one address, not the whole journal. Fetching the newest 1000 entries
 * (17 kB each: every mail's HTML three times) and parsing them in the test was 17 MB per poll,
 * which under ASan outlasted the test cases' time limits. find answers oldest first. */
json_object *
wiremock_requests_to(const char *address)
{
    char *body = NULL, needle[512];
    json_object *pattern, *patterns, *contains, *all, *requests, *out = json_object_new_array();
    struct form f = {0};

    form_add(&f, "to", address);
    snprintf(needle, sizeof(needle), "%s&", f.buf);
    form_release(&f);
    pattern = json_object_new_object();
    patterns = json_object_new_array();
    contains = json_object_new_object();
    json_object_object_add(contains, "contains", json_object_new_string(needle));
    json_object_array_add(patterns, contains);
    json_object_object_add(pattern, "bodyPatterns", patterns);
    wiremock_call("POST", "/__admin/requests/find",
                  json_object_to_json_string_ext(pattern, JSON_C_TO_STRING_PLAIN), &body);
    json_object_put(pattern);
    all = body ? json_tokener_parse(body) : NULL;
    free(body);
    if (all == NULL || !json_object_object_get_ex(all, "requests", &requests)) {
        json_object_put(all);
        return out;
    }
    for (size_t i = 0; i < json_object_array_length(requests); i++)
        json_object_array_add(out, json_object_get(json_object_array_get_idx(requests, i)));
    json_object_put(all);
    return out;
}

char *
form_value(const char *body, const char *name)
{
    for (const char *p = body; p != NULL && *p != '\0';) {
        const char *amp = strchr(p, '&');
        size_t len = amp ? (size_t)(amp - p) : strlen(p), klen = strcspn(p, "=");
        char key[128];

        if (klen < len && url_decode(p, klen, key, sizeof(key)) && strcmp(key, name) == 0) {
            char *out = malloc(len - klen);
            if (out != NULL && !url_decode(p + klen + 1, len - klen - 1, out, len - klen)) {
                free(out);
                out = NULL;
            }
            return out;
        }
        p = amp ? amp + 1 : NULL;
    }
    return NULL;
}

bool
wait_queue_idle(const char *queue, int timeout_ms)
{
    for (int waited = 0; waited <= timeout_ms; waited += 100) {
        if (redis_integer("XLEN pc:q:%s", queue) == 0
            && redis_integer("ZCARD pc:q:%s:delayed", queue) == 0)
            return true;
        sleep_ms(100);
    }
    return false;
}

void
unique_address(const char *prefix, char *out, size_t cap)
{
    static unsigned counter;

    snprintf(out, cap, "%s-%d-%u-%ld@test.local", prefix, (int)getpid(), ++counter,
             (long)time(NULL));
}

int
responder_pids(int *pids, int cap)
{
    char cmd[600], line[64];
    FILE *p;
    int n = 0;

    snprintf(cmd, sizeof(cmd),
             "pgrep -P $(pgrep -P $(cat %s/run/pc-api.pid) multiwatch "
             "|| cat %s/run/pc-api.pid)",
             harness_env("PC_VAR_DIR"), harness_env("PC_VAR_DIR"));
    p = popen(cmd, "r");
    while (n < cap && fgets(line, sizeof(line), p) != NULL)
        pids[n++] = atoi(line);
    pclose(p);
    return n;
}

long
process_status_kb(int pid, const char *field)
{
    char path[64], line[256];
    size_t n = strlen(field);
    long kb = -1;
    FILE *f;

    snprintf(path, sizeof(path), "/proc/%d/status", pid);
    f = fopen(path, "r");
    while (f != NULL && fgets(line, sizeof(line), f) != NULL)
        if (strncmp(line, field, n) == 0 && line[n] == ':')
            kb = strtol(line + n + 1, NULL, 10);
    if (f != NULL)
        fclose(f);
    return kb;
}

/* whether an e-mail to address whose subject contains needle went through the Mailgun stand-in
 * within timeout_ms (other mails to it, such as the new-lead one, may come before or after) */
bool
mail_with_subject(const char *address, const char *needle, int timeout_ms)
{
    for (int waited = 0; waited <= timeout_ms; waited += 250) {
        json_object *mails = wiremock_requests_to(address), *b;
        bool found = false;
        for (size_t i = 0; i < json_object_array_length(mails) && !found; i++) {
            if (!json_object_object_get_ex(json_object_array_get_idx(mails, i), "body", &b))
                continue;
            char *subject = form_value(json_object_get_string(b), "subject");
            found = subject != NULL && strstr(subject, needle) != NULL;
            free(subject);
        }
        json_object_put(mails);
        if (found)
            return true;
        sleep_ms(250);
    }
    return false;
}
