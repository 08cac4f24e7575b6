/* test_stripe_client.c - Stripe's retry rules (lib/http/stripe_client.c, integrations.md §D.1):
 * Stripe-Should-Retry obeyed either way, otherwise transport failures, 409 and 5xx retried,
 * backoff doubling from 0.5 s to 5 s with 50-100 % jitter and never under 0.5 s, a Retry-After
 * of up to 60 s respected, STRIPE_TRIES in all */
#include "http/stripe_client.h"
#include "unit.h"

START_TEST(successes_and_refusals_are_not_retried)
{
    ck_assert_int_eq(stripe_wait_ms(200, -1, -1, 1, 0.5), -1);
    ck_assert_int_eq(stripe_wait_ms(400, -1, -1, 1, 0.5), -1);
    ck_assert_int_eq(stripe_wait_ms(401, -1, -1, 1, 0.5), -1);
    ck_assert_int_eq(stripe_wait_ms(404, -1, -1, 1, 0.5), -1);
    ck_assert_int_eq(stripe_wait_ms(429, -1, 2, 1, 0.5), -1); /* Stripe's clients: not alone */
}
END_TEST

START_TEST(conflicts_server_errors_and_transport_failures_are_retried)
{
    ck_assert_int_ge(stripe_wait_ms(409, -1, -1, 1, 0.5), 500);
    ck_assert_int_ge(stripe_wait_ms(500, -1, -1, 1, 0.5), 500);
    ck_assert_int_ge(stripe_wait_ms(503, -1, -1, 2, 0.5), 500);
    ck_assert_int_ge(stripe_wait_ms(0, -1, -1, 1, 0.5), 500);
}
END_TEST

START_TEST(the_should_retry_header_decides_when_sent)
{
    ck_assert_int_eq(stripe_wait_ms(500, 0, -1, 1, 0.5), -1);
    ck_assert_int_eq(stripe_wait_ms(409, 0, -1, 1, 0.5), -1);
    ck_assert_int_ge(stripe_wait_ms(429, 1, -1, 1, 0.5), 500);
    ck_assert_int_ge(stripe_wait_ms(400, 1, -1, 1, 0.5), 500);
    ck_assert_int_eq(stripe_wait_ms(200, 1, -1, 1, 0.5), -1);
}
END_TEST

START_TEST(backoff_doubles_with_jitter_within_bounds)
{
    /* try n waits 50-100 % of min(0.5 s x 2^(n-1), 5 s), never under 0.5 s */
    ck_assert_int_eq(stripe_wait_ms(500, -1, -1, 1, 0.0), 500);
    ck_assert_int_eq(stripe_wait_ms(500, -1, -1, 1, 0.99), 500);
    ck_assert_int_eq(stripe_wait_ms(500, -1, -1, 2, 0.0), 500);
    ck_assert_int_eq(stripe_wait_ms(500, -1, -1, 2, 0.5), 750);
    ck_assert_int_eq(stripe_wait_ms(500, -1, -1, 3, 0.0), 1000);
    ck_assert_int_le(stripe_wait_ms(500, -1, -1, 3, 0.999), 2000);
    ck_assert_int_gt(stripe_wait_ms(500, -1, -1, 3, 0.999), 1900);
    ck_assert_int_eq(stripe_wait_ms(500, -1, -1, STRIPE_TRIES, 0.5), -1); /* used up */
}
END_TEST

START_TEST(retry_after_is_a_floor_up_to_a_minute)
{
    ck_assert_int_eq(stripe_wait_ms(503, -1, 3, 1, 0.5), 3000);
    ck_assert_int_eq(stripe_wait_ms(429, 1, 60, 1, 0.5), 60000);
    ck_assert_int_eq(stripe_wait_ms(503, -1, 61, 1, 0.0), 500); /* beyond a minute: ignored */
    ck_assert_int_eq(stripe_wait_ms(503, -1, 0, 2, 0.5), 750);
}
END_TEST

START_TEST(a_post_without_an_idempotency_key_is_refused_before_any_call)
{
    struct stripe_client c = {.base_url = "http://127.0.0.1:9", .secret_key = "sk_test_x"};
    struct err err = ERR_INIT;

    ck_assert_ptr_null(stripe_post(&c, "/v1/customers", NULL, NULL, &err));
    ck_assert(err_is(&err, ERR_INTERNAL));
    ck_assert_int_eq(c.calls, 0);
}
END_TEST

Suite *
suite_stripe_client(void)
{
    Suite *s = suite_create("stripe_client");
    TCase *tc = tcase_create("retries");

    tcase_add_test(tc, successes_and_refusals_are_not_retried);
    tcase_add_test(tc, conflicts_server_errors_and_transport_failures_are_retried);
    tcase_add_test(tc, the_should_retry_header_decides_when_sent);
    tcase_add_test(tc, backoff_doubles_with_jitter_within_bounds);
    tcase_add_test(tc, retry_after_is_a_floor_up_to_a_minute);
    tcase_add_test(tc, a_post_without_an_idempotency_key_is_refused_before_any_call);
    suite_add_tcase(s, tc);
    return s;
}
