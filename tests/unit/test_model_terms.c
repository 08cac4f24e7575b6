/* test_model_terms.c - search terms: word prefixes of names, companies, e-mail parts, phone
 * digits; the query's equalities */
#include <string.h>

#include "model/tables.h"
#include "unit.h"

/* whether the terms array of doc holds term */
static bool
has(const bson_t *doc, const char *term)
{
    bson_iter_t it, arr;

    if (!bson_iter_init_find(&it, doc, "searchTerms") || !BSON_ITER_HOLDS_ARRAY(&it)
        || !bson_iter_recurse(&it, &arr))
        return false;
    while (bson_iter_next(&arr))
        if (strcmp(bson_iter_utf8(&arr, NULL), term) == 0)
            return true;
    return false;
}

static int
count(const bson_t *doc)
{
    bson_iter_t it, arr;
    int n = 0;

    if (bson_iter_init_find(&it, doc, "searchTerms") && bson_iter_recurse(&it, &arr))
        while (bson_iter_next(&arr))
            n++;
    return n;
}

START_TEST(terms_are_prefixes_of_every_word)
{
    bson_t *lead = BCON_NEW("email", BCON_UTF8("anna.keller@helix-saas.bluefin.de"), "firstName",
                            BCON_UTF8("Anna"), "lastName", BCON_UTF8("Keller"), "company",
                            BCON_UTF8("Helix Müller GmbH"), "phone", BCON_UTF8("+49 30 123-45"),
                            "jobTitle", BCON_UTF8("Chief Wizard"));
    bson_t out = BSON_INITIALIZER;

    ck_assert(model_terms_append(&leads_model, lead, NULL, &out));
    const char *want[] = {"k",         "kel",     "keller", "gmbh", "gm", "helix",
                          "saas",      "bluefin", "de",     "anna", "49", "4930",
                          "493012345", "30",      "123",    "45",   "mü", "müller"};
    for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
        ck_assert_msg(has(&out, want[i]), "no term %s", want[i]);
    ck_assert(!has(&out, "wizard")); /* the job title is not searched */
    ck_assert(!has(&out, "Keller")); /* lower case only */
    ck_assert(!has(&out, "m\xc3"));  /* never half a character */
    ck_assert(!has(&out, "helix-saas"));
    bson_destroy(&out);
    bson_destroy(lead);
}
END_TEST

START_TEST(terms_stop_at_twenty_characters_and_repeat_once)
{
    bson_t *lead = BCON_NEW("email", BCON_UTF8("a@a.de"), "company",
                            BCON_UTF8("Abcdefghijklmnopqrstuvwxyz abc"));
    bson_t out = BSON_INITIALIZER;

    ck_assert(model_terms_append(&leads_model, lead, NULL, &out));
    ck_assert(has(&out, "abcdefghijklmnopqrst"));
    ck_assert(!has(&out, "abcdefghijklmnopqrstu"));
    /* a, d, de, then the 19 other prefixes of the company's first word (its second repeats) */
    ck_assert_int_eq(count(&out), 22);
    bson_destroy(&out);
    bson_destroy(lead);
}
END_TEST

START_TEST(refresh_overlays_the_change_on_the_document)
{
    bson_t *lead = BCON_NEW("email", BCON_UTF8("x@firma.de"), "lastName", BCON_UTF8("Old"));
    bson_t *set = BCON_NEW("lastName", BCON_UTF8("Neu"));
    bson_t *other = BCON_NEW("jobTitle", BCON_UTF8("CEO"));

    ck_assert(model_terms_refresh(&leads_model, lead, set));
    ck_assert(has(set, "neu") && has(set, "firma") && !has(set, "old"));
    ck_assert(model_terms_refresh(&leads_model, lead, other)); /* no searched field: no terms */
    ck_assert(!bson_has_field(other, "searchTerms"));
    bson_destroy(other);
    bson_destroy(set);
    bson_destroy(lead);
}
END_TEST

START_TEST(query_is_one_equality_per_word)
{
    bson_t conds = BSON_INITIALIZER;
    uint32_t n = 0;
    char *json;

    ck_assert_int_eq(model_terms_query(&leads_model, "Helix-SaaS", 10, &conds, &n), 2);
    json = bson_as_relaxed_extended_json(&conds, NULL);
    ck_assert_str_eq(json, "{ \"0\" : { \"searchTerms\" : \"helix\" }, \"1\" : { \"searchTerms\" "
                           ": \"saas\" } }");
    bson_free(json);
    bson_destroy(&conds);
    conds = (bson_t)BSON_INITIALIZER;
    n = 0;
    ck_assert_int_eq(model_terms_query(&leads_model, "+49", 3, &conds, &n), 1);
    ck_assert_int_eq(model_terms_query(&leads_model, "@ - .", 5, &conds, &n), 0);
    ck_assert_int_eq(n, 1);
    bson_destroy(&conds);
}
END_TEST

Suite *
suite_model_terms(void)
{
    Suite *s = suite_create("model_terms");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, terms_are_prefixes_of_every_word);
    tcase_add_test(tc, terms_stop_at_twenty_characters_and_repeat_once);
    tcase_add_test(tc, refresh_overlays_the_change_on_the_document);
    tcase_add_test(tc, query_is_one_equality_per_word);
    suite_add_tcase(s, tc);
    return s;
}
