/* test_router.c - matching: params, 404 vs 405 with Allow, pattern validity */
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

static const struct route table[] = {
    {"GET", "/api/v1/leads", h, ACCESS_USER, "list", 0, 0, NULL, NULL},
    {"POST", "/api/v1/leads", h, ACCESS_ADMIN, "create", 0, 0, NULL, NULL},
    {"GET", "/api/v1/leads/:id", h, ACCESS_USER, "get", 0, 0, NULL, NULL},
    {"PATCH", "/api/v1/leads/:id/status", h, ACCESS_USER, "status", 0, 0, NULL, NULL},
    {"DELETE", "/api/v1/leads/:id/notes/:noteId", h, ACCESS_USER, "note", 0, 0, NULL, NULL},
};

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
    ck_assert_str_eq(allow, "GET, POST");
    ck_assert_int_eq(match(&req, "GET", "/api/v1/lead", allow), MATCH_NOT_FOUND);
    ck_assert_int_eq(match(&req, "GET", "/api/v1/leads/", allow), MATCH_NOT_FOUND);
    ck_assert_int_eq(match(&req, "GET", "/api/v1/leads/a/b", allow), MATCH_NOT_FOUND);
    ck_assert_int_eq(match(&req, "GET", "/api/v1/leads//status", allow), MATCH_NOT_FOUND);
    ck_assert_int_eq(match(&req, "GET", "/api/v1/leads/x/status", allow), MATCH_WRONG_METHOD);
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

Suite *
suite_router(void)
{
    Suite *s = suite_create("router");
    TCase *tc = tcase_create("match");

    tcase_add_test(tc, router_extracts_params);
    tcase_add_test(tc, router_distinguishes_404_and_405);
    tcase_add_test(tc, router_rejects_overlong_params);
    tcase_add_test(tc, router_pattern_validity);
    suite_add_tcase(s, tc);
    return s;
}
