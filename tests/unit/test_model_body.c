/* test_model_body.c - the rules of every JSON body (keys once, all text valid UTF-8 without
 * NUL, named by path) and the string members read without a field table */
#include <string.h>

#include "model/model.h"
#include "model/tables.h"
#include "unit.h"

/* the code and first detail of checking text; "ok" when it passes */
static const char *
check(const char *text)
{
    static char out[400];
    struct err err = ERR_INIT;

    if (model_body_check(text, strlen(text), &err))
        return "ok";
    snprintf(out, sizeof(out), "%s %s: %s (%d)", err.code,
             err.ndetails ? err.details[0].field : "-", err.ndetails ? err.details[0].problem : "-",
             err.ndetails);
    return out;
}

START_TEST(a_key_given_twice_is_refused_naming_it)
{
    ck_assert_str_eq(check("{\"name\":\"a\",\"name\":\"b\"}"),
                     "bad_json name: is given more than once (1)");
    /* escapes decode before the comparison; json-c cuts "a\u0000b" to "a" */
    ck_assert_str_eq(check("{\"a\":1,\"\\u0061\":2}"), "bad_json a: is given more than once (1)");
    ck_assert_str_eq(check("{\"a\":1,\"a\\u0000b\":2}"),
                     "bad_json a?b: is a key that is not valid UTF-8 text without NUL (1)");
    /* nested objects, also inside arrays */
    ck_assert_str_eq(check("{\"terms\":[{\"from\":\"2024-01\"},{\"from\":\"x\",\"value\":1,"
                           "\"from\":\"y\"}]}"),
                     "bad_json terms[1].from: is given more than once (1)");
    ck_assert_str_eq(check("{\"a\":{\"b\":{\"c\":1,\"c\":2}}}"),
                     "bad_json a.b.c: is given more than once (1)");
    /* the same key in different objects is fine */
    ck_assert_str_eq(check("{\"a\":{\"x\":1},\"b\":{\"x\":1},\"c\":[{\"x\":1},{\"x\":[1,2]}]}"),
                     "ok");
}
END_TEST

START_TEST(every_string_value_is_text_named_by_its_path)
{
    ck_assert_str_eq(check("{\"password\":\"pw\\u0000junk\"}"),
                     "validation_failed password: must not contain NUL characters (1)");
    ck_assert_str_eq(check("{\"name\":\"\xff\"}"),
                     "validation_failed name: is not valid UTF-8 (1)");
    ck_assert_str_eq(check("{\"name\":\"\\ud800x\"}"),
                     "validation_failed name: is not valid UTF-8 (1)");
    ck_assert_str_eq(check("{\"list\":[\"ok\",1,true,null,\"\\udc00\"]}"),
                     "validation_failed list[4]: is not valid UTF-8 (1)");
    /* every problem at once */
    ck_assert_str_eq(check("{\"a\":\"\\u0000\",\"b\":{\"c\":\"\xc3\"}}"),
                     "validation_failed a: must not contain NUL characters (2)");
    /* what is text passes: escapes, pairs, multi-byte, empty, numbers and literals */
    ck_assert_str_eq(check("{\"s\":\"\\ud83d\\ude00 \xf0\x9f\x98\x80 \\\" \\\\ \\/ \\n \\u00e9\","
                           "\"e\":\"\",\"n\":-1.5e3,\"t\":true,\"f\":false,\"z\":null,"
                           "\"o\":{},\"l\":[]}"),
                     "ok");
}
END_TEST

START_TEST(body_strings_follow_the_one_rule)
{
    json_object *in = json_tokener_parse("{\"name\":\"\xf0\x9f\x98\x80\",\"n\":5,\"z\":null}");
    struct err err = ERR_INIT;
    const char *s = "x";
    char emoji[30 * 4 + 1] = "", longer[101 * 4 + 1] = "";

    ck_assert(model_string(in, "name", 1, 1, true, &s, &err));
    ck_assert_str_eq(s, "\xf0\x9f\x98\x80");
    ck_assert(model_string(in, "missing", 1, 10, false, &s, &err));
    ck_assert_ptr_null(s);
    ck_assert(model_string(in, "z", 1, 10, false, &s, &err)); /* null reads as absent */
    ck_assert(!model_string(in, "missing", 1, 10, true, &s, &err));
    ck_assert(!model_string(in, "n", 1, 10, false, &s, &err));
    ck_assert_int_eq(err.ndetails, 2);
    ck_assert_str_eq(err.details[0].problem, "is required");
    ck_assert_str_eq(err.details[1].problem, "must be a string");
    json_object_put(in);
    /* a user's name: 1 to 100 characters, counted as characters */
    for (int i = 0; i < 30; i++)
        strcat(emoji, "\xf0\x9f\x98\x80");
    for (int i = 0; i < 101; i++)
        strcat(longer, "\xc3\xa9");
    in = json_object_new_object();
    json_object_object_add(in, "name", json_object_new_string(emoji));
    json_object_object_add(in, "long", json_object_new_string(longer));
    json_object_object_add(in, "nul", json_object_new_string_len("a\0b", 3));
    err_reset(&err);
    ck_assert(model_field_string(&users_model, in, "name", true, &s, &err));
    json_object_object_add(in, "name", json_object_new_string(longer));
    ck_assert(!model_field_string(&users_model, in, "name", true, &s, &err));
    ck_assert_str_eq(err.details[0].problem, "must be at most 100 characters");
    json_object_object_add(in, "name", json_object_new_string_len("a\0b", 3));
    ck_assert(!model_field_string(&users_model, in, "name", true, &s, &err));
    ck_assert_str_eq(err.details[1].problem, "must not contain NUL characters");
    json_object_object_add(in, "name", json_object_new_string(""));
    ck_assert(!model_field_string(&users_model, in, "name", true, &s, &err));
    ck_assert_str_eq(err.details[2].problem, "must not be empty");
    ck_assert(!model_field_string(&users_model, in, "role", true, &s, &err)); /* not text */
    ck_assert_str_eq(err.code, "internal");
    json_object_put(in);
}
END_TEST

Suite *
suite_model_body(void)
{
    Suite *s = suite_create("model_body");
    TCase *tc = tcase_create("model_body");

    tcase_add_test(tc, a_key_given_twice_is_refused_naming_it);
    tcase_add_test(tc, every_string_value_is_text_named_by_its_path);
    tcase_add_test(tc, body_strings_follow_the_one_rule);
    suite_add_tcase(s, tc);
    return s;
}
