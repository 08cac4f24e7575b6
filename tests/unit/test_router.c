/* test_router.c - matching: params, 404 vs 405 with Allow, pattern validity, the query
 * allow-list */
#include <string.h>

#include "router.h"
#include "unit.h"

static int
h(struct req *req, struct res *res)
{
    (void)req;
    (void)res;
    return 200;
}

// clang-format off
static const struct route table[] = {
    ROUTE(GET,    "/api/v1/leads",                  h, USER,  .query = QUERY_LIST, .summary = "list"),
    ROUTE(POST,   "/api/v1/leads",                  h, ADMIN, .summary = "create"),
    ROUTE(GET,    "/api/v1/leads/:id",              h, USER,  .summary = "get"),
    ROUTE(PATCH,  "/api/v1/leads/:id/status",       h, USER,  .summary = "status"),
    ROUTE(DELETE, "/api/v1/leads/:id/notes/:noteId", h, USER, .summary = "note"),
    ROUTE(GET,    "/api/v1/health",                 h, PUBLIC, .query = "deep", .summary = "one"),
    ROUTE(POST,   "/api/v1/leads/import",           h, ADMIN, .summary = "import"),
    ROUTE(PATCH,  "/api/v1/leads/:id",              h, ADMIN, .summary = "update"),
    ROUTE(GET,    "/api/v1/:kind/sales-managers",   h, USER,  .summary = "a parameter first"),
};
// clang-format on

static enum match_result
match(struct req *req, const char *method, const char *path, char *allow)
{
    memset(req, 0, sizeof(*req));
    req->method = method;
    req->path = (char *)(uintptr_t)path;
    return router_match(table, sizeof(table) / sizeof(table[0]), req, allow, 128);
}

START_TEST(router_extracts_params)
{
    struct req req;
    char allow[128];

    ck_assert_int_eq(match(&req, "DELETE", "/api/v1/leads/abc/notes/n1", allow), MATCH_OK);
    ck_assert_ptr_eq(req.route, &table[4]);
    ck_assert_str_eq(req_param(&req, "id"), "abc");
    ck_assert_str_eq(req_param(&req, "noteId"), "n1");
    ck_assert_ptr_null(req_param(&req, "other"));
}
END_TEST

START_TEST(router_distinguishes_404_and_405)
{
    struct req req;
    char allow[128];

    ck_assert_int_eq(match(&req, "PUT", "/api/v1/leads", allow), MATCH_WRONG_METHOD);
    ck_assert_str_eq(allow, "GET, HEAD, POST"); /* HEAD wherever GET is (RFC 9110) */
    ck_assert_int_eq(match(&req, "GET", "/api/v1/lead", allow), MATCH_NOT_FOUND);
    ck_assert_int_eq(match(&req, "GET", "/api/v1/leads/", allow), MATCH_NOT_FOUND);
    ck_assert_int_eq(match(&req, "GET", "/api/v1/leads/a/b", allow), MATCH_NOT_FOUND);
    ck_assert_int_eq(match(&req, "GET", "/api/v1/leads//status", allow), MATCH_NOT_FOUND);
    ck_assert_int_eq(match(&req, "GET", "/api/v1/leads/x/status", allow), MATCH_WRONG_METHOD);
    ck_assert_str_eq(allow, "PATCH");
}
END_TEST

/* "/leads/import" is not "/leads/:id": the most literal pattern wins, and the 405's Allow is
 * the methods of that pattern alone */
START_TEST(router_prefers_a_literal_segment_to_a_parameter)
{
    struct req req;
    char allow[128];

    ck_assert_int_eq(match(&req, "GET", "/api/v1/leads/import", allow), MATCH_WRONG_METHOD);
    ck_assert_str_eq(allow, "POST");
    ck_assert_int_eq(match(&req, "OPTIONS", "/api/v1/leads/import", allow), MATCH_WRONG_METHOD);
    ck_assert_str_eq(allow, "POST");
    ck_assert_int_eq(match(&req, "POST", "/api/v1/leads/import", allow), MATCH_OK);
    ck_assert_ptr_eq(req.route, &table[6]);
    ck_assert_int_eq(match(&req, "DELETE", "/api/v1/leads/abc", allow), MATCH_WRONG_METHOD);
    ck_assert_str_eq(allow, "GET, HEAD, PATCH");
    /* the first segment that differs decides: /leads/:id/.. beats /:kind/sales-managers */
    ck_assert_int_eq(match(&req, "GET", "/api/v1/leads/sales-managers", allow), MATCH_OK);
    ck_assert_ptr_eq(req.route, &table[2]);
    ck_assert_int_eq(match(&req, "GET", "/api/v1/users/sales-managers", allow), MATCH_OK);
    ck_assert_ptr_eq(req.route, &table[8]);
}
END_TEST

START_TEST(router_answers_head_with_the_get_row)
{
    struct req req;
    char allow[128];

    ck_assert_int_eq(match(&req, "HEAD", "/api/v1/leads/abc", allow), MATCH_OK);
    ck_assert_ptr_eq(req.route, &table[2]);
    ck_assert_str_eq(req_param(&req, "id"), "abc");
    ck_assert_int_eq(match(&req, "HEAD", "/api/v1/leads/x/status", allow), MATCH_WRONG_METHOD);
    ck_assert_str_eq(allow, "PATCH");
}
END_TEST

START_TEST(router_rejects_overlong_params)
{
    struct req req;
    char allow[128], path[400] = "/api/v1/leads/";

    memset(path + strlen(path), 'a', 300);
    ck_assert_int_eq(match(&req, "GET", path, allow), MATCH_NOT_FOUND);
}
END_TEST

START_TEST(router_pattern_validity)
{
    ck_assert(router_pattern_valid("/api/v1/leads/:id"));
    ck_assert(!router_pattern_valid("api/v1"));
    ck_assert(!router_pattern_valid("/api//v1"));
    ck_assert(!router_pattern_valid("/api/v1/"));
    ck_assert(!router_pattern_valid("/api/v1/x:id"));
    ck_assert(!router_pattern_valid("/a/:b/:c/:d/:e/:f"));
}
END_TEST

/* router_query_check of row i of the table, with err cleared first */
static bool
query_ok(size_t i, const char *query, struct err *err)
{
    err_reset(err);
    return router_query_check(&table[i], query, err);
}

START_TEST(router_query_accepts_the_rows_parameters_only)
{
    struct err err = ERR_INIT;

    ck_assert(query_ok(0, "", &err));
    ck_assert(query_ok(0, "page=2&perPage=50&sort=x&filter=y&search=z", &err));
    ck_assert(query_ok(0, "search", &err));             /* present without a value */
    ck_assert(query_ok(0, "page=1&&perPage=2&", &err)); /* empty segments */
    ck_assert(query_ok(5, "deep=1", &err));
    ck_assert(query_ok(2, "", &err)); /* a row without parameters and none sent */
    ck_assert(!query_ok(0, "page=1&q=acme", &err));
    ck_assert_str_eq(err.code, "bad_request");
    ck_assert_int_eq(err_status(err.code), 400);
    ck_assert_str_eq(err.message, "unknown query parameter: q");
    ck_assert_int_eq(err.ndetails, 1);
    ck_assert_str_eq(err.details[0].field, "q");
    ck_assert_ptr_nonnull(strstr(err.details[0].problem, "page,perPage,sort,filter,search"));
}
END_TEST

START_TEST(router_query_names_every_unknown_parameter)
{
    struct err err = ERR_INIT;

    /* names are compared whole and as sent: no prefix, no case folding, no decoding */
    ck_assert(!query_ok(0, "pag=1&pageX=2&Page=3&p%61ge=4&page=5", &err));
    ck_assert_str_eq(err.message, "unknown query parameter: pag");
    ck_assert_int_eq(err.ndetails, 4);
    ck_assert_str_eq(err.details[1].field, "pageX");
    ck_assert_str_eq(err.details[2].field, "Page");
    ck_assert_str_eq(err.details[3].field, "p%61ge");
    /* a row without parameters refuses any */
    ck_assert(!query_ok(2, "deep=1", &err));
    ck_assert_str_eq(err.details[0].field, "deep");
    ck_assert_ptr_nonnull(strstr(err.details[0].problem, "takes none"));
    /* "=x" has an empty name, which no row allows; "deep" of another row is not this one's */
    ck_assert(!query_ok(5, "=x", &err));
    ck_assert_str_eq(err.details[0].field, "");
    ck_assert(!query_ok(0, "deep=1", &err));
}
END_TEST

START_TEST(router_query_caps_a_long_name)
{
    struct err err = ERR_INIT;
    char query[400];

    memset(query, 'x', 300);
    query[300] = '\0';
    ck_assert(!query_ok(0, query, &err));
    ck_assert_uint_eq(strlen(err.details[0].field), sizeof(err.details[0].field) - 1);
    ck_assert_uint_lt(strlen(err.message), sizeof(err.message));
}
END_TEST

Suite *
suite_router(void)
{
    Suite *s = suite_create("router");
    TCase *tc = tcase_create("match");

    tcase_add_test(tc, router_extracts_params);
    tcase_add_test(tc, router_distinguishes_404_and_405);
    tcase_add_test(tc, router_prefers_a_literal_segment_to_a_parameter);
    tcase_add_test(tc, router_answers_head_with_the_get_row);
    tcase_add_test(tc, router_rejects_overlong_params);
    tcase_add_test(tc, router_pattern_validity);
    tcase_add_test(tc, router_query_accepts_the_rows_parameters_only);
    tcase_add_test(tc, router_query_names_every_unknown_parameter);
    tcase_add_test(tc, router_query_caps_a_long_name);
    suite_add_tcase(s, tc);
    return s;
}
