/* test_meetings_manual.c - meetings logged by hand through nginx (case "manual" of suite
 * meetings): who may log, reschedule and cancel them, what a lead's status and scheduledDate
 * do then, the checks of the body, and that ChiliPiper's meetings change only there */
#include <stdio.h>
#include <string.h>

#include "domain.h"
#include "stack_access.h"

#define HOUR 3600000LL
#define DAY (24 * HOUR)

START_TEST(a_meeting_is_logged_by_staff_and_the_leads_partner_admins_only)
{
    struct cast k;
    char a_email[128], b_email[128], lead_a[25], lead_b[25], id[25], got[64], at[40], path[96];
    int64_t start = now_minute_ms() + DAY;
    const char *extra = "\"type\":\"Discovery\",\"attendees\":[\"ann@example.com\"],"
                        "\"note\":\"Agenda: pricing\",\"location\":\"Zoom\"";

    fixture_cast(&k);
    fresh_email("ma", a_email, sizeof(a_email));
    fresh_email("mb", b_email, sizeof(b_email));
    make_lead(k.partner_a, a_email, NULL, lead_a);
    make_lead(k.partner_b, b_email, NULL, lead_b);
    ck_assert_int_eq(log_meeting(&k.user_a_c, lead_a, start, 45, extra, id), 403);
    ck_assert_int_eq(log_meeting(&k.user_a_c, lead_b, start, 45, extra, id), 404);
    ck_assert_int_eq(log_meeting(&k.admin_b_c, lead_a, start, 45, extra, id), 404);
    ck_assert_int_eq(log_meeting(&k.anon, lead_a, start, 45, extra, id), 401);
    ck_assert_int_eq(log_meeting(&k.admin_a_c, lead_a, start, 45, extra, id), 201);
    snprintf(path, sizeof(path), "/api/v1/meetings/%s", id);
    ck_assert_int_eq(call_status(&k.user_a_c, "GET", path, NULL, "source", got, sizeof(got)), 200);
    ck_assert_str_eq(got, "manual");
    call_status(&k.user_a_c, "GET", path, NULL, "endTime", got, sizeof(got));
    iso_ms(start + 45 * 60000, at, sizeof(at));
    ck_assert_str_eq(got, at);
    call_status(&k.user_a_c, "GET", path, NULL, "attendees.0", got, sizeof(got));
    ck_assert_str_eq(got, "ann@example.com");
    call_status(&k.user_a_c, "GET", path, NULL, "status", got, sizeof(got));
    ck_assert_str_eq(got, "created");
    ck_assert_int_eq(call_status(&k.admin_b_c, "GET", path, NULL, NULL, NULL, 0), 404);
    /* the lead follows: scheduled, its scheduledDate the meeting's start */
    lead_field(lead_a, "dealStatus", got, sizeof(got));
    ck_assert_str_eq(got, "scheduled");
    lead_field(lead_a, "scheduledDate", got, sizeof(got));
    iso_ms(start, at, sizeof(at));
    ck_assert_str_eq(got, at);
    ck_assert_int_eq(log_meeting(&k.staff_c, lead_b, start, 0, NULL, id), 201); /* staff: any */
    snprintf(path, sizeof(path), "/api/v1/meetings/%s", id);
    call_status(&k.staff_c, "GET", path, NULL, "durationMinutes", got, sizeof(got));
    ck_assert_str_eq(got, "30"); /* the default length */
    cast_release(&k);
}
END_TEST

START_TEST(a_meeting_logged_by_hand_is_rescheduled_and_cancelled)
{
    struct cast k;
    char email[128], lead[25], id[25], got[64], at[40], path[96], body[160];
    int64_t start = now_minute_ms() + DAY, later = start + 2 * DAY;

    fixture_cast(&k);
    fresh_email("resched", email, sizeof(email));
    make_lead(k.partner_a, email, NULL, lead);
    ck_assert_int_eq(log_meeting(&k.admin_a_c, lead, start, 30, NULL, id), 201);
    snprintf(path, sizeof(path), "/api/v1/meetings/%s", id);
    iso_ms(later, at, sizeof(at));
    snprintf(body, sizeof(body), "{\"scheduledTime\":\"%s\"}", at);
    ck_assert_int_eq(call_status(&k.user_a_c, "PATCH", path, body, NULL, NULL, 0), 403);
    ck_assert_int_eq(call_status(&k.admin_b_c, "PATCH", path, body, NULL, NULL, 0), 404);
    ck_assert_int_eq(call_status(&k.admin_a_c, "PATCH", path, body, "status", got, sizeof(got)),
                     200);
    ck_assert_str_eq(got, "rescheduled");
    lead_field(lead, "scheduledDate", got, sizeof(got));
    ck_assert_str_eq(got, at);
    ck_assert_int_eq(call_status(&k.admin_a_c, "PATCH", path, "{\"note\":\"moved\"}", "status", got,
                                 sizeof(got)),
                     200);
    ck_assert_str_eq(got, "updated"); /* same time: an update */
    ck_assert_int_eq(call_status(&k.admin_a_c, "PATCH", path, "{}", NULL, NULL, 0), 422);
    ck_assert_int_eq(
        call_status(&k.admin_a_c, "PATCH", path, "{\"status\":\"created\"}", NULL, NULL, 0), 422);
    ck_assert_int_eq(call_status(&k.admin_a_c, "PATCH", path,
                                 "{\"attendees\":[\"not an address\"]}", "error.details.0.field",
                                 got, sizeof(got)),
                     422);
    ck_assert_str_eq(got, "attendees[0]");
    snprintf(path, sizeof(path), "/api/v1/meetings/%s/cancel", id);
    ck_assert_int_eq(call_status(&k.user_a_c, "POST", path, NULL, NULL, NULL, 0), 403);
    ck_assert_int_eq(call_status(&k.admin_b_c, "POST", path, NULL, NULL, NULL, 0), 404);
    ck_assert_int_eq(call_status(&k.admin_a_c, "POST", path, NULL, "status", got, sizeof(got)),
                     200);
    ck_assert_str_eq(got, "canceled");
    ck_assert_int_eq(call_status(&k.admin_a_c, "POST", path, NULL, "status", got, sizeof(got)),
                     200);
    ck_assert_str_eq(got, "canceled"); /* again: the same answer */
    lead_field(lead, "scheduledDate", got, sizeof(got));
    ck_assert_str_eq(got, at); /* a cancelled meeting still counts */
    snprintf(path, sizeof(path), "/api/v1/meetings/%s", id);
    ck_assert_int_eq(call_status(&k.admin_a_c, "PATCH", path, body, NULL, NULL, 0), 409);
    cast_release(&k);
}
END_TEST

START_TEST(a_chilipiper_meeting_changes_in_chilipiper_only)
{
    char p[25], email[128], lead[25], ext[64], path[128], mid[32];
    struct api_res res;

    make_partner("Booked", p);
    fresh_email("cpman", email, sizeof(email));
    make_lead(p, email, NULL, lead);
    snprintf(ext, sizeof(ext), "cp-%s", lead);
    fixture_booking(ext, email, p, now_minute_ms() + DAY, false);
    snprintf(path, sizeof(path), "/api/v1/leads/%s", lead);
    client_call(owner_session(), "GET", path, NULL, &res);
    snprintf(mid, sizeof(mid), "%s", api_json_str(&res, "meetings.0.id"));
    ck_assert_str_eq(api_json_str(&res, "meetings.0.source"), "chilipiper");
    api_res_free(&res);
    snprintf(path, sizeof(path), "/api/v1/meetings/%s", mid);
    ck_assert_int_eq(call_status(owner_session(), "PATCH", path, "{\"note\":\"x\"}", NULL, NULL, 0),
                     409);
    snprintf(path, sizeof(path), "/api/v1/meetings/%s/cancel", mid);
    ck_assert_int_eq(call_status(owner_session(), "POST", path, NULL, NULL, NULL, 0), 409);
}
END_TEST

START_TEST(a_meeting_body_is_checked_field_by_field)
{
    char p[25], email[128], lead[25], id[25], got[64], path[128];

    make_partner("Checked", p);
    fresh_email("mcheck", email, sizeof(email));
    make_lead(p, email, NULL, lead);
    snprintf(path, sizeof(path), "/api/v1/leads/%s/meetings", lead);
    ck_assert_int_eq(call_status(owner_session(), "POST", path, "{\"type\":\"Intro\"}",
                                 "error.details.0.field", got, sizeof(got)),
                     422);
    ck_assert_str_eq(got, "scheduledTime");
    ck_assert_int_eq(call_status(owner_session(), "POST", path, "{\"scheduledTime\":\"tomorrow\"}",
                                 NULL, NULL, 0),
                     422);
    ck_assert_int_eq(log_meeting(owner_session(), lead, now_minute_ms() + DAY, 2, NULL, id), 422);
    ck_assert_int_eq(
        log_meeting(owner_session(), lead, now_minute_ms() + 3 * 365 * DAY, 30, NULL, id), 422);
    ck_assert_int_eq(
        log_meeting(owner_session(), lead, now_minute_ms() + DAY, 30, "\"outcome\":\"held\"", id),
        422); /* the outcome has its own route */
    ck_assert_int_eq(
        log_meeting(owner_session(), lead, now_minute_ms() + DAY, 30, "\"colour\":\"red\"", id),
        422);
    ck_assert_int_eq(call_status(owner_session(), "POST", path, "[1]", NULL, NULL, 0), 400);
    ck_assert_int_eq(log_meeting(owner_session(), "000000000000000000000000", now_minute_ms() + DAY,
                                 30, NULL, id),
                     404);
    lead_field(lead, "dealStatus", got, sizeof(got));
    ck_assert_str_eq(got, "new"); /* nothing was written */
}
END_TEST

START_TEST(a_future_meeting_logged_by_hand_books_the_lead_again)
{
    struct partner_user pu;
    char lead[25], past_lead[25], id[25], got[64];
    struct fixture_user admin;
    struct session_client c = {0};

    fixture_partner_user(&pu, "user");
    fixture_user("admin", pu.partner, &admin);
    ck_assert_int_eq(client_sign_in(&c, admin.email, admin.password), 200);
    make_lead_in(&pu, "lost_no_show", lead);
    ck_assert_int_eq(log_meeting(&c, lead, now_minute_ms() + DAY, 30, NULL, id), 201);
    lead_field(lead, "dealStatus", got, sizeof(got));
    ck_assert_str_eq(got, "scheduled"); /* re-booked */
    make_lead_in(&pu, "in_touch", past_lead);
    ck_assert_int_eq(log_meeting(&c, past_lead, now_minute_ms() - DAY, 30, NULL, id), 201);
    lead_field(past_lead, "dealStatus", got, sizeof(got));
    ck_assert_str_eq(got, "in_touch"); /* a meeting that took place books nothing */
    client_free(&c);
    client_free(&pu.client);
}
END_TEST

TCase *
tcase_meetings_manual(void)
{
    TCase *tc = tcase_create("manual");

    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, a_meeting_is_logged_by_staff_and_the_leads_partner_admins_only);
    tcase_add_test(tc, a_meeting_logged_by_hand_is_rescheduled_and_cancelled);
    tcase_add_test(tc, a_chilipiper_meeting_changes_in_chilipiper_only);
    tcase_add_test(tc, a_meeting_body_is_checked_field_by_field);
    tcase_add_test(tc, a_future_meeting_logged_by_hand_books_the_lead_again);
    return tc;
}
