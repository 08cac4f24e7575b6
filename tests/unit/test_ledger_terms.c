/* test_ledger_terms.c - the billing arithmetic (lib/domain/ledger_terms.c, DESIGN §7.11): each
 * type across its terms' boundaries (the month of the fact picks the term, also across a year),
 * a lead won after the month it was created in, a deal share rounded half up, a month no term
 * covers (nothing billed, so no invoice) */
#include <string.h>

#include "domain/ledger_terms.h"
#include "unit.h"

/* 2026-06-30T23:59:59.999Z and the millisecond after it */
#define JUNE_END 1782863999999LL
#define JULY_START 1782864000000LL
/* 2025-12-31T23:59:59.999Z and the millisecond after it */
#define YEAR_END 1767225599999LL
#define YEAR_START 1767225600000LL
#define DAY_MS 86400000LL

static bson_t *
billing(const char *json)
{
    bson_error_t error;
    bson_t *b = bson_new_from_json((const uint8_t *)json, -1, &error);

    ck_assert_msg(b != NULL, "%s", error.message);
    return b;
}

START_TEST(periods_are_utc_months)
{
    char p[LEDGER_PERIOD_CAP];

    ck_assert_int_eq(ledger_period(JUNE_END, p), 2026 * 12 + 5);
    ck_assert_str_eq(p, "2026-06");
    ck_assert_int_eq(ledger_period(JULY_START, p), 2026 * 12 + 6);
    ck_assert_str_eq(p, "2026-07");
    ledger_period(YEAR_END, p);
    ck_assert_str_eq(p, "2025-12");
    ledger_period(YEAR_START, p);
    ck_assert_str_eq(p, "2026-01");
    ck_assert_int_eq(ledger_month_index("2026-07"), 2026 * 12 + 6);
    ck_assert_int_eq(ledger_month_index("2026-13"), -1);
    ck_assert_int_eq(ledger_month_index("2026-7"), -1);
    ck_assert_int_eq(ledger_month_index("2026-07x"), -1);
    ck_assert_int_eq(ledger_month_index(NULL), -1);
}
END_TEST

START_TEST(qualified_leads_take_the_term_of_their_month)
{
    bson_t *b = billing("{\"billingType\":\"qualified_lead\",\"billingTerms\":["
                        "{\"from\":\"2026-01\",\"to\":\"2026-06\",\"value\":15000},"
                        "{\"from\":\"2026-07\",\"to\":null,\"value\":20000}]}");

    ck_assert_int_eq(ledger_fact_cents(b, BILLING_QUALIFIED, JUNE_END, 0), 15000);
    ck_assert_int_eq(ledger_fact_cents(b, BILLING_QUALIFIED, JULY_START, 0), 20000);
    ck_assert_int_eq(ledger_fact_cents(b, BILLING_QUALIFIED, JULY_START + 900 * DAY_MS, 0), 20000);
    /* before the first term: a zero month, nothing to bill and so no invoice */
    ck_assert_int_eq(ledger_fact_cents(b, BILLING_QUALIFIED, YEAR_END, 0), 0);
    /* a fact of another type is not this partner's to bill */
    ck_assert_int_eq(ledger_fact_cents(b, BILLING_WON, JUNE_END, 0), 0);
    ck_assert_int_eq(ledger_fact_cents(NULL, BILLING_QUALIFIED, JUNE_END, 0), 0);
    bson_destroy(b);
}
END_TEST

START_TEST(a_won_lead_is_priced_in_the_month_it_is_won)
{
    bson_t *b = billing("{\"billingType\":\"closed_won_lead\",\"billingTerms\":["
                        "{\"from\":\"2026-01\",\"to\":\"2026-02\",\"value\":10000},"
                        "{\"from\":\"2026-03\",\"to\":\"2026-06\",\"value\":12000}]}");
    /* created 2026-01-15, won 2026-03-02: the March term, not January's */
    int64_t won_at = YEAR_START + 60 * DAY_MS;
    char p[LEDGER_PERIOD_CAP];

    ledger_period(won_at, p);
    ck_assert_str_eq(p, "2026-03");
    ck_assert_int_eq(ledger_fact_cents(b, BILLING_WON, won_at, 0), 12000);
    ck_assert_int_eq(ledger_fact_cents(b, BILLING_WON, YEAR_START + 14 * DAY_MS, 0), 10000);
    ck_assert_int_eq(ledger_fact_cents(b, BILLING_WON, JUNE_END, 0), 12000);
    /* won after the last term ended: not billed */
    ck_assert_int_eq(ledger_fact_cents(b, BILLING_WON, JULY_START, 0), 0);
    bson_destroy(b);
}
END_TEST

START_TEST(a_deal_share_is_basis_points_rounded_half_up)
{
    bson_t *b = billing("{\"billingType\":\"percentage_of_deal\",\"billingTerms\":["
                        "{\"from\":\"2026-01\",\"to\":\"2026-06\",\"value\":1000},"
                        "{\"from\":\"2026-07\",\"to\":null,\"value\":1250}]}");

    ck_assert_int_eq(ledger_fact_cents(b, BILLING_PERCENT, JUNE_END, 123455), 12346);
    ck_assert_int_eq(ledger_fact_cents(b, BILLING_PERCENT, JUNE_END, 123454), 12345);
    ck_assert_int_eq(ledger_fact_cents(b, BILLING_PERCENT, JULY_START, 1000000), 125000);
    /* no deal amount bills nothing (the win itself refuses a missing amount: 422) */
    ck_assert_int_eq(ledger_fact_cents(b, BILLING_PERCENT, JUNE_END, 0), 0);
    ck_assert_int_eq(ledger_charge(BILLING_PERCENT, 10000, 9007199254740991LL / 10000),
                     900719925474LL);
    ck_assert_int_eq(ledger_charge(BILLING_PERCENT, 10000, INT64_MAX), 0); /* no overflow */
    ck_assert_int_eq(ledger_charge(BILLING_PERCENT, 1000, -5), 0);
    bson_destroy(b);
}
END_TEST

START_TEST(meetings_held_take_terms_that_span_a_year)
{
    bson_t *b = billing("{\"billingType\":\"meeting_held\",\"billingTerms\":["
                        "{\"from\":\"2025-11\",\"to\":\"2026-01\",\"value\":5000},"
                        "{\"from\":\"2026-02\",\"to\":null,\"value\":0}]}");

    ck_assert_int_eq(ledger_fact_cents(b, BILLING_HELD, YEAR_END, 0), 5000);
    ck_assert_int_eq(ledger_fact_cents(b, BILLING_HELD, YEAR_START, 0), 5000);
    ck_assert_int_eq(ledger_fact_cents(b, BILLING_HELD, YEAR_START + 31 * DAY_MS, 0), 0);
    ck_assert_int_eq(ledger_fact_cents(b, BILLING_HELD, YEAR_START - 70 * DAY_MS, 0), 0);
    bson_destroy(b);
}
END_TEST

START_TEST(malformed_terms_cover_nothing)
{
    bson_t *b = billing("{\"billingType\":\"qualified_lead\",\"billingTerms\":["
                        "{\"from\":\"2026-13\",\"to\":null,\"value\":1},"
                        "{\"from\":\"2026-01\",\"to\":\"bad\",\"value\":2},"
                        "{\"from\":\"2026-01\",\"to\":null,\"value\":\"3\"}, 7]}");
    int64_t v = -1;

    ck_assert(!ledger_term_value(b, ledger_month_index("2026-03"), &v));
    ck_assert_int_eq(v, -1);
    ck_assert_int_eq(ledger_charge("unknown_type", 100, 0), 0);
    ck_assert_int_eq(ledger_charge(BILLING_QUALIFIED, -1, 0), 0);
    bson_destroy(b);
}
END_TEST

Suite *
suite_ledger_terms(void)
{
    Suite *s = suite_create("ledger_terms");
    TCase *tc = tcase_create("ledger_terms");

    tcase_add_test(tc, periods_are_utc_months);
    tcase_add_test(tc, qualified_leads_take_the_term_of_their_month);
    tcase_add_test(tc, a_won_lead_is_priced_in_the_month_it_is_won);
    tcase_add_test(tc, a_deal_share_is_basis_points_rounded_half_up);
    tcase_add_test(tc, meetings_held_take_terms_that_span_a_year);
    tcase_add_test(tc, malformed_terms_cover_nothing);
    suite_add_tcase(s, tc);
    return s;
}
