/* test_utf8.c - UTF-8 validation (RFC 3629) and code point counting */
#include <string.h>

#include "core/utf8.h"
#include "unit.h"

static enum utf8_status
check(const char *s, size_t len, size_t *n)
{
    return utf8_check(s, len, n);
}

START_TEST(utf8_counts_code_points_not_bytes)
{
    size_t n = 99;

    ck_assert_int_eq(check("", 0, &n), UTF8_OK);
    ck_assert_uint_eq(n, 0);
    ck_assert_int_eq(check("abc", 3, &n), UTF8_OK);
    ck_assert_uint_eq(n, 3);
    ck_assert_int_eq(check("h\xc3\xa9llo", 6, &n), UTF8_OK); /* héllo */
    ck_assert_uint_eq(n, 5);
    ck_assert_int_eq(check("\xe2\x82\xac", 3, &n), UTF8_OK); /* € */
    ck_assert_uint_eq(n, 1);
    ck_assert_int_eq(check("\xf0\x9f\x98\x80!", 5, &n), UTF8_OK); /* 😀! */
    ck_assert_uint_eq(n, 2);
    ck_assert_int_eq(check("\xf4\x8f\xbf\xbf", 4, &n), UTF8_OK); /* U+10FFFF */
    ck_assert_uint_eq(n, 1);
    ck_assert_int_eq(check("\xed\x9f\xbf", 3, &n), UTF8_OK); /* U+D7FF, just below surrogates */
    ck_assert_int_eq(check("abc", 3, NULL), UTF8_OK);
}
END_TEST

START_TEST(utf8_rejects_malformed_overlong_surrogates_and_nul)
{
    static const char *const bad[] = {
        "\x80",             /* lone continuation */
        "\xc3",             /* truncated */
        "\xc3(",            /* bad continuation */
        "\xc0\xaf",         /* overlong '/' */
        "\xc1\xbf",         /* overlong */
        "\xe0\x80\xaf",     /* overlong 3-byte */
        "\xed\xa0\x80",     /* U+D800 surrogate */
        "\xed\xbf\xbf",     /* U+DFFF surrogate */
        "\xf0\x80\x80\xaf", /* overlong 4-byte */
        "\xf4\x90\x80\x80", /* U+110000 */
        "\xf5\x80\x80\x80",
        "\xff",
        "\xe2\x82", /* truncated euro */
        "ok\xe2\x82",
    };

    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        ck_assert_msg(check(bad[i], strlen(bad[i]), NULL) == UTF8_INVALID, "case %zu", i);
    ck_assert_int_eq(check("a\0b", 3, NULL), UTF8_NUL);
    ck_assert_int_eq(check("\xe2\x82\xac\0", 4, NULL), UTF8_NUL);
    ck_assert_int_eq(check("\xe2\x82", 2, NULL), UTF8_INVALID); /* len cuts the sequence */
}
END_TEST

Suite *
suite_utf8(void)
{
    Suite *s = suite_create("utf8");
    TCase *tc = tcase_create("utf8");

    tcase_add_test(tc, utf8_counts_code_points_not_bytes);
    tcase_add_test(tc, utf8_rejects_malformed_overlong_surrogates_and_nul);
    suite_add_tcase(s, tc);
    return s;
}
