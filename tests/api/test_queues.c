/* test_queues.c - reliable jobs against the real Redis, FerretDB and workers of the harness
 * stack: exactly-once effects, a worker killed mid-job, Redis restarts, retries, poison jobs,
 * SIGTERM, dead letters and their replay, events, and e-mail through the Mailgun stand-in */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api.h"
#include "fixtures.h"
#include "http/http_client.h"
#include "mail/mail.h"
#include "queue/events.h"
#include "queue/job.h"
#include "queue/queue.h"
#include "stack_access.h"

#define EFFECTS "test_effects"

/* the admin queue routes are the owner's: one signed-in owner per test process */
static struct session_client *
owner(void)
{
    static struct session_client c;
    static bool signed_in;
    struct fixture_user u;

    if (!signed_in) {
        fixture_owner(&u);
        ck_assert_int_eq(client_sign_in(&c, u.email, u.password), 200);
        signed_in = true;
    }
    return &c;
}

static void
fixture_test_job(const char *payload, char id[JOB_ID_CAP])
{
    struct err err = ERR_INIT;

    ck_assert_msg(queue_push(stack_app(), "test-effect", "t", payload, NULL, id, NULL, &err),
                  "push failed: %s %s", err.message, err.cause);
}

static void
effect_filter(const char *id, char *out, size_t cap)
{
    snprintf(out, cap, "{\"_id\": \"%.79s\"}", id);
}

static bool
wait_runs(const char *id, long long want, int timeout_ms)
{
    for (int waited = 0; waited <= timeout_ms; waited += 50) {
        if (redis_integer("GET pc:test:runs:%s", id) >= want)
            return true;
        sleep_ms(50);
    }
    return false;
}

START_TEST(a_job_delivered_twice_has_one_effect)
{
    char id[JOB_ID_CAP], filter[128];
    bool dup = false;
    struct err err = ERR_INIT;

    job_id_new(id);
    ck_assert(queue_push(stack_app(), "test-effect", "t", "{}", id, NULL, &dup, &err));
    ck_assert(!dup);
    ck_assert(queue_push(stack_app(), "test-effect", "t", "{}", id, NULL, &dup, &err));
    ck_assert_msg(dup, "the same job id was enqueued twice");
    effect_filter(id, filter, sizeof(filter));
    ck_assert(wait_for_count(EFFECTS, filter, 1, 10000));
    /* force a second delivery of the same job, as after a lost acknowledgement; XADD answers
     * the new entry's id "<ms>-<seq>", read here as its milliseconds (-1: error, 0: nil) */
    ck_assert_int_gt(redis_integer("XADD pc:q:test-effect * id %s type t payload {} attempt 0 "
                                   "enqueuedAt 0",
                                   id),
                     0);
    for (int i = 0; i < 100 && redis_integer("XLEN pc:q:test-effect") > 0; i++)
        sleep_ms(100);
    ck_assert_int_eq(redis_integer("XLEN pc:q:test-effect"), 0);
    ck_assert_int_eq(mongo_count(EFFECTS, filter), 1);
    ck_assert_int_eq(redis_integer("GET pc:test:runs:%s", id), 1); /* the redelivery was skipped */
}
END_TEST

static long long
mono_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

START_TEST(a_worker_killed_mid_job_is_replaced_and_the_job_completes_once)
{
    char id[JOB_ID_CAP], filter[128];
    pid_t victim;
    long long pushed, retaken = -1;

    pushed = mono_ms(); /* the job is taken after this, so it may be retaken 2 s later at best */
    fixture_test_job("{\"block\":true}", id);
    ck_assert_msg(wait_runs(id, 1, 10000), "no worker took the job");
    victim = worker_child_pid("test-effect");
    ck_assert_int_gt(victim, 0);
    ck_assert_int_eq(kill(victim, SIGKILL), 0);
    ck_assert(redis_integer("SET pc:test:release:%s 1", id) >= 0);
    for (int waited = 0; waited <= 20000 && retaken < 0; waited += 20) {
        if (redis_integer("GET pc:test:runs:%s", id) >= 2)
            retaken = mono_ms();
        else
            sleep_ms(20);
    }
    ck_assert_msg(retaken >= 0, "the job was not reclaimed");
    /* the visibility timeout of test-effect is 2 s: a live worker's job is not taken from it */
    ck_assert_msg(retaken - pushed >= 2000, "retaken %lld ms after it was queued",
                  retaken - pushed);
    effect_filter(id, filter, sizeof(filter));
    ck_assert_msg(wait_for_count(EFFECTS, filter, 1, 10000), "the retaken job did not complete");
    ck_assert_int_eq(redis_integer("GET pc:test:runs:%s", id), 2);
    sleep_ms(500);
    ck_assert_int_eq(mongo_count(EFFECTS, filter), 1);
}
END_TEST

START_TEST(jobs_survive_a_redis_restart)
{
    char ids[20][JOB_ID_CAP], filter[128];

    ck_assert_int_eq(harness_service("stop-service", "worker-test-effect"), 0);
    for (int i = 0; i < 10; i++)
        fixture_test_job("{}", ids[i]);
    ck_assert_int_eq(harness_service("restart-service", "redis"), 0);
    ck_assert_int_eq(harness_service("start-service", "workers"), 0);
    sleep_ms(500);
    ck_assert_int_eq(harness_service("restart-service", "redis"), 0); /* workers reconnect */
    for (int i = 10; i < 20; i++) {
        struct err err = ERR_INIT;
        bool pushed = false;
        for (int t = 0; t < 50 && !pushed; t++) { /* Redis may still be loading */
            pushed = queue_push(stack_app(), "test-effect", "t", "{}", NULL, ids[i], NULL, &err);
            if (!pushed)
                sleep_ms(100);
        }
        ck_assert(pushed);
    }
    for (int i = 0; i < 20; i++) {
        effect_filter(ids[i], filter, sizeof(filter));
        ck_assert_msg(wait_for_count(EFFECTS, filter, 1, 20000), "job %d lost", i);
    }
    ck_assert(harness_wait_health(10));
}
END_TEST

START_TEST(a_worker_reconnects_to_the_database_after_a_ferretdb_restart)
{
    char before[JOB_ID_CAP], after[JOB_ID_CAP], filter[128];
    pid_t worker;

    fixture_test_job("{}", before); /* the worker's database connection is open and used */
    effect_filter(before, filter, sizeof(filter));
    ck_assert(wait_for_count(EFFECTS, filter, 1, 10000));
    worker = worker_child_pid("test-effect");
    ck_assert_int_gt(worker, 0);
    ck_assert_int_eq(harness_service("restart-service", "ferretdb"), 0);
    fixture_test_job("{}", after);
    effect_filter(after, filter, sizeof(filter));
    ck_assert_msg(wait_for_count(EFFECTS, filter, 1, 20000), "no effect after the restart");
    ck_assert_int_eq(worker_child_pid("test-effect"), worker); /* reconnected, not replaced */
    ck_assert(harness_wait_health(15));
}
END_TEST

START_TEST(a_failing_job_is_retried_with_backoff)
{
    char id[JOB_ID_CAP], filter[160];

    fixture_test_job("{\"failTimes\":2}", id);
    snprintf(filter, sizeof(filter), "{\"_id\": \"%s\", \"attempt\": 2}", id);
    ck_assert_msg(wait_for_count(EFFECTS, filter, 1, 15000), "no success on the third attempt");
    ck_assert_int_eq(redis_integer("GET pc:test:runs:%s", id), 3);
}
END_TEST

/* the dead-letter entry for job id, via the admin route; NULL when absent */
static json_object *
dead_entry(const char *queue, const char *id)
{
    struct api_res res;
    char path[256];
    json_object *list, *found = NULL;

    snprintf(path, sizeof(path), "/api/v1/admin/queues/%s/dead", queue);
    client_call(owner(), "GET", path, NULL, &res);
    ck_assert_int_eq(res.status, 200);
    ck_assert(json_object_object_get_ex(res.json, "list", &list));
    for (size_t i = 0; i < json_object_array_length(list); i++) {
        json_object *e = json_object_array_get_idx(list, i), *job;
        if (json_object_object_get_ex(e, "jobId", &job)
            && strcmp(json_object_get_string(job), id) == 0)
            found = json_object_get(e);
    }
    api_res_free(&res);
    return found;
}

static json_object *
wait_dead_entry(const char *queue, const char *id, int timeout_ms)
{
    json_object *e = NULL;

    for (int waited = 0; waited <= timeout_ms && e == NULL; waited += 200) {
        e = dead_entry(queue, id);
        if (e == NULL)
            sleep_ms(200);
    }
    return e;
}

START_TEST(a_poison_job_goes_to_dead_letters_and_the_queue_keeps_flowing)
{
    char poison[JOB_ID_CAP], good[JOB_ID_CAP], filter[128];
    json_object *dead;

    fixture_test_job("{\"crash\":true}", poison);
    fixture_test_job("{}", good);
    effect_filter(good, filter, sizeof(filter));
    ck_assert_msg(wait_for_count(EFFECTS, filter, 1, 20000), "the queue stopped behind poison");
    dead = wait_dead_entry("test-effect", poison, 40000);
    ck_assert_msg(dead != NULL, "the poison job never reached the dead letters");
    ck_assert_ptr_nonnull(strstr(json_object_to_json_string(dead), "worker stopped"));
    json_object_put(dead);
}
END_TEST

/* a stream entry that is no job (no payload: written by hand, or by another version) goes to
 * the dead letters as it is, and the queue flows on, instead of the worker taking it for a
 * Redis outage on every turn; it was never a job, so it cannot be replayed, only deleted */
START_TEST(an_undecodable_stream_entry_goes_to_dead_letters)
{
    char id[JOB_ID_CAP], good[JOB_ID_CAP], filter[128], path[256];
    json_object *dead, *v;
    struct api_res res;

    job_id_new(id);
    ck_assert_int_gt(
        redis_integer("XADD pc:q:test-effect * id %s type t attempt 0 enqueuedAt 0", id), 0);
    fixture_test_job("{}", good);
    effect_filter(good, filter, sizeof(filter));
    ck_assert_msg(wait_for_count(EFFECTS, filter, 1, 10000), "the queue stopped behind the entry");
    dead = wait_dead_entry("test-effect", id, 10000);
    ck_assert_msg(dead != NULL, "the undecodable entry never reached the dead letters");
    ck_assert(json_object_object_get_ex(dead, "error", &v));
    ck_assert_ptr_nonnull(strstr(json_object_get_string(v), "without id or payload"));
    ck_assert(json_object_object_get_ex(dead, "id", &v));
    snprintf(path, sizeof(path), "/api/v1/admin/queues/test-effect/dead/%s/replay",
             json_object_get_string(v));
    client_call(owner(), "POST", path, NULL, &res);
    ck_assert_int_eq(res.status, 409);
    api_res_free(&res);
    snprintf(path, sizeof(path), "/api/v1/admin/queues/test-effect/dead/%s",
             json_object_get_string(v));
    client_call(owner(), "DELETE", path, NULL, &res);
    ck_assert_int_eq(res.status, 204);
    api_res_free(&res);
    json_object_put(dead);
}
END_TEST

START_TEST(a_permanent_failure_goes_to_dead_letters_then_replays)
{
    char id[JOB_ID_CAP], path[256], filter[128];
    json_object *dead, *v;
    struct api_res res;

    fixture_test_job("{\"permanent\":true}", id);
    dead = wait_dead_entry("test-effect", id, 10000);
    ck_assert_ptr_nonnull(dead);
    ck_assert(json_object_object_get_ex(dead, "error", &v));
    ck_assert_ptr_nonnull(strstr(json_object_get_string(v), "asked to fail"));
    ck_assert(json_object_object_get_ex(dead, "id", &v));
    /* the replayed job fails again for good: the point is that it runs again */
    snprintf(path, sizeof(path), "/api/v1/admin/queues/test-effect/dead/%s/replay",
             json_object_get_string(v));
    client_call(owner(), "POST", path, NULL, &res);
    ck_assert_int_eq(res.status, 202);
    api_res_free(&res);
    ck_assert(wait_runs(id, 2, 10000));
    json_object_put(dead);
    dead = wait_dead_entry("test-effect", id, 10000); /* back in dead letters, new entry */
    ck_assert_ptr_nonnull(dead);
    ck_assert(json_object_object_get_ex(dead, "id", &v));
    snprintf(path, sizeof(path), "/api/v1/admin/queues/test-effect/dead/%s",
             json_object_get_string(v));
    client_call(owner(), "DELETE", path, NULL, &res);
    ck_assert_int_eq(res.status, 204);
    api_res_free(&res);
    client_call(owner(), "DELETE", path, NULL, &res);
    ck_assert_int_eq(res.status, 404);
    api_res_free(&res);
    json_object_put(dead);
    effect_filter(id, filter, sizeof(filter));
    ck_assert_int_eq(mongo_count(EFFECTS, filter), 0);
}
END_TEST

START_TEST(sigterm_stops_an_idle_worker_and_lets_a_busy_one_finish)
{
    char id[JOB_ID_CAP], filter[128];
    pid_t pid;

    ck_assert_msg(wait_queue_idle("test-effect", 60000), "earlier jobs still queued");
    ck_assert_int_eq(harness_service("stop-service", "worker-test-effect"), 0);
    pid = spawn_worker("test-effect");
    sleep_ms(1500);
    ck_assert_int_eq(kill(pid, SIGTERM), 0);
    ck_assert_int_eq(wait_exit(pid, 5000), 0);

    pid = spawn_worker("test-effect");
    fixture_test_job("{\"block\":true}", id);
    ck_assert(wait_runs(id, 1, 10000));
    ck_assert_int_eq(kill(pid, SIGTERM), 0);
    sleep_ms(500);
    ck_assert(redis_integer("SET pc:test:release:%s 1", id) >= 0);
    ck_assert_int_eq(wait_exit(pid, 10000), 0);
    effect_filter(id, filter, sizeof(filter));
    ck_assert_int_eq(mongo_count(EFFECTS, filter), 1);
    ck_assert_int_eq(redis_integer("XLEN pc:q:test-effect"), 0); /* acknowledged, not pending */
}
END_TEST

START_TEST(producers_get_unavailable_when_redis_is_down)
{
    struct err err = ERR_INIT;
    char id[JOB_ID_CAP];

    stack_app();
    ck_assert_int_eq(harness_service("stop-service", "redis"), 0);
    ck_assert(!queue_push(stack_app(), "test-effect", "t", "{}", NULL, id, NULL, &err));
    ck_assert_str_eq(err.code, "unavailable");
    ck_assert_int_eq(harness_service("start-service", "redis"), 0);
    ck_assert(harness_wait_health(10));
}
END_TEST

START_TEST(events_are_stored_once_and_written_directly_when_redis_is_down)
{
    struct principal actor = {
        .kind = PRINCIPAL_USER, .role = ROLE_ADMIN, .user_id = "5f1d7c2e9b1e8a0012345678"};
    struct event ev = {.action = "lead.status_changed",
                       .entity_type = "lead",
                       .entity_id = "5f1d7c2e9b1e8a0012345679",
                       .source = SOURCE_UI};
    json_object *before = json_tokener_parse("{\"dealStatus\":\"new\"}");
    json_object *after = json_tokener_parse("{\"dealStatus\":\"scheduled\"}");
    char filter[256];

    ev.before = before;
    ev.after = after;
    snprintf(filter, sizeof(filter),
             "{\"entityId\": {\"$oid\": \"%s\"}, \"after.dealStatus\": \"scheduled\"}",
             ev.entity_id);
    long long start = mongo_count("events", filter);
    events_record(stack_app(), &actor, &ev); /* best effort: its effect is what counts */
    ck_assert(wait_for_count("events", filter, start + 1, 10000));
    ck_assert_int_eq(harness_service("stop-service", "redis"), 0);
    events_record(stack_app(), &actor, &ev);
    ck_assert_int_eq(mongo_count("events", filter), start + 2); /* written at once */
    ck_assert_int_eq(harness_service("start-service", "redis"), 0);
    ck_assert(harness_wait_health(10));
    json_object_put(before);
    json_object_put(after);
}
END_TEST

/* a WireMock scenario for one recipient: first answer first_status with first_headers (JSON
 * object) and first_body (JSON-escaped for a JSON string), then 200 */
static void
scenario_for(const char *to, int first_status, const char *first_headers, const char *first_body)
{
    char mapping[2048], encoded_to[512];
    struct form f = {0};

    form_add(&f, "to", to);
    snprintf(encoded_to, sizeof(encoded_to), "%s", f.buf);
    form_release(&f);
    snprintf(
        mapping, sizeof(mapping),
        "{\"priority\":1,\"scenarioName\":\"%s\",\"requiredScenarioState\":\"Started\","
        "\"newScenarioState\":\"second\",\"request\":{\"method\":\"POST\","
        "\"urlPath\":\"/v3/mg.test.local/messages\",\"bodyPatterns\":[{\"contains\":\"%s&\"}]},"
        "\"response\":{\"status\":%d,\"headers\":%s,\"body\":\"%s\"}}",
        to, encoded_to, first_status, first_headers, first_body);
    ck_assert_int_eq(wiremock_post("/__admin/mappings", mapping), 201);
    snprintf(mapping, sizeof(mapping),
             "{\"priority\":1,\"scenarioName\":\"%s\",\"requiredScenarioState\":\"second\","
             "\"request\":{\"method\":\"POST\",\"urlPath\":\"/v3/mg.test.local/messages\","
             "\"bodyPatterns\":[{\"contains\":\"%s&\"}]},"
             "\"response\":{\"status\":200,\"body\":\"{\\\"id\\\":\\\"<x@mg>\\\"}\"}}",
             to, encoded_to);
    ck_assert_int_eq(wiremock_post("/__admin/mappings", mapping), 201);
}

#define NO_BODY "{\\\"message\\\":\\\"no\\\"}"

static json_object *
wait_requests_to(const char *to, size_t want, int timeout_ms)
{
    for (int waited = 0;; waited += 200) {
        json_object *list = wiremock_requests_to(to);
        if (json_object_array_length(list) >= want || waited >= timeout_ms)
            return list;
        json_object_put(list);
        sleep_ms(200);
    }
}

static void
send_reset_mail(const char *to)
{
    struct err err = ERR_INIT;
    json_object *vars = json_tokener_parse("{\"name\":\"Ann\",\"link\":\"https://pc.test/reset"
                                           "?token=abc\",\"expiresMinutes\":60}");

    ck_assert_msg(mail_enqueue(stack_app(), "password-reset", to, vars, NULL, &err), "%s",
                  err.message);
    json_object_put(vars);
}

static long long
logged_ms(json_object *rq)
{
    json_object *v;

    ck_assert(json_object_object_get_ex(rq, "loggedDate", &v));
    return json_object_get_int64(v);
}

START_TEST(mailgun_429_is_retried_once_after_retry_after)
{
    char to[256];
    json_object *list;

    unique_address("ratelimited", to, sizeof(to));
    scenario_for(to, 429, "{\"Retry-After\":\"1\"}", NO_BODY);
    send_reset_mail(to);
    list = wait_requests_to(to, 2, 20000);
    ck_assert_int_eq(json_object_array_length(list), 2);
    long long gap = logged_ms(json_object_array_get_idx(list, 1))
                    - logged_ms(json_object_array_get_idx(list, 0));
    ck_assert_msg(gap >= 1000, "retried after %lld ms, before Retry-After", gap);
    json_object_put(list);
    sleep_ms(1500);
    list = wiremock_requests_to(to);
    ck_assert_int_eq(json_object_array_length(list), 2); /* and not again */
    json_object_put(list);
}
END_TEST

START_TEST(mailgun_429_without_retry_after_waits_as_its_message_says)
{
    char to[256];
    json_object *list;

    unique_address("throttled", to, sizeof(to));
    scenario_for(to, 429, "{}",
                 "{\\\"message\\\":\\\"Domain mg.test.local is not allowed to send: "
                 "account-requests-per-sec limit exceeded, try again after 1 seconds\\\"}");
    send_reset_mail(to);
    list = wait_requests_to(to, 2, 20000);
    ck_assert_int_eq(json_object_array_length(list), 2);
    long long gap = logged_ms(json_object_array_get_idx(list, 1))
                    - logged_ms(json_object_array_get_idx(list, 0));
    /* the email queue's own backoff would wait 5 to 10 s */
    ck_assert_msg(gap >= 1000 && gap < 4500, "retried after %lld ms, not after about 1 s", gap);
    json_object_put(list);
}
END_TEST

START_TEST(mailgun_message_id_is_a_msg_id_of_the_sending_domain)
{
    char to[256], *v;
    json_object *list, *body;

    unique_address("msgid", to, sizeof(to));
    send_reset_mail(to);
    list = wait_requests_to(to, 1, 15000);
    ck_assert_int_eq(json_object_array_length(list), 1);
    ck_assert(json_object_object_get_ex(json_object_array_get_idx(list, 0), "body", &body));
    v = form_value(json_object_get_string(body), "h:Message-Id");
    ck_assert_ptr_nonnull(v);
    /* <24 hex digits of the job id@MAILGUN_DOMAIN> */
    ck_assert_msg(strlen(v) == 1 + 24 + strlen("@mg.test.local>") && v[0] == '<'
                      && strspn(v + 1, "0123456789abcdef") == 24
                      && strcmp(v + 25, "@mg.test.local>") == 0,
                  "h:Message-Id=%s", v);
    free(v);
    json_object_put(list);
}
END_TEST

START_TEST(mailgun_request_carries_what_mailgun_expects)
{
    char to[256];
    json_object *list, *rq, *body, *headers, *auth;
    static const char *const fields[] = {"from", "to", "subject", "html", "text"};

    unique_address("fields", to, sizeof(to));
    send_reset_mail(to);
    list = wait_requests_to(to, 1, 15000);
    ck_assert_int_eq(json_object_array_length(list), 1);
    rq = json_object_array_get_idx(list, 0);
    ck_assert(json_object_object_get_ex(rq, "body", &body));
    for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
        char *v = form_value(json_object_get_string(body), fields[i]);
        ck_assert_msg(v != NULL && v[0] != '\0', "no %s in the Mailgun request", fields[i]);
        if (strcmp(fields[i], "to") == 0)
            ck_assert_str_eq(v, to);
        if (strcmp(fields[i], "subject") == 0)
            ck_assert_str_eq(v, "Reset your Partner Connector password");
        if (strcmp(fields[i], "html") == 0)
            ck_assert_ptr_nonnull(strstr(v, "https://pc.test/reset?token=abc"));
        free(v);
    }
    ck_assert(json_object_object_get_ex(rq, "headers", &headers));
    ck_assert(json_object_object_get_ex(headers, "Authorization", &auth));
    /* base64("api:key-test-mailgun-0123456789") */
    ck_assert_str_eq(json_object_get_string(auth),
                     "Basic YXBpOmtleS10ZXN0LW1haWxndW4tMDEyMzQ1Njc4OQ==");
    json_object_put(list);
}
END_TEST

static json_object *
wait_dead_mail_to(const char *to, int timeout_ms)
{
    struct api_res res;

    for (int waited = 0; waited <= timeout_ms; waited += 200) {
        json_object *list, *found = NULL;
        client_call(owner(), "GET", "/api/v1/admin/queues/email/dead", NULL, &res);
        if (json_object_object_get_ex(res.json, "list", &list)) {
            for (size_t i = 0; i < json_object_array_length(list) && found == NULL; i++) {
                json_object *e = json_object_array_get_idx(list, i), *p, *t;
                if (json_object_object_get_ex(e, "payload", &p)
                    && json_object_object_get_ex(p, "to", &t)
                    && strcmp(json_object_get_string(t), to) == 0)
                    found = json_object_get(e);
            }
        }
        api_res_free(&res);
        if (found != NULL)
            return found;
        sleep_ms(200);
    }
    return NULL;
}

START_TEST(mailgun_400_goes_to_dead_letters_and_replay_sends_it)
{
    char to[256], path[256];
    json_object *dead, *list, *id;
    struct api_res res;

    unique_address("rejected", to, sizeof(to));
    scenario_for(to, 400, "{}", NO_BODY);
    send_reset_mail(to);
    dead = wait_dead_mail_to(to, 15000);
    ck_assert_msg(dead != NULL, "the refused e-mail is not in the dead letters");
    list = wiremock_requests_to(to);
    ck_assert_int_eq(json_object_array_length(list), 1); /* no retry of a 400 */
    json_object_put(list);
    ck_assert(json_object_object_get_ex(dead, "id", &id));
    snprintf(path, sizeof(path), "/api/v1/admin/queues/email/dead/%s/replay",
             json_object_get_string(id));
    client_call(owner(), "POST", path, NULL, &res);
    ck_assert_int_eq(res.status, 202);
    api_res_free(&res);
    list = wait_requests_to(to, 2, 15000);
    ck_assert_int_eq(json_object_array_length(list), 2);
    json_object_put(list);
    json_object_put(dead);
    dead = wait_dead_mail_to(to, 0);
    ck_assert_ptr_null(dead);
}
END_TEST

START_TEST(admin_queue_routes_report_and_validate)
{
    struct api_res res;
    json_object *list;
    bool saw_email = false;

    client_call(owner(), "GET", "/api/v1/admin/queues", NULL, &res);
    ck_assert_int_eq(res.status, 200);
    ck_assert(json_object_object_get_ex(res.json, "list", &list));
    for (size_t i = 0; i < json_object_array_length(list); i++) {
        json_object *q = json_object_array_get_idx(list, i), *v;
        static const char *const keys[] = {"name",    "length", "pending",
                                           "delayed", "dead",   "oldestAgeMs"};
        for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++)
            ck_assert_msg(json_object_object_get_ex(q, keys[k], &v), "no %s", keys[k]);
        json_object_object_get_ex(q, "name", &v);
        saw_email |= strcmp(json_object_get_string(v), "email") == 0;
    }
    ck_assert(saw_email);
    ck_assert_int_ge(json_object_array_length(list), 9);
    api_res_free(&res);
    client_call(owner(), "GET", "/api/v1/admin/queues/no-such-queue/dead", NULL, &res);
    ck_assert_int_eq(res.status, 404);
    api_res_free(&res);
    client_call(owner(), "POST", "/api/v1/admin/queues/email/dead/1-0/replay", NULL, &res);
    ck_assert_int_eq(res.status, 404);
    api_res_free(&res);
    client_call(owner(), "POST", "/api/v1/admin/queues/email/dead/not-an-id/replay", NULL, &res);
    ck_assert_int_eq(res.status, 404);
    api_res_free(&res);
}
END_TEST

/* the figures of queue from GET /api/v1/admin/queues, asserted; returns its oldestAgeMs */
static long long
assert_figures(const char *queue, long long length, long long pending, long long delayed,
               long long dead)
{
    struct api_res res;
    json_object *list, *q = NULL, *v;
    long long got[5] = {-1, -1, -1, -1, -1};
    static const char *const keys[] = {"length", "pending", "delayed", "dead", "oldestAgeMs"};

    client_call(owner(), "GET", "/api/v1/admin/queues", NULL, &res);
    ck_assert_int_eq(res.status, 200);
    ck_assert(json_object_object_get_ex(res.json, "list", &list));
    for (size_t i = 0; i < json_object_array_length(list); i++) {
        json_object *e = json_object_array_get_idx(list, i);
        if (json_object_object_get_ex(e, "name", &v)
            && strcmp(json_object_get_string(v), queue) == 0)
            q = e;
    }
    ck_assert_msg(q != NULL, "no figures for %s", queue);
    for (size_t k = 0; k < 5; k++)
        if (json_object_object_get_ex(q, keys[k], &v) && json_object_is_type(v, json_type_int))
            got[k] = json_object_get_int64(v);
    api_res_free(&res);
    ck_assert_msg(got[0] == length && got[1] == pending && got[2] == delayed && got[3] == dead,
                  "%s: length %lld pending %lld delayed %lld dead %lld, want %lld %lld %lld %lld",
                  queue, got[0], got[1], got[2], got[3], length, pending, delayed, dead);
    ck_assert_int_ge(got[4], 0);
    return got[4];
}

static long
owner_status(const char *method, const char *path)
{
    struct api_res res;

    client_call(owner(), method, path, NULL, &res);
    return api_status_free(&res);
}

START_TEST(admin_queue_figures_are_the_queues_real_state)
{
    char plain[3][JOB_ID_CAP], later[JOB_ID_CAP], dead[JOB_ID_CAP], busy[JOB_ID_CAP];
    char filter[128], path[256];
    json_object *entry, *v;
    long long age;

    ck_assert_msg(wait_queue_idle("test-effect", 60000), "earlier jobs still queued");
    ck_assert_int_eq(harness_service("stop-service", "worker-test-effect"), 0);
    /* earlier tests' dead letters would blur the figures */
    ck_assert_int_ge(redis_integer("DEL pc:q:test-effect:dead pc:q:test-effect:delayed"), 0);
    assert_figures("test-effect", 0, 0, 0, 0);
    /* no worker: the jobs wait */
    for (int i = 0; i < 3; i++)
        fixture_test_job("{}", plain[i]);
    sleep_ms(300);
    age = assert_figures("test-effect", 3, 0, 0, 0);
    ck_assert_msg(age >= 300 && age < 30000, "oldest job age %lld ms", age);

    ck_assert_int_eq(harness_service("start-service", "worker-test-effect"), 0);
    for (int i = 0; i < 3; i++) {
        effect_filter(plain[i], filter, sizeof(filter));
        ck_assert_msg(wait_for_count(EFFECTS, filter, 1, 15000), "job %d not run", i);
    }
    fixture_test_job("{\"failTimes\":1,\"retryAfter\":120}", later); /* fails, waits 2 minutes */
    fixture_test_job("{\"failTimes\":99}", dead);                    /* fails all 3 attempts */
    entry = wait_dead_entry("test-effect", dead, 20000);
    ck_assert_msg(entry != NULL, "the failing job is not in the dead letters");
    ck_assert(json_object_object_get_ex(entry, "error", &v));
    ck_assert_str_eq(json_object_get_string(v), "asked to fail (attempt 2)"); /* the last one */
    ck_assert(json_object_object_get_ex(entry, "attempt", &v));
    ck_assert_int_eq(json_object_get_int(v), 2);
    fixture_test_job("{\"block\":true}", busy);
    ck_assert(wait_runs(busy, 1, 10000));
    assert_figures("test-effect", 1, 1, 1, 1); /* the busy job is taken, not acknowledged */
    ck_assert(redis_integer("SET pc:test:release:%s 1", busy) >= 0);
    for (int i = 0; i < 100 && redis_integer("XLEN pc:q:test-effect") > 0; i++)
        sleep_ms(100);
    assert_figures("test-effect", 0, 0, 1, 1);
    ck_assert_int_eq(redis_integer("GET pc:test:runs:%s", later), 1);

    ck_assert(json_object_object_get_ex(entry, "id", &v));
    snprintf(path, sizeof(path), "/api/v1/admin/queues/test-effect/dead/%s",
             json_object_get_string(v));
    ck_assert_int_eq(owner_status("DELETE", path), 204);
    ck_assert_int_eq(owner_status("DELETE", path), 404);
    json_object_put(entry);
    entry = dead_entry("test-effect", dead);
    ck_assert_ptr_null(entry);
    assert_figures("test-effect", 0, 0, 1, 0);
    ck_assert_int_eq(owner_status("GET", "/api/v1/admin/queues/no-such-queue/dead"), 404);
    ck_assert_int_eq(owner_status("DELETE", "/api/v1/admin/queues/no-such-queue/dead/1-0"), 404);
    ck_assert_int_eq(redis_integer("DEL pc:q:test-effect:delayed"), 1); /* the 2-minute wait */
}
END_TEST

START_TEST(admin_queue_routes_are_the_owners)
{
    struct fixture_user staff;
    struct session_client c = {0};
    struct api_res res;

    api_get(&res, "/api/v1/admin/queues");
    ck_assert_int_eq(res.status, 401);
    api_res_free(&res);
    fixture_user("admin", NULL, &staff);
    ck_assert_int_eq(client_sign_in(&c, staff.email, staff.password), 200);
    client_call(&c, "GET", "/api/v1/admin/queues", NULL, &res);
    ck_assert_int_eq(res.status, 403);
    api_res_free(&res);
    client_free(&c);
}
END_TEST

/* every test starts with all workers running, whatever the previous one left behind */
static void
workers_running(void)
{
    ck_assert_int_eq(harness_service("start-service", "workers"), 0);
}

Suite *
suite_queues(void)
{
    Suite *s = suite_create("queues");
    TCase *tc = tcase_create("jobs");

    tcase_set_timeout(tc, 90);
    tcase_add_checked_fixture(tc, workers_running, NULL);
    tcase_add_test(tc, a_job_delivered_twice_has_one_effect);
    tcase_add_test(tc, a_worker_killed_mid_job_is_replaced_and_the_job_completes_once);
    tcase_add_test(tc, jobs_survive_a_redis_restart);
    tcase_add_test(tc, a_worker_reconnects_to_the_database_after_a_ferretdb_restart);
    tcase_add_test(tc, a_failing_job_is_retried_with_backoff);
    tcase_add_test(tc, a_poison_job_goes_to_dead_letters_and_the_queue_keeps_flowing);
    tcase_add_test(tc, an_undecodable_stream_entry_goes_to_dead_letters);
    tcase_add_test(tc, a_permanent_failure_goes_to_dead_letters_then_replays);
    tcase_add_test(tc, sigterm_stops_an_idle_worker_and_lets_a_busy_one_finish);
    tcase_add_test(tc, producers_get_unavailable_when_redis_is_down);
    tcase_add_test(tc, events_are_stored_once_and_written_directly_when_redis_is_down);
    tcase_add_test(tc, mailgun_429_is_retried_once_after_retry_after);
    tcase_add_test(tc, mailgun_429_without_retry_after_waits_as_its_message_says);
    tcase_add_test(tc, mailgun_request_carries_what_mailgun_expects);
    tcase_add_test(tc, mailgun_message_id_is_a_msg_id_of_the_sending_domain);
    tcase_add_test(tc, mailgun_400_goes_to_dead_letters_and_replay_sends_it);
    tcase_add_test(tc, admin_queue_routes_report_and_validate);
    tcase_add_test(tc, admin_queue_figures_are_the_queues_real_state);
    tcase_add_test(tc, admin_queue_routes_are_the_owners);
    suite_add_tcase(s, tc);
    return s;
}
