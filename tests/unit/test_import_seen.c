/* test_import_seen.c - the set of e-mails met in a file: first occurrences, repeats, growth */
#include <stdio.h>
#include <string.h>

#include "import/import_seen.h"
#include "unit.h"

START_TEST(import_seen_reports_the_first_row_and_partner_of_a_repeat)
{
    struct import_seen *s = import_seen_new();
    char email[64], partner[25], want[25];
    long first = 0;

    ck_assert_ptr_nonnull(s);
    for (long i = 0; i < 5000; i++) { /* past several doublings of the table */
        snprintf(email, sizeof(email), "lead-%ld@test.local", i);
        snprintf(partner, sizeof(partner), "%024ld", i % 7);
        ck_assert(import_seen_add(s, email, i + 2, partner, &first, want));
    }
    for (long i = 0; i < 5000; i += 499) {
        snprintf(email, sizeof(email), "lead-%ld@test.local", i);
        ck_assert(!import_seen_add(s, email, 9999, "ffffffffffffffffffffffff", &first, partner));
        ck_assert_int_eq(first, i + 2);
        snprintf(want, sizeof(want), "%024ld", i % 7);
        ck_assert_str_eq(partner, want);
    }
    ck_assert(import_seen_add(s, "LEAD-1@test.local", 1, "", &first, partner)); /* as given */
    import_seen_free(s);
    import_seen_free(NULL);
}
END_TEST

Suite *
suite_import_seen(void)
{
    Suite *s = suite_create("import_seen");
    TCase *tc = tcase_create("import_seen");

    tcase_add_test(tc, import_seen_reports_the_first_row_and_partner_of_a_repeat);
    suite_add_tcase(s, tc);
    return s;
}
