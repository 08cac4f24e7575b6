/* domain.c - see domain.h */
#include "domain.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "domain/meetings.h"
#include "stack_access.h"

struct session_client *
owner_session(void)
{
    static struct session_client c;
    static bool ready;
    struct fixture_user u;

    if (!ready) {
        fixture_owner(&u);
        ck_assert_int_eq(client_sign_in(&c, u.email, u.password), 200);
        ready = true;
    }
    return &c;
}

void
fresh_email(const char *prefix, char *out, size_t cap)
{
    unique_address(prefix, out, cap);
}

void
make_partner(const char *name, char id[25])
{
    struct api_res res;
    char body[256];

    /* tests reuse names ("Flow"): a second partner of a name is confirmed, as a user would */
    snprintf(body, sizeof(body), "{\"name\":\"%s\",\"confirmDuplicateName\":true}", name);
    client_call(owner_session(), "POST", "/api/v1/partners", body, &res);
    ck_assert_msg(res.status == 201, "create partner: %ld %s", res.status, res.body);
    snprintf(id, 25, "%s", api_json_str(&res, "id"));
    api_res_free(&res);
}

void
make_partner_typed(const char *name, const char *meeting_type, char id[25])
{
    struct api_res res;
    char body[256];

    snprintf(body, sizeof(body),
             "{\"name\":\"%s\",\"meetingTypes\":[\"%s\"],\"confirmDuplicateName\":true}", name,
             meeting_type);
    client_call(owner_session(), "POST", "/api/v1/partners", body, &res);
    ck_assert_msg(res.status == 201, "create partner: %ld %s", res.status, res.body);
    snprintf(id, 25, "%s", api_json_str(&res, "id"));
    api_res_free(&res);
}

int
history_count(const char *lead, const char *action, const char *source)
{
    struct api_res res;
    char path[128];
    json_object *list;
    int n = 0;

    snprintf(path, sizeof(path), "/api/v1/leads/%s/history", lead);
    client_call(owner_session(), "GET", path, NULL, &res);
    ck_assert_int_eq(res.status, 200);
    ck_assert(json_object_object_get_ex(res.json, "list", &list));
    for (size_t i = 0; i < json_object_array_length(list); i++) {
        json_object *e = json_object_array_get_idx(list, i), *a, *s;
        if (json_object_object_get_ex(e, "action", &a)
            && strcmp(json_object_get_string(a), action) == 0
            && (source == NULL
                || (json_object_object_get_ex(e, "source", &s)
                    && strcmp(json_object_get_string(s), source) == 0)))
            n++;
    }
    api_res_free(&res);
    return n;
}

void
make_lead(const char *partner, const char *email, const char *extra, char id[25])
{
    struct api_res res;
    char body[1024];

    snprintf(body, sizeof(body), "{\"email\":\"%s\",\"partner\":\"%s\"%s%s}", email, partner,
             extra ? "," : "", extra ? extra : "");
    client_call(owner_session(), "POST", "/api/v1/leads", body, &res);
    ck_assert_msg(res.status == 201, "create lead: %ld %s", res.status, res.body);
    snprintf(id, 25, "%s", api_json_str(&res, "id"));
    api_res_free(&res);
}

void
fixture_booking(const char *external_id, const char *email, const char *partner, int64_t ms,
                bool canceled)
{
    struct principal system = {.kind = PRINCIPAL_SYSTEM};
    struct meeting_input in = {.external_id = external_id,
                               .lead_email = email,
                               .scheduled_ms = ms,
                               .canceled = canceled,
                               .type = "intro",
                               .partner_id = partner};
    struct err err = ERR_INIT;
    char id[25];
    bool created = false;

    ck_assert_msg(meetings_upsert(stack_app(), &system, &in, id, &created, &err), "%s %s",
                  err.message, err.cause);
}

void
fixture_partner_user(struct partner_user *pu, const char *role)
{
    memset(pu, 0, sizeof(*pu));
    make_partner("Flow", pu->partner);
    fixture_user(role, pu->partner, &pu->user);
    ck_assert_int_eq(client_sign_in(&pu->client, pu->user.email, pu->user.password), 200);
}

void
make_lead_in(struct partner_user *pu, const char *from, char id[25])
{
    char email[128], body[160];

    fresh_email("flow", email, sizeof(email));
    make_lead(pu->partner, email, NULL, id);
    if (strcmp(from, "new") != 0) {
        snprintf(body, sizeof(body), "{\"status\":\"%s\",\"reason\":\"test setup\"}", from);
        ck_assert_int_eq(set_status(owner_session(), id, body), 200);
    }
}

void
lead_field(const char *id, const char *field, char *out, size_t cap)
{
    struct api_res res;
    char path[128];
    const char *v;

    snprintf(path, sizeof(path), "/api/v1/leads/%s", id);
    client_call(owner_session(), "GET", path, NULL, &res);
    ck_assert_int_eq(res.status, 200);
    v = api_json_str(&res, field);
    snprintf(out, cap, "%s", v ? v : "");
    api_res_free(&res);
}

void
url_json(const char *json, char *out, size_t cap)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = 0;

    for (const unsigned char *p = (const unsigned char *)json; *p != '\0' && n + 4 < cap; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')
            || *p == '-' || *p == '_' || *p == '.') {
            out[n++] = (char)*p;
        } else {
            out[n++] = '%';
            out[n++] = hex[*p >> 4];
            out[n++] = hex[*p & 15];
        }
    }
    out[n] = '\0';
}

long
set_status(struct session_client *c, const char *id, const char *body)
{
    struct api_res res;
    char path[128];

    snprintf(path, sizeof(path), "/api/v1/leads/%s/status", id);
    client_call(c, "PATCH", path, body, &res);
    return api_status_free(&res);
}

void
iso_ms(int64_t ms, char *out, size_t cap)
{
    time_t secs = (time_t)(ms / 1000);
    struct tm tm;
    char base[32];

    gmtime_r(&secs, &tm);
    strftime(base, sizeof(base), "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(out, cap, "%s.%03dZ", base, (int)(ms % 1000));
}

int64_t
now_minute_ms(void)
{
    return (int64_t)time(NULL) / 60 * 60 * 1000;
}

long
log_meeting(struct session_client *c, const char *lead, int64_t start_ms, int minutes,
            const char *extra, char id[25])
{
    char path[128], body[2048], at[40], dur[48] = "";

    iso_ms(start_ms, at, sizeof(at));
    if (minutes > 0)
        snprintf(dur, sizeof(dur), ",\"durationMinutes\":%d", minutes);
    snprintf(body, sizeof(body), "{\"scheduledTime\":\"%s\"%s%s%s}", at, dur, extra ? "," : "",
             extra ? extra : "");
    snprintf(path, sizeof(path), "/api/v1/leads/%s/meetings", lead);
    return call_status(c, "POST", path, body, "id", id, 25);
}

long
call_status(struct session_client *c, const char *method, const char *path, const char *body,
            const char *field, char *out, size_t cap)
{
    struct api_res res;
    const char *v;

    client_call(c, method, path, body, &res);
    if (field != NULL) {
        v = api_json_str(&res, field);
        snprintf(out, cap, "%s", v ? v : "");
    }
    return api_status_free(&res);
}

long
run_cron(const char *job, long long offset_ms, const char *field, long long *value)
{
    struct api_res res;
    char auth[256], clock[96], path[128];
    const char *headers[] = {auth, offset_ms ? clock : NULL, NULL};
    struct api_opts opts = {.headers = headers};
    const char *v;

    snprintf(auth, sizeof(auth), "Authorization: Bearer %s", harness_env("CRON_SECRET"));
    snprintf(clock, sizeof(clock), "X-PC-Test-Clock-Offset-Ms: %lld", offset_ms);
    snprintf(path, sizeof(path), "/api/v1/cron/%s", job);
    api_call(&res, "POST", path, &opts);
    v = field ? api_json_str(&res, field) : NULL;
    if (value != NULL)
        *value = v ? atoll(v) : -1;
    return api_status_free(&res);
}
