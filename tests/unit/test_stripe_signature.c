/* test_stripe_signature.c - Stripe-Signature (lib/http/stripe_signature.c, integrations.md
 * §D.4): the documented vector, any of several v1, the 300 s tolerance both ways, a wrong
 * secret, a tampered body, malformed headers */
#include <string.h>

#include "http/stripe_signature.h"
#include "unit.h"

#define SECRET "whsec_test_secret"
#define BODY "{\"id\":\"evt_test\",\"object\":\"event\",\"type\":\"invoice.paid\"}"
#define SIG "02b5890a3376a18a176fde670ba47bc920bc30c6ae0deb7adf58049a4ead9aff"
#define T 1700000000LL
#define ZERO "0000000000000000000000000000000000000000000000000000000000000000"

static bool
check(const char *secret, const char *header, const char *body, int64_t now)
{
    struct err err = ERR_INIT;
    bool ok = stripe_signature_check(secret, header, body, strlen(body), now, &err);

    ck_assert(ok || err_is(&err, ERR_UNAUTHENTICATED));
    return ok;
}

START_TEST(the_documented_vector)
{
    char out[STRIPE_SIG_HEX_CAP];

    stripe_signature_v1(SECRET, "1700000000", BODY, strlen(BODY), out);
    ck_assert_str_eq(out, SIG);
    ck_assert(check(SECRET, "t=1700000000,v1=" SIG, BODY, T));
}
END_TEST

START_TEST(any_v1_may_match_and_v0_is_ignored)
{
    ck_assert(check(SECRET, "t=1700000000,v1=" SIG ",v0=abc", BODY, T));
    ck_assert(check(SECRET, "v0=abc,t=1700000000,v1=ffff,v1=" SIG, BODY, T));
    ck_assert(check(SECRET, "t=1700000000,v1=" SIG ",v1=" ZERO, BODY, T));
    ck_assert(!check(SECRET, "t=1700000000,v1=" ZERO, BODY, T));
    ck_assert(!check(SECRET, "t=1700000000,v0=" SIG, BODY, T));
    ck_assert(!check(SECRET, "t=1700000000,v1=" SIG "0", BODY, T)); /* one digit more */
}
END_TEST

START_TEST(the_timestamp_tolerance_is_300_seconds_either_way)
{
    ck_assert(check(SECRET, "t=1700000000,v1=" SIG, BODY, T + 300));
    ck_assert(!check(SECRET, "t=1700000000,v1=" SIG, BODY, T + 301));
    ck_assert(check(SECRET, "t=1700000000,v1=" SIG, BODY, T - 300));
    ck_assert(!check(SECRET, "t=1700000000,v1=" SIG, BODY, T - 301));
}
END_TEST

START_TEST(a_wrong_secret_or_a_tampered_body_is_refused)
{
    ck_assert(!check("whsec_other_secret", "t=1700000000,v1=" SIG, BODY, T));
    ck_assert(!check(SECRET, "t=1700000000,v1=" SIG, BODY " ", T));
    ck_assert(!check(SECRET, "t=1700000001,v1=" SIG, BODY, T)); /* the timestamp is signed */
}
END_TEST

START_TEST(malformed_headers_are_refused)
{
    ck_assert(!check(SECRET, NULL, BODY, T));
    ck_assert(!check(SECRET, "", BODY, T));
    ck_assert(!check(SECRET, "v1=" SIG, BODY, T));
    ck_assert(!check(SECRET, "t=17e8,v1=" SIG, BODY, T));
    ck_assert(!check(SECRET, "t=,v1=" SIG, BODY, T));
    ck_assert(!check(SECRET, "t=1700000000", BODY, T));
    ck_assert(!check(SECRET, "t=1700000000,v1=", BODY, T));
    ck_assert(!check("", "t=1700000000,v1=" SIG, BODY, T));
}
END_TEST

Suite *
suite_stripe_signature(void)
{
    Suite *s = suite_create("stripe_signature");
    TCase *tc = tcase_create("stripe_signature");

    tcase_add_test(tc, the_documented_vector);
    tcase_add_test(tc, any_v1_may_match_and_v0_is_ignored);
    tcase_add_test(tc, the_timestamp_tolerance_is_300_seconds_either_way);
    tcase_add_test(tc, a_wrong_secret_or_a_tampered_body_is_refused);
    tcase_add_test(tc, malformed_headers_are_refused);
    suite_add_tcase(s, tc);
    return s;
}
