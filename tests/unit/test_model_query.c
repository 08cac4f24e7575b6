/* test_model_query.c - list queries: exact BSON per operator, injection attempts, sort, paging */
#include <string.h>

#include "model_test.h"
#include "unit.h"

static const struct model *const M = &test_lead_model;

static bool
query_as(const struct principal *p, const char *page, const char *per_page, const char *sort,
         const char *filter, const char *search, struct list_query *q, struct err *err)
{
    struct list_params params = {page, per_page, sort, filter, search, p, 0, 0};

    return model_list_query(M, &params, q, err);
}

static bool
query(const char *sort, const char *filter, const char *search, struct list_query *q,
      struct err *err)
{
    return query_as(&test_staff, NULL, NULL, sort, filter, search, q, err);
}

static void
assert_filter(const char *filter, const char *want)
{
    struct list_query q;
    struct err err = ERR_INIT;

    ck_assert_msg(query(NULL, filter, NULL, &q, &err), "refused %s: %s", filter,
                  err.ndetails ? err.details[0].problem : err.message);
    test_assert_bson(&q.filter, want);
    list_query_release(&q);
}

/* the query fails as validation_failed with exactly one detail */
static void
assert_refused(const char *sort, const char *filter, const char *search, const char *field,
               const char *problem)
{
    struct list_query q;
    struct err err = ERR_INIT;

    ck_assert_msg(!query(sort, filter, search, &q, &err), "accepted %s %s", sort, filter);
    ck_assert_str_eq(err.code, "validation_failed");
    ck_assert_msg(err.ndetails == 1, "%d details, first %s: %s", err.ndetails, err.details[0].field,
                  err.details[0].problem);
    test_assert_problem(&err, field, problem);
    list_query_release(&q);
}

static void
assert_sort(const char *sort, const char *want)
{
    struct list_query q;
    struct err err = ERR_INIT;

    ck_assert_msg(query(sort, NULL, NULL, &q, &err), "refused %s", sort);
    test_assert_bson(&q.sort, want);
    list_query_release(&q);
}

#define F(col, op, val) "[{\"column\": \"" col "\", \"operator\": \"" op "\", \"value\": " val "}]"

START_TEST(query_defaults)
{
    struct list_query q;
    struct err err = ERR_INIT;

    ck_assert(query(NULL, NULL, NULL, &q, &err));
    test_assert_bson(&q.filter, "{ }");
    test_assert_bson(&q.sort, "{ \"createdAt\" : -1, \"_id\" : -1 }");
    ck_assert_int_eq(q.page, 0);
    ck_assert_int_eq(q.per_page, 50);
    ck_assert_int_eq(q.skip, 0);
    ck_assert_int_eq(q.limit, 50);
    list_query_release(&q);
    list_query_release(&q);                                         /* twice is fine */
    ck_assert(query_as(&test_staff, "", "", "", "", "", &q, &err)); /* "" = absent */
    test_assert_bson(&q.filter, "{ }");
    ck_assert_int_eq(q.per_page, 50);
    list_query_release(&q);
}
END_TEST

START_TEST(query_every_operator_builds_exact_bson)
{
    assert_filter(F("email", "eq", "\"Ann@X.io\""), "{ \"email\" : { \"$eq\" : \"ann@x.io\" } }");
    assert_filter(F("email", "ne", "\"ann@x.io\""), "{ \"email\" : { \"$ne\" : \"ann@x.io\" } }");
    assert_filter(F("employees", "lt", "10"), "{ \"employees\" : { \"$lt\" : 10 } }");
    assert_filter(F("employees", "lte", "10"), "{ \"employees\" : { \"$lte\" : 10 } }");
    assert_filter(F("dealAmount", "gt", "500"), "{ \"dealAmount\" : { \"$gt\" : 500 } }");
    assert_filter(F("score", "gte", "1.5"), "{ \"score\" : { \"$gte\" : 1.5 } }");
    assert_filter(
        F("scheduledDate", "gte", "\"2026-11-24\""),
        "{ \"scheduledDate\" : { \"$gte\" : { \"$date\" : \"2026-11-24T00:00:00Z\" } } }");
    assert_filter(F("dealStatus", "in", "[\"new\", \"won\"]"),
                  "{ \"dealStatus\" : { \"$in\" : [ \"new\", \"won\" ] } }");
    assert_filter(F("dealStatus", "not_in", "[\"lost\"]"),
                  "{ \"dealStatus\" : { \"$nin\" : [ \"lost\" ] } }");
    assert_filter("[{\"column\": \"partner\", \"operator\": \"is_null\"}]",
                  "{ \"partner\" : null }");
    assert_filter(F("partner", "is_null", "null"), "{ \"partner\" : null }");
    assert_filter("[{\"column\": \"partner\", \"operator\": \"is_not_null\"}]",
                  "{ \"partner\" : { \"$ne\" : null } }");
    assert_filter(F("email", "contains", "\"Ann.L\""),
                  "{ \"email\" : { \"$regex\" : \"^ann\\\\.l\" } }");
    assert_filter(F("firstName", "contains", "\"An*\""),
                  "{ \"firstName\" : { \"$regex\" : \"^An\\\\*\", \"$options\" : \"i\" } }");
}
END_TEST

START_TEST(query_values_convert_like_input)
{
    assert_filter(F("id", "eq", "\"65A1F0C2E4B0A1B2C3D4E5F6\""),
                  "{ \"_id\" : { \"$eq\" : { \"$oid\" : \"65a1f0c2e4b0a1b2c3d4e5f6\" } } }");
    assert_filter(F("id", "in", "[\"65a1f0c2e4b0a1b2c3d4e5f6\"]"),
                  "{ \"_id\" : { \"$in\" : [ { \"$oid\" : \"65a1f0c2e4b0a1b2c3d4e5f6\" } ] } }");
    assert_filter(F("partner", "eq", "\"0123456789abcdef01234567\""),
                  "{ \"partner\" : { \"$eq\" : { \"$oid\" : \"0123456789abcdef01234567\" } } }");
    assert_filter(F("tags", "eq", "\"SaaS\""), "{ \"tags\" : { \"$eq\" : \"saas\" } }");
    assert_filter(F("tags", "in", "[\"A\", \"b\"]"),
                  "{ \"tags\" : { \"$in\" : [ \"a\", \"b\" ] } }");
    assert_filter(F("tags", "contains", "\"Sa\""), "{ \"tags\" : { \"$regex\" : \"^sa\" } }");
    assert_filter(F("salesManager", "eq", "\"Bob\""),
                  "{ \"sales_manager\" : { \"$eq\" : \"Bob\" } }");
    assert_filter(F("isHot", "ne", "true"), "{ \"isHot\" : { \"$ne\" : true } }");
    assert_filter(F("dealAmount", "is_not_null", "null"),
                  "{ \"dealAmount\" : { \"$ne\" : null } }");
    assert_refused(NULL, F("employees", "gt", "\"10\""), NULL, "filter[0].value",
                   "must be an integer");
    assert_refused(NULL, F("employees", "gt", "0"), NULL, "filter[0].value",
                   "must be between 1 and 100000");
    assert_refused(NULL, F("dealAmount", "gt", "1.5"), NULL, "filter[0].value",
                   "must be a whole number of cents");
    assert_refused(NULL, F("scheduledDate", "lt", "\"yesterday\""), NULL, "filter[0].value",
                   "must be a date like 2026-11-24 or 2026-11-24T06:22:53Z");
    assert_refused(NULL, F("dealStatus", "eq", "\"maybe\""), NULL, "filter[0].value",
                   "must be one of: new, contacted, qualified, won, lost");
    assert_refused(NULL, F("email", "eq", "null"), NULL, "filter[0].value",
                   "must not be null (use is_null or is_not_null)");
    assert_refused(NULL, "[{\"column\": \"email\", \"operator\": \"eq\"}]", NULL, "filter[0].value",
                   "is required");
    assert_refused(NULL, F("partner", "is_null", "\"x\""), NULL, "filter[0].value",
                   "must be left out for is_null");
}
END_TEST

/* conditions are merged into one flat document (issue 12: FerretDB pushes down only top-level
 * members, never an $and); $and only for two conditions that cannot share their field */
START_TEST(query_combines_conditions_flat)
{
    assert_filter(
        "[{\"column\": \"scheduledDate\", \"operator\": \"gte\", \"value\": \"2026-01-01\"},"
        " {\"column\": \"scheduledDate\", \"operator\": \"lt\", \"value\": \"2026-02-01\"}]",
        "{ \"scheduledDate\" : { \"$gte\" : { \"$date\" : \"2026-01-01T00:00:00Z\" }, "
        "\"$lt\" : { \"$date\" : \"2026-02-01T00:00:00Z\" } } }");
    assert_filter("[]", "{ }");
    assert_filter("[{\"column\": \"isHot\", \"operator\": \"eq\", \"value\": true},"
                  " {\"column\": \"dealStatus\", \"operator\": \"in\", \"value\": [\"won\"]},"
                  " {\"column\": \"email\", \"operator\": \"ne\", \"value\": \"a@b.io\"}]",
                  "{ \"isHot\" : { \"$eq\" : true }, \"dealStatus\" : { \"$in\" : [ \"won\" ] }, "
                  "\"email\" : { \"$ne\" : \"a@b.io\" } }");
    /* the same operator twice on one field: the second waits in the $and */
    assert_filter("[{\"column\": \"isHot\", \"operator\": \"eq\", \"value\": true},"
                  " {\"column\": \"isHot\", \"operator\": \"eq\", \"value\": false}]",
                  "{ \"isHot\" : { \"$eq\" : true }, \"$and\" : [ { \"isHot\" : { \"$eq\" : "
                  "false } } ] }");
    /* a prefix match keeps its own $options: never merged */
    assert_filter("[{\"column\": \"email\", \"operator\": \"contains\", \"value\": \"a\"},"
                  " {\"column\": \"email\", \"operator\": \"ne\", \"value\": \"a@b.io\"}]",
                  "{ \"email\" : { \"$regex\" : \"^a\" }, \"$and\" : [ { \"email\" : "
                  "{ \"$ne\" : \"a@b.io\" } } ] }");
}
END_TEST

/* the data layer's scope and the client's filter: one flat document, the scope's members first */
START_TEST(filter_and_keeps_the_scope_flat)
{
    bson_t *scope = BCON_NEW("partner", BCON_UTF8("p1"), "archivedAt", BCON_NULL);
    bson_t *client =
        BCON_NEW("dealStatus", "{", "$eq", BCON_UTF8("new"), "}", "partner", "{", "$in", "[",
                 BCON_UTF8("p2"), "]", "}", "$and", "[", "{", "a", "{", "$gt", BCON_INT32(1), "}",
                 "}", "{", "a", "{", "$lt", BCON_INT32(5), "}", "}", "]");
    const bson_t *both[] = {scope, client, NULL};
    bson_t out = BSON_INITIALIZER;

    ck_assert(model_filter_and(both, 3, &out));
    test_assert_bson(&out, "{ \"partner\" : \"p1\", \"archivedAt\" : null, \"dealStatus\" : "
                           "{ \"$eq\" : \"new\" }, \"a\" : { \"$gt\" : 1, \"$lt\" : 5 }, "
                           "\"$and\" : [ { \"partner\" : { \"$in\" : [ \"p2\" ] } } ] }");
    bson_destroy(&out);
    bson_destroy(scope);
    bson_destroy(client);
}
END_TEST

START_TEST(query_injection_attempts_never_reach_the_query)
{
    static const char *const list = "eq, ne, in, not_in, contains";
    static const char *const all = "eq, ne, lt, lte, gt, gte, in, not_in, is_null, "
                                   "is_not_null, contains";
    struct list_query q;
    struct err err = ERR_INIT;
    char want[160];

    assert_refused(NULL, F("email", "eq", "{\"$ne\": null}"), NULL, "filter[0].value",
                   "must be a string");
    assert_refused(NULL, F("employees", "gte", "{\"$gt\": 0}"), NULL, "filter[0].value",
                   "must be an integer");
    assert_refused(NULL, F("email", "contains", "{\"$regex\": \".*\"}"), NULL, "filter[0].value",
                   "must be a string");
    assert_refused(NULL, F("dealStatus", "in", "[{\"$ne\": 1}]"), NULL, "filter[0].value[0]",
                   "must be one of: new, contacted, qualified, won, lost");
    assert_refused(NULL, F("id", "eq", "{\"$oid\": \"65a1f0c2e4b0a1b2c3d4e5f6\"}"), NULL,
                   "filter[0].value", "must be an id of 24 hex characters");
    assert_refused(NULL, F("$where", "eq", "\"1\""), NULL, "filter[0].column",
                   "is not a known column");
    assert_refused(NULL, F("email.$", "eq", "\"a@b.co\""), NULL, "filter[0].column",
                   "is not a known column");
    assert_refused(NULL, F("icp.region", "eq", "\"EU\""), NULL, "filter[0].column",
                   "is not a known column");
    assert_refused(NULL, F("sales_manager", "eq", "\"Bob\""), NULL, "filter[0].column",
                   "is not a known column"); /* the stored name is not a column */
    assert_refused(NULL, F("email\\u0000x", "eq", "\"a@b.co\""), NULL, "filter[0].column",
                   "is not a known column");
    assert_refused(NULL,
                   "[{\"column\": {\"$ne\": 1}, \"operator\": \"eq\", \"value\": \"a@b.co\"}]",
                   NULL, "filter[0].column", "is not a known column");
    snprintf(want, sizeof(want), "must be one of: %s", list);
    assert_refused(NULL, F("email", "$ne", "\"a@b.co\""), NULL, "filter[0].operator", want);
    assert_refused(NULL, F("email", "regex", "\".*\""), NULL, "filter[0].operator", want);
    assert_refused(NULL, F("email", "eq\\u0000", "\"a@b.co\""), NULL, "filter[0].operator", want);
    snprintf(want, sizeof(want), "lt is not allowed on email; use one of: %s", list);
    assert_refused(NULL, F("email", "lt", "\"a@b.co\""), NULL, "filter[0].operator", want);
    ck_assert(!query(NULL, F("nope", "where", "1"), NULL, &q, &err));
    ck_assert_int_eq(err.ndetails, 2);
    test_assert_problem(&err, "filter[0].column", "is not a known column");
    snprintf(want, sizeof(want), "must be one of: %s", all);
    test_assert_problem(&err, "filter[0].operator", want);
    list_query_release(&q);
    assert_refused(NULL,
                   "[{\"column\": \"email\", \"operator\": \"eq\", \"value\": \"a@b.co\","
                   " \"$where\": \"sleep(1)\"}]",
                   NULL, "filter[0]", "has an unknown key \"$where\"");
    assert_refused(NULL, F("description", "eq", "\"x\""), NULL, "filter[0].column",
                   "cannot be filtered on");
}
END_TEST

START_TEST(query_staff_read_columns_are_unknown_to_others)
{
    struct list_query q;
    struct err err = ERR_INIT;

    ck_assert(query_as(&test_staff, NULL, NULL, NULL, F("internalNote", "eq", "\"vip\""), NULL, &q,
                       &err));
    list_query_release(&q);
    ck_assert(!query_as(&test_partner_admin, NULL, NULL, NULL, F("internalNote", "eq", "\"vip\""),
                        NULL, &q, &err));
    test_assert_problem(&err, "filter[0].column", "is not a known column");
    list_query_release(&q);
    err_reset(&err);
    ck_assert(
        !query_as(NULL, NULL, NULL, NULL, F("internalNote", "eq", "\"vip\""), NULL, &q, &err));
    list_query_release(&q);
}
END_TEST

START_TEST(query_list_shapes_and_limits)
{
    char big[2048];
    size_t n;

    assert_refused(NULL, "{\"column\": \"email\"}", NULL, "filter",
                   "must be a list of at most 20 {column, operator, value}");
    assert_refused(NULL, "[\"email\"]", NULL, "filter[0]",
                   "must be an object {column, operator, value}");
    n = (size_t)snprintf(big, sizeof(big), "[");
    for (int i = 0; i < 21; i++)
        n += (size_t)snprintf(big + n, sizeof(big) - n,
                              "%s{\"column\": \"isHot\", "
                              "\"operator\": \"eq\", \"value\": true}",
                              i ? "," : "");
    snprintf(big + n, sizeof(big) - n, "]");
    assert_refused(NULL, big, NULL, "filter",
                   "must be a list of at most 20 {column, operator, value}");
    n = (size_t)snprintf(big, sizeof(big), F("dealStatus", "in", "["));
    n -= 2; /* cut "}]" to append 101 values */
    for (int i = 0; i < 101; i++)
        n += (size_t)snprintf(big + n, sizeof(big) - n, "%s\"new\"", i ? "," : "");
    snprintf(big + n, sizeof(big) - n, "]}]");
    assert_refused(NULL, big, NULL, "filter[0].value", "must be a list of 1 to 100 values");
    assert_refused(NULL, F("dealStatus", "in", "[]"), NULL, "filter[0].value",
                   "must be a list of 1 to 100 values");
    assert_refused(NULL, F("dealStatus", "in", "\"new\""), NULL, "filter[0].value",
                   "must be a list of 1 to 100 values");
    assert_refused(NULL, F("email", "contains", "\"\""), NULL, "filter[0].value",
                   "must not be empty");
    assert_refused(NULL, F("email", "contains", "5"), NULL, "filter[0].value", "must be a string");
}
END_TEST

START_TEST(query_reports_every_problem_at_once)
{
    struct list_query q;
    struct err err = ERR_INIT;

    ck_assert(!query_as(&test_staff, "-1", "500",
                        "[{\"column\": \"firstName\", \"direction\": \"up\"}]",
                        "[{\"column\": \"nope\", \"operator\": \"eq\", \"value\": 1},"
                        " {\"column\": \"email\", \"operator\": \"bad\"}]",
                        "\xff", &q, &err));
    ck_assert_str_eq(err.code, "validation_failed");
    ck_assert_str_eq(err.message, "the list query is not valid");
    ck_assert_int_eq(err.ndetails, 7);
    test_assert_problem(&err, "page", "must be a whole number from 0 to 1000000");
    test_assert_problem(&err, "perPage", "must be a whole number from 1 to 200");
    test_assert_problem(&err, "filter[0].column", "is not a known column");
    ck_assert_ptr_nonnull(test_problem(&err, "filter[1].operator"));
    test_assert_problem(&err, "search", "is not valid UTF-8");
    test_assert_problem(&err, "sort[0].column", "cannot be sorted on");
    test_assert_problem(&err, "sort[0].direction", "must be asc or desc");
    list_query_release(&q);
}
END_TEST

START_TEST(query_malformed_json_is_a_bad_request)
{
    static const char *const bad[] = {"[{", "nope", "[] x", "[1,]", "[[[[[[1]]]]]]", "\"x"};
    struct list_query q;

    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct err err = ERR_INIT;
        ck_assert_msg(!query(NULL, bad[i], NULL, &q, &err), "accepted %s", bad[i]);
        ck_assert_str_eq(err.code, "bad_request");
        ck_assert_str_eq(err.message, "filter is not valid JSON");
        test_assert_problem(&err, "filter", "is not valid JSON");
        list_query_release(&q);
        err_reset(&err);
        ck_assert(!query(bad[i], NULL, NULL, &q, &err));
        ck_assert_str_eq(err.code, "bad_request");
        ck_assert_str_eq(err.message, "sort is not valid JSON");
        list_query_release(&q);
    }
}
END_TEST

START_TEST(query_sorts_both_ways_with_id_tie_breaker)
{
    assert_sort("[{\"column\": \"email\", \"direction\": \"asc\"}]",
                "{ \"email\" : 1, \"_id\" : 1 }");
    assert_sort("[{\"column\": \"email\", \"direction\": \"desc\"}]",
                "{ \"email\" : -1, \"_id\" : -1 }");
    assert_sort("[{\"column\": \"dealAmount\", \"direction\": \"desc\"},"
                " {\"column\": \"salesManager\", \"direction\": \"asc\"}]",
                "{ \"dealAmount\" : -1, \"sales_manager\" : 1, \"_id\" : 1 }");
    assert_sort("[{\"column\": \"id\", \"direction\": \"desc\"}]", "{ \"_id\" : -1 }");
    assert_sort("[{\"column\": \"createdAt\", \"direction\": \"asc\"},"
                " {\"column\": \"id\", \"direction\": \"desc\"}]",
                "{ \"createdAt\" : 1, \"_id\" : -1 }");
    assert_sort("[]", "{ \"createdAt\" : -1, \"_id\" : -1 }");
}
END_TEST

START_TEST(query_sort_problems)
{
    assert_refused("[{\"column\": \"email\", \"direction\": \"ASC\"}]", NULL, NULL,
                   "sort[0].direction", "must be asc or desc");
    assert_refused("[{\"column\": \"email\", \"direction\": \"desc\\u0000\"}]", NULL, NULL,
                   "sort[0].direction", "must be asc or desc");
    assert_refused("[{\"column\": \"email\"}]", NULL, NULL, "sort[0].direction",
                   "must be asc or desc");
    assert_refused("[{\"column\": \"firstName\", \"direction\": \"asc\"}]", NULL, NULL,
                   "sort[0].column", "cannot be sorted on");
    assert_refused("[{\"column\": \"$natural\", \"direction\": \"asc\"}]", NULL, NULL,
                   "sort[0].column", "is not a known column");
    assert_refused("[{\"column\": \"email\", \"direction\": \"asc\"},"
                   " {\"column\": \"email\", \"direction\": \"desc\"}]",
                   NULL, NULL, "sort[1].column", "is already sorted on");
    assert_refused("[{\"column\": \"email\", \"direction\": \"asc\", \"x\": 1}]", NULL, NULL,
                   "sort[0]", "has an unknown key \"x\"");
    assert_refused("{\"column\": \"email\"}", NULL, NULL, "sort",
                   "must be a list of at most 5 {column, direction}");
    assert_refused("[1]", NULL, NULL, "sort[0]", "must be an object {column, direction}");
    assert_refused("[{\"column\":\"email\",\"direction\":\"asc\"},{\"column\":\"lastName\","
                   "\"direction\":\"asc\"},{\"column\":\"dealStatus\",\"direction\":\"asc\"},"
                   "{\"column\":\"employees\",\"direction\":\"asc\"},{\"column\":\"dealAmount\","
                   "\"direction\":\"asc\"},{\"column\":\"createdAt\",\"direction\":\"asc\"}]",
                   NULL, NULL, "sort", "must be a list of at most 5 {column, direction}");
}
END_TEST

START_TEST(query_model_without_default_sort_uses_id)
{
    static const struct field fields[] = {
        {.json = "id", "_id", FT_OBJECTID, FIELD_READONLY | FIELD_SORTABLE, 0, 0, OP_EQ, NULL}};
    static const struct model plain = {"thing", "things", MODEL_FIELDS(fields), NULL, false};
    struct list_params params = {.principal = &test_staff, .search = "x"};
    struct list_query q;
    struct err err = ERR_INIT;

    params.search = NULL;
    ck_assert(model_list_query(&plain, &params, &q, &err));
    test_assert_bson(&q.sort, "{ \"_id\" : 1 }");
    list_query_release(&q);
    params.search = "x";
    ck_assert(!model_list_query(&plain, &params, &q, &err));
    test_assert_problem(&err, "search", "is not supported for thing lists");
    list_query_release(&q);
}
END_TEST

START_TEST(query_page_and_per_page_bounds)
{
    static const char *const bad_pages[] = {"-1", "1.5", "abc",     " 1",
                                            "1 ", "+1",  "1000001", "99999999999999999999999"};
    struct list_query q;
    struct err err = ERR_INIT;
    struct list_params params = {.page = "3", .per_page = "20", .principal = &test_staff};

    ck_assert(model_list_query(M, &params, &q, &err));
    ck_assert_int_eq(q.page, 3);
    ck_assert_int_eq(q.per_page, 20);
    ck_assert_int_eq(q.skip, 60);
    ck_assert_int_eq(q.limit, 20);
    list_query_release(&q);
    params = (struct list_params){.page = "1000000", .per_page = "200"};
    ck_assert(model_list_query(M, &params, &q, &err));
    ck_assert_int_eq(q.skip, 200000000);
    list_query_release(&q);
    for (size_t i = 0; i < sizeof(bad_pages) / sizeof(bad_pages[0]); i++) {
        err_reset(&err);
        params = (struct list_params){.page = bad_pages[i]};
        ck_assert_msg(!model_list_query(M, &params, &q, &err), "accepted page %s", bad_pages[i]);
        test_assert_problem(&err, "page", "must be a whole number from 0 to 1000000");
        list_query_release(&q);
    }
    err_reset(&err);
    params = (struct list_params){.per_page = "0"};
    ck_assert(!model_list_query(M, &params, &q, &err));
    test_assert_problem(&err, "perPage", "must be a whole number from 1 to 200");
    list_query_release(&q);
    err_reset(&err);
    params = (struct list_params){.per_page = "11", .max_per_page = 10, .default_per_page = 5};
    ck_assert(!model_list_query(M, &params, &q, &err));
    test_assert_problem(&err, "perPage", "must be a whole number from 1 to 10");
    list_query_release(&q);
    params = (struct list_params){.max_per_page = 10, .default_per_page = 5};
    ck_assert(model_list_query(M, &params, &q, &err));
    ck_assert_int_eq(q.per_page, 5);
    list_query_release(&q);
    params = (struct list_params){.max_per_page = 10, .default_per_page = 50};
    ck_assert(model_list_query(M, &params, &q, &err));
    ck_assert_int_eq(q.per_page, 10); /* the default never exceeds the maximum */
    list_query_release(&q);
}
END_TEST

START_TEST(query_search_escapes_and_matches_prefixes)
{
    struct list_query q;
    struct err err = ERR_INIT;
    char longest[MODEL_SEARCH_MAX + 2];

    ck_assert(query(NULL, NULL, "  a.b*c ", &q, &err));
    test_assert_bson(
        &q.filter,
        "{ \"$or\" : [ { \"email\" : { \"$regex\" : \"^a\\\\.b\\\\*c\" } }, "
        "{ \"firstName\" : { \"$regex\" : \"^a\\\\.b\\\\*c\", \"$options\" : \"i\" } }, "
        "{ \"sales_manager\" : { \"$regex\" : \"^a\\\\.b\\\\*c\", \"$options\" : \"i\" } } ] }");
    list_query_release(&q);
    ck_assert(query(NULL, NULL, "Ann", &q, &err));
    test_assert_bson(&q.filter,
                     "{ \"$or\" : [ { \"email\" : { \"$regex\" : \"^ann\" } }, "
                     "{ \"firstName\" : { \"$regex\" : \"^Ann\", \"$options\" : \"i\" } }, "
                     "{ \"sales_manager\" : { \"$regex\" : \"^Ann\", \"$options\" : \"i\" } } ] }");
    list_query_release(&q);
    assert_filter(
        F("firstName", "contains", "\"\\\\^$.|?*+()[]{}-/\""),
        "{ \"firstName\" : { \"$regex\" : "
        "\"^\\\\\\\\\\\\^\\\\$\\\\.\\\\|\\\\?\\\\*\\\\+\\\\(\\\\)\\\\[\\\\]\\\\{\\\\}-/\", "
        "\"$options\" : \"i\" } }");
    ck_assert(query(NULL, F("isHot", "eq", "true"), "   ", &q, &err)); /* blank search: none */
    test_assert_bson(&q.filter, "{ \"isHot\" : { \"$eq\" : true } }");
    list_query_release(&q);
    ck_assert(query(NULL, F("isHot", "eq", "true"), "x", &q, &err));
    test_assert_bson(&q.filter,
                     "{ \"isHot\" : { \"$eq\" : true }, \"$or\" : [ "
                     "{ \"email\" : { \"$regex\" : \"^x\" } }, "
                     "{ \"firstName\" : { \"$regex\" : \"^x\", \"$options\" : \"i\" } }, "
                     "{ \"sales_manager\" : { \"$regex\" : \"^x\", \"$options\" : \"i\" } } ] }");
    list_query_release(&q);
    memset(longest, 'a', sizeof(longest));
    longest[MODEL_SEARCH_MAX] = '\0';
    ck_assert(query(NULL, NULL, longest, &q, &err));
    list_query_release(&q);
    longest[MODEL_SEARCH_MAX] = 'a';
    longest[MODEL_SEARCH_MAX + 1] = '\0';
    assert_refused(NULL, NULL, longest, "search", "must be at most 100 characters");
}
END_TEST

Suite *
suite_model_query(void)
{
    Suite *s = suite_create("model_query");
    TCase *tc = tcase_create("query");

    tcase_add_test(tc, query_defaults);
    tcase_add_test(tc, query_every_operator_builds_exact_bson);
    tcase_add_test(tc, query_values_convert_like_input);
    tcase_add_test(tc, query_combines_conditions_flat);
    tcase_add_test(tc, filter_and_keeps_the_scope_flat);
    tcase_add_test(tc, query_injection_attempts_never_reach_the_query);
    tcase_add_test(tc, query_staff_read_columns_are_unknown_to_others);
    tcase_add_test(tc, query_list_shapes_and_limits);
    tcase_add_test(tc, query_reports_every_problem_at_once);
    tcase_add_test(tc, query_malformed_json_is_a_bad_request);
    tcase_add_test(tc, query_sorts_both_ways_with_id_tie_breaker);
    tcase_add_test(tc, query_sort_problems);
    tcase_add_test(tc, query_model_without_default_sort_uses_id);
    tcase_add_test(tc, query_page_and_per_page_bounds);
    tcase_add_test(tc, query_search_escapes_and_matches_prefixes);
    suite_add_tcase(s, tc);
    return s;
}
