/* test_hubspot_client.c - the HubSpot client's pure parts: version paths, the search body,
 * the retry policy (429 with and without Retry-After, 5xx) and the pacing by rate-limit headers */
#include <stdlib.h>
#include <string.h>

#include "http/hubspot_client.h"
#include "unit.h"

START_TEST(paths_follow_the_version_form)
{
    char out[128];

    hubspot_contacts_path("v3", "/search", out, sizeof(out));
    ck_assert_str_eq(out, "/crm/v3/objects/contacts/search");
    hubspot_contacts_path("2026-03", "/123", out, sizeof(out));
    ck_assert_str_eq(out, "/crm/objects/2026-03/contacts/123");
}
END_TEST

START_TEST(search_body_filters_sorts_and_pages)
{
    static const char *const props[] = {"email", "firstname", NULL};
    struct hubspot_search s = {.since_ms = 1700000000000LL, .after = "200", .properties = props};
    char *body = hubspot_search_body(&s);

    ck_assert_str_eq(body,
                     "{\"filterGroups\":[{\"filters\":[{\"propertyName\":\"lastmodifieddate\","
                     "\"operator\":\"GTE\",\"value\":\"1700000000000\"}]}],"
                     "\"sorts\":[\"lastmodifieddate\"],\"properties\":[\"email\","
                     "\"firstname\"],\"limit\":100,\"after\":\"200\"}");
    free(body);
    s.since_ms = 0; /* the first sync: every contact, from the first page */
    s.after = "";
    body = hubspot_search_body(&s);
    ck_assert_ptr_nonnull(strstr(body, "\"filterGroups\":[]"));
    ck_assert_ptr_nonnull(strstr(body, "\"after\":\"0\""));
    free(body);
}
END_TEST

START_TEST(retry_policy_honours_retry_after_then_hubspots_sdk)
{
    ck_assert_int_eq(hubspot_wait_ms(429, 3, NULL, 1), 3000);
    ck_assert_int_eq(hubspot_wait_ms(429, -1, "{\"policyName\":\"TEN_SECONDLY_ROLLING\"}", 2),
                     20000);
    ck_assert_int_eq(hubspot_wait_ms(429, -1, "{\"message\":\"secondly limit\"}", 2), 2000);
    ck_assert_int_eq(hubspot_wait_ms(429, 1, NULL, HUBSPOT_TRIES_429), -1);
    ck_assert_int_eq(hubspot_wait_ms(503, -1, NULL, 1), 200);
    ck_assert_int_eq(hubspot_wait_ms(0, -1, NULL, 2), 400); /* transport */
    ck_assert_int_eq(hubspot_wait_ms(500, -1, NULL, HUBSPOT_TRIES_5XX), -1);
    ck_assert_int_eq(hubspot_wait_ms(400, -1, NULL, 1), -1);
    ck_assert_int_eq(hubspot_wait_ms(401, -1, NULL, 1), -1);
    ck_assert_int_eq(hubspot_wait_ms(200, -1, NULL, 1), -1);
}
END_TEST

START_TEST(pacing_stays_under_the_limit)
{
    struct hubspot_client c = {.min_interval_ms = 250, .remaining = -1, .secondly_remaining = -1};

    ck_assert_int_eq(hubspot_pace_ms(&c, 1000), 0); /* the first call */
    c.calls = 1;
    c.last_call_ms = 1000;
    ck_assert_int_eq(hubspot_pace_ms(&c, 1100), 150); /* the search API's spacing */
    ck_assert_int_eq(hubspot_pace_ms(&c, 1300), 0);
    c.remaining = 1; /* the 10 s window is used up: wait for the next one */
    c.interval_ms = 10000;
    ck_assert_int_eq(hubspot_pace_ms(&c, 3000), 8000);
    c.remaining = 50;
    c.secondly_remaining = 0;
    ck_assert_int_eq(hubspot_pace_ms(&c, 1400), 600);
    c.secondly_remaining = 5;
    ck_assert_int_eq(hubspot_pace_ms(&c, 1400), 0);
}
END_TEST

Suite *
suite_hubspot_client(void)
{
    Suite *s = suite_create("hubspot_client");
    TCase *tc = tcase_create("client");

    tcase_add_test(tc, paths_follow_the_version_form);
    tcase_add_test(tc, search_body_filters_sorts_and_pages);
    tcase_add_test(tc, retry_policy_honours_retry_after_then_hubspots_sdk);
    tcase_add_test(tc, pacing_stays_under_the_limit);
    suite_add_tcase(s, tc);
    return s;
}
