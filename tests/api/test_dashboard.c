/* test_dashboard.c - the dashboard through nginx: every figure counts only what the caller may
 * see (a partner's user, another partner, staff), appointments of this and next week without
 * the cancelled ones, and a session needed */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain.h"
#include "stack_access.h"

START_TEST(the_dashboard_counts_what_the_user_may_see)
{
    struct partner_user pu;
    char id[25], email[128], ext[64];
    struct api_res res;
    int64_t now = (int64_t)time(NULL) * 1000;

    fixture_partner_user(&pu, "user");
    make_lead_in(&pu, "in_touch", id);
    fresh_email("dash", email, sizeof(email));
    make_lead(pu.partner, email, NULL, id);
    snprintf(ext, sizeof(ext), "dash-%s", id);
    fixture_booking(ext, email, pu.partner, now - 2 * 86400000LL, false); /* in the past: overdue */
    client_call(&pu.client, "GET", "/api/v1/dashboard", NULL, &res);
    ck_assert_int_eq(res.status, 200);
    ck_assert_str_eq(api_json_str(&res, "leadsByStatus.in_touch"), "1");
    ck_assert_str_eq(api_json_str(&res, "leadsByStatus.scheduled"), "1");
    ck_assert_str_eq(api_json_str(&res, "leadsByStatus.won"), "0");
    ck_assert_str_eq(api_json_str(&res, "overdueLeads"), "1");
    json_object *weeks = json_object_object_get(res.json, "leadsPerWeek");
    ck_assert_int_eq(json_object_array_length(weeks), 12);
    ck_assert_int_eq(
        json_object_get_int(json_object_object_get(json_object_array_get_idx(weeks, 11), "count")),
        2);
    api_res_free(&res);
    client_free(&pu.client);
}
END_TEST

/* Monday 00:00 UTC of this week, in milliseconds (as dashboard_week_start) */
static int64_t
week_start_ms(void)
{
    time_t now = time(NULL);
    struct tm tm;

    gmtime_r(&now, &tm);
    return ((int64_t)now - (int64_t)((tm.tm_wday + 6) % 7) * 86400 - tm.tm_hour * 3600
            - tm.tm_min * 60 - tm.tm_sec)
           * 1000;
}

/* the dashboard as c; a figure at a dotted path as a number */
static long long
figure(struct session_client *c, const char *path)
{
    struct api_res res;
    long long n;

    client_call(c, "GET", "/api/v1/dashboard", NULL, &res);
    ck_assert_int_eq(res.status, 200);
    ck_assert_msg(api_json_str(&res, path) != NULL, "no %s in %s", path, res.body);
    n = atoll(api_json_str(&res, path));
    api_res_free(&res);
    return n;
}

START_TEST(appointments_this_and_next_week_leave_out_the_cancelled_and_other_partners)
{
    struct partner_user pu, other;
    char e[4][128], id[25], ext[64];
    int64_t week = week_start_ms();
    const int64_t day = 86400000LL;
    /* this week twice (one cancelled), next week once, the week after once */
    const int64_t at[4] = {week + day + 3600000, week + 2 * day, week + 8 * day, week + 15 * day};

    fixture_partner_user(&pu, "user");
    fixture_partner_user(&other, "admin");
    for (int i = 0; i < 4; i++) {
        fresh_email("dash-week", e[i], sizeof(e[i]));
        make_lead(pu.partner, e[i], NULL, id);
        snprintf(ext, sizeof(ext), "dw-%d-%s", i, id);
        fixture_booking(ext, e[i], pu.partner, at[i], i == 1);
    }
    fresh_email("dash-other", e[0], sizeof(e[0]));
    make_lead(other.partner, e[0], NULL, id);
    snprintf(ext, sizeof(ext), "dw-other-%s", id);
    fixture_booking(ext, e[0], other.partner, week + day, false);
    ck_assert_int_eq(figure(&pu.client, "appointmentsThisWeek"), 1);
    ck_assert_int_eq(figure(&pu.client, "appointmentsNextWeek"), 1);
    ck_assert_int_eq(figure(&pu.client, "leadsByStatus.scheduled"), 4); /* booked, even cancelled */
    ck_assert_int_eq(figure(&other.client, "appointmentsThisWeek"), 1);
    ck_assert_int_eq(figure(&other.client, "appointmentsNextWeek"), 0);
    ck_assert_int_eq(figure(&other.client, "leadsByStatus.scheduled"), 1);
    client_free(&pu.client);
    client_free(&other.client);
}
END_TEST

START_TEST(staff_count_every_partner_and_a_session_is_needed)
{
    struct partner_user pu;
    struct api_res res;
    char id[25];
    long long before, partner_before;

    fixture_partner_user(&pu, "user");
    before = figure(owner_session(), "leadsByStatus.in_touch");
    partner_before = figure(&pu.client, "leadsByStatus.in_touch");
    ck_assert_int_eq(partner_before, 0); /* a fresh partner */
    make_lead_in(&pu, "in_touch", id);
    make_lead_in(&pu, "in_touch", id);
    /* other tests may add leads meanwhile: at least these two */
    ck_assert_int_ge(figure(owner_session(), "leadsByStatus.in_touch"), before + 2);
    ck_assert_int_eq(figure(&pu.client, "leadsByStatus.in_touch"), 2);
    api_get(&res, "/api/v1/dashboard");
    ck_assert_int_eq(res.status, 401);
    ck_assert_str_eq(api_json_str(&res, "error.code"), "unauthenticated");
    api_res_free(&res);
    client_call(&pu.client, "GET", "/api/v1/dashboard?partner=all", NULL, &res);
    ck_assert_int_eq(res.status, 400); /* no parameter widens the reach: none is taken */
    ck_assert_str_eq(api_json_str(&res, "error.code"), "bad_request");
    api_res_free(&res);
    client_free(&pu.client);
}
END_TEST

Suite *
suite_dashboard(void)
{
    Suite *s = suite_create("dashboard");
    TCase *tc = tcase_create("figures");

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, the_dashboard_counts_what_the_user_may_see);
    tcase_add_test(tc, appointments_this_and_next_week_leave_out_the_cancelled_and_other_partners);
    tcase_add_test(tc, staff_count_every_partner_and_a_session_is_needed);
    suite_add_tcase(s, tc);
    return s;
}
