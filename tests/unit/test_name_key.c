/* test_name_key.c - the comparison key of names: trimmed, spaces collapsed, ASCII lower-cased */
#include "core/name_key.h"
#include "unit.h"

START_TEST(name_key_trims_collapses_and_lowers)
{
    char out[32];

    ck_assert(name_key("  Acme\t  GmbH \n", out, sizeof(out)));
    ck_assert_str_eq(out, "acme gmbh");
    ck_assert(name_key("ÜBER Co", out, sizeof(out)));
    ck_assert_str_eq(out, "Über co"); /* ASCII only: Ü stays */
    ck_assert(!name_key(" \t ", out, sizeof(out)));
    ck_assert_str_eq(out, "");
    ck_assert(!name_key("abcdef", out, 6)); /* 6 bytes do not hold "abcdef" and its NUL */
    ck_assert_str_eq(out, "");
    ck_assert(name_key("abcde", out, 6));
}
END_TEST

Suite *
suite_name_key(void)
{
    Suite *s = suite_create("name_key");
    TCase *tc = tcase_create("key");

    tcase_add_test(tc, name_key_trims_collapses_and_lowers);
    suite_add_tcase(s, tc);
    return s;
}
