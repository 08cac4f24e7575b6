/* test_meeting_outcomes.c - the outcome of a meeting through nginx (case "outcomes" of suite
 * meetings): set by hand after the meeting, refused before it and after the cut-off, assumed
 * held by the cron job once the partner's cut-off has passed (the test clock moves the job's
 * time, nothing sleeps), the lost_no_show offer of a no-show, the dashboard's rates */
#include <stdio.h>
#include <string.h>

#include "domain.h"
#include "stack_access.h"

#define MINUTE 60000LL
#define HOUR (60 * MINUTE)
#define DAY (24 * HOUR)

static long
set_outcome(struct session_client *c, const char *meeting, const char *outcome, const char *field,
            char *out, size_t cap)
{
    char path[96], body[64];

    snprintf(path, sizeof(path), "/api/v1/meetings/%s/outcome", meeting);
    snprintf(body, sizeof(body), "{\"outcome\":\"%s\"}", outcome);
    return call_status(c, "PATCH", path, body, field, out, cap);
}

static void
meeting_field(const char *id, const char *field, char *out, size_t cap)
{
    char path[96];

    snprintf(path, sizeof(path), "/api/v1/meetings/%s", id);
    ck_assert_int_eq(call_status(owner_session(), "GET", path, NULL, field, out, cap), 200);
}

static void
lead_offer(struct session_client *c, const char *lead, char *out, size_t cap)
{
    char path[96];

    snprintf(path, sizeof(path), "/api/v1/leads/%s", lead);
    ck_assert_int_eq(call_status(c, "GET", path, NULL, "offeredTransition", out, cap), 200);
}

START_TEST(an_outcome_is_set_after_the_meeting_by_the_partners_users_or_staff)
{
    struct cast k;
    char email[128], lead[25], past[25], future[25], gone[25], got[64], filter[256], path[96];

    fixture_cast(&k);
    fresh_email("outcome", email, sizeof(email));
    make_lead(k.partner_a, email, NULL, lead);
    ck_assert_int_eq(log_meeting(&k.admin_a_c, lead, now_minute_ms() - 2 * HOUR, 30, NULL, past),
                     201);
    ck_assert_int_eq(log_meeting(&k.admin_a_c, lead, now_minute_ms() + DAY, 30, NULL, future), 201);
    ck_assert_int_eq(set_outcome(&k.user_a_c, future, "held", NULL, NULL, 0), 409); /* not yet */
    ck_assert_int_eq(set_outcome(&k.user_a_c, past, "maybe", NULL, NULL, 0), 422);
    ck_assert_int_eq(set_outcome(&k.admin_b_c, past, "held", NULL, NULL, 0), 404);
    ck_assert_int_eq(set_outcome(&k.user_a_c, past, "held", "outcome", got, sizeof(got)), 200);
    ck_assert_str_eq(got, "held");
    meeting_field(past, "outcomeBy", got, sizeof(got));
    ck_assert_str_eq(got, k.user_a.id);
    meeting_field(past, "outcomeAssumed", got, sizeof(got));
    ck_assert_str_eq(got, "false");
    lead_offer(&k.user_a_c, lead, got, sizeof(got));
    ck_assert_str_eq(got, ""); /* held: nothing to offer */
    /* a no-show offers lost_no_show, until the lead is there */
    ck_assert_int_eq(
        set_outcome(&k.user_a_c, past, "no_show", "offeredTransition", got, sizeof(got)), 200);
    ck_assert_str_eq(got, "lost_no_show");
    lead_offer(&k.user_a_c, lead, got, sizeof(got));
    ck_assert_str_eq(got, "lost_no_show");
    ck_assert_int_eq(set_status(&k.user_a_c, lead, "{\"status\":\"lost_no_show\"}"), 200);
    lead_offer(&k.user_a_c, lead, got, sizeof(got));
    ck_assert_str_eq(got, "");
    snprintf(filter, sizeof(filter),
             "{\"entityId\":{\"$oid\":\"%s\"},\"action\":\"meeting.outcome_set\"}", lead);
    ck_assert(wait_for_count("events", filter, 2, 10000));
    /* a cancelled meeting has no outcome */
    ck_assert_int_eq(log_meeting(&k.admin_a_c, lead, now_minute_ms() - 3 * HOUR, 30, NULL, gone),
                     201);
    snprintf(path, sizeof(path), "/api/v1/meetings/%s/cancel", gone);
    ck_assert_int_eq(call_status(&k.admin_a_c, "POST", path, NULL, NULL, NULL, 0), 200);
    ck_assert_int_eq(set_outcome(&k.user_a_c, gone, "held", NULL, NULL, 0), 409);
    cast_release(&k);
}
END_TEST

START_TEST(past_the_cutoff_only_staff_change_an_outcome)
{
    struct cast k;
    char email[128], lead[25], id[25], got[64], path[96];

    fixture_cast(&k);
    fresh_email("late", email, sizeof(email));
    make_lead(k.partner_a, email, NULL, lead);
    ck_assert_int_eq(log_meeting(&k.admin_a_c, lead, now_minute_ms() - 4 * DAY, 30, NULL, id), 201);
    ck_assert_int_eq(set_outcome(&k.user_a_c, id, "no_show", NULL, NULL, 0), 403);
    ck_assert_int_eq(set_outcome(&k.admin_a_c, id, "no_show", NULL, NULL, 0), 403);
    ck_assert_int_eq(set_outcome(&k.staff_c, id, "no_show", "outcome", got, sizeof(got)), 200);
    ck_assert_str_eq(got, "no_show");
    /* a meeting with an outcome stays where it was */
    snprintf(path, sizeof(path), "/api/v1/meetings/%s/cancel", id);
    ck_assert_int_eq(call_status(&k.staff_c, "POST", path, NULL, NULL, NULL, 0), 409);
    cast_release(&k);
}
END_TEST

START_TEST(an_outcome_is_assumed_held_after_the_partners_cutoff)
{
    char p72[25], p24[25], e[3][128], lead[3][25], m[3][25], got[64], filter[256], path[96];
    int64_t start = now_minute_ms() - 90 * MINUTE; /* 30 minutes: ended an hour ago */
    long long n = -1;

    make_partner("Cut-off 72", p72);
    make_partner("Cut-off 24", p24);
    snprintf(path, sizeof(path), "/api/v1/partners/%s", p24);
    ck_assert_int_eq(call_status(owner_session(), "PATCH", path, "{\"outcomeCutoffHours\":24}",
                                 "outcomeCutoffHours", got, sizeof(got)),
                     200);
    ck_assert_str_eq(got, "24");
    snprintf(path, sizeof(path), "/api/v1/partners/%s", p72);
    ck_assert_int_eq(
        call_status(owner_session(), "GET", path, NULL, "outcomeCutoffHours", got, sizeof(got)),
        200);
    ck_assert_str_eq(got, "72"); /* the default */
    for (int i = 0; i < 3; i++) {
        fresh_email("assume", e[i], sizeof(e[i]));
        make_lead(i == 1 ? p24 : p72, e[i], NULL, lead[i]);
        ck_assert_int_eq(log_meeting(owner_session(), lead[i], start, 30, NULL, m[i]), 201);
    }
    ck_assert_int_eq(set_outcome(owner_session(), m[2], "no_show", NULL, NULL, 0), 200);
    ck_assert_int_eq(run_cron("assume-outcomes", 0, NULL, NULL), 200);
    meeting_field(m[0], "outcome", got, sizeof(got));
    ck_assert_str_eq(got, "");
    /* a day and five minutes later: the 24 h partner's meeting counts as held */
    ck_assert_int_eq(run_cron("assume-outcomes", DAY + 5 * MINUTE, "assumed", &n), 200);
    ck_assert_int_ge(n, 1);
    meeting_field(m[1], "outcome", got, sizeof(got));
    ck_assert_str_eq(got, "held");
    meeting_field(m[1], "outcomeAssumed", got, sizeof(got));
    ck_assert_str_eq(got, "true");
    meeting_field(m[0], "outcome", got, sizeof(got));
    ck_assert_str_eq(got, "");
    /* 72 h and five minutes: the other one too; a recorded no-show stays; once only */
    ck_assert_int_eq(run_cron("assume-outcomes", 3 * DAY + 5 * MINUTE, NULL, NULL), 200);
    ck_assert_int_eq(run_cron("assume-outcomes", 3 * DAY + 10 * MINUTE, NULL, NULL), 200);
    meeting_field(m[0], "outcome", got, sizeof(got));
    ck_assert_str_eq(got, "held");
    meeting_field(m[2], "outcome", got, sizeof(got));
    ck_assert_str_eq(got, "no_show");
    snprintf(filter, sizeof(filter),
             "{\"entityId\":{\"$oid\":\"%s\"},\"action\":\"meeting.outcome_assumed\"}", lead[0]);
    ck_assert(wait_for_count("events", filter, 1, 10000));
    sleep_ms(500);
    ck_assert_int_eq(mongo_count("events", filter), 1);
    /* without the header the job runs on the real clock again */
    ck_assert_int_eq(log_meeting(owner_session(), lead[1], start, 30, NULL, m[0]), 201);
    ck_assert_int_eq(run_cron("assume-outcomes", 0, NULL, NULL), 200);
    meeting_field(m[0], "outcome", got, sizeof(got));
    ck_assert_str_eq(got, "");
}
END_TEST

START_TEST(the_dashboard_shows_held_and_no_show_rates)
{
    struct partner_user pu;
    char email[128], lead[25], m[5][25], got[64];
    struct api_res res;

    fixture_partner_user(&pu, "user");
    fresh_email("rates", email, sizeof(email));
    make_lead(pu.partner, email, NULL, lead);
    for (int i = 0; i < 4; i++) /* four past meetings, a day apart */
        ck_assert_int_eq(
            log_meeting(owner_session(), lead, now_minute_ms() - (i + 1) * DAY, 30, NULL, m[i]),
            201);
    ck_assert_int_eq(log_meeting(owner_session(), lead, now_minute_ms() + DAY, 30, NULL, m[4]),
                     201);
    ck_assert_int_eq(set_outcome(owner_session(), m[0], "held", NULL, NULL, 0), 200);
    ck_assert_int_eq(set_outcome(owner_session(), m[1], "held", NULL, NULL, 0), 200);
    ck_assert_int_eq(set_outcome(owner_session(), m[2], "no_show", NULL, NULL, 0), 200);
    client_call(&pu.client, "GET", "/api/v1/dashboard", NULL, &res);
    ck_assert_int_eq(res.status, 200);
    ck_assert_str_eq(api_json_str(&res, "meetingOutcomes.held"), "2");
    ck_assert_str_eq(api_json_str(&res, "meetingOutcomes.noShow"), "1");
    ck_assert_str_eq(api_json_str(&res, "meetingOutcomes.pending"), "1"); /* m[3]; m[4] is ahead */
    snprintf(got, sizeof(got), "%s %s", api_json_str(&res, "meetingOutcomes.heldRate"),
             api_json_str(&res, "meetingOutcomes.noShowRate"));
    ck_assert_str_eq(got, "0.667 0.333");
    api_res_free(&res);
    client_free(&pu.client);
}
END_TEST

TCase *
tcase_meeting_outcomes(void)
{
    TCase *tc = tcase_create("outcomes");

    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, an_outcome_is_set_after_the_meeting_by_the_partners_users_or_staff);
    tcase_add_test(tc, past_the_cutoff_only_staff_change_an_outcome);
    tcase_add_test(tc, an_outcome_is_assumed_held_after_the_partners_cutoff);
    tcase_add_test(tc, the_dashboard_shows_held_and_no_show_rates);
    return tc;
}
