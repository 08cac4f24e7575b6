/* test_import_csv.c - the CSV reader: BOM, delimiters, quoting, CRLF/LF, blank lines, malformed
 * quotes, invalid UTF-8 passed through, width limit, stopping */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import/import_csv.h"
#include "import_rows.h"
#include "unit.h"

/* read text and compare the rows with want */
static void
expect_rows(const char *text, const char *want)
{
    struct rows r = {0};
    struct err err = ERR_INIT;

    ck_assert(import_csv_read(text, strlen(text), rows_collect, &r, &err));
    ck_assert_str_eq(rows_text(&r), want);
    rows_free(&r);
}

START_TEST(csv_bom_comma_and_crlf)
{
    expect_rows("\xef\xbb\xbf"
                "Email,First Name\r\na@b.test,Ann\r\nc@d.test,  Bob  \r\n",
                "1: Email|First Name\n2: a@b.test|Ann\n3: c@d.test|Bob");
    expect_rows("email,name\na@b.test,Ann", "1: email|name\n2: a@b.test|Ann"); /* no final LF */
}
END_TEST

START_TEST(csv_semicolons_are_detected_from_the_header_line)
{
    ck_assert_int_eq(import_csv_delimiter("a;b;c\nx,y,z,w,v\n", 16), ';');
    ck_assert_int_eq(import_csv_delimiter("a,b;c\n", 6), ',');
    ck_assert_int_eq(import_csv_delimiter("\"a;b;c\",d\n", 10), ','); /* inside quotes */
    ck_assert_int_eq(import_csv_delimiter("\xef\xbb\xbf"
                                          "a;b",
                                          6),
                     ';');
    expect_rows("email;company;size\r\nx@y.test;\"Acme, Inc; Ltd\";11-50\r\n",
                "1: email|company|size\n2: x@y.test|Acme, Inc; Ltd|11-50");
}
END_TEST

START_TEST(csv_quoted_fields_keep_newlines_quotes_and_spaces)
{
    expect_rows("email,note\r\n\"a@b.test\",\"line 1\r\nline 2 \"\"quoted\"\" \"\r\nc@d.test,x\r\n",
                "1: email|note\n2: a@b.test|line 1\r\nline 2 \"quoted\" \n3: c@d.test|x");
    expect_rows("a,b\n\"\",\"\n\"\n", "1: a|b\n2: |\n");
}
END_TEST

START_TEST(csv_blank_lines_keep_the_row_numbers_of_the_file)
{
    expect_rows("email\n\na@b.test\r\n\r\nc@d.test\n",
                "1: email\n2:\n3: a@b.test\n4:\n5: c@d.test");
}
END_TEST

START_TEST(csv_malformed_quotes_are_reported_per_row_and_reading_goes_on)
{
    expect_rows("email,name\na@b.test,\"Ann\"x\nc@d.test,O\"Brien\ne@f.test,ok\n",
                "1: email|name\n"
                "2! has a malformed quoted field (a quote inside a field must be doubled and the "
                "field quoted)\n"
                "3! has a malformed quoted field (a quote inside a field must be doubled and the "
                "field quoted)\n"
                "4: e@f.test|ok");
    expect_rows("email,name\na@b.test,ok\nc@d.test,\"never closed\nmore\n",
                "1: email|name\n2: a@b.test|ok\n3! has a quoted field that is never closed");
}
END_TEST

START_TEST(csv_bytes_are_passed_as_they_are)
{
    struct rows r = {0};
    struct err err = ERR_INIT;
    static const char text[] = "email,name\nbad@x.test,\xff\xfe\xc3\n";

    ck_assert(import_csv_read(text, sizeof(text) - 1, rows_collect, &r, &err));
    ck_assert_str_eq(rows_text(&r), "1: email|name\n2: bad@x.test|\xff\xfe\xc3");
    rows_free(&r);
}
END_TEST

START_TEST(csv_rows_wider_than_the_limit_are_flagged)
{
    char *text = malloc(2 * 300 + 16);
    size_t n = 0;
    struct rows r = {0};
    struct err err = ERR_INIT;

    for (int i = 0; i < 300; i++)
        n += (size_t)sprintf(text + n, "%sx", i ? "," : "");
    text[n++] = '\n';
    ck_assert(import_csv_read(text, n, rows_collect, &r, &err));
    const char *got = rows_text(&r);
    ck_assert(strstr(got, " (too wide)") != NULL);
    ck_assert_uint_eq(strlen(got), strlen("1: ") + 256 * 2 - 1 + strlen(" (too wide)"));
    rows_free(&r);
    free(text);
}
END_TEST

START_TEST(csv_reading_stops_when_the_callback_says_so)
{
    static const char text[] = "a\n1\n2\n3\n4\n";
    struct rows r = {.stop_after = 2};
    struct err err = ERR_INIT;

    ck_assert(!import_csv_read(text, sizeof(text) - 1, rows_collect, &r, &err));
    ck_assert_ptr_null(err.code);
    ck_assert_str_eq(rows_text(&r), "1: a\n2: 1");
    rows_free(&r);
}
END_TEST

/* "email,notes\nx@y.test,<fill x n><tail>" (caller frees) */
static char *
csv_with_field(const char *fill, size_t n, const char *tail)
{
    size_t fl = strlen(fill), tl = strlen(tail);
    char *s = malloc(32 + fl * n + tl);
    size_t used = (size_t)sprintf(s, "email,notes\nx@y.test,");

    for (size_t i = 0; i < n; i++, used += fl)
        memcpy(s + used, fill, fl);
    memcpy(s + used, tail, tl + 1);
    return s;
}

/* 32767 characters (here two bytes each) are a field, one more refuses the file at once, also
 * inside a quoted field that never ends */
START_TEST(csv_a_field_holds_at_most_32767_characters)
{
    char *ok = csv_with_field("\xc3\xa9", 32767, "\n");
    char *over = csv_with_field("a", 32768, ",b\nlast@y.test,c\n");
    char *open_quote = csv_with_field("\"", 1, "");
    struct rows r = {0};
    struct err err = ERR_INIT;

    ck_assert(import_csv_read(ok, strlen(ok), rows_collect, &r, &err));
    ck_assert_int_eq(json_object_array_length(r.list), 2);
    rows_free(&r);
    ck_assert(!import_csv_read(over, strlen(over), rows_collect, &r, &err));
    ck_assert_str_eq(err.code, "validation_failed");
    ck_assert_str_eq(err.details[0].field, "file");
    ck_assert_str_eq(err.details[0].problem,
                     "has a field over the limit of 32767 characters (row 2, column 2)");
    ck_assert_int_eq(json_object_array_length(r.list), 1); /* the header only */
    rows_free(&r);
    err_reset(&err);
    open_quote = realloc(open_quote, strlen(open_quote) + (4u << 20) + 1);
    memset(open_quote + strlen(open_quote), 'q', 4u << 20);
    open_quote[strlen("email,notes\nx@y.test,\"") + (4u << 20)] = '\0';
    ck_assert(!import_csv_read(open_quote, strlen(open_quote), rows_collect, &r, &err));
    ck_assert_str_eq(err.details[0].problem,
                     "has a field over the limit of 32767 characters (row 2, column 2)");
    rows_free(&r);
    free(ok);
    free(over);
    free(open_quote);
}
END_TEST

Suite *
suite_import_csv(void)
{
    Suite *s = suite_create("import_csv");
    TCase *tc = tcase_create("import_csv");

    tcase_add_test(tc, csv_bom_comma_and_crlf);
    tcase_add_test(tc, csv_semicolons_are_detected_from_the_header_line);
    tcase_add_test(tc, csv_quoted_fields_keep_newlines_quotes_and_spaces);
    tcase_add_test(tc, csv_blank_lines_keep_the_row_numbers_of_the_file);
    tcase_add_test(tc, csv_malformed_quotes_are_reported_per_row_and_reading_goes_on);
    tcase_add_test(tc, csv_bytes_are_passed_as_they_are);
    tcase_add_test(tc, csv_rows_wider_than_the_limit_are_flagged);
    tcase_add_test(tc, csv_reading_stops_when_the_callback_says_so);
    tcase_add_test(tc, csv_a_field_holds_at_most_32767_characters);
    suite_add_tcase(s, tc);
    return s;
}
