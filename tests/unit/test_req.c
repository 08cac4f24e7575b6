/* test_req.c - request parsing: query, cookies, headers, JSON body */
#include <stdlib.h>
#include <string.h>

#include "core/url.h"
#include "req.h"
#include "unit.h"

static void
req_with_env(struct req *req, char **envp)
{
    req_init(req, NULL, envp, NULL);
}

static void
set_body(struct req *req, const char *body)
{
    req->body = strdup(body);
    req->body_len = strlen(body);
    req->body_read = true;
}

START_TEST(req_query_decodes_and_finds_exact_names)
{
    char *env[] = {"REQUEST_METHOD=GET",
                   "REQUEST_URI=/api/v1/leads?perPage=50&page=2&filter=%5B%22a+b%22%5D&x", NULL};
    struct req req;
    char buf[64];

    req_with_env(&req, env);
    ck_assert_str_eq(req.path, "/api/v1/leads");
    ck_assert(req_query(&req, "page", buf, sizeof(buf)));
    ck_assert_str_eq(buf, "2");
    ck_assert(req_query(&req, "filter", buf, sizeof(buf)));
    ck_assert_str_eq(buf, "[\"a b\"]");
    ck_assert(req_query(&req, "x", buf, sizeof(buf)));
    ck_assert_str_eq(buf, "");
    ck_assert(!req_query(&req, "per", buf, sizeof(buf)));
    ck_assert(!req_query(&req, "filter", buf, 4)); /* too long for the buffer */
    req_finish(&req);
}
END_TEST

START_TEST(req_prefers_nginx_normalised_path)
{
    char *env[] = {"REQUEST_URI=/api/v1/../v1/health?deep=1", "DOCUMENT_URI=/api/v1/health",
                   "QUERY_STRING=deep=1", NULL};
    struct req req;
    char buf[8];

    req_with_env(&req, env);
    ck_assert_str_eq(req.path, "/api/v1/health");
    ck_assert(req_query(&req, "deep", buf, sizeof(buf)));
    ck_assert_str_eq(buf, "1");
    req_finish(&req);
}
END_TEST

START_TEST(url_decode_rejects_nul_bytes)
{
    char out[16];

    ck_assert(!url_decode("a%00b", 5, out, sizeof(out)));
    ck_assert(url_decode("%zz", 3, out, sizeof(out)));
    ck_assert_str_eq(out, "%zz");
}
END_TEST

START_TEST(req_cookie_parses_the_cookie_header)
{
    char *env[] = {"HTTP_COOKIE=pc_csrf=abc; pc_access=tok.en.value;other=1", NULL};
    struct req req;
    char buf[64];

    req_with_env(&req, env);
    ck_assert(req_cookie(&req, "pc_access", buf, sizeof(buf)));
    ck_assert_str_eq(buf, "tok.en.value");
    ck_assert(req_cookie(&req, "pc_csrf", buf, sizeof(buf)));
    ck_assert_str_eq(buf, "abc");
    ck_assert(!req_cookie(&req, "pc", buf, sizeof(buf)));
    req_finish(&req);
}
END_TEST

START_TEST(req_header_maps_http_names_to_params)
{
    char *env[] = {"HTTP_X_CSRF_TOKEN=t1", "CONTENT_TYPE=application/json", NULL};
    struct req req;

    req_with_env(&req, env);
    ck_assert_str_eq(req_header(&req, "X-CSRF-Token"), "t1");
    ck_assert_str_eq(req_header(&req, "Content-Type"), "application/json");
    ck_assert_ptr_null(req_header(&req, "Authorization"));
    req_finish(&req);
}
END_TEST

START_TEST(req_json_accepts_objects_only)
{
    static const char *const bad[] = {"[1,2]", "{\"a\":1} trailing", "{\"a\":", "\"str\"", ""};
    struct req req;
    struct err err = ERR_INIT;

    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        req_with_env(&req, NULL);
        set_body(&req, bad[i]);
        err_reset(&err);
        ck_assert_msg(req_json(&req, &err) == NULL, "accepted %s", bad[i]);
        ck_assert_str_eq(err.code, "bad_json");
        req_finish(&req);
    }
    req_with_env(&req, NULL);
    set_body(&req, "{\"email\":\"a@b.co\"}");
    ck_assert_ptr_nonnull(req_json(&req, &err));
    req_finish(&req);
    /* json-c would keep the last of two keys and cut a string at \u0000: the body rules */
    req_with_env(&req, NULL);
    set_body(&req, "{\"role\":\"user\",\"role\":\"owner\"}");
    ck_assert_ptr_null(req_json(&req, &err));
    ck_assert_str_eq(err.code, "bad_json");
    ck_assert_str_eq(err.message, "request body has the key role twice");
    req_finish(&req);
    err_reset(&err);
    req_with_env(&req, NULL);
    set_body(&req, "{\"password\":\"pw\\u0000junk\"}");
    ck_assert_ptr_null(req_json(&req, &err));
    ck_assert_str_eq(err.code, "validation_failed");
    ck_assert_str_eq(err.details[0].field, "password");
    req_finish(&req);
}
END_TEST

START_TEST(req_json_limits_nesting_depth)
{
    struct req req;
    struct err err = ERR_INIT;
    char deep[200] = "{\"a\":";
    size_t n = strlen(deep);

    for (int i = 0; i < 40; i++)
        deep[n++] = '[';
    for (int i = 0; i < 40; i++)
        deep[n++] = ']';
    deep[n++] = '}';
    deep[n] = '\0';
    req_with_env(&req, NULL);
    set_body(&req, deep);
    ck_assert_ptr_null(req_json(&req, &err));
    req_finish(&req);
}
END_TEST

START_TEST(req_content_length_rejects_garbage)
{
    char *env[] = {"CONTENT_LENGTH=12x", NULL};
    char *env2[] = {"CONTENT_LENGTH=-5", NULL};
    struct req req;

    req_with_env(&req, env);
    ck_assert_int_eq(req_content_length(&req), -1);
    req_finish(&req);
    req_with_env(&req, env2);
    ck_assert_int_eq(req_content_length(&req), -1);
    req_finish(&req);
}
END_TEST

Suite *
suite_req(void)
{
    Suite *s = suite_create("req");
    TCase *tc = tcase_create("parse");

    tcase_add_test(tc, req_query_decodes_and_finds_exact_names);
    tcase_add_test(tc, req_prefers_nginx_normalised_path);
    tcase_add_test(tc, url_decode_rejects_nul_bytes);
    tcase_add_test(tc, req_cookie_parses_the_cookie_header);
    tcase_add_test(tc, req_header_maps_http_names_to_params);
    tcase_add_test(tc, req_json_accepts_objects_only);
    tcase_add_test(tc, req_json_limits_nesting_depth);
    tcase_add_test(tc, req_content_length_rejects_garbage);
    suite_add_tcase(s, tc);
    return s;
}
