/* test_store_plan.c - the filter documents a list query sends, per engine (issue 12): one flat
 * document, and a status filter of several values split into equality queries on
 * FerretDB/PostgreSQL only; and the order in which split pages merge */
#include "db/store_plan.h"
#include "model_test.h"
#include "unit.h"

static void
assert_plan(enum db_engine e, const bson_t *scope, const char *filter_json, int64_t rows,
            const char *want_filter, int nparts, const char *const *want_parts)
{
    bson_error_t error;
    bson_t *filter = bson_new_from_json((const uint8_t *)filter_json, -1, &error);
    struct store_plan plan;

    ck_assert_msg(filter != NULL, "%s", error.message);
    ck_assert(store_plan_make(e, scope, filter, rows, &plan));
    test_assert_bson(&plan.filter, want_filter);
    ck_assert_int_eq(plan.nparts, nparts);
    for (int i = 0; i < nparts; i++)
        test_assert_bson(&plan.parts[i], want_parts[i]);
    store_plan_release(&plan);
    bson_destroy(filter);
}

static const char *const in2 = "{\"dealStatus\": {\"$in\": [\"new\", \"won\"]}, "
                               "\"company\": {\"$eq\": \"Acme\"}}";

START_TEST(a_partner_list_is_one_flat_filter_on_every_engine)
{
    bson_t *scope = BCON_NEW("partner", BCON_UTF8("p1"), "archivedAt", BCON_NULL);
    static const char *const none[] = {NULL};

    for (int e = DB_ENGINE_MONGODB; e <= DB_ENGINE_FERRETDB_SQLITE; e++)
        assert_plan((enum db_engine)e, scope, "{\"company\": {\"$eq\": \"Acme\"}}", 50,
                    "{ \"partner\" : \"p1\", \"archivedAt\" : null, \"company\" : "
                    "{ \"$eq\" : \"Acme\" } }",
                    0, none);
    /* one value of in is an equality everywhere */
    assert_plan(DB_ENGINE_MONGODB, scope, "{\"dealStatus\": {\"$in\": [\"won\"]}}", 50,
                "{ \"partner\" : \"p1\", \"archivedAt\" : null, \"dealStatus\" : \"won\" }", 0,
                none);
    bson_destroy(scope);
}
END_TEST

START_TEST(a_status_in_splits_on_ferretdb_postgresql_only)
{
    bson_t *scope = BCON_NEW("partner", BCON_UTF8("p1"), "archivedAt", BCON_NULL);
    static const char *const parts[] = {
        "{ \"partner\" : \"p1\", \"archivedAt\" : null, \"dealStatus\" : \"new\", \"company\" : "
        "{ \"$eq\" : \"Acme\" } }",
        "{ \"partner\" : \"p1\", \"archivedAt\" : null, \"dealStatus\" : \"won\", \"company\" : "
        "{ \"$eq\" : \"Acme\" } }"};
    static const char *const none[] = {NULL};
    const char *whole = "{ \"partner\" : \"p1\", \"archivedAt\" : null, \"dealStatus\" : { \"$in\" "
                        ": [ \"new\", \"won\" ] }, \"company\" : { \"$eq\" : \"Acme\" } }";

    assert_plan(DB_ENGINE_FERRETDB_POSTGRESQL, scope, in2, 50, whole, 2, parts);
    /* MongoDB reads the $in from its index; SQLite pushes nothing down but _id: one query */
    assert_plan(DB_ENGINE_MONGODB, scope, in2, 50, whole, 0, none);
    assert_plan(DB_ENGINE_FERRETDB_SQLITE, scope, in2, 50, whole, 0, none);
    /* a deep page would send every part skip + limit documents: one query then */
    assert_plan(DB_ENGINE_FERRETDB_POSTGRESQL, scope, in2, STORE_SPLIT_ROWS + 1, whole, 0, none);
    /* values FerretDB cannot compare in PostgreSQL (null) stay together */
    assert_plan(DB_ENGINE_FERRETDB_POSTGRESQL, NULL, "{\"salesManager\": {\"$in\": [\"A\", null]}}",
                50, "{ \"salesManager\" : { \"$in\" : [ \"A\", null ] } }", 0, none);
    bson_destroy(scope);
}
END_TEST

START_TEST(split_pages_merge_in_mongodb_order)
{
    bson_t *sort = BCON_NEW("scheduledDate", BCON_INT32(-1), "_id", BCON_INT32(-1));
    bson_t *a = BCON_NEW("_id", BCON_INT32(1), "scheduledDate", BCON_DATE_TIME(5));
    bson_t *b = BCON_NEW("_id", BCON_INT32(2), "scheduledDate", BCON_NULL);
    bson_t *c = BCON_NEW("_id", BCON_INT32(3));
    bson_t *d = BCON_NEW("_id", BCON_INT32(4), "scheduledDate", BCON_UTF8("x"));
    bson_t *asc = BCON_NEW("name", BCON_INT32(1));
    bson_t *n1 = BCON_NEW("name", BCON_UTF8("ab")), *n2 = BCON_NEW("name", BCON_UTF8("abc"));

    ck_assert_int_lt(store_compare_docs(a, b, sort), 0); /* desc: a date before null */
    ck_assert_int_lt(store_compare_docs(c, b, sort), 0); /* null = missing: _id desc decides */
    ck_assert_int_lt(store_compare_docs(a, d, sort), 0); /* dates sort after strings */
    ck_assert_int_lt(store_compare_docs(n1, n2, asc), 0);
    ck_assert_int_eq(store_compare_docs(n1, n1, asc), 0);
    bson_destroy(sort);
    bson_destroy(a);
    bson_destroy(b);
    bson_destroy(c);
    bson_destroy(d);
    bson_destroy(asc);
    bson_destroy(n1);
    bson_destroy(n2);
}
END_TEST

Suite *
suite_store_plan(void)
{
    Suite *s = suite_create("store_plan");
    TCase *tc = tcase_create("plan");

    tcase_add_test(tc, a_partner_list_is_one_flat_filter_on_every_engine);
    tcase_add_test(tc, a_status_in_splits_on_ferretdb_postgresql_only);
    tcase_add_test(tc, split_pages_merge_in_mongodb_order);
    suite_add_tcase(s, tc);
    return s;
}
