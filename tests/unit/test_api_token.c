/* test_api_token.c - the pure parts of the partner API (suite api_token): the token format
 * checked before any database read and the Idempotency-Key syntax (the rest: API suite
 * partner_api) */
#include <string.h>

#include "auth/api_token.h"
#include "auth/idempotency.h"
#include "unit.h"

START_TEST(a_new_token_has_the_format_the_check_accepts)
{
    char t[TOKEN_CAP];

    for (int i = 0; i < 50; i++) {
        ck_assert(token_new(API_TOKEN_PREFIX, t));
        ck_assert_int_eq(strlen(t), API_TOKEN_LEN);
        ck_assert(api_token_looks_valid(t));
    }
}
END_TEST

START_TEST(a_malformed_token_is_refused_before_any_lookup)
{
    char t[TOKEN_CAP];

    ck_assert(token_new(API_TOKEN_PREFIX, t));
    ck_assert(!api_token_looks_valid(NULL));
    ck_assert(!api_token_looks_valid(""));
    ck_assert(!api_token_looks_valid("pc_"));
    t[10] = '=';
    ck_assert(!api_token_looks_valid(t)); /* not base64url */
    ck_assert(token_new("pcm_", t));
    ck_assert(!api_token_looks_valid(t)); /* a magic-link token is no API token */
    ck_assert(token_new(API_TOKEN_PREFIX, t));
    t[API_TOKEN_LEN - 1] = '\0';
    ck_assert(!api_token_looks_valid(t)); /* one character short */
    ck_assert(!api_token_looks_valid("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl"));
}
END_TEST

START_TEST(an_idempotency_key_is_visible_ascii_up_to_255)
{
    char long_key[300];

    ck_assert(idem_key_valid("order-42"));
    ck_assert(idem_key_valid("550e8400-e29b-41d4-a716-446655440000"));
    ck_assert(!idem_key_valid(NULL));
    ck_assert(!idem_key_valid(""));
    ck_assert(!idem_key_valid("with space"));
    ck_assert(!idem_key_valid("tab\there"));
    ck_assert(!idem_key_valid("caf\xc3\xa9"));
    memset(long_key, 'k', 255);
    long_key[255] = '\0';
    ck_assert(idem_key_valid(long_key));
    long_key[255] = 'k';
    long_key[256] = '\0';
    ck_assert(!idem_key_valid(long_key));
}
END_TEST

Suite *
suite_api_token(void)
{
    Suite *s = suite_create("api_token");
    TCase *tc = tcase_create("format");

    tcase_add_test(tc, a_new_token_has_the_format_the_check_accepts);
    tcase_add_test(tc, a_malformed_token_is_refused_before_any_lookup);
    tcase_add_test(tc, an_idempotency_key_is_visible_ascii_up_to_255);
    suite_add_tcase(s, tc);
    return s;
}
