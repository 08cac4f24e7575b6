/* test_res.c - the one error shape, Retry-After, header replacement, serialisation */
#include <stdlib.h>
#include <string.h>

#include "res.h"
#include "unit.h"

static char *
serialize(struct res *res)
{
    size_t len = 0;
    return res_serialize(res, "req123", &len);
}

START_TEST(res_fail_renders_code_message_and_details)
{
    struct res res;
    struct err err = ERR_INIT;
    json_object *e, *v, *details;

    res_init(&res);
    err_set(&err, ERR_VALIDATION_FAILED, "invalid lead");
    err_detail(&err, "email", "must be an e-mail address");
    err_detail(&err, "status", "must be one of new, scheduled");
    ck_assert_int_eq(res_fail(&res, &err), 422);
    ck_assert(json_object_object_get_ex(res.json, "error", &e));
    ck_assert(json_object_object_get_ex(e, "code", &v));
    ck_assert_str_eq(json_object_get_string(v), "validation_failed");
    ck_assert(json_object_object_get_ex(e, "details", &details));
    ck_assert_int_eq(json_object_array_length(details), 2);
    v = json_object_array_get_idx(details, 0);
    ck_assert_str_eq(json_object_get_string(json_object_object_get(v, "field")), "email");
    res_release(&res);
}
END_TEST

START_TEST(res_fail_hides_internal_messages)
{
    struct res res;
    struct err err = ERR_INIT;
    char *out;

    res_init(&res);
    err_set(&err, ERR_INTERNAL, "mongoc said: /var/lib/secret path");
    err_cause(&err, "driver detail");
    ck_assert_int_eq(res_fail(&res, &err), 500);
    out = serialize(&res);
    ck_assert_ptr_null(strstr(out, "secret"));
    ck_assert_ptr_null(strstr(out, "driver"));
    ck_assert_ptr_nonnull(strstr(out, "\"message\":\"internal error\""));
    free(out);
    res_release(&res);
}
END_TEST

START_TEST(res_unavailable_carries_retry_after)
{
    struct res res;
    struct err err = ERR_INIT;
    char *out;

    res_init(&res);
    err_unavailable(&err, "the database", "refused");
    ck_assert_int_eq(res_fail(&res, &err), 503);
    out = serialize(&res);
    ck_assert_ptr_nonnull(strstr(out, "Status: 503 Service Unavailable\r\n"));
    ck_assert_ptr_nonnull(strstr(out, "Retry-After: 2\r\n"));
    free(out);
    res_release(&res);
}
END_TEST

START_TEST(res_header_replaces_and_strips_newlines)
{
    struct res res;
    char *out;

    res_init(&res);
    res_header(&res, "Cache-Control", "no-store");
    res_header(&res, "cache-control", "no-cache");
    res_header(&res, "X-Evil", "a\r\nSet-Cookie: x=1");
    res_json(&res, 200, json_object_new_object());
    out = serialize(&res);
    ck_assert_ptr_null(strstr(out, "no-store"));
    ck_assert_ptr_nonnull(strstr(out, "no-cache"));
    ck_assert_ptr_null(strstr(out, "\r\nSet-Cookie"));
    ck_assert_ptr_nonnull(strstr(out, "Content-Length: 2\r\n"));
    ck_assert_ptr_nonnull(strstr(out, "X-Request-Id: req123\r\n"));
    free(out);
    res_release(&res);
}
END_TEST

Suite *
suite_res(void)
{
    Suite *s = suite_create("res");
    TCase *tc = tcase_create("render");

    tcase_add_test(tc, res_fail_renders_code_message_and_details);
    tcase_add_test(tc, res_fail_hides_internal_messages);
    tcase_add_test(tc, res_unavailable_carries_retry_after);
    tcase_add_test(tc, res_header_replaces_and_strips_newlines);
    suite_add_tcase(s, tc);
    return s;
}
