/* test_reminders.c - the daily reminder through nginx: who gets one (Appendix B), the run lock
 * (two triggers, one send), CRON_DISABLED, the run records, and the personal magic link
 * (single use, expiry, tampering, a deactivated user). Each test runs the job on a day of its
 * own (the test clock), so the run lock of one never hides another's run. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain.h"
#include "exec_responder.h"
#include "stack_access.h"

#define DAY (24LL * 3600 * 1000)

/* lead-reminder e-mails sent to `to`; text receives the newest one's text when non-NULL */
static int
reminders_to(const char *to, char *text, size_t cap)
{
    json_object *list = wiremock_requests_to(to);
    int n = 0;

    for (size_t i = 0; i < json_object_array_length(list); i++) {
        const char *body = json_object_get_string(
            json_object_object_get(json_object_array_get_idx(list, i), "body"));
        char *tag = form_value(body, "o:tag");
        if (tag != NULL && strcmp(tag, "lead-reminder") == 0) {
            n++;
            char *t = form_value(body, "text"), *s = form_value(body, "subject");
            if (text != NULL)
                snprintf(text, cap, "%s\n%s", s ? s : "", t ? t : "");
            free(t);
            free(s);
        }
        free(tag);
    }
    json_object_put(list);
    return n;
}

static bool
wait_reminders(const char *to, int want)
{
    for (int i = 0; i < 75; i++) {
        if (reminders_to(to, NULL, 0) >= want)
            return true;
        sleep_ms(200);
    }
    return false;
}

/* a lead of partner with a meeting at ms (its scheduledDate) in status, all through the API
 * so the partners' kept figures stay exact for the recount suite */
static void
lead_at(const char *partner, const char *status, int64_t ms, const char *company, char id[25])
{
    struct session_client *owner = owner_session();
    char email[128], extra[96], meeting[25], body[128];

    fresh_email("rem", email, sizeof(email));
    snprintf(extra, sizeof(extra), "\"company\":\"%s\"", company);
    make_lead(partner, email, company[0] ? extra : NULL, id);
    ck_assert_int_eq(log_meeting(owner, id, ms, 30, NULL, meeting), 201);
    if (strcmp(status, "scheduled") != 0) {
        snprintf(body, sizeof(body), "{\"status\":\"%s\",\"reason\":\"test\"}", status);
        ck_assert_int_eq(set_status(owner, id, body), 200);
    }
}

/* the magic token of the newest reminder's text */
static void
magic_token(const char *text, char *token, size_t cap)
{
    const char *p = strstr(text, "/magic?token=");

    ck_assert_msg(p != NULL, "no magic link in: %s", text);
    p += strlen("/magic?token=");
    snprintf(token, cap, "%.*s", (int)strcspn(p, " \r\n"), p);
}

static long
magic(const char *token)
{
    struct api_res res;
    char body[160];

    snprintf(body, sizeof(body), "{\"token\":\"%s\"}", token);
    json_call("POST", "/api/v1/auth/magic", body, &res);
    return api_status_free(&res);
}

START_TEST(the_reminder_goes_to_active_users_of_partners_with_overdue_leads)
{
    const int64_t at = now_minute_ms() + 11 * DAY; /* this test's day */
    struct fixture_user a1, a2, inactive, b1;
    char p[25], q[25], r[25], id[25], text[8192];
    long long sent = 0;

    make_partner("Reminded", p);
    make_partner("NothingDue", q);
    make_partner("Nobody", r);
    fixture_user("user", p, &a1);
    fixture_user("admin", p, &a2);
    fixture_user("user", p, &inactive);
    fixture_user_update(inactive.id, "{\"$set\": {\"isActive\": false}}");
    fixture_user("user", q, &b1);
    lead_at(p, "scheduled", at - 3 * DAY, "Overdue Co", id);
    lead_at(p, "in_touch", at - DAY, "", id);
    lead_at(p, "won", at - DAY, "Won Co", id);
    lead_at(p, "lost_no_show", at - DAY, "Lost Co", id);
    lead_at(p, "scheduled", at + DAY, "Future Co", id);
    lead_at(q, "scheduled", at + 2 * DAY, "Later Co", id); /* q: nothing overdue */
    lead_at(r, "scheduled", at - DAY, "Orphan Co", id);    /* r: no users */
    lead_at(p, "scheduled", at - DAY, "Archived Co", id);
    {
        char path[96], none[4];
        snprintf(path, sizeof(path), "/api/v1/leads/%s", id);
        ck_assert_int_eq(call_status(owner_session(), "DELETE", path, NULL, NULL, none, 0), 204);
    }
    ck_assert_int_eq(run_cron("daily-reminders", at - now_minute_ms(), "sent", &sent), 200);
    ck_assert_int_ge(sent, 2);
    ck_assert(wait_reminders(a1.email, 1));
    ck_assert(wait_reminders(a2.email, 1));
    reminders_to(a1.email, text, sizeof(text));
    ck_assert_msg(strstr(text, "2 leads need a status update") != NULL, "%s", text);
    ck_assert_ptr_nonnull(strstr(text, "Overdue Co"));
    ck_assert_ptr_nonnull(strstr(text, "(N/A)")); /* no company */
    ck_assert_ptr_null(strstr(text, "Won Co"));
    ck_assert_ptr_null(strstr(text, "Lost Co"));
    ck_assert_ptr_null(strstr(text, "Future Co"));
    ck_assert_ptr_null(strstr(text, "Archived Co"));
    ck_assert_ptr_nonnull(strstr(text, "/magic?token=pcm_"));
    sleep_ms(1000);
    ck_assert_int_eq(reminders_to(inactive.email, NULL, 0), 0);
    ck_assert_int_eq(reminders_to(b1.email, NULL, 0), 0);
}
END_TEST

START_TEST(a_second_trigger_of_the_day_sends_nothing)
{
    const int64_t at = now_minute_ms() + 21 * DAY;
    struct fixture_user u;
    struct api_res res;
    char p[25], id[25], skipped[200] = "";
    struct session_client *owner = owner_session();

    make_partner("Locked", p);
    fixture_user("user", p, &u);
    lead_at(p, "scheduled", at - DAY, "Lock Co", id);
    ck_assert_int_eq(run_cron("daily-reminders", at - now_minute_ms(), NULL, NULL), 200);
    ck_assert_int_eq(run_cron("daily-reminders", at - now_minute_ms() + 60000, NULL, NULL), 200);
    ck_assert(wait_reminders(u.email, 1));
    sleep_ms(1500);
    ck_assert_int_eq(reminders_to(u.email, NULL, 0), 1);
    /* the owner sees both runs: the second one skipped */
    client_call(owner, "GET", "/api/v1/admin/cron-runs?job=daily-reminders&perPage=5", NULL, &res);
    ck_assert_int_eq(res.status, 200);
    snprintf(skipped, sizeof(skipped), "%s", api_json_str(&res, "list.0.status"));
    ck_assert_str_eq(skipped, "skipped");
    ck_assert_str_eq(api_json_str(&res, "list.1.status"), "ok");
    ck_assert_ptr_nonnull(api_json_str(&res, "list.1.counts.sent"));
    api_res_free(&res);
}
END_TEST

START_TEST(cron_runs_are_for_the_owner_only)
{
    struct cast k;
    struct api_res res;

    fixture_cast(&k);
    client_call(&k.staff_c, "GET", "/api/v1/admin/cron-runs", NULL, &res);
    ck_assert_int_eq(api_status_free(&res), 403);
    client_call(&k.admin_a_c, "GET", "/api/v1/admin/cron-runs", NULL, &res);
    ck_assert_int_eq(api_status_free(&res), 403);
    client_call(&k.owner, "GET", "/api/v1/admin/cron-runs?job=Bad!", NULL, &res);
    ck_assert_int_eq(api_status_free(&res), 422);
    cast_release(&k);
}
END_TEST

START_TEST(cron_disabled_answers_409_naming_the_job)
{
    static const char *const env[] = {"CRON_DISABLED=daily-reminders", NULL};
    struct exec_res r;
    char vars[512];

    responder_up(env);
    snprintf(vars, sizeof(vars),
             "REQUEST_METHOD=POST REQUEST_URI=/api/v1/cron/daily-reminders "
             "'HTTP_AUTHORIZATION=Bearer %s' REMOTE_ADDR=127.0.0.1",
             harness_env("CRON_SECRET"));
    ck_assert_int_eq(exec_request(vars, NULL, 0, &r), 409);
    ck_assert_ptr_nonnull(strstr(r.body, "daily-reminders"));
    snprintf(vars, sizeof(vars),
             "REQUEST_METHOD=POST REQUEST_URI=/api/v1/cron/flush-outbox "
             "'HTTP_AUTHORIZATION=Bearer %s' REMOTE_ADDR=127.0.0.1",
             harness_env("CRON_SECRET"));
    ck_assert_int_eq(exec_request(vars, NULL, 0, &r), 200);
    responder_down();
}
END_TEST

START_TEST(the_magic_link_signs_in_once_and_only_its_user)
{
    const int64_t at = now_minute_ms() + 31 * DAY;
    struct fixture_user u, gone;
    char p[25], id[25], text[8192], token[128], tampered[200];
    struct api_res res;

    make_partner("Magic", p);
    fixture_user("user", p, &u);
    fixture_user("user", p, &gone);
    lead_at(p, "scheduled", at - DAY, "Magic Co", id);
    ck_assert_int_eq(run_cron("daily-reminders", at - now_minute_ms(), NULL, NULL), 200);
    ck_assert(wait_reminders(u.email, 1));
    ck_assert(wait_reminders(gone.email, 1));
    reminders_to(u.email, text, sizeof(text));
    magic_token(text, token, sizeof(token));
    snprintf(tampered, sizeof(tampered), "%s", token);
    tampered[strlen(tampered) - 1] = tampered[strlen(tampered) - 1] == 'A' ? 'B' : 'A';
    ck_assert_int_eq(magic(tampered), 400);
    ck_assert_int_eq(magic("not-a-token"), 400);
    {
        char body[200];
        snprintf(body, sizeof(body), "{\"token\":\"%s\"}", token);
        json_call("POST", "/api/v1/auth/magic", body, &res);
        ck_assert_int_eq(res.status, 200);
        ck_assert_str_eq(api_json_str(&res, "user.id"), u.id);
        ck_assert(cookie_line(&res, "__Secure-pc_access", text, sizeof(text)));
        ck_assert(cookie_line(&res, "__Secure-pc_refresh", text, sizeof(text)));
        api_res_free(&res);
    }
    ck_assert_int_eq(magic(token), 400); /* single use */
    /* the other user's link, after they were deactivated: refused, no session */
    reminders_to(gone.email, text, sizeof(text));
    magic_token(text, token, sizeof(token));
    fixture_user_update(gone.id, "{\"$set\": {\"isActive\": false}}");
    sleep_ms(5500); /* the user-state cache */
    json_call("POST", "/api/v1/auth/magic",
              (snprintf(tampered, sizeof(tampered), "{\"token\":\"%s\"}", token), tampered), &res);
    ck_assert_int_eq(res.status, 403);
    ck_assert(!cookie_line(&res, "__Secure-pc_access", text, sizeof(text)));
    api_res_free(&res);
}
END_TEST

START_TEST(an_expired_magic_link_is_refused)
{
    const int64_t at = now_minute_ms() + 41 * DAY;
    struct fixture_user u;
    char p[25], id[25], text[8192], token[128];

    make_partner("Expired", p);
    fixture_user("user", p, &u);
    lead_at(p, "scheduled", at - DAY, "Old Co", id);
    ck_assert_int_eq(run_cron("daily-reminders", at - now_minute_ms(), NULL, NULL), 200);
    ck_assert(wait_reminders(u.email, 1));
    reminders_to(u.email, text, sizeof(text));
    magic_token(text, token, sizeof(token));
    {
        char filter[160];
        snprintf(filter, sizeof(filter), "{\"user\": {\"$oid\": \"%s\"}, \"kind\": \"magic\"}",
                 u.id);
        mongo_update("link_tokens", filter,
                     "{\"$set\": {\"expiresAt\": {\"$date\": \"2026-01-01T00:00:00Z\"}}}");
    }
    ck_assert_int_eq(magic(token), 400);
}
END_TEST

Suite *
suite_reminders(void)
{
    Suite *s = suite_create("reminders");
    TCase *tc = tcase_create("reminders");

    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, the_reminder_goes_to_active_users_of_partners_with_overdue_leads);
    tcase_add_test(tc, a_second_trigger_of_the_day_sends_nothing);
    tcase_add_test(tc, cron_runs_are_for_the_owner_only);
    tcase_add_test(tc, cron_disabled_answers_409_naming_the_job);
    tcase_add_test(tc, the_magic_link_signs_in_once_and_only_its_user);
    tcase_add_test(tc, an_expired_magic_link_is_refused);
    suite_add_tcase(s, tc);
    return s;
}
