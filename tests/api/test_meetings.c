/* test_meetings.c - meetings (appointments) through nginx: bookings set a lead's scheduledDate
 * (cancelled ones included), lists and reads scoped to the partner, the table query of the
 * list, ids out of reach, and a booking that never moves a lead to another partner */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain.h"
#include "stack_access.h"

START_TEST(scheduled_date_is_the_latest_meeting_cancelled_ones_included)
{
    char p[25], id[25], email[128], got[40], want[40], ext1[64], ext2[64];
    int64_t base = ((int64_t)time(NULL) + 86400) / 60 * 60 * 1000; /* tomorrow, whole minute */
    time_t secs;
    struct tm tm;

    make_partner("Meetings", p);
    fresh_email("meet", email, sizeof(email));
    make_lead(p, email, NULL, id);
    lead_field(id, "scheduledDate", got, sizeof(got));
    ck_assert_str_eq(got, ""); /* no meetings: null */
    snprintf(ext1, sizeof(ext1), "m1-%s", id);
    snprintf(ext2, sizeof(ext2), "m2-%s", id);
    fixture_booking(ext1, email, p, base, false);
    lead_field(id, "dealStatus", got, sizeof(got));
    ck_assert_str_eq(got, "scheduled"); /* a booking moves a new lead */
    fixture_booking(ext2, email, p, base + 7200000, false);
    fixture_booking(ext2, email, p, base - 7200000, false); /* rescheduled earlier */
    fixture_booking(ext1, email, p, base, true);            /* cancelled: still counts */
    lead_field(id, "scheduledDate", got, sizeof(got));
    secs = (time_t)(base / 1000);
    gmtime_r(&secs, &tm);
    strftime(want, sizeof(want), "%Y-%m-%dT%H:%M:%S.000Z", &tm);
    ck_assert_str_eq(got, want);
    char filter[200];
    snprintf(filter, sizeof(filter), "{\"externalId\":\"%s\",\"status\":\"rescheduled\"}", ext2);
    ck_assert_int_eq(mongo_count("meetings", filter), 1);
    snprintf(filter, sizeof(filter), "{\"externalId\":\"%s\",\"status\":\"canceled\"}", ext1);
    ck_assert_int_eq(mongo_count("meetings", filter), 1);
}
END_TEST

START_TEST(meetings_are_scoped_and_newest_first)
{
    struct partner_user a;
    char b[25], email_a[128], email_b[128], lead_a[25], lead_b[25], ext[64], path[128];
    int64_t now = (int64_t)time(NULL) * 1000;
    struct api_res res;
    json_object *list;

    struct fixture_user admin_u;
    struct session_client admin = {0};

    fixture_partner_user(&a, "user");
    fixture_user("admin", a.partner, &admin_u);
    ck_assert_int_eq(client_sign_in(&admin, admin_u.email, admin_u.password), 200);
    make_partner("Other", b);
    fresh_email("ma", email_a, sizeof(email_a));
    fresh_email("mb", email_b, sizeof(email_b));
    make_lead(a.partner, email_a, NULL, lead_a);
    make_lead(b, email_b, NULL, lead_b);
    for (int i = 0; i < 3; i++) {
        snprintf(ext, sizeof(ext), "ma-%d-%s", i, lead_a);
        fixture_booking(ext, email_a, a.partner, now + (int64_t)i * 3600000, false);
    }
    snprintf(ext, sizeof(ext), "mb-%s", lead_b);
    fixture_booking(ext, email_b, b, now, false);
    client_call(&a.client, "GET", "/api/v1/meetings", NULL, &res);
    ck_assert_int_eq(res.status, 200);
    ck_assert_str_eq(api_json_str(&res, "meta.total"), "3");
    ck_assert(json_object_object_get_ex(res.json, "list", &list));
    for (size_t i = 1; i < json_object_array_length(list); i++)
        ck_assert_int_gt(strcmp(json_object_get_string(json_object_object_get(
                                    json_object_array_get_idx(list, i - 1), "scheduledTime")),
                                json_object_get_string(json_object_object_get(
                                    json_object_array_get_idx(list, i), "scheduledTime"))),
                         0);
    ck_assert_ptr_null(strstr(res.body, "externalId")); /* staff only */
    api_res_free(&res);
    snprintf(path, sizeof(path), "/api/v1/leads/%s", lead_b);
    client_call(owner_session(), "GET", path, NULL, &res);
    const char *meeting_b = json_object_get_string(json_object_object_get(
        json_object_array_get_idx(json_object_object_get(res.json, "meetings"), 0), "id"));
    snprintf(path, sizeof(path), "/api/v1/meetings/%s", meeting_b);
    api_res_free(&res);
    client_call(&a.client, "GET", path, NULL, &res);
    ck_assert_int_eq(api_status_free(&res), 404);
    client_call(&admin, "GET", path, NULL, &res); /* the partner's admin: no further */
    ck_assert_int_eq(api_status_free(&res), 404);
    client_call(&admin, "GET", "/api/v1/meetings", NULL, &res);
    ck_assert_str_eq(api_json_str(&res, "meta.total"), "3");
    api_res_free(&res);
    client_call(owner_session(), "GET", path, NULL, &res);
    ck_assert_int_eq(api_status_free(&res), 200);
    client_free(&a.client);
    client_free(&admin);
}
END_TEST

START_TEST(a_booking_keeps_an_existing_leads_partner)
{
    char a[25], b[25], email[128], id[25], ext[64], got[32], filter[256];

    make_partner("Owner of the lead", a);
    make_partner("Routed elsewhere", b);
    fresh_email("conflict", email, sizeof(email));
    make_lead(a, email, NULL, id);
    snprintf(ext, sizeof(ext), "conflict-%s", id);
    fixture_booking(ext, email, b, (int64_t)time(NULL) * 1000, false);
    lead_field(id, "partner", got, sizeof(got));
    ck_assert_str_eq(got, a);
    snprintf(filter, sizeof(filter),
             "{\"entityId\":{\"$oid\":\"%s\"},\"action\":\"lead.assignment_conflict\"}", id);
    ck_assert(wait_for_count("events", filter, 1, 10000));
}
END_TEST

/* GET path as c; the list's total and its scheduledTime values (up to 8) in order */
static long
list_times(struct session_client *c, const char *path, long *total, char times[8][32], int *n)
{
    struct api_res res;
    json_object *list;
    long status;

    client_call(c, "GET", path, NULL, &res);
    status = res.status;
    *n = 0;
    *total = -1;
    if (status == 200 && json_object_object_get_ex(res.json, "list", &list)) {
        *total = atol(api_json_str(&res, "meta.total"));
        for (size_t i = 0; i < json_object_array_length(list) && *n < 8; i++)
            snprintf(times[(*n)++], 32, "%s",
                     json_object_get_string(json_object_object_get(
                         json_object_array_get_idx(list, i), "scheduledTime")));
    }
    api_res_free(&res);
    return status;
}

START_TEST(the_meetings_list_takes_the_table_query)
{
    char p[25], id[25], email[128], ext[64], enc[512], filter[256], path[1024], sort[256];
    char times[8][32];
    int64_t base = ((int64_t)time(NULL) + 3 * 86400) / 60 * 60 * 1000;
    long total;
    int n;

    make_partner("Meeting list", p);
    fresh_email("mlist", email, sizeof(email));
    make_lead(p, email, NULL, id);
    for (int i = 0; i < 3; i++) { /* at base + 2 h, base + 1 h, base; the last one cancelled */
        snprintf(ext, sizeof(ext), "ml-%d-%s", i, id);
        fixture_booking(ext, email, p, base + (2 - i) * 3600000LL, i == 2);
    }
    snprintf(filter, sizeof(filter), "[{\"column\":\"lead\",\"operator\":\"eq\",\"value\":\"%s\"}]",
             id);
    url_json(filter, enc, sizeof(enc));
    /* oldest first on request, two to a page */
    url_json("[{\"column\":\"scheduledTime\",\"direction\":\"asc\"}]", sort, sizeof(sort));
    snprintf(path, sizeof(path), "/api/v1/meetings?filter=%s&sort=%s&perPage=2", enc, sort);
    ck_assert_int_eq(list_times(owner_session(), path, &total, times, &n), 200);
    ck_assert_int_eq(total, 3);
    ck_assert_int_eq(n, 2);
    ck_assert_int_lt(strcmp(times[0], times[1]), 0);
    snprintf(path, sizeof(path), "/api/v1/meetings?filter=%s&sort=%s&perPage=2&page=1", enc, sort);
    ck_assert_int_eq(list_times(owner_session(), path, &total, times, &n), 200);
    ck_assert_int_eq(n, 1); /* the latest, base + 2 h */
    /* by default newest first */
    snprintf(path, sizeof(path), "/api/v1/meetings?filter=%s", enc);
    ck_assert_int_eq(list_times(owner_session(), path, &total, times, &n), 200);
    ck_assert_int_eq(n, 3);
    ck_assert_int_gt(strcmp(times[0], times[1]), 0);
    ck_assert_int_gt(strcmp(times[1], times[2]), 0);
    /* the status filter and the search on the lead's e-mail */
    snprintf(filter, sizeof(filter),
             "[{\"column\":\"lead\",\"operator\":\"eq\",\"value\":\"%s\"},"
             "{\"column\":\"status\",\"operator\":\"eq\",\"value\":\"canceled\"}]",
             id);
    url_json(filter, enc, sizeof(enc));
    snprintf(path, sizeof(path), "/api/v1/meetings?filter=%s", enc);
    ck_assert_int_eq(list_times(owner_session(), path, &total, times, &n), 200);
    ck_assert_int_eq(total, 1);
    url_json(email, enc, sizeof(enc));
    snprintf(path, sizeof(path), "/api/v1/meetings?search=%s", enc);
    ck_assert_int_eq(list_times(owner_session(), path, &total, times, &n), 200);
    ck_assert_int_eq(total, 3);
    /* a column that is not filterable, and a parameter the list does not take */
    url_json("[{\"column\":\"title\",\"operator\":\"eq\",\"value\":\"x\"}]", enc, sizeof(enc));
    snprintf(path, sizeof(path), "/api/v1/meetings?filter=%s", enc);
    ck_assert_int_eq(list_times(owner_session(), path, &total, times, &n), 422);
    ck_assert_int_eq(list_times(owner_session(), "/api/v1/meetings?lead=1", &total, times, &n),
                     400);
}
END_TEST

START_TEST(a_meeting_needs_a_session_and_an_id_in_reach)
{
    struct api_res res;

    api_get(&res, "/api/v1/meetings");
    ck_assert_int_eq(api_status_free(&res), 401);
    api_get(&res, "/api/v1/meetings/000000000000000000000000");
    ck_assert_int_eq(api_status_free(&res), 401); /* no answer about ids before a sign-in */
    client_call(owner_session(), "GET", "/api/v1/meetings/not-an-id", NULL, &res);
    ck_assert_int_eq(res.status, 404);
    ck_assert_str_eq(api_json_str(&res, "error.code"), "not_found");
    api_res_free(&res);
    client_call(owner_session(), "GET", "/api/v1/meetings/000000000000000000000000", NULL, &res);
    ck_assert_int_eq(api_status_free(&res), 404);
    client_call(owner_session(), "POST", "/api/v1/meetings", "{}", &res);
    ck_assert_int_eq(api_status_free(&res), 405); /* bookings come from ChiliPiper only */
}
END_TEST

Suite *
suite_meetings(void)
{
    Suite *s = suite_create("meetings");
    TCase *tc = tcase_create("meetings");

    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, scheduled_date_is_the_latest_meeting_cancelled_ones_included);
    tcase_add_test(tc, meetings_are_scoped_and_newest_first);
    tcase_add_test(tc, a_booking_keeps_an_existing_leads_partner);
    tcase_add_test(tc, the_meetings_list_takes_the_table_query);
    tcase_add_test(tc, a_meeting_needs_a_session_and_an_id_in_reach);
    suite_add_tcase(s, tc);
    suite_add_tcase(s, tcase_meetings_manual());
    suite_add_tcase(s, tcase_meeting_outcomes());
    return s;
}
