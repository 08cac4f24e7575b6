/* test_billing.c - the billing ledger through nginx (issue 16): the line of each billable fact
 * written on the path that makes it (a lead created, won, a meeting held), once per fact, a
 * fact undone answered by a reversing line, the partner's running balance, the reach of
 * GET /partners/:id/ledger */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain.h"
#include "stack_access.h"

#define MINUTE 60000LL
#define HOUR (60 * MINUTE)
#define DAY (24 * HOUR)

static void
set_billing(const char *partner, const char *type, const char *terms)
{
    char path[96], body[512];
    struct api_res res;

    snprintf(path, sizeof(path), "/api/v1/partners/%s/billing", partner);
    snprintf(body, sizeof(body), "{\"billingType\":\"%s\",\"billingTerms\":%s}", type, terms);
    client_call(owner_session(), "PUT", path, body, &res);
    ck_assert_msg(res.status == 200, "billing: %ld %s", res.status, res.body);
    api_res_free(&res);
}

/* the partner's ledger as the owner (newest first): the number of lines, and the amount and
 * kind of the newest into amount / kind (may be NULL) */
static long long
ledger_of(const char *partner, long long *amount, char *kind, size_t cap)
{
    char path[96];
    struct api_res res;
    const char *v;
    long long total;

    snprintf(path, sizeof(path), "/api/v1/partners/%s/ledger", partner);
    client_call(owner_session(), "GET", path, NULL, &res);
    ck_assert_msg(res.status == 200, "ledger: %ld %s", res.status, res.body);
    total = atoll(api_json_str(&res, "meta.total"));
    if (amount != NULL)
        *amount = (v = api_json_str(&res, "list.0.amount")) ? atoll(v) : 0;
    if (kind != NULL)
        snprintf(kind, cap, "%s", (v = api_json_str(&res, "list.0.kind")) ? v : "");
    api_res_free(&res);
    return total;
}

static long long
balance_of(const char *partner)
{
    char path[96], got[32];

    snprintf(path, sizeof(path), "/api/v1/partners/%s", partner);
    ck_assert_int_eq(
        call_status(owner_session(), "GET", path, NULL, "ledgerBalance", got, sizeof(got)), 200);
    return atoll(got);
}

START_TEST(a_qualified_lead_is_one_line_naming_it_and_the_balance_grows)
{
    char partner[25], lead[25], email[128], path[96];
    long long amount;
    char kind[32];
    struct api_res res;

    make_partner("Ledger Q", partner);
    set_billing(partner, "qualified_lead", "[{\"from\":\"2020-01\",\"to\":null,\"value\":15000}]");
    ck_assert_int_eq(ledger_of(partner, NULL, NULL, 0), 0);
    fresh_email("ledq", email, sizeof(email));
    make_lead(partner, email, "\"firstName\":\"Ada\",\"lastName\":\"Byron\",\"company\":\"Acme\"",
              lead);
    ck_assert_int_eq(ledger_of(partner, &amount, kind, sizeof(kind)), 1);
    ck_assert_int_eq(amount, 15000);
    ck_assert_str_eq(kind, "qualified_lead");
    snprintf(path, sizeof(path), "/api/v1/partners/%s/ledger", partner);
    client_call(owner_session(), "GET", path, NULL, &res);
    ck_assert_str_eq(api_json_str(&res, "list.0.lead"), lead);
    ck_assert_str_eq(api_json_str(&res, "list.0.currency"), "usd");
    ck_assert_ptr_nonnull(strstr(api_json_str(&res, "list.0.description"), email));
    ck_assert_ptr_nonnull(strstr(api_json_str(&res, "list.0.description"), "Ada Byron"));
    ck_assert_int_eq(strlen(api_json_str(&res, "list.0.period")), 7);
    api_res_free(&res);
    fresh_email("ledq", email, sizeof(email));
    make_lead(partner, email, NULL, lead);
    ck_assert_int_eq(ledger_of(partner, NULL, NULL, 0), 2);
    ck_assert_int_eq(balance_of(partner), 30000);
}
END_TEST

START_TEST(a_month_no_term_covers_and_a_zero_rate_bill_nothing)
{
    char partner[25], other[25], lead[25], email[128];

    make_partner("Ledger Zero", partner);
    set_billing(partner, "qualified_lead",
                "[{\"from\":\"2020-01\",\"to\":\"2020-12\",\"value\":15000}]");
    fresh_email("ledz", email, sizeof(email));
    make_lead(partner, email, NULL, lead);
    ck_assert_int_eq(ledger_of(partner, NULL, NULL, 0), 0);
    make_partner("Ledger Free", other);
    set_billing(other, "qualified_lead", "[{\"from\":\"2020-01\",\"to\":null,\"value\":0}]");
    fresh_email("ledz", email, sizeof(email));
    make_lead(other, email, NULL, lead);
    ck_assert_int_eq(ledger_of(other, NULL, NULL, 0), 0);
    ck_assert_int_eq(balance_of(other), 0);
}
END_TEST

START_TEST(a_won_lead_is_billed_once_and_undone_by_a_reversing_line)
{
    struct partner_user pu;
    char lead[25], kind[32];
    long long amount;

    fixture_partner_user(&pu, "user");
    set_billing(pu.partner, "closed_won_lead",
                "[{\"from\":\"2020-01\",\"to\":null,\"value\":20000}]");
    make_lead_in(&pu, "in_touch", lead);
    ck_assert_int_eq(ledger_of(pu.partner, NULL, NULL, 0), 0); /* created: not a won fact */
    ck_assert_int_eq(set_status(&pu.client, lead, "{\"status\":\"won\"}"), 200);
    ck_assert_int_eq(ledger_of(pu.partner, &amount, kind, sizeof(kind)), 1);
    ck_assert_int_eq(amount, 20000);
    ck_assert_str_eq(kind, "closed_won_lead");
    ck_assert_int_eq(set_status(&pu.client, lead, "{\"status\":\"won\"}"), 200); /* as it is */
    ck_assert_int_eq(ledger_of(pu.partner, NULL, NULL, 0), 1);
    ck_assert_int_eq(set_status(owner_session(), lead,
                                "{\"status\":\"in_touch\",\"reason\":\"won by mistake\"}"),
                     200);
    ck_assert_int_eq(ledger_of(pu.partner, &amount, kind, sizeof(kind)), 2);
    ck_assert_int_eq(amount, -20000);
    ck_assert_str_eq(kind, "closed_won_lead");
    ck_assert_int_eq(balance_of(pu.partner), 0);
    ck_assert_int_eq(set_status(&pu.client, lead, "{\"status\":\"won\"}"), 200);
    ck_assert_int_eq(ledger_of(pu.partner, &amount, NULL, 0), 3);
    ck_assert_int_eq(amount, 20000);
    ck_assert_int_eq(balance_of(pu.partner), 20000);
    client_free(&pu.client);
}
END_TEST

START_TEST(a_deal_share_needs_the_amount_at_the_win)
{
    struct partner_user pu;
    char lead[25], path[96];
    struct api_res res;
    long long amount;

    fixture_partner_user(&pu, "user");
    set_billing(pu.partner, "percentage_of_deal",
                "[{\"from\":\"2020-01\",\"to\":null,\"value\":1000}]");
    make_lead_in(&pu, "in_touch", lead);
    ck_assert_int_eq(set_status(&pu.client, lead, "{\"status\":\"won\"}"), 422);
    ck_assert_int_eq(ledger_of(pu.partner, NULL, NULL, 0), 0);
    ck_assert_int_eq(set_status(&pu.client, lead, "{\"status\":\"won\",\"dealAmount\":1234555}"),
                     200);
    ck_assert_int_eq(ledger_of(pu.partner, &amount, NULL, 0), 1);
    ck_assert_int_eq(amount, 123456); /* 10 % of $12,345.55, half up */
    snprintf(path, sizeof(path), "/api/v1/partners/%s/ledger", pu.partner);
    client_call(owner_session(), "GET", path, NULL, &res);
    ck_assert_str_eq(api_json_str(&res, "list.0.dealAmount"), "1234555");
    ck_assert_str_eq(api_json_str(&res, "list.0.rate"), "1000");
    api_res_free(&res);
    client_free(&pu.client);
}
END_TEST

static long
set_outcome(struct session_client *c, const char *meeting, const char *outcome)
{
    char path[96], body[64];

    snprintf(path, sizeof(path), "/api/v1/meetings/%s/outcome", meeting);
    snprintf(body, sizeof(body), "{\"outcome\":\"%s\"}", outcome);
    return call_status(c, "PATCH", path, body, NULL, NULL, 0);
}

START_TEST(a_held_meeting_is_billed_and_a_no_show_reverses_it)
{
    struct cast k;
    char email[128], lead[25], meeting[25], kind[32];
    long long amount;

    fixture_cast(&k);
    set_billing(k.partner_a, "meeting_held", "[{\"from\":\"2020-01\",\"to\":null,\"value\":5000}]");
    fresh_email("ledm", email, sizeof(email));
    make_lead(k.partner_a, email, NULL, lead);
    ck_assert_int_eq(log_meeting(&k.admin_a_c, lead, now_minute_ms() - 2 * HOUR, 30, NULL, meeting),
                     201);
    ck_assert_int_eq(ledger_of(k.partner_a, NULL, NULL, 0), 0);
    ck_assert_int_eq(set_outcome(&k.user_a_c, meeting, "held"), 200);
    ck_assert_int_eq(ledger_of(k.partner_a, &amount, kind, sizeof(kind)), 1);
    ck_assert_int_eq(amount, 5000);
    ck_assert_str_eq(kind, "meeting_held");
    ck_assert_int_eq(set_outcome(&k.user_a_c, meeting, "no_show"), 200);
    ck_assert_int_eq(ledger_of(k.partner_a, &amount, NULL, 0), 2);
    ck_assert_int_eq(amount, -5000);
    ck_assert_int_eq(set_outcome(&k.user_a_c, meeting, "held"), 200);
    ck_assert_int_eq(ledger_of(k.partner_a, &amount, NULL, 0), 3);
    ck_assert_int_eq(balance_of(k.partner_a), 5000);
    cast_release(&k);
}
END_TEST

START_TEST(an_assumed_outcome_is_billed_once_however_often_the_job_runs)
{
    struct cast k;
    char email[128], lead[25], meeting[25];
    long long n = -1;

    fixture_cast(&k);
    set_billing(k.partner_a, "meeting_held", "[{\"from\":\"2020-01\",\"to\":null,\"value\":7000}]");
    fresh_email("leda", email, sizeof(email));
    make_lead(k.partner_a, email, NULL, lead);
    ck_assert_int_eq(log_meeting(&k.admin_a_c, lead, now_minute_ms() - 2 * HOUR, 30, NULL, meeting),
                     201);
    ck_assert_int_eq(run_cron("assume-outcomes", 10 * DAY, "assumed", &n), 200);
    ck_assert_int_ge(n, 1);
    ck_assert_int_eq(run_cron("assume-outcomes", 11 * DAY, NULL, NULL), 200);
    ck_assert_int_eq(ledger_of(k.partner_a, NULL, NULL, 0), 1);
    ck_assert_int_eq(balance_of(k.partner_a), 7000);
    cast_release(&k);
}
END_TEST

START_TEST(the_ledger_is_read_by_staff_and_the_partners_admins)
{
    struct cast k;
    char path[256], sort[128];
    struct api_res res;

    fixture_cast(&k);
    snprintf(path, sizeof(path), "/api/v1/partners/%s/ledger", k.partner_a);
    client_call(&k.staff_c, "GET", path, NULL, &res);
    ck_assert_int_eq(api_status_free(&res), 200);
    client_call(&k.admin_a_c, "GET", path, NULL, &res);
    ck_assert_int_eq(api_status_free(&res), 200);
    client_call(&k.admin_b_c, "GET", path, NULL, &res);
    ck_assert_int_eq(api_status_free(&res), 404);
    client_call(&k.user_a_c, "GET", path, NULL, &res);
    ck_assert_int_eq(api_status_free(&res), 403);
    client_call(&k.anon, "GET", path, NULL, &res);
    ck_assert_int_eq(api_status_free(&res), 401);
    url_json("[{\"column\":\"amount\",\"direction\":\"asc\"}]", sort, sizeof(sort));
    snprintf(path, sizeof(path), "/api/v1/partners/%s/ledger?sort=%s", k.partner_a, sort);
    client_call(&k.staff_c, "GET", path, NULL, &res);
    ck_assert_int_eq(api_status_free(&res), 422); /* amount is not sortable */
    cast_release(&k);
}
END_TEST

Suite *
suite_billing(void)
{
    Suite *s = suite_create("billing");
    TCase *tc = tcase_create("ledger");

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, a_qualified_lead_is_one_line_naming_it_and_the_balance_grows);
    tcase_add_test(tc, a_month_no_term_covers_and_a_zero_rate_bill_nothing);
    tcase_add_test(tc, a_won_lead_is_billed_once_and_undone_by_a_reversing_line);
    tcase_add_test(tc, a_deal_share_needs_the_amount_at_the_win);
    tcase_add_test(tc, a_held_meeting_is_billed_and_a_no_show_reverses_it);
    tcase_add_test(tc, an_assumed_outcome_is_billed_once_however_often_the_job_runs);
    tcase_add_test(tc, the_ledger_is_read_by_staff_and_the_partners_admins);
    suite_add_tcase(s, tc);
    billing_invoices_case(s);
    billing_webhook_case(s);
    billing_returns_case(s);
    return s;
}
