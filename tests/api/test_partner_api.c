/* test_partner_api.c - the partner API through nginx (suite partner_api, issue 15): tokens made,
 * listed and revoked by the partner's admins and staff; a token refused when missing,
 * malformed, unknown, expired or revoked; its reads scoped to its partner; status pushes done
 * or refused by the partner-api-lead worker; Idempotency-Key one after another and in flight at
 * once; the rate limit's headers and its 429; 503 without Redis; the audit of every call */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "auth/idempotency.h"
#include "domain.h"
#include "stack_access.h"

struct token {
    char secret[64], id[25], name[64];
};

/* POST /partners/:partner/api-tokens as c with body; the status, t filled on 201 */
static long
make_token_body(struct session_client *c, const char *partner, const char *body, struct token *t)
{
    struct api_res res;
    char path[128];
    long status;

    snprintf(path, sizeof(path), "/api/v1/partners/%s/api-tokens", partner);
    ck_assert(client_call(c, "POST", path, body, &res));
    status = res.status;
    if (status == 201) {
        snprintf(t->secret, sizeof(t->secret), "%s", api_json_str(&res, "token"));
        snprintf(t->id, sizeof(t->id), "%s", api_json_str(&res, "apiToken.id"));
        snprintf(t->name, sizeof(t->name), "%s", api_json_str(&res, "apiToken.name"));
        ck_assert_int_eq(strlen(api_json_str(&res, "apiToken.prefix")), 11);
        ck_assert(strncmp(api_json_str(&res, "apiToken.prefix"), t->secret, 11) == 0);
    }
    api_res_free(&res);
    return status;
}

static void
make_token(struct session_client *c, const char *partner, struct token *t)
{
    char body[128];

    snprintf(body, sizeof(body), "{\"name\":\"sync %ld\"}", (long)random());
    ck_assert_int_eq(make_token_body(c, partner, body, t), 201);
}

/* a call with the token (and an Idempotency-Key when key is not NULL) */
static void
token_call(const char *secret, const char *method, const char *path, const char *json,
           const char *key, struct api_res *res)
{
    char auth[128], idem[300];
    const char *headers[] = {auth, json ? "Content-Type: application/json" : NULL, NULL, NULL};
    struct api_opts opts = {.headers = headers, .body = json};

    snprintf(auth, sizeof(auth), "Authorization: Bearer %s", secret);
    if (key != NULL) {
        snprintf(idem, sizeof(idem), "Idempotency-Key: %s", key);
        headers[json ? 2 : 1] = idem;
    }
    ck_assert(api_call(res, method, path, &opts));
}

static long
token_status(const char *secret, const char *method, const char *path, const char *code)
{
    struct api_res res;

    token_call(secret, method, path, NULL, NULL, &res);
    if (code != NULL)
        ck_assert_msg(api_json_str(&res, "error.code") != NULL
                          && strcmp(api_json_str(&res, "error.code"), code) == 0,
                      "%s %s: %ld %s", method, path, res.status, res.body ? res.body : "");
    return api_status_free(&res);
}

/* the job's record once it is no longer queued (10 s at most); *res is the caller's */
static void
job_outcome(const char *secret, const char *job, struct api_res *res)
{
    char path[96];

    snprintf(path, sizeof(path), "/api/v1/partner/jobs/%s", job);
    for (int i = 0; i < 200; i++) {
        token_call(secret, "GET", path, NULL, NULL, res);
        ck_assert_int_eq(res->status, 200);
        if (strcmp(api_json_str(res, "status"), "queued") != 0)
            return;
        api_res_free(res);
        sleep_ms(50);
    }
    ck_abort_msg("job %s still queued after 10 s", job);
}

/* POST /status with body; the job id into job (the answer must be 202) */
static void
push_status(const char *secret, const char *body, const char *key, char job[32])
{
    struct api_res res;

    token_call(secret, "POST", "/api/v1/status", body, key, &res);
    ck_assert_msg(res.status == 202, "POST /status: %ld %s", res.status, res.body);
    snprintf(job, 32, "%s", api_json_str(&res, "jobId"));
    api_res_free(&res);
}

static void
tokens_path(const char *partner, const char *token, char *out, size_t cap)
{
    snprintf(out, cap, "/api/v1/partners/%s/api-tokens%s%s", partner, token ? "/" : "",
             token ? token : "");
}

START_TEST(tokens_are_made_listed_and_revoked_by_the_partners_admins_and_staff)
{
    struct cast k;
    struct token a, s, ignored;
    struct api_res res;
    char path[160], past[64], body[160];

    fixture_cast(&k);
    make_token(&k.admin_a_c, k.partner_a, &a);
    ck_assert_int_eq(strlen(a.secret), 46);
    ck_assert(strncmp(a.secret, "pc_", 3) == 0);
    make_token(&k.staff_c, k.partner_a, &s);
    ck_assert_int_eq(make_token_body(&k.user_a_c, k.partner_a, "{\"name\":\"x\"}", &ignored), 403);
    ck_assert_int_eq(make_token_body(&k.admin_b_c, k.partner_a, "{\"name\":\"x\"}", &ignored), 404);
    ck_assert_int_eq(make_token_body(&k.anon, k.partner_a, "{\"name\":\"x\"}", &ignored), 401);
    ck_assert_int_eq(make_token_body(&k.admin_a_c, k.partner_a, "{}", &ignored), 422);
    iso_ms((int64_t)time(NULL) * 1000 - 60000, past, sizeof(past));
    snprintf(body, sizeof(body), "{\"name\":\"old\",\"expiresAt\":\"%s\"}", past);
    ck_assert_int_eq(make_token_body(&k.admin_a_c, k.partner_a, body, &ignored), 422);
    /* the list: newest first, the prefix shown, never the secret or its hash */
    tokens_path(k.partner_a, NULL, path, sizeof(path));
    ck_assert(client_call(&k.admin_a_c, "GET", path, NULL, &res));
    ck_assert_int_eq(res.status, 200);
    ck_assert_str_eq(api_json_str(&res, "list.0.id"), s.id);
    ck_assert_str_eq(api_json_str(&res, "list.1.id"), a.id);
    ck_assert(strncmp(api_json_str(&res, "list.1.prefix"), a.secret, 11) == 0);
    ck_assert_int_eq(strlen(api_json_str(&res, "list.1.prefix")), 11);
    ck_assert_ptr_null(strstr(res.body, a.secret));
    ck_assert_ptr_null(strstr(res.body, "hash"));
    api_res_free(&res);
    ck_assert(client_call(&k.user_a_c, "GET", path, NULL, &res));
    ck_assert_int_eq(api_status_free(&res), 403);
    ck_assert(client_call(&k.admin_b_c, "GET", path, NULL, &res));
    ck_assert_int_eq(api_status_free(&res), 404);
    /* revocation: another partner's admin cannot, the partner's admin can (twice: 204) */
    tokens_path(k.partner_a, a.id, path, sizeof(path));
    ck_assert(client_call(&k.admin_b_c, "DELETE", path, NULL, &res));
    ck_assert_int_eq(api_status_free(&res), 404);
    tokens_path(k.partner_b, a.id, path, sizeof(path));
    ck_assert(client_call(&k.admin_b_c, "DELETE", path, NULL, &res));
    ck_assert_int_eq(api_status_free(&res), 404); /* A's token under B's path */
    tokens_path(k.partner_a, a.id, path, sizeof(path));
    ck_assert(client_call(&k.admin_a_c, "DELETE", path, NULL, &res));
    ck_assert_int_eq(api_status_free(&res), 204);
    ck_assert(client_call(&k.admin_a_c, "DELETE", path, NULL, &res));
    ck_assert_int_eq(api_status_free(&res), 204);
    tokens_path(k.partner_a, NULL, path, sizeof(path));
    ck_assert(client_call(&k.admin_a_c, "GET", path, NULL, &res));
    ck_assert_ptr_nonnull(api_json_str(&res, "list.1.revokedAt"));
    ck_assert(strlen(api_json_str(&res, "list.1.revokedAt")) > 0);
    api_res_free(&res);
    cast_release(&k);
}
END_TEST

START_TEST(a_token_is_refused_when_missing_malformed_unknown_expired_or_revoked)
{
    struct cast k;
    struct token t, old;
    struct api_res res;
    const char *basic[] = {"Authorization: Basic dXNlcjpwYXNz", NULL};
    struct api_opts opts = {.headers = basic};
    char path[160], filter[128], update[160], past[80];

    fixture_cast(&k);
    make_token(&k.admin_a_c, k.partner_a, &t);
    make_token(&k.admin_a_c, k.partner_a, &old);
    ck_assert_int_eq(token_status(t.secret, "GET", "/api/v1/partner/leads", NULL), 200);
    ck_assert(api_get(&res, "/api/v1/partner/leads"));
    ck_assert_str_eq(api_json_str(&res, "error.code"), "unauthenticated");
    ck_assert_int_eq(api_status_free(&res), 401);
    ck_assert(api_call(&res, "GET", "/api/v1/partner/leads", &opts));
    ck_assert_str_eq(api_json_str(&res, "error.code"), "invalid_api_token");
    ck_assert_int_eq(api_status_free(&res), 401);
    ck_assert_int_eq(token_status("pc_short", "GET", "/api/v1/partner/leads", "invalid_api_token"),
                     401);
    ck_assert_int_eq(token_status("pc_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "GET",
                                  "/api/v1/partner/leads", "invalid_api_token"),
                     401);
    /* a session's access token is no partner token, and a partner token opens no session route */
    ck_assert_int_eq(
        token_status(k.admin_a_c.access, "GET", "/api/v1/partner/leads", "invalid_api_token"), 401);
    ck_assert_int_eq(token_status(t.secret, "GET", "/api/v1/leads", NULL), 401);
    ck_assert_int_eq(token_status(t.secret, "GET", "/api/v1/users", NULL), 401);
    /* expired: its expiry moved into the past in the database */
    fixture_ms_from_now(-5, past, sizeof(past));
    snprintf(filter, sizeof(filter), "{\"_id\":{\"$oid\":\"%s\"}}", old.id);
    snprintf(update, sizeof(update), "{\"$set\":{\"expiresAt\":%s}}", past);
    mongo_update("api_tokens", filter, update);
    ck_assert_int_eq(token_status(old.secret, "GET", "/api/v1/partner/leads", "api_token_expired"),
                     401);
    /* revoked: refused from the next request on */
    tokens_path(k.partner_a, t.id, path, sizeof(path));
    ck_assert(client_call(&k.admin_a_c, "DELETE", path, NULL, &res));
    ck_assert_int_eq(api_status_free(&res), 204);
    ck_assert_int_eq(token_status(t.secret, "GET", "/api/v1/partner/leads", "api_token_revoked"),
                     401);
    cast_release(&k);
}
END_TEST

START_TEST(archiving_a_partner_revokes_its_tokens)
{
    struct token t;
    struct api_res res;
    char partner[25], path[96], name[64];

    snprintf(name, sizeof(name), "Archived API %ld", (long)random());
    make_partner(name, partner);
    make_token(owner_session(), partner, &t);
    ck_assert_int_eq(token_status(t.secret, "GET", "/api/v1/partner/leads", NULL), 200);
    snprintf(path, sizeof(path), "/api/v1/partners/%s", partner);
    ck_assert(client_call(owner_session(), "DELETE", path, NULL, &res));
    ck_assert_int_eq(api_status_free(&res), 204);
    ck_assert_int_eq(token_status(t.secret, "GET", "/api/v1/partner/leads", "api_token_revoked"),
                     401);
}
END_TEST

START_TEST(a_token_reads_only_its_partners_leads_and_meetings)
{
    struct cast k;
    struct token t;
    struct api_res res;
    char mine[25], theirs[25], email[128], path[256], since[64];

    fixture_cast(&k);
    make_token(&k.admin_a_c, k.partner_a, &t);
    fresh_email("papi-mine", email, sizeof(email));
    make_lead(k.partner_a, email, NULL, mine);
    fresh_email("papi-theirs", email, sizeof(email));
    make_lead(k.partner_b, email, NULL, theirs);
    snprintf(path, sizeof(path), "/api/v1/partner/leads/%s", mine);
    token_call(t.secret, "GET", path, NULL, NULL, &res);
    ck_assert_int_eq(res.status, 200);
    ck_assert_str_eq(api_json_str(&res, "id"), mine);
    api_res_free(&res);
    snprintf(path, sizeof(path), "/api/v1/partner/leads/%s", theirs);
    ck_assert_int_eq(token_status(t.secret, "GET", path, "not_found"), 404);
    /* the list holds the partner's leads only; updatedSince pulls what changed since */
    token_call(t.secret, "GET", "/api/v1/partner/leads?perPage=200", NULL, NULL, &res);
    ck_assert_int_eq(res.status, 200);
    ck_assert_ptr_nonnull(strstr(res.body, mine));
    ck_assert_ptr_null(strstr(res.body, theirs));
    api_res_free(&res);
    iso_ms((int64_t)time(NULL) * 1000 + 3600 * 1000, since, sizeof(since));
    snprintf(path, sizeof(path), "/api/v1/partner/leads?updatedSince=%s", since);
    token_call(t.secret, "GET", path, NULL, NULL, &res);
    ck_assert_int_eq(res.status, 200);
    ck_assert_ptr_null(strstr(res.body, mine));
    api_res_free(&res);
    iso_ms((int64_t)time(NULL) * 1000 - 3600 * 1000, since, sizeof(since));
    snprintf(path, sizeof(path), "/api/v1/partner/leads?perPage=200&updatedSince=%s", since);
    token_call(t.secret, "GET", path, NULL, NULL, &res);
    ck_assert_int_eq(res.status, 200);
    ck_assert_ptr_nonnull(strstr(res.body, mine));
    api_res_free(&res);
    ck_assert_int_eq(token_status(t.secret, "GET", "/api/v1/partner/leads?updatedSince=yesterday",
                                  "bad_request"),
                     400);
    ck_assert_int_eq(token_status(t.secret, "GET", "/api/v1/partner/meetings", NULL), 200);
    cast_release(&k);
}
END_TEST

START_TEST(a_status_push_is_done_or_refused_by_its_job)
{
    struct cast k;
    struct token t, other;
    struct api_res res;
    char lead[25], theirs[25], email[128], email_b[128], body[400], job[32], got[64], path[96];
    char filter[256];

    fixture_cast(&k);
    make_token(&k.admin_a_c, k.partner_a, &t);
    make_token(&k.admin_b_c, k.partner_b, &other);
    fresh_email("papi-status", email, sizeof(email));
    make_lead(k.partner_a, email, NULL, lead);
    fresh_email("papi-other", email_b, sizeof(email_b));
    make_lead(k.partner_b, email_b, NULL, theirs);
    /* by id, with a note: done, the lead moved, the note written by the token */
    snprintf(body, sizeof(body), "{\"leadId\":\"%s\",\"status\":\"in_touch\",\"note\":\"called\"}",
             lead);
    push_status(t.secret, body, NULL, job);
    job_outcome(t.secret, job, &res);
    ck_assert_str_eq(api_json_str(&res, "status"), "done");
    ck_assert_str_eq(api_json_str(&res, "leadId"), lead);
    ck_assert_str_eq(api_json_str(&res, "dealStatus"), "in_touch");
    api_res_free(&res);
    lead_field(lead, "dealStatus", got, sizeof(got));
    ck_assert_str_eq(got, "in_touch");
    snprintf(path, sizeof(path), "/api/v1/leads/%s/notes", lead);
    ck_assert_int_eq(call_status(&k.admin_a_c, "GET", path, NULL, "list.0.text", got, sizeof(got)),
                     200);
    ck_assert_str_eq(got, "called");
    ck_assert_int_eq(history_count(lead, "lead.status_changed", "partner_api"), 1);
    /* by e-mail (any case), to won: done; then off the table (won is final): refused */
    for (char *c = email; *c; c++)
        *c = (char)(*c >= 'a' && *c <= 'z' ? *c - 32 : *c);
    snprintf(body, sizeof(body), "{\"email\":\"%s\",\"status\":\"won\",\"dealAmount\":125000}",
             email);
    push_status(t.secret, body, NULL, job);
    job_outcome(t.secret, job, &res);
    ck_assert_str_eq(api_json_str(&res, "status"), "done");
    api_res_free(&res);
    snprintf(body, sizeof(body), "{\"leadId\":\"%s\",\"status\":\"in_touch\"}", lead);
    push_status(t.secret, body, NULL, job);
    job_outcome(t.secret, job, &res);
    ck_assert_str_eq(api_json_str(&res, "status"), "refused");
    ck_assert_str_eq(api_json_str(&res, "error"), "invalid_transition");
    ck_assert(strlen(api_json_str(&res, "reason")) > 0);
    api_res_free(&res);
    /* another partner's lead, by id or e-mail: refused as not found, its id never told */
    snprintf(body, sizeof(body), "{\"leadId\":\"%s\",\"status\":\"in_touch\"}", theirs);
    push_status(t.secret, body, NULL, job);
    job_outcome(t.secret, job, &res);
    ck_assert_str_eq(api_json_str(&res, "status"), "refused");
    ck_assert_str_eq(api_json_str(&res, "error"), "not_found");
    ck_assert_ptr_null(strstr(res.body, theirs));
    api_res_free(&res);
    snprintf(body, sizeof(body), "{\"email\":\"%s\",\"status\":\"in_touch\"}", email_b);
    push_status(t.secret, body, NULL, job);
    job_outcome(t.secret, job, &res);
    ck_assert_str_eq(api_json_str(&res, "error"), "not_found");
    api_res_free(&res);
    lead_field(theirs, "dealStatus", got, sizeof(got));
    ck_assert_str_eq(got, "new");
    /* the job is its partner's: another partner's token does not see it */
    snprintf(path, sizeof(path), "/api/v1/partner/jobs/%s", job);
    ck_assert_int_eq(token_status(other.secret, "GET", path, "not_found"), 404);
    ck_assert_int_eq(token_status(t.secret, "GET", "/api/v1/partner/jobs/nope", "not_found"), 404);
    /* the body is checked before anything is queued */
    token_call(t.secret, "POST", "/api/v1/status", "{\"status\":\"won\"}", NULL, &res);
    ck_assert_int_eq(api_status_free(&res), 422);
    snprintf(body, sizeof(body), "{\"leadId\":\"%s\",\"email\":\"%s\",\"status\":\"won\"}", lead,
             email);
    token_call(t.secret, "POST", "/api/v1/status", body, NULL, &res);
    ck_assert_int_eq(api_status_free(&res), 422);
    token_call(t.secret, "POST", "/api/v1/status", "{\"leadId\":\"x\",\"status\":\"maybe\"}", NULL,
               &res);
    ck_assert_int_eq(api_status_free(&res), 422);
    /* every call is audited with the token's name */
    snprintf(filter, sizeof(filter),
             "{\"action\":\"api.request\",\"actor.token\":{\"$oid\":\"%s\"},"
             "\"actor.tokenName\":\"%s\"}",
             t.id, t.name);
    for (int i = 0; i < 100 && mongo_count("events", filter) < 10; i++)
        sleep_ms(100);
    ck_assert_int_ge(mongo_count("events", filter), 10);
    cast_release(&k);
}
END_TEST

START_TEST(a_token_adds_notes_and_sets_meeting_outcomes_of_its_partner)
{
    struct cast k;
    struct token t;
    struct api_res res;
    char lead[25], theirs[25], email[128], path[128], past[25], other[25], got[128];

    fixture_cast(&k);
    make_token(&k.admin_a_c, k.partner_a, &t);
    fresh_email("papi-note", email, sizeof(email));
    make_lead(k.partner_a, email, NULL, lead);
    fresh_email("papi-note-b", email, sizeof(email));
    make_lead(k.partner_b, email, NULL, theirs);
    snprintf(path, sizeof(path), "/api/v1/partner/leads/%s/notes", lead);
    token_call(t.secret, "POST", path, "{\"text\":\"from the CRM\"}", NULL, &res);
    ck_assert_int_eq(res.status, 201);
    snprintf(got, sizeof(got), "API token %s", t.name);
    ck_assert_str_eq(api_json_str(&res, "author.name"), got);
    ck_assert_str_eq(api_json_str(&res, "author.id"), t.id);
    api_res_free(&res);
    snprintf(path, sizeof(path), "/api/v1/partner/leads/%s/notes", theirs);
    token_call(t.secret, "POST", path, "{\"text\":\"x\"}", NULL, &res);
    ck_assert_int_eq(api_status_free(&res), 404);
    /* a past meeting's outcome, as a partner user may set it; another partner's is unknown */
    ck_assert_int_eq(log_meeting(&k.admin_a_c, lead, now_minute_ms() - 7200000, 30, NULL, past),
                     201);
    ck_assert_int_eq(log_meeting(&k.admin_b_c, theirs, now_minute_ms() - 7200000, 30, NULL, other),
                     201);
    snprintf(path, sizeof(path), "/api/v1/partner/meetings/%s/outcome", past);
    token_call(t.secret, "PATCH", path, "{\"outcome\":\"held\"}", NULL, &res);
    ck_assert_int_eq(res.status, 200);
    ck_assert_str_eq(api_json_str(&res, "outcome"), "held");
    api_res_free(&res);
    snprintf(path, sizeof(path), "/api/v1/partner/meetings/%s/outcome", other);
    token_call(t.secret, "PATCH", path, "{\"outcome\":\"held\"}", NULL, &res);
    ck_assert_int_eq(api_status_free(&res), 404);
    ck_assert_int_eq(history_count(lead, "lead.note_added", "partner_api"), 1);
    ck_assert_int_eq(history_count(lead, "meeting.outcome_set", "partner_api"), 1);
    cast_release(&k);
}
END_TEST

START_TEST(an_idempotency_key_answers_the_same_request_once)
{
    struct cast k;
    struct token t;
    struct api_res res;
    char lead[25], email[128], body[200], other[200], key[64], job[32], again[32], got[16];

    fixture_cast(&k);
    make_token(&k.admin_a_c, k.partner_a, &t);
    fresh_email("papi-idem", email, sizeof(email));
    make_lead(k.partner_a, email, NULL, lead);
    snprintf(key, sizeof(key), "order-%ld", (long)random());
    snprintf(body, sizeof(body), "{\"leadId\":\"%s\",\"status\":\"in_touch\"}", lead);
    snprintf(other, sizeof(other), "{\"leadId\":\"%s\",\"status\":\"scheduled\"}", lead);
    push_status(t.secret, body, key, job);
    token_call(t.secret, "POST", "/api/v1/status", body, key, &res);
    ck_assert_int_eq(res.status, 202);
    snprintf(again, sizeof(again), "%s", api_json_str(&res, "jobId"));
    ck_assert_str_eq(again, job);
    ck_assert(api_header(&res, "Idempotent-Replayed", got, sizeof(got)));
    ck_assert_str_eq(got, "true");
    api_res_free(&res);
    token_call(t.secret, "POST", "/api/v1/status", other, key, &res);
    ck_assert_str_eq(api_json_str(&res, "error.code"), "idempotency_key_reused");
    ck_assert_int_eq(api_status_free(&res), 422);
    /* an invalid key is a 400; without a key every push is a new job */
    token_call(t.secret, "POST", "/api/v1/status", body, "a key with spaces", &res);
    ck_assert_int_eq(api_status_free(&res), 400);
    push_status(t.secret, body, NULL, again);
    ck_assert_str_ne(again, job);
    cast_release(&k);
}
END_TEST

/* one child's request: exit 0 for 202 (the job id written to fd), 1 for 409 in use, 2 else */
static void
racer(const char *secret, const char *body, const char *key, int fd, long long start_ms)
{
    struct api_res res;
    struct timespec ts;
    int code;

    do {
        clock_gettime(CLOCK_REALTIME, &ts);
    } while ((long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000 < start_ms);
    token_call(secret, "POST", "/api/v1/status", body, key, &res);
    code = res.status == 202 ? 0 : res.status == 409 ? 1 : 2;
    if (code == 0 && write(fd, api_json_str(&res, "jobId"), 24) != 24)
        code = 2;
    api_res_free(&res);
    _exit(code);
}

START_TEST(requests_in_flight_with_one_key_have_one_effect)
{
    struct cast k;
    struct token t;
    struct api_res res;
    struct idem held;
    struct err err = ERR_INIT;
    char lead[25], email[128], body[200], key[64], path[96], first[25] = "", got[25];
    int fds[2], st, accepted = 0, busy = 0;
    pid_t kids[4]; /* PC_CONN_PER_PRINCIPAL: more in flight would be nginx's 429 */
    struct timespec ts;

    fixture_cast(&k);
    make_token(&k.admin_a_c, k.partner_a, &t);
    fresh_email("papi-race", email, sizeof(email));
    make_lead(k.partner_a, email, NULL, lead);
    snprintf(body, sizeof(body), "{\"leadId\":\"%s\",\"status\":\"in_touch\",\"note\":\"once\"}",
             lead);
    /* a first request in flight holds the key (claimed as pc-api claims it): the second is 409 */
    snprintf(key, sizeof(key), "held-%ld", (long)random());
    ck_assert(idem_begin(stack_app(), t.id, key, "POST", "/api/v1/status", body, strlen(body),
                         &held, &err));
    ck_assert(held.claimed);
    token_call(t.secret, "POST", "/api/v1/status", body, key, &res);
    ck_assert_str_eq(api_json_str(&res, "error.code"), "idempotency_key_in_use");
    ck_assert_int_eq(api_status_free(&res), 409);
    idem_finish(stack_app(), &held, 503, NULL); /* the first failed: the key is free again */
    idem_release(&held);
    /* four requests with one key at the same moment: one job, the others its answer or 409 */
    snprintf(key, sizeof(key), "race-%ld", (long)random());
    ck_assert_int_eq(pipe(fds), 0);
    clock_gettime(CLOCK_REALTIME, &ts);
    for (int i = 0; i < 4; i++) {
        kids[i] = fork();
        ck_assert_int_ge(kids[i], 0);
        if (kids[i] == 0)
            racer(t.secret, body, key, fds[1], (long long)ts.tv_sec * 1000 + 400);
    }
    close(fds[1]);
    for (int i = 0; i < 4; i++) {
        ck_assert_int_eq(waitpid(kids[i], &st, 0), kids[i]);
        ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) < 2, "a racer got neither 202 nor 409");
        accepted += WEXITSTATUS(st) == 0, busy += WEXITSTATUS(st) == 1;
    }
    for (int i = 0; i < accepted; i++) {
        ck_assert_int_eq(read(fds[0], got, 24), 24);
        got[24] = '\0';
        if (first[0] == '\0')
            memcpy(first, got, 25);
        ck_assert_str_eq(got, first); /* every 202 names the one job */
    }
    close(fds[0]);
    ck_assert_int_ge(accepted, 1);
    job_outcome(t.secret, first, &res);
    ck_assert_str_eq(api_json_str(&res, "status"), "done");
    api_res_free(&res);
    ck_assert(wait_queue_idle("partner-api-lead", 10000));
    snprintf(path, sizeof(path), "/api/v1/leads/%s/notes", lead);
    ck_assert_int_eq(call_status(&k.admin_a_c, "GET", path, NULL, "list.1.text", got, sizeof(got)),
                     200);
    ck_assert_str_eq(got, ""); /* one note: one effect */
    fprintf(stderr, "idempotency race: %d answered 202, %d answered 409\n", accepted, busy);
    cast_release(&k);
}
END_TEST

static long
header_long(const struct api_res *res, const char *name)
{
    char v[32];

    ck_assert_msg(api_header(res, name, v, sizeof(v)), "no %s header", name);
    return strtol(v, NULL, 10);
}

START_TEST(the_rate_limit_is_per_token_with_headers_and_429)
{
    struct cast k;
    struct token t, other;
    struct api_res res;
    long first_remaining = -1, limited = 0;

    fixture_cast(&k);
    make_token(&k.admin_a_c, k.partner_a, &t);
    make_token(&k.admin_a_c, k.partner_a, &other);
    token_call(t.secret, "GET", "/api/v1/partner/jobs/000000000000000000000000", NULL, NULL, &res);
    ck_assert_int_eq(res.status, 404);
    ck_assert_int_eq(header_long(&res, "RateLimit-Limit"), 30); /* PC_PARTNER_API_BURST */
    first_remaining = header_long(&res, "RateLimit-Remaining");
    ck_assert_int_eq(first_remaining, 29);
    ck_assert_int_ge(header_long(&res, "RateLimit-Reset"), 1);
    api_res_free(&res);
    for (int i = 0; i < 100 && !limited; i++) {
        token_call(t.secret, "GET", "/api/v1/partner/meetings", NULL, NULL, &res);
        ck_assert_msg(res.status == 200 || res.status == 429, "%ld", res.status);
        if (res.status == 429) {
            limited = i + 1;
            ck_assert_str_eq(api_json_str(&res, "error.code"), "rate_limited");
            ck_assert_int_ge(header_long(&res, "Retry-After"), 1);
            ck_assert_int_eq(header_long(&res, "RateLimit-Remaining"), 0);
        }
        api_res_free(&res);
    }
    ck_assert_msg(limited >= 29 && limited <= 60, "429 after %ld requests", limited);
    /* another token of the same partner has its own bucket */
    token_call(other.secret, "GET", "/api/v1/partner/meetings", NULL, NULL, &res);
    ck_assert_int_eq(res.status, 200);
    ck_assert_int_eq(header_long(&res, "RateLimit-Remaining"), 29);
    api_res_free(&res);
    cast_release(&k);
}
END_TEST

START_TEST(the_partner_api_answers_503_without_redis)
{
    struct cast k;
    struct token t;
    struct api_res res;

    fixture_cast(&k);
    make_token(&k.admin_a_c, k.partner_a, &t);
    ck_assert_int_eq(harness_service("stop-service", "redis"), 0);
    token_call(t.secret, "GET", "/api/v1/partner/leads", NULL, NULL, &res);
    ck_assert_int_eq(harness_service("start-service", "redis"), 0);
    ck_assert_int_eq(res.status, 503);
    ck_assert_str_eq(api_json_str(&res, "error.code"), "unavailable");
    ck_assert(api_header(&res, "Retry-After", (char[16]){0}, 16));
    api_res_free(&res);
    ck_assert(harness_wait_health(30));
    cast_release(&k);
}
END_TEST

Suite *
suite_partner_api(void)
{
    Suite *s = suite_create("partner_api");
    TCase *tc = tcase_create("partner api");

    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, tokens_are_made_listed_and_revoked_by_the_partners_admins_and_staff);
    tcase_add_test(tc, a_token_is_refused_when_missing_malformed_unknown_expired_or_revoked);
    tcase_add_test(tc, archiving_a_partner_revokes_its_tokens);
    tcase_add_test(tc, a_token_reads_only_its_partners_leads_and_meetings);
    tcase_add_test(tc, a_status_push_is_done_or_refused_by_its_job);
    tcase_add_test(tc, a_token_adds_notes_and_sets_meeting_outcomes_of_its_partner);
    tcase_add_test(tc, an_idempotency_key_answers_the_same_request_once);
    tcase_add_test(tc, requests_in_flight_with_one_key_have_one_effect);
    tcase_add_test(tc, the_rate_limit_is_per_token_with_headers_and_429);
    tcase_add_test(tc, the_partner_api_answers_503_without_redis);
    suite_add_tcase(s, tc);
    return s;
}
