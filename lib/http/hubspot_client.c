/* hubspot_client.c - HubSpot contacts calls: paths, the search body, retries and pacing */
#include "http/hubspot_client.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/clock.h"
#include "core/log.h"

void
hubspot_contacts_path(const char *version, const char *suffix, char *out, size_t cap)
{
    if (version != NULL && version[0] == 'v')
        snprintf(out, cap, "/crm/%s/objects/contacts%s", version, suffix);
    else
        snprintf(out, cap, "/crm/objects/%s/contacts%s", version ? version : "v3", suffix);
}

char *
hubspot_search_body(const struct hubspot_search *s)
{
    json_object *o = json_object_new_object(), *groups = json_object_new_array();
    json_object *sorts = json_object_new_array(), *props = json_object_new_array();
    char since[32];
    char *text;

    if (s->since_ms > 0) {
        json_object *group = json_object_new_object(), *filters = json_object_new_array();
        json_object *f = json_object_new_object();
        snprintf(since, sizeof(since), "%lld", s->since_ms);
        json_object_object_add(f, "propertyName", json_object_new_string("lastmodifieddate"));
        json_object_object_add(f, "operator", json_object_new_string("GTE"));
        json_object_object_add(f, "value", json_object_new_string(since));
        json_object_array_add(filters, f);
        json_object_object_add(group, "filters", filters);
        json_object_array_add(groups, group);
    }
    json_object_array_add(sorts, json_object_new_string("lastmodifieddate"));
    for (const char *const *p = s->properties; p != NULL && *p != NULL; p++)
        json_object_array_add(props, json_object_new_string(*p));
    json_object_object_add(o, "filterGroups", groups);
    json_object_object_add(o, "sorts", sorts);
    json_object_object_add(o, "properties", props);
    json_object_object_add(o, "limit", json_object_new_int(HUBSPOT_PAGE_SIZE));
    json_object_object_add(o, "after",
                           json_object_new_string(s->after && s->after[0] ? s->after : "0"));
    text = strdup(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
    json_object_put(o);
    return text;
}

long
hubspot_wait_ms(long status, int retry_after_s, const char *body, int tries)
{
    if (status == 429 && tries < HUBSPOT_TRIES_429) {
        if (retry_after_s >= 0)
            return (long)retry_after_s * 1000;
        if (body != NULL && strstr(body, "TEN_SECONDLY_ROLLING") != NULL)
            return 10000L * tries;
        return 1000L * tries;
    }
    if ((status == 0 || status >= 500) && tries < HUBSPOT_TRIES_5XX)
        return 200L * tries;
    return -1;
}

long
hubspot_pace_ms(const struct hubspot_client *c, double now_ms)
{
    long wait = 0, since = c->calls > 0 ? (long)(now_ms - c->last_call_ms) : 1L << 30;

    if (since < c->min_interval_ms)
        wait = c->min_interval_ms - since;
    /* the last answer said the window is (nearly) used up: wait for the next one */
    if (c->calls > 0 && c->interval_ms > 0 && c->remaining >= 0 && c->remaining <= 1
        && since < c->interval_ms)
        wait = c->interval_ms - since > wait ? c->interval_ms - since : wait;
    if (c->calls > 0 && c->secondly_remaining >= 0 && c->secondly_remaining <= 1 && since < 1000)
        wait = 1000 - since > wait ? 1000 - since : wait;
    return wait > HUBSPOT_WAIT_MAX_MS ? HUBSPOT_WAIT_MAX_MS : wait;
}

static void
wait_for(struct hubspot_client *c, long ms)
{
    struct timespec ts;

    if (ms <= 0)
        return;
    if (c->touch != NULL)
        c->touch(c->touch_ctx);
    ts.tv_sec = ms / 1000;
    ts.tv_nsec = (ms % 1000) * 1000000L;
    nanosleep(&ts, NULL);
    c->waited_ms += ms;
}

/* what an answer said about the rate limit (-1: not said; search answers say nothing) */
static void
note_limits(struct hubspot_client *c, const struct http_response *res)
{
    c->remaining = http_response_header_long(res, "X-HubSpot-RateLimit-Remaining", -1);
    c->interval_ms = http_response_header_long(res, "X-HubSpot-RateLimit-Interval-Milliseconds", 0);
    c->secondly_remaining =
        http_response_header_long(res, "X-HubSpot-RateLimit-Secondly-Remaining", -1);
}

/* one HTTP exchange after the pacing wait; false only when the transport failed */
static bool
exchange(struct hubspot_client *c, const char *method, const char *url, const char *body,
         struct http_response *res, struct err *err)
{
    char auth[600];
    const char *headers[] = {auth, "Accept: application/json", "Content-Type: application/json",
                             NULL};
    struct http_request rq = {.method = method,
                              .url = url,
                              .headers = headers,
                              .body = body,
                              .body_len = body ? strlen(body) : 0,
                              .timeout_ms = c->timeout_ms};
    bool ok;

    wait_for(c, hubspot_pace_ms(c, clock_mono_ms()));
    if (c->touch != NULL)
        c->touch(c->touch_ctx);
    snprintf(auth, sizeof(auth), "Authorization: Bearer %s", c->token ? c->token : "");
    c->last_call_ms = clock_mono_ms();
    c->calls++;
    ok = http_send(c->http, &rq, res, err);
    explicit_bzero(auth, sizeof(auth));
    if (ok)
        note_limits(c, res);
    return ok;
}

/* the final answer of a call that was not a success, as an error */
static json_object *
refused(const struct http_response *res, long status, struct err *err)
{
    char what[200];

    snprintf(what, sizeof(what), "hubspot answered %ld: %.120s", status, res ? res->body : "");
    err_cause(err, "%s", what);
    if (status == 404)
        err_set(err, ERR_NOT_FOUND, "no such HubSpot record");
    else if (status == 401 || status == 403)
        err_set(err, ERR_UNAUTHENTICATED, "HubSpot refused the access token (%ld)", status);
    else if (status == 429)
        err_set(err, ERR_RATE_LIMITED, "HubSpot's rate limit");
    else if (status == 0 || status >= 500)
        err_set(err, ERR_UNAVAILABLE, "HubSpot is unavailable (%ld)", status);
    else
        err_set(err, ERR_BAD_REQUEST, "HubSpot refused the request (%ld)", status);
    return NULL;
}

json_object *
hubspot_request(struct hubspot_client *c, const char *method, const char *path, const char *body,
                struct err *err)
{
    char url[2048];
    struct http_response res;
    json_object *out = NULL;
    long status = 0, wait;

    snprintf(url, sizeof(url), "%s%s", c->base_url, path);
    for (int tries = 1;; tries++) {
        struct err transport = ERR_INIT;
        bool got = exchange(c, method, url, body, &res, &transport);
        status = got ? res.status : 0;
        if (got && status >= 200 && status < 300) {
            out = json_tokener_parse(res.body);
            if (out == NULL)
                err_set(err, ERR_INTERNAL, "HubSpot's answer is not JSON");
            break;
        }
        wait = hubspot_wait_ms(status, got ? res.retry_after_s : -1, got ? res.body : NULL, tries);
        if (wait < 0 || wait > HUBSPOT_WAIT_MAX_MS) {
            refused(got ? &res : NULL, status, err);
            err->retry_after = wait > 0 ? (int)(wait / 1000) : got ? res.retry_after_s : -1;
            break;
        }
        log_info("hubspot call retried", "path=%s status=%ld try=%d wait_ms=%ld", path, status,
                 tries, wait);
        if (got)
            http_response_release(&res);
        wait_for(c, wait);
    }
    http_response_release(&res);
    return out;
}

json_object *
hubspot_contact_get(struct hubspot_client *c, const char *id, const char *const *properties,
                    struct err *err)
{
    char path[1536], suffix[1024];
    size_t n;
    char *esc = curl_easy_escape(NULL, id, 0);

    n = (size_t)snprintf(suffix, sizeof(suffix), "/%s?properties=", esc ? esc : "");
    curl_free(esc);
    for (const char *const *p = properties; p != NULL && *p != NULL && n < sizeof(suffix); p++)
        n += (size_t)snprintf(suffix + n, sizeof(suffix) - n, "%s%s", p == properties ? "" : ",",
                              *p);
    hubspot_contacts_path(c->version, suffix, path, sizeof(path));
    return hubspot_request(c, "GET", path, NULL, err);
}

json_object *
hubspot_contacts_search(struct hubspot_client *c, const struct hubspot_search *s, struct err *err)
{
    char path[256];
    char *body = hubspot_search_body(s);
    json_object *out;

    hubspot_contacts_path(c->version, "/search", path, sizeof(path));
    out = hubspot_request(c, "POST", path, body, err);
    free(body);
    return out;
}
