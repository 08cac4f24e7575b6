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
        {"bad_json", 400},
        {"unauthenticated", 401},
        {"forbidden", 403},
        {"csrf_failed", 403},
        {"account_deactivated", 403},
        {"not_found", 404},
        {"method_not_allowed", 405},
        {"conflict", 409},
        {"payload_too_large", 413},
        {"unsupported_media_type", 415},
        {"validation_failed", 422},
        {"rate_limited", 429},
        {"internal", 500},
        {"unavailable", 503},
        {"no_such_code", 500},
    };

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        ck_assert_int_eq(err_status(cases[i].code), cases[i].status);
}
END_TEST

/* every code of the enum has a name and a 4xx/5xx status: a code added without its row in
 * err.c's table fails here (a string where a code belongs does not even compile) */
START_TEST(every_err_code_has_a_name_and_a_status)
{
    for (int c = ERR_NONE + 1; c < ERR_CODE_COUNT; c++) {
        struct err err = ERR_INIT;
        const char *name = err_name((enum err_code)c);
        int status = err_code_status((enum err_code)c);

        ck_assert_msg(name != NULL, "error code %d has no name", c);
        ck_assert_msg(status >= 400 && status <= 599, "%s has status %d", name, status);
        ck_assert_int_eq(err_status(name), status);
        for (int d = ERR_NONE + 1; d < c; d++)
            ck_assert_str_ne(err_name((enum err_code)d), name);
        ck_assert(!err_set(&err, (enum err_code)c, "m"));
        ck_assert(err_is(&err, (enum err_code)c));
        ck_assert_str_eq(err.code, name);
        ck_assert(!err_is(&err, ERR_NONE));
    }
    ck_assert_ptr_null(err_name(ERR_NONE));
    ck_assert_int_eq(err_code_status(ERR_NONE), 200);
}
END_TEST

/* a value outside the enum (a cast gone wrong) is a bug, recorded as one: never a silent
 * success, and the log says what happened */
START_TEST(err_set_outside_the_enum_records_internal)
{
    struct err err = ERR_INIT;

    ck_assert(err_is(&err, ERR_NONE));
    err_set(&err, (enum err_code)ERR_CODE_COUNT, "oops");
    ck_assert(err_is(&err, ERR_INTERNAL));
    ck_assert_ptr_nonnull(strstr(err.cause, "not an error"));
    err_reset(&err);
    err_set(&err, ERR_NONE, "oops");
    ck_assert(err_is(&err, ERR_INTERNAL));
    ck_assert_ptr_null(err_name((enum err_code) - 1));
    ck_assert_int_eq(err_code_status((enum err_code)ERR_CODE_COUNT), 0);
}
END_TEST

START_TEST(err_conflict_names_the_field_and_keeps_the_cause)
{
    struct err err = ERR_INIT;

    err_set(&err, ERR_CONFLICT, "a record with the same email already exists");
    err_detail(&err, "email", "is already taken");
    err_cause(&err, "E11000 duplicate key");
    ck_assert(!err_conflict(&err, "email", "belongs to an existing lead",
                            "a lead with this e-mail exists"));
    ck_assert(err_is(&err, ERR_CONFLICT));
    ck_assert_int_eq(err.ndetails, 1);
    ck_assert_str_eq(err.details[0].field, "email");
    ck_assert_str_eq(err.details[0].problem, "belongs to an existing lead");
    ck_assert_str_eq(err.message, "a lead with this e-mail exists");
    ck_assert_str_eq(err.cause, "E11000 duplicate key");
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
    tcase_add_test(tc, every_err_code_has_a_name_and_a_status);
    tcase_add_test(tc, err_set_outside_the_enum_records_internal);
    tcase_add_test(tc, err_conflict_names_the_field_and_keeps_the_cause);
    tcase_add_test(tc, err_details_are_capped_not_overflowed);
    tcase_add_test(tc, err_unavailable_sets_retry_after);
    suite_add_tcase(s, tc);
    return s;
}
