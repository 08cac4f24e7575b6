/* test_tpl.c - the template engine: escaping, sections, lists, missing variables */
#include <stdlib.h>
#include <string.h>

#include "mail/tpl.h"
#include "unit.h"

static char *
render(const char *tpl, const char *vars_json, bool html, int *missing)
{
    json_object *vars = json_tokener_parse(vars_json);
    struct tpl_result out;
    struct err err = ERR_INIT;
    bool ok = tpl_render(tpl, vars, html, &out, &err);

    json_object_put(vars);
    if (!ok)
        return NULL;
    if (missing != NULL)
        *missing = out.missing;
    return out.text;
}

#define CHECK_RENDER(tpl, vars, html, want)                                                        \
    do {                                                                                           \
        char *got_ = render(tpl, vars, html, NULL);                                                \
        ck_assert_ptr_nonnull(got_);                                                               \
        ck_assert_str_eq(got_, want);                                                              \
        free(got_);                                                                                \
    } while (0)

START_TEST(tpl_escapes_html_but_not_triple_braces)
{
    CHECK_RENDER("<b>{{name}}</b>", "{\"name\":\"<script>&'\\\"\"}", true,
                 "<b>&lt;script&gt;&amp;&#39;&quot;</b>");
    CHECK_RENDER("{{{raw}}}", "{\"raw\":\"<i>ok</i>\"}", true, "<i>ok</i>");
    CHECK_RENDER("{{name}}", "{\"name\":\"<x>\"}", false, "<x>"); /* text mails: as is */
}
END_TEST

START_TEST(tpl_renders_lists_with_the_element_as_context)
{
    CHECK_RENDER("{{#leads}}[{{email}} of {{partner}}]{{/leads}}",
                 "{\"partner\":\"P\",\"leads\":[{\"email\":\"a\"},{\"email\":\"b\"}]}", true,
                 "[a of P][b of P]");
    CHECK_RENDER("{{#tags}}{{.}},{{/tags}}", "{\"tags\":[\"x\",\"y\"]}", true, "x,y,");
    CHECK_RENDER("a{{#empty}}X{{/empty}}b", "{\"empty\":[]}", true, "ab");
}
END_TEST

START_TEST(tpl_sections_are_conditionals)
{
    CHECK_RENDER("{{#one}}lead{{/one}}{{^one}}leads{{/one}}", "{\"one\":true}", true, "lead");
    CHECK_RENDER("{{#one}}lead{{/one}}{{^one}}leads{{/one}}", "{\"one\":false}", true, "leads");
    CHECK_RENDER("{{^missing}}none{{/missing}}", "{}", true, "none");
    CHECK_RENDER("{{#lead}}{{name}}{{/lead}}", "{\"lead\":{\"name\":\"N\"}}", true, "N");
    CHECK_RENDER("{{#a}}{{#a}}in{{/a}}{{/a}}", "{\"a\":true}", true, "in"); /* nested, same name */
}
END_TEST

START_TEST(tpl_dotted_names_and_numbers)
{
    CHECK_RENDER("{{lead.company.name}} {{count}}",
                 "{\"lead\":{\"company\":{\"name\":\"ACME\"}},\"count\":3}", true, "ACME 3");
}
END_TEST

START_TEST(tpl_counts_missing_variables_and_renders_nothing)
{
    int missing = 0;
    char *out = render("Hi {{name}}{{x.y}}!{{! a comment }}", "{\"x\":{}}", true, &missing);

    ck_assert_ptr_nonnull(out);
    ck_assert_str_eq(out, "Hi !");
    ck_assert_int_eq(missing, 2);
    free(out);
}
END_TEST

START_TEST(tpl_names_each_missing_variable_once)
{
    json_object *vars = json_tokener_parse("{\"name\":\"Ann\",\"n\":null,\"l\":[{}]}");
    struct tpl_result out;
    struct err err = ERR_INIT;

    /* a misspelt name, twice; a null value is not missing; a section never counts */
    ck_assert(tpl_render("{{nmae}} {{name}} {{{nmae}}}{{n}}{{#gone}}{{x}}{{/gone}}"
                         "{{#l}}{{inner}}{{/l}}",
                         vars, true, &out, &err));
    ck_assert_str_eq(out.text, " Ann ");
    ck_assert_int_eq(out.missing, 3);
    ck_assert_str_eq(out.missing_names, "nmae,inner");
    free(out.text);
    ck_assert(tpl_render("{{name}}", vars, true, &out, &err));
    ck_assert_str_eq(out.missing_names, "");
    free(out.text);
    json_object_put(vars);
}
END_TEST

START_TEST(tpl_rejects_malformed_templates)
{
    ck_assert_ptr_null(render("{{#open}}never closed", "{}", true, NULL));
    ck_assert_ptr_null(render("{{/stray}}", "{}", true, NULL));
    ck_assert_ptr_null(render("{{unclosed", "{}", true, NULL));
}
END_TEST

Suite *
suite_tpl(void)
{
    Suite *s = suite_create("tpl");
    TCase *tc = tcase_create("render");

    tcase_add_test(tc, tpl_escapes_html_but_not_triple_braces);
    tcase_add_test(tc, tpl_renders_lists_with_the_element_as_context);
    tcase_add_test(tc, tpl_sections_are_conditionals);
    tcase_add_test(tc, tpl_dotted_names_and_numbers);
    tcase_add_test(tc, tpl_counts_missing_variables_and_renders_nothing);
    tcase_add_test(tc, tpl_names_each_missing_variable_once);
    tcase_add_test(tc, tpl_rejects_malformed_templates);
    suite_add_tcase(s, tc);
    return s;
}
