/* test_oid.c - strict 24-hex ObjectId parsing and lower-case formatting */
#include <string.h>

#include "core/oid.h"
#include "unit.h"

START_TEST(oid_parses_24_hex_and_formats_lower_case)
{
    bson_oid_t oid;
    char out[OID_STR_SIZE];
    const char *hex = "65a1f0c2e4b0a1b2c3d4e5f6";

    ck_assert(oid_parse(hex, strlen(hex), &oid));
    ck_assert_int_eq(oid.bytes[0], 0x65);
    ck_assert_int_eq(oid.bytes[11], 0xf6);
    oid_format(&oid, out);
    ck_assert_str_eq(out, hex);
    ck_assert(oid_parse("65A1F0C2E4B0A1B2C3D4E5F6", 24, &oid));
    oid_format(&oid, out);
    ck_assert_str_eq(out, hex);
    ck_assert(oid_parse("000000000000000000000000", 24, &oid));
    oid_format(&oid, out);
    ck_assert_str_eq(out, "000000000000000000000000");
}
END_TEST

START_TEST(oid_format_matches_libbson)
{
    bson_oid_t oid;
    char ours[OID_STR_SIZE], theirs[25];

    for (int i = 0; i < 50; i++) {
        bson_oid_init(&oid, NULL);
        oid_format(&oid, ours);
        bson_oid_to_string(&oid, theirs);
        ck_assert_str_eq(ours, theirs);
    }
}
END_TEST

START_TEST(oid_rejects_anything_but_exactly_24_hex)
{
    static const char *const bad[] = {
        "",
        "65a1f0c2e4b0a1b2c3d4e5f",   /* 23 */
        "65a1f0c2e4b0a1b2c3d4e5f6a", /* 25 */
        "65a1f0c2e4b0a1b2c3d4e5fg",
        "65a1f0c2e4b0a1b2c3d4e5f ",
        " 65a1f0c2e4b0a1b2c3d4e5f",
        "65a1f0c2-4b0a1b2c3d4e5f6",
        "0x65a1f0c2e4b0a1b2c3d4e5",
        "{\"$oid\":\"65a1f0c2e4b0\"}",
    };
    bson_oid_t oid;

    memset(&oid, 0xAB, sizeof(oid));
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        ck_assert_msg(!oid_parse(bad[i], strlen(bad[i]), &oid), "accepted \"%s\"", bad[i]);
    ck_assert(!oid_parse("65a1f0c2e4b0a1b2c3d4e5\0"
                         "6",
                         24, &oid)); /* NUL inside */
    ck_assert(!oid_parse(NULL, 24, &oid));
    ck_assert(!oid_parse("65a1f0c2e4b0a1b2c3d4e5f6", 23, &oid)); /* len is honoured */
    ck_assert_int_eq(oid.bytes[0], 0xAB);                        /* untouched on failure */
}
END_TEST

START_TEST(oid_parse_str_takes_nul_terminated_or_null)
{
    bson_oid_t oid;

    ck_assert(oid_parse_str("65a1f0c2e4b0a1b2c3d4e5f6", &oid));
    ck_assert_int_eq(oid.bytes[11], 0xf6);
    ck_assert(!oid_parse_str(NULL, &oid));
    ck_assert(!oid_parse_str("", &oid));
    ck_assert(!oid_parse_str("65a1f0c2e4b0a1b2c3d4e5f6a", &oid)); /* 25 */
    ck_assert(!oid_parse_str("65a1f0c2e4b0a1b2c3d4e5f", &oid));   /* 23 */
}
END_TEST

Suite *
suite_oid(void)
{
    Suite *s = suite_create("oid");
    TCase *tc = tcase_create("oid");

    tcase_add_test(tc, oid_parses_24_hex_and_formats_lower_case);
    tcase_add_test(tc, oid_format_matches_libbson);
    tcase_add_test(tc, oid_rejects_anything_but_exactly_24_hex);
    tcase_add_test(tc, oid_parse_str_takes_nul_terminated_or_null);
    suite_add_tcase(s, tc);
    return s;
}
