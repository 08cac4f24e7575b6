/* test_json.c - the member getters: borrowed values, NULL for absent or of another type */
#include "core/json.h"
#include "unit.h"

START_TEST(json_getters_answer_null_for_absent_and_other_types)
{
    json_object *o = json_tokener_parse("{\"s\": \"text\", \"n\": 3, \"z\": null}");

    ck_assert_str_eq(json_str(o, "s"), "text");
    ck_assert_ptr_null(json_str(o, "n"));
    ck_assert_ptr_null(json_str(o, "z"));
    ck_assert_ptr_null(json_str(o, "missing"));
    ck_assert_ptr_null(json_str(NULL, "s"));
    ck_assert_int_eq(json_object_get_int(json_member(o, "n")), 3);
    ck_assert_ptr_null(json_member(o, "z")); /* a JSON null is json-c's NULL */
    ck_assert_ptr_null(json_member(o, "missing"));
    ck_assert_ptr_null(json_member(NULL, "s"));
    ck_assert_str_eq(json_or_empty(json_str(o, "missing")), "");
    json_object_put(o);
}
END_TEST

START_TEST(json_bson_getters_answer_null_for_absent_and_other_types)
{
    bson_oid_t oid;
    bson_t *doc;

    bson_oid_init(&oid, NULL);
    doc = BCON_NEW("s", BCON_UTF8("text"), "id", BCON_OID(&oid), "n", BCON_INT32(1));
    ck_assert_str_eq(json_bson_str(doc, "s"), "text");
    ck_assert_ptr_null(json_bson_str(doc, "n"));
    ck_assert_ptr_null(json_bson_str(doc, "id"));
    ck_assert_ptr_null(json_bson_str(doc, "missing"));
    ck_assert(bson_oid_equal(json_bson_oid(doc, "id"), &oid));
    ck_assert_ptr_null(json_bson_oid(doc, "s"));
    ck_assert_ptr_null(json_bson_oid(doc, "missing"));
    bson_destroy(doc);
}
END_TEST

Suite *
suite_json(void)
{
    Suite *s = suite_create("json");
    TCase *tc = tcase_create("getters");

    tcase_add_test(tc, json_getters_answer_null_for_absent_and_other_types);
    tcase_add_test(tc, json_bson_getters_answer_null_for_absent_and_other_types);
    suite_add_tcase(s, tc);
    return s;
}
