/* test_models.c - every real table is sane and every filter and sort it allows has an index
 * (DESIGN §8: real MongoDB must serve each allowed query from an index) */
#include "model/indexes.h"
#include "model/tables.h"
#include "unit.h"

START_TEST(every_model_table_is_sane)
{
    char problem[256];

    for (size_t i = 0; i < models_count; i++)
        ck_assert_msg(model_validate(models_all[i], problem, sizeof(problem)), "%s: %s",
                      models_all[i]->name, problem);
}
END_TEST

START_TEST(every_filter_and_sort_is_served_by_an_index)
{
    char problem[256];

    for (size_t i = 0; i < models_count; i++)
        ck_assert_msg(model_check_indexes(models_all[i], index_specs, index_specs_count, problem,
                                          sizeof(problem)),
                      "%s: %s", models_all[i]->name, problem);
}
END_TEST

START_TEST(index_declarations_parse)
{
    for (size_t i = 0; i < index_specs_count; i++) {
        bson_error_t error;
        bson_t *keys = bson_new_from_json((const uint8_t *)index_specs[i].keys, -1, &error);
        ck_assert_msg(keys != NULL, "%s: %s", index_specs[i].name, error.message);
        bson_destroy(keys);
    }
}
END_TEST

Suite *
suite_models(void)
{
    Suite *s = suite_create("models");
    TCase *tc = tcase_create("tables");

    tcase_add_test(tc, every_model_table_is_sane);
    tcase_add_test(tc, every_filter_and_sort_is_served_by_an_index);
    tcase_add_test(tc, index_declarations_parse);
    suite_add_tcase(s, tc);
    return s;
}
