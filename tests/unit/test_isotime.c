/* test_isotime.c - ISO 8601 formatting and strict parsing, leap years, offsets, ranges */
#include <string.h>

#include "core/isotime.h"
#include "unit.h"

static void
assert_format(int64_t ms, const char *want)
{
    char buf[ISOTIME_LEN + 1];

    ck_assert_msg(isotime_format(ms, buf, sizeof(buf)), "format %lld", (long long)ms);
    ck_assert_str_eq(buf, want);
}

static int64_t
parse_ok(const char *s)
{
    int64_t ms = 42;

    ck_assert_msg(isotime_parse(s, strlen(s), &ms), "should parse: %s", s);
    return ms;
}

START_TEST(isotime_formats_utc_with_milliseconds)
{
    assert_format(0, "1970-01-01T00:00:00.000Z");
    assert_format(1795501373000LL, "2026-11-24T06:22:53.000Z");
    assert_format(1795501373123LL, "2026-11-24T06:22:53.123Z");
    assert_format(-1, "1969-12-31T23:59:59.999Z");
    assert_format(1709164800000LL, "2024-02-29T00:00:00.000Z");
    assert_format(-2203891200000LL, "1900-03-01T00:00:00.000Z");
    assert_format(ISOTIME_MIN_MS, "0000-01-01T00:00:00.000Z");
    assert_format(ISOTIME_MAX_MS, "9999-12-31T23:59:59.999Z");
}
END_TEST

START_TEST(isotime_format_refuses_out_of_range_and_small_buffers)
{
    char buf[ISOTIME_LEN + 1] = "x";

    ck_assert(!isotime_format(ISOTIME_MIN_MS - 1, buf, sizeof(buf)));
    ck_assert_str_eq(buf, "");
    ck_assert(!isotime_format(ISOTIME_MAX_MS + 1, buf, sizeof(buf)));
    ck_assert(!isotime_format(INT64_MIN, buf, sizeof(buf)));
    ck_assert(!isotime_format(0, buf, ISOTIME_LEN)); /* no room for the NUL */
}
END_TEST

START_TEST(isotime_parses_every_accepted_form)
{
    ck_assert_int_eq(parse_ok("2026-11-24T06:22:53Z"), 1795501373000LL);
    ck_assert_int_eq(parse_ok("2026-11-24T06:22:53.123Z"), 1795501373123LL);
    ck_assert_int_eq(parse_ok("2026-11-24T06:22:53.1Z"), 1795501373100LL);
    ck_assert_int_eq(parse_ok("2026-11-24T06:22:53.12Z"), 1795501373120LL);
    ck_assert_int_eq(parse_ok("2026-11-24T06:22:53.123999999Z"), 1795501373123LL);
    ck_assert_int_eq(parse_ok("2026-11-24T06:22:53+02:00"), 1795494173000LL);
    ck_assert_int_eq(parse_ok("2026-11-24T06:22:53-05:30"), 1795521173000LL);
    ck_assert_int_eq(parse_ok("2026-11-24T06:22:53.123+00:00"), 1795501373123LL);
    ck_assert_int_eq(parse_ok("2026-11-24T06:22:53-00:00"), 1795501373000LL);
    ck_assert_int_eq(parse_ok("2026-11-24"), 1795478400000LL);
    ck_assert_int_eq(parse_ok("1970-01-01"), 0);
    ck_assert_int_eq(parse_ok("0001-01-01T00:00:00Z"), -62135596800000LL);
    ck_assert_int_eq(parse_ok("9999-12-31T23:59:59.999Z"), ISOTIME_MAX_MS);
}
END_TEST

START_TEST(isotime_knows_leap_years_and_month_lengths)
{
    static const char *const bad[] = {"2023-02-29", "1900-02-29", "2100-02-29", "2026-04-31",
                                      "2026-06-31", "2026-09-31", "2026-11-31", "2026-01-32",
                                      "2026-02-30", "2026-13-01", "2026-00-10", "2026-01-00"};
    int64_t ms = 7;

    ck_assert_int_eq(parse_ok("2024-02-29"), 1709164800000LL);
    ck_assert_int_eq(parse_ok("2000-02-29T12:00:00Z"), 951825600000LL);
    parse_ok("2026-01-31");
    parse_ok("2026-12-31");
    parse_ok("0000-02-29"); /* year 0 is a leap year (proleptic Gregorian) */
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        ck_assert_msg(!isotime_parse(bad[i], strlen(bad[i]), &ms), "accepted %s", bad[i]);
        ck_assert_int_eq(ms, 7);
    }
}
END_TEST

START_TEST(isotime_rejects_everything_else)
{
    static const char *const bad[] = {
        "",
        "2026",
        "2026-11",
        "2026-1-24",
        "2026/11/24",
        " 2026-11-24",
        "2026-11-24 ",
        "2026-11-24T",
        "2026-11-24T06:22:53",  /* no zone: ambiguous */
        "2026-11-24 06:22:53Z", /* space instead of T */
        "2026-11-24t06:22:53Z", /* lower-case t */
        "2026-11-24T06:22:53z", /* lower-case z */
        "2026-11-24T24:00:00Z",
        "2026-11-24T23:60:00Z",
        "2026-11-24T23:59:60Z", /* no leap second */
        "2026-11-24T6:22:53Z",
        "2026-11-24T06:22Z",
        "2026-11-24T06:22:53.Z",
        "2026-11-24T06:22:53.1234567890Z",
        "2026-11-24T06:22:53+2:00",
        "2026-11-24T06:22:53+0200",
        "2026-11-24T06:22:53+02",
        "2026-11-24T06:22:53+24:00",
        "2026-11-24T06:22:53+02:60",
        "2026-11-24T06:22:53Z ",
        "2026-11-24T06:22:53ZZ",
        "2026-11-24T06:22:53+02:00Z",
        "+2026-11-24",
        "-001-11-24",
        "20261124",
        "2026-11-24T06:22:53.12a",
        "0000-01-01T00:00:00+00:01", /* before year 0000 once the offset is applied */
        "9999-12-31T23:59:59-00:01", /* after year 9999 */
    };
    int64_t ms = 7;

    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        ck_assert_msg(!isotime_parse(bad[i], strlen(bad[i]), &ms), "accepted \"%s\"", bad[i]);
    ck_assert(!isotime_parse(NULL, 0, &ms));
    ck_assert(!isotime_parse("2026-11-24\0junk", 15, &ms));     /* embedded NUL counts */
    ck_assert(!isotime_parse("2026-11-24T06:22:53Z", 19, &ms)); /* len is honoured */
    ck_assert_int_eq(ms, 7);
}
END_TEST

START_TEST(isotime_round_trips)
{
    static const int64_t cases[] = {0,
                                    1,
                                    -1,
                                    999,
                                    1795501373123LL,
                                    951825600000LL,
                                    -62135596800000LL,
                                    ISOTIME_MIN_MS,
                                    ISOTIME_MAX_MS,
                                    4102444799999LL /* 2099-12-31T23:59:59.999Z */};
    char buf[ISOTIME_LEN + 1];
    int64_t back;

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        ck_assert(isotime_format(cases[i], buf, sizeof(buf)));
        ck_assert_msg(isotime_parse(buf, strlen(buf), &back), "cannot re-read %s", buf);
        ck_assert_int_eq(back, cases[i]);
    }
    /* every day of a 400-year cycle survives date -> ms -> date */
    for (int64_t day = 0; day < 146097; day++) {
        ck_assert(isotime_format(day * 86400000LL, buf, sizeof(buf)));
        ck_assert(isotime_parse(buf, 10, &back));
        ck_assert_int_eq(back, day * 86400000LL);
    }
}
END_TEST

Suite *
suite_isotime(void)
{
    Suite *s = suite_create("isotime");
    TCase *tc = tcase_create("isotime");

    tcase_add_test(tc, isotime_formats_utc_with_milliseconds);
    tcase_add_test(tc, isotime_format_refuses_out_of_range_and_small_buffers);
    tcase_add_test(tc, isotime_parses_every_accepted_form);
    tcase_add_test(tc, isotime_knows_leap_years_and_month_lengths);
    tcase_add_test(tc, isotime_rejects_everything_else);
    tcase_add_test(tc, isotime_round_trips);
    suite_add_tcase(s, tc);
    return s;
}
