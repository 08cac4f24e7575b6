/* test_dispatch.c - the responder's own body cap (PC_MAX_BODY_BYTES, a route's limit,
 * PC_IMPORT_MAX_BYTES for uploads), which nginx's equal cap hides from the API tests */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "dispatch.h"
#include "router.h"
#include "unit.h"

static int handler_runs;

static int
count_run(struct req *req, struct res *res)
{
    (void)req;
    handler_runs++;
    return res_json(res, 200, json_object_new_object());
}

static const struct field thing_fields[] = {{.json = "name", .type = FT_STRING}};
static const struct model thing = {.name = "thing", MODEL_FIELDS(thing_fields)};

// clang-format off
static const struct route table[] = {
    ROUTE(POST, "/api/v1/things", count_run, PUBLIC, .in = &thing, .summary = "default cap"),
    ROUTE(POST, "/api/v1/small",  count_run, PUBLIC, .in = &thing, .body_limit = 8, .summary = "own cap"),
    ROUTE(POST, "/api/v1/upload", count_run, PUBLIC, .body = BODY_MULTIPART, .summary = "upload"),
    ROUTE(GET,  "/api/v1/list",   count_run, PUBLIC, .query = QUERY_LIST, .summary = "a list"),
    ROUTE(GET,  "/api/v1/plain",  count_run, PUBLIC, .summary = "no query parameters"),
    ROUTE(POST, "/api/v1/nobody", count_run, PUBLIC, .summary = "takes no body"),
    ROUTE(GET,  "/api/v1/hook",   count_run, PUBLIC, .test_only = true, .summary = "test hook"),
};
// clang-format on

/* dispatch req through the table and finish it; returns the status, code gets the error code
 * ("" without one) */
static int
run(struct req *req, char *code, size_t cap)
{
    struct res res;
    json_object *e, *c;
    int status;

    res_init(&res);
    status = dispatch_table(table, sizeof(table) / sizeof(table[0]), req, &res);
    ck_assert_int_eq(status, res.status);
    snprintf(code, cap, "%s",
             json_object_object_get_ex(res.json, "error", &e)
                     && json_object_object_get_ex(e, "code", &c)
                 ? json_object_get_string(c)
                 : "");
    res_release(&res);
    req_finish(req);
    return status;
}

/* POST Content-Length len to path with the caps 64 (PC_MAX_BODY_BYTES) and 128
 * (PC_IMPORT_MAX_BYTES); the body is there only when `sent` (no FastCGI stream here: a body
 * the responder tried to read would be short). Returns the status; code gets the error code. */
static int
post(const char *path, const char *ctype, long len, bool sent, char *code, size_t cap)
{
    struct app app = {0};
    char uri[128], length[64], type[128];
    char *env[] = {"REQUEST_METHOD=POST", uri, length, type, "REMOTE_ADDR=127.0.0.1", NULL};
    struct req req;

    app.cfg.max_body_bytes = 64;
    app.cfg.import_max_bytes = 128;
    snprintf(uri, sizeof(uri), "DOCUMENT_URI=%s", path);
    snprintf(length, sizeof(length), "CONTENT_LENGTH=%ld", len);
    snprintf(type, sizeof(type), "CONTENT_TYPE=%s", ctype);
    req_init(&req, &app, env, NULL);
    if (sent) {
        req.body = malloc((size_t)len + 1);
        ck_assert_ptr_nonnull(req.body);
        memset(req.body, ' ', (size_t)len);
        req.body[0] = '{';
        req.body[len - 1] = '}';
        req.body[len] = '\0';
        req.body_len = (size_t)len;
        req.body_read = true;
    }
    return run(&req, code, cap);
}

START_TEST(a_body_over_the_responders_cap_is_413_json_and_no_handler_runs)
{
    char code[64];

    handler_runs = 0;
    ck_assert_int_eq(post("/api/v1/things", "application/json", 65, false, code, sizeof(code)),
                     413);
    ck_assert_str_eq(code, "payload_too_large");
    ck_assert_int_eq(handler_runs, 0);
    /* exactly at the cap the handler runs */
    ck_assert_int_eq(post("/api/v1/things", "application/json", 64, true, code, sizeof(code)), 200);
    ck_assert_int_eq(handler_runs, 1);
}
END_TEST

START_TEST(a_routes_own_limit_and_the_upload_limit_apply)
{
    char code[64];

    handler_runs = 0;
    ck_assert_int_eq(post("/api/v1/small", "application/json", 9, false, code, sizeof(code)), 413);
    ck_assert_str_eq(code, "payload_too_large");
    ck_assert_int_eq(post("/api/v1/small", "application/json", 8, true, code, sizeof(code)), 200);
    ck_assert_int_eq(handler_runs, 1);
    ck_assert_int_eq(
        post("/api/v1/upload", "multipart/form-data; boundary=x", 129, false, code, sizeof(code)),
        413);
    ck_assert_str_eq(code, "payload_too_large");
    ck_assert_int_eq(handler_runs, 1);
    /* over PC_MAX_BODY_BYTES but within PC_IMPORT_MAX_BYTES: an upload may be larger */
    ck_assert_int_eq(
        post("/api/v1/upload", "multipart/form-data; boundary=x", 128, true, code, sizeof(code)),
        200);
    ck_assert_int_eq(handler_runs, 2);
}
END_TEST

/* GET uri (path and query, as REQUEST_URI) through the table; code gets the error code */
static int
get(const char *uri, char *code, size_t cap)
{
    struct app app = {0};
    char var[256];
    char *env[] = {"REQUEST_METHOD=GET", var, "REMOTE_ADDR=127.0.0.1", NULL};
    struct req req;

    snprintf(var, sizeof(var), "REQUEST_URI=%s", uri);
    req_init(&req, &app, env, NULL);
    return run(&req, code, cap);
}

START_TEST(an_unknown_query_parameter_is_400_before_the_handler)
{
    char code[64];

    handler_runs = 0;
    ck_assert_int_eq(get("/api/v1/list?page=1&perPage=10&search=a", code, sizeof(code)), 200);
    ck_assert_int_eq(get("/api/v1/plain", code, sizeof(code)), 200);
    ck_assert_int_eq(handler_runs, 2);
    ck_assert_int_eq(get("/api/v1/list?page=1&pgae=2", code, sizeof(code)), 400);
    ck_assert_str_eq(code, "bad_request");
    ck_assert_int_eq(get("/api/v1/plain?page=1", code, sizeof(code)), 400);
    ck_assert_int_eq(handler_runs, 2);
    /* 404 and 405 still come first */
    ck_assert_int_eq(get("/api/v1/nowhere?x=1", code, sizeof(code)), 404);
    ck_assert_int_eq(get("/api/v1/things?x=1", code, sizeof(code)), 405);
}
END_TEST

/* issue 11: a JSON body where none is expected is refused, not ignored */
START_TEST(a_body_to_a_route_that_takes_none_is_415)
{
    char code[64];

    handler_runs = 0;
    ck_assert_int_eq(post("/api/v1/nobody", "application/json", 11, true, code, sizeof(code)), 415);
    ck_assert_str_eq(code, "unsupported_media_type");
    ck_assert_int_eq(handler_runs, 0);
    ck_assert_int_eq(post("/api/v1/nobody", "application/json", 0, false, code, sizeof(code)), 200);
    ck_assert_int_eq(handler_runs, 1);
}
END_TEST

/* dispatch method uri with PC_TEST_HOOKS on or off; returns the serialised answer (caller
 * frees) */
static char *
answer(const char *method, const char *uri, bool hooks, int *status)
{
    struct app app = {0};
    char m[32], var[160];
    char *env[] = {m, var, "REMOTE_ADDR=127.0.0.1", NULL};
    struct req req;
    struct res res;
    size_t len = 0;
    char *out;

    app.cfg.test_hooks = hooks ? "1" : NULL;
    snprintf(m, sizeof(m), "REQUEST_METHOD=%s", method);
    snprintf(var, sizeof(var), "REQUEST_URI=%s", uri);
    req_init(&req, &app, env, NULL);
    res_init(&res);
    *status = dispatch_table(table, sizeof(table) / sizeof(table[0]), &req, &res);
    out = res_serialize(&res, "r1", &len);
    res_release(&res);
    req_finish(&req);
    return out;
}

START_TEST(head_answers_the_get_headers_without_the_body)
{
    int status = 0;
    char *get = answer("GET", "/api/v1/plain", false, &status), *head;

    ck_assert_int_eq(status, 200);
    head = answer("HEAD", "/api/v1/plain", false, &status);
    ck_assert_int_eq(status, 200);
    ck_assert_ptr_nonnull(strstr(head, "Content-Length: 2\r\n")); /* the GET's "{}" */
    ck_assert_str_eq(strstr(head, "\r\n\r\n"), "\r\n\r\n");       /* nothing after */
    ck_assert_str_eq(strstr(get, "\r\n\r\n"), "\r\n\r\n{}");
    free(get);
    free(head);
}
END_TEST

START_TEST(a_test_only_route_exists_only_with_the_hooks)
{
    int status = 0;

    free(answer("GET", "/api/v1/hook", false, &status));
    ck_assert_int_eq(status, 404);
    free(answer("GET", "/api/v1/hook", true, &status));
    ck_assert_int_eq(status, 200);
}
END_TEST

static void
quiet(void)
{
    log_init("test-unit", LOG_WARN); /* no access-log line per request */
}

Suite *
suite_dispatch(void)
{
    Suite *s = suite_create("dispatch");
    TCase *tc = tcase_create("body");

    tcase_add_checked_fixture(tc, quiet, NULL);
    tcase_add_test(tc, a_body_over_the_responders_cap_is_413_json_and_no_handler_runs);
    tcase_add_test(tc, a_routes_own_limit_and_the_upload_limit_apply);
    tcase_add_test(tc, an_unknown_query_parameter_is_400_before_the_handler);
    tcase_add_test(tc, a_body_to_a_route_that_takes_none_is_415);
    tcase_add_test(tc, head_answers_the_get_headers_without_the_body);
    tcase_add_test(tc, a_test_only_route_exists_only_with_the_hooks);
    suite_add_tcase(s, tc);
    return s;
}
