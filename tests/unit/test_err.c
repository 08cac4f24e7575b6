/* test_err.c - error codes map to the statuses of style.md §1.6 */
#include <string.h>

#include "core/err.h"
#include "unit.h"

START_TEST(err_codes_map_to_http_statuses)
{
    static const struct {
        const char *code;
        int status;
    } cases[] = {
        {"bad_json", 400},          {"unauthenticated", 401},   {"forbidden", 403},
        {"csrf_failed", 403},       {"not_found", 404},         {"method_not_allowed", 405},
        {"conflict", 409},          {"payload_too_large", 413}, {"unsupported_media_type", 415},
        {"validation_failed", 422}, {"rate_limited", 429},      {"internal", 500},
        {"unavailable", 503},       {"no_such_code", 500},
    };

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        ck_assert_int_eq(err_status(cases[i].code), cases[i].status);
}
END_TEST

START_TEST(err_details_are_capped_not_overflowed)
{
    struct err err = ERR_INIT;

    for (int i = 0; i < ERR_MAX_DETAILS + 10; i++)
        err_detail(&err, "field", "problem %d", i);
    ck_assert_int_eq(err.ndetails, ERR_MAX_DETAILS);
    ck_assert_str_eq(err.details[ERR_MAX_DETAILS - 1].problem, "problem 31");
}
END_TEST

START_TEST(err_unavailable_sets_retry_after)
{
    struct err err = ERR_INIT;

    ck_assert(!err_unavailable(&err, "the database", "connection refused"));
    ck_assert_str_eq(err.code, "unavailable");
    ck_assert_int_gt(err.retry_after, 0);
    ck_assert_ptr_null(strstr(err.message, "refused")); /* the cause stays internal */
}
END_TEST

Suite *
suite_err(void)
{
    Suite *s = suite_create("err");
    TCase *tc = tcase_create("codes");

    tcase_add_test(tc, err_codes_map_to_http_statuses);
    tcase_add_test(tc, err_details_are_capped_not_overflowed);
    tcase_add_test(tc, err_unavailable_sets_retry_after);
    suite_add_tcase(s, tc);
    return s;
}
