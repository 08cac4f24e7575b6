/* test_export_csv.c - the CSV cells of the lead export: quoting, formula neutralising */
#include <string.h>

#include "domain/lead_export.h"
#include "unit.h"

static void
assert_cell(const char *in, const char *want)
{
    char out[64];
    size_t len = 0;

    ck_assert(lead_export_csv_cell(in, out, &len, sizeof(out)));
    out[len] = '\0';
    ck_assert_str_eq(out, want);
}

START_TEST(cells_are_quoted_and_formulas_neutralised)
{
    char small[4];
    size_t len = 0;

    assert_cell("Acme", "Acme");
    assert_cell("", "");
    assert_cell("a,b", "\"a,b\"");
    assert_cell("say \"hi\"", "\"say \"\"hi\"\"\"");
    assert_cell("two\nlines", "\"two\nlines\"");
    assert_cell("=1+1", "\"'=1+1\"");
    assert_cell("+49 30", "\"'+49 30\"");
    assert_cell("-2", "\"'-2\"");
    assert_cell("@SUM(A1)", "\"'@SUM(A1)\"");
    assert_cell("\tx", "\"'\tx\"");
    assert_cell("\rx", "\"'\rx\"");
    assert_cell("a=b", "a=b"); /* only the first character counts */
    ck_assert(!lead_export_csv_cell("too long", small, &len, sizeof(small)));
    ck_assert_uint_eq(len, 0); /* nothing half written */
}
END_TEST

Suite *
suite_export_csv(void)
{
    Suite *s = suite_create("export_csv");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, cells_are_quoted_and_formulas_neutralised);
    suite_add_tcase(s, tc);
    return s;
}
