/* test_faults.c - outages: Redis or the database down -> 503 with Retry-After, then recovery
 * without a restart of pc-api; a crashed responder is replaced */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "api.h"
#include "stack_access.h"
#include "webhook_client.h"

static bool
has_detail(const struct api_res *res, const char *field)
{
    json_object *err, *details;

    if (!json_object_object_get_ex(res->json, "error", &err)
        || !json_object_object_get_ex(err, "details", &details))
        return false;
    for (size_t i = 0; i < json_object_array_length(details); i++) {
        json_object *f = json_object_object_get(json_object_array_get_idx(details, i), "field");
        if (f != NULL && strcmp(json_object_get_string(f), field) == 0)
            return true;
    }
    return false;
}

START_TEST(deep_health_names_redis_when_it_is_down_then_recovers)
{
    struct api_res res;
    char retry[16];

    ck_assert_int_eq(harness_service("stop-service", "redis"), 0);
    api_get(&res, "/api/v1/health?deep=1");
    ck_assert_int_eq(res.status, 503);
    ck_assert_str_eq(api_json_str(&res, "error.code"), "unavailable");
    ck_assert(has_detail(&res, "redis"));
    ck_assert(!has_detail(&res, "database"));
    ck_assert(api_header(&res, "Retry-After", retry, sizeof(retry)));
    api_res_free(&res);
    api_get(&res, "/api/v1/health"); /* liveness does not depend on Redis */
    ck_assert_int_eq(res.status, 200);
    api_res_free(&res);
    ck_assert_int_eq(harness_service("start-service", "redis"), 0);
    ck_assert_msg(harness_wait_health(10), "no recovery after Redis came back");
}
END_TEST

START_TEST(database_outage_is_503_and_the_next_request_after_restart_succeeds)
{
    struct api_res res;
    char auth[256], retry[16];
    const char *headers[] = {auth, NULL};
    struct api_opts opts = {.headers = headers};

    snprintf(auth, sizeof(auth), "Authorization: Bearer %s", harness_env("CRON_SECRET"));
    /* a minute idle first: with libmongoc's default heartbeat (60 s) the next request would
     * check the server, fail, retry and deadlock in the driver (CDRIVER-4666, see db.c) */
    sleep(61);
    ck_assert_int_eq(harness_service("stop-service", "ferretdb"), 0);
    api_get(&res, "/api/v1/health?deep=1");
    ck_assert_int_eq(res.status, 503);
    ck_assert(has_detail(&res, "database"));
    ck_assert(api_header(&res, "Retry-After", retry, sizeof(retry)));
    api_res_free(&res);
    api_call(&res, "POST", "/api/v1/cron/purge-expired", &opts); /* a real database call */
    ck_assert_int_eq(res.status, 503);
    ck_assert_str_eq(api_json_str(&res, "error.code"), "unavailable");
    ck_assert(api_header(&res, "Retry-After", retry, sizeof(retry)));
    ck_assert_int_gt(atoi(retry), 0);
    ck_assert_ptr_null(strstr(res.body, "mongo")); /* no driver internals */
    api_res_free(&res);
    ck_assert_int_eq(harness_service("start-service", "ferretdb"), 0);
    ck_assert_msg(harness_wait_health(15), "no recovery after FerretDB came back");
    api_call(&res, "POST", "/api/v1/cron/purge-expired", &opts);
    ck_assert_int_eq(res.status, 200);
    api_res_free(&res);
}
END_TEST

/* a webhook is acknowledged only once it is queued: with Redis down the providers get a 503
 * (they retry), and after Redis is back the same delivery is taken */
START_TEST(webhooks_are_503_while_redis_is_down)
{
    struct api_res res;
    char retry[16], batch[600];
    const char *booking = "{\"meetingIdChili\":\"fault-1\",\"meetingStartTime\":"
                          "\"2030-01-01T10:00:00Z\",\"primaryGuestEmail\":\"f@test.local\","
                          "\"type\":\"Created\"}";

    snprintf(batch, sizeof(batch),
             "[{\"eventId\":%lld,\"occurredAt\":%lld,\"subscriptionType\":"
             "\"contact.propertyChange\",\"objectId\":%lld,\"propertyName\":\"firstname\","
             "\"propertyValue\":\"F\"}]",
             unique_number(), wall_ms(), unique_number());
    ck_assert_int_eq(harness_service("stop-service", "redis"), 0);
    hubspot_post(&res, batch, NULL, 0, false);
    ck_assert_int_eq(res.status, 503);
    ck_assert_str_eq(api_json_str(&res, "error.code"), "unavailable");
    ck_assert(api_header(&res, "Retry-After", retry, sizeof(retry)));
    api_res_free(&res);
    chilipiper_post(&res, booking, NULL, NULL);
    ck_assert_int_eq(res.status, 503);
    ck_assert(api_header(&res, "Retry-After", retry, sizeof(retry)));
    api_res_free(&res);
    ck_assert_int_eq(stripe_event_post("{\"id\":\"evt_fault\",\"object\":\"event\",\"type\":"
                                       "\"invoice.paid\",\"data\":{\"object\":{\"id\":\"in_x\"}}}",
                                       0, NULL, NULL, false, NULL),
                     503);
    ck_assert_int_eq(harness_service("start-service", "redis"), 0);
    ck_assert_msg(harness_wait_health(10), "no recovery after Redis came back");
    hubspot_post(&res, batch, NULL, 0, false); /* HubSpot's retry */
    ck_assert_int_eq(api_status_free(&res), 200);
}
END_TEST

/* with no responder, nginx answers the JSON 503 (Retry-After) on every API route, also for an
 * upload bigger than the 1 MB default body limit (the import route's 20 MB) */
START_TEST(no_responder_is_a_json_503_also_for_a_big_upload)
{
    struct api_res res;
    char retry[16];
    size_t len = 2 * 1024 * 1024;
    char *body = malloc(len);
    const char *headers[] = {"Content-Type: multipart/form-data; boundary=x", NULL};
    struct api_opts opts = {.headers = headers, .body = body, .body_len = len};

    ck_assert_ptr_nonnull(body);
    memset(body, 'a', len);
    ck_assert_int_eq(harness_service("stop-service", "pc-api"), 0);
    api_call(&res, "POST", "/api/v1/leads/import", &opts);
    ck_assert_msg(res.status == 503, "%ld %s", res.status, res.body);
    ck_assert_str_eq(api_json_str(&res, "error.code"), "unavailable");
    ck_assert(api_header(&res, "Retry-After", retry, sizeof(retry)));
    api_res_free(&res);
    api_get(&res, "/api/v1/leads");
    ck_assert_int_eq(res.status, 503);
    ck_assert_str_eq(api_json_str(&res, "error.code"), "unavailable");
    api_res_free(&res);
    ck_assert_int_eq(harness_service("start-service", "pc-api"), 0);
    ck_assert_msg(harness_wait_health(15), "no recovery after the pool came back");
    free(body);
}
END_TEST

START_TEST(a_crashed_responder_is_replaced)
{
    int before[16], after[16], nb, na = 0;
    bool replaced = false;

    nb = responder_pids(before, 16);
    ck_assert_int_gt(nb, 0);
    ck_assert_int_eq(kill(before[0], SIGKILL), 0);
    for (int i = 0; i < 50 && !replaced; i++) {
        usleep(100 * 1000);
        na = responder_pids(after, 16);
        replaced = na == nb;
        for (int k = 0; replaced && k < na; k++)
            replaced = after[k] != before[0];
    }
    ck_assert_msg(replaced, "responder %d not replaced (%d of %d running)", before[0], na, nb);
    ck_assert(harness_wait_health(5));
}
END_TEST

START_TEST(a_hung_responder_is_ended_by_the_watchdog_and_replaced)
{
    struct api_res res;
    struct timespec t0, t1;
    char retry[16];

    clock_gettime(CLOCK_MONOTONIC, &t0);
    api_get(&res, "/api/v1/test/sleep?s=20"); /* the harness sets PC_REQUEST_TIMEOUT_S=12 */
    clock_gettime(CLOCK_MONOTONIC, &t1);
    ck_assert_int_eq(res.status, 503);
    ck_assert_str_eq(api_json_str(&res, "error.code"), "unavailable");
    ck_assert(api_header(&res, "Retry-After", retry, sizeof(retry)));
    ck_assert_int_lt(t1.tv_sec - t0.tv_sec, 18);
    api_res_free(&res);
    ck_assert(harness_wait_health(10));
}
END_TEST

Suite *
suite_faults(void)
{
    Suite *s = suite_create("faults");
    TCase *tc = tcase_create("outages");

    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, deep_health_names_redis_when_it_is_down_then_recovers);
    tcase_add_test(tc, webhooks_are_503_while_redis_is_down);
    tcase_add_test(tc, database_outage_is_503_and_the_next_request_after_restart_succeeds);
    tcase_add_test(tc, no_responder_is_a_json_503_also_for_a_big_upload);
    tcase_add_test(tc, a_crashed_responder_is_replaced);
    tcase_add_test(tc, a_hung_responder_is_ended_by_the_watchdog_and_replaced);
    suite_add_tcase(s, tc);
    return s;
}
