/* test_returns.c - lead returns through nginx (case "returns" of suite billing): a partner's
 * user asks with a B2B reason, staff approve (a return_credit line takes back the charge) or
 * reject with a note; one return per lead, the window, the monthly cap, the reach */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain.h"
#include "stack_access.h"

static void
returns_partner(struct cast *k, const char *extra)
{
    char path[96], body[256];
    struct api_res res;

    snprintf(path, sizeof(path), "/api/v1/partners/%s/billing", k->partner_a);
    client_call(owner_session(), "PUT", path,
                "{\"billingType\":\"qualified_lead\",\"billingTerms\":[{\"from\":\"2020-01\","
                "\"to\":null,\"value\":10000}]}",
                &res);
    ck_assert_int_eq(api_status_free(&res), 200);
    if (extra != NULL) {
        snprintf(path, sizeof(path), "/api/v1/partners/%s", k->partner_a);
        snprintf(body, sizeof(body), "{%s}", extra);
        client_call(owner_session(), "PATCH", path, body, &res);
        ck_assert_msg(res.status == 200, "%s", res.body);
        api_res_free(&res);
    }
}

static long
ask(struct session_client *c, const char *lead, const char *body, char id[32])
{
    char path[96];

    snprintf(path, sizeof(path), "/api/v1/leads/%s/returns", lead);
    return call_status(c, "POST", path, body, "id", id, 32);
}

static long
decide(struct session_client *c, const char *id, const char *what, const char *body,
       const char *field, char *out, size_t cap)
{
    char path[96];

    snprintf(path, sizeof(path), "/api/v1/returns/%s/%s", id, what);
    return call_status(c, "POST", path, body, field, out, cap);
}

static void
new_lead_as(const char *partner, char lead[25], char email[128])
{
    fresh_email("ret", email, 128);
    make_lead(partner, email, NULL, lead);
}

static void
new_lead(const char *partner, char lead[25])
{
    char email[128];

    new_lead_as(partner, lead, email);
}

static long long
balance(const char *partner)
{
    char path[96], got[32];

    snprintf(path, sizeof(path), "/api/v1/partners/%s", partner);
    ck_assert_int_eq(
        call_status(owner_session(), "GET", path, NULL, "ledgerBalance", got, sizeof(got)), 200);
    return atoll(got);
}

START_TEST(an_approved_return_credits_what_the_lead_was_charged)
{
    struct cast k;
    char lead[25], id[32], got[64], email[128], subject[200];
    long long before;

    fixture_cast(&k);
    returns_partner(&k, "\"returnCapPercent\":100");
    new_lead_as(k.partner_a, lead, email);
    before = balance(k.partner_a);
    ck_assert_int_eq(ask(&k.user_a_c, lead,
                         "{\"reason\":\"outside_icp\",\"note\":\"a consumer, not a company\"}", id),
                     201);
    ck_assert_int_eq(ask(&k.user_a_c, lead, "{\"reason\":\"duplicate\",\"note\":\"again\"}", got),
                     409);
    ck_assert_int_eq(decide(&k.admin_a_c, id, "approve", "{}", NULL, NULL, 0), 403);
    ck_assert_int_eq(decide(&k.staff_c, id, "approve", "{\"note\":\"agreed\"}", "creditAmount", got,
                            sizeof(got)),
                     200);
    ck_assert_str_eq(got, "-10000");
    ck_assert_int_eq(balance(k.partner_a), before - 10000);
    /* the other side is told: staff of the ask (ALERT_EMAIL_TO), the asker of the decision */
    snprintf(subject, sizeof(subject), "Return asked: %s", email);
    ck_assert(mail_with_subject("alerts@example.com", subject, 15000));
    snprintf(subject, sizeof(subject), "Your return of %s was approved", email);
    ck_assert(mail_with_subject(k.user_a.email, subject, 15000));
    ck_assert_int_eq(decide(&k.staff_c, id, "reject", "{\"note\":\"no\"}", NULL, NULL, 0), 409);
    cast_release(&k);
}
END_TEST

START_TEST(a_rejection_needs_a_note_and_credits_nothing)
{
    struct cast k;
    char lead[25], id[32], got[64], email[128], subject[200];
    long long before;

    fixture_cast(&k);
    returns_partner(&k, "\"returnCapPercent\":100");
    new_lead_as(k.partner_a, lead, email);
    before = balance(k.partner_a);
    ck_assert_int_eq(
        ask(&k.user_a_c, lead, "{\"reason\":\"not_decision_maker\",\"note\":\"intern\"}", id), 201);
    ck_assert_int_eq(decide(&k.staff_c, id, "reject", "{}", NULL, NULL, 0), 422);
    ck_assert_int_eq(decide(&k.staff_c, id, "reject", "{\"note\":\"the CFO signs\"}", "status", got,
                            sizeof(got)),
                     200);
    ck_assert_str_eq(got, "rejected");
    ck_assert_int_eq(balance(k.partner_a), before);
    snprintf(subject, sizeof(subject), "Your return of %s was rejected", email);
    ck_assert(mail_with_subject(k.user_a.email, subject, 15000));
    ck_assert(!mail_with_subject(k.user_a.email, "was approved", 0));
    cast_release(&k);
}
END_TEST

START_TEST(reasons_reach_window_and_cap_are_checked)
{
    struct cast k;
    char lead[25], second[25], id[32];
    struct api_res res;

    fixture_cast(&k);
    returns_partner(&k, NULL);
    new_lead(k.partner_a, lead);
    ck_assert_int_eq(ask(&k.user_a_c, lead, "{\"reason\":\"bad_vibes\",\"note\":\"x\"}", id), 422);
    ck_assert_int_eq(ask(&k.user_a_c, lead, "{\"reason\":\"duplicate\"}", id), 422);
    ck_assert_int_eq(ask(&k.admin_b_c, lead, "{\"reason\":\"duplicate\",\"note\":\"x\"}", id), 404);
    ck_assert_int_eq(ask(&k.staff_c, lead, "{\"reason\":\"duplicate\",\"note\":\"x\"}", id), 403);
    /* the cap: 10 % of this month's leads, at least one */
    new_lead(k.partner_a, second);
    ck_assert_int_eq(ask(&k.user_a_c, lead, "{\"reason\":\"duplicate\",\"note\":\"x\"}", id), 201);
    ck_assert_int_eq(ask(&k.admin_a_c, second, "{\"reason\":\"no_show\",\"note\":\"x\"}", id), 409);
    client_call(&k.user_a_c, "GET", "/api/v1/returns", NULL, &res);
    ck_assert_int_eq(res.status, 200);
    ck_assert_ptr_nonnull(strstr(res.body, lead));
    api_res_free(&res);
    client_call(&k.admin_b_c, "GET", "/api/v1/returns", NULL, &res);
    ck_assert_ptr_null(strstr(res.body, lead));
    api_res_free(&res);
    /* the window: 0 days has closed at once */
    returns_partner(&k, "\"returnWindowDays\":0,\"returnCapPercent\":100");
    ck_assert_int_eq(ask(&k.admin_a_c, second, "{\"reason\":\"no_show\",\"note\":\"x\"}", id), 409);
    cast_release(&k);
}
END_TEST

void
billing_returns_case(Suite *s)
{
    TCase *tc = tcase_create("returns");

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, an_approved_return_credits_what_the_lead_was_charged);
    tcase_add_test(tc, a_rejection_needs_a_note_and_credits_nothing);
    tcase_add_test(tc, reasons_reach_window_and_cap_are_checked);
    suite_add_tcase(s, tc);
}
