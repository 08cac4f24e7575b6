/* test_foundation.c - the responder skeleton and nginx shields, through nginx over TLS */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "router.h"

static void
assert_error(const struct api_res *res, long status, const char *code)
{
    ck_assert_msg(res->status == status, "status %ld, want %ld: %s", res->status, status,
                  res->body);
    ck_assert_ptr_nonnull(res->json);
    ck_assert_str_eq(api_json_str(res, "error.code"), code);
    ck_assert_ptr_nonnull(api_json_str(res, "error.message"));
}

START_TEST(health_answers_ok)
{
    struct api_res res;
    char ctype[128], reqid[128];

    ck_assert(api_get(&res, "/api/v1/health"));
    ck_assert_int_eq(res.status, 200);
    ck_assert_str_eq(api_json_str(&res, "status"), "ok");
    ck_assert(api_header(&res, "Content-Type", ctype, sizeof(ctype)));
    ck_assert_str_eq(ctype, "application/json; charset=utf-8");
    ck_assert(api_header(&res, "X-Request-Id", reqid, sizeof(reqid)));
    ck_assert_int_ge(strlen(reqid), 16);
    api_res_free(&res);
}
END_TEST

START_TEST(deep_health_checks_database_and_redis)
{
    struct api_res res;

    ck_assert(api_get(&res, "/api/v1/health?deep=1"));
    ck_assert_int_eq(res.status, 200);
    ck_assert_str_eq(api_json_str(&res, "status"), "ok");
    api_res_free(&res);
}
END_TEST

START_TEST(unknown_route_is_json_404)
{
    struct api_res res;

    api_get(&res, "/api/v1/no-such-thing");
    assert_error(&res, 404, "not_found");
    api_res_free(&res);
    api_get(&res, "/api/x.php"); /* outside /api/v1: nginx answers, in the same shape */
    assert_error(&res, 404, "not_found");
    api_res_free(&res);
}
END_TEST

/* the router's allow-list (routes.c .query): a parameter no handler reads is a 400 naming it,
 * before the access check, so a typo never goes unnoticed as an ignored filter */
START_TEST(an_unknown_query_parameter_is_400_naming_it)
{
    struct api_res res;

    api_get(&res, "/api/v1/health?depp=1");
    assert_error(&res, 400, "bad_request");
    ck_assert_str_eq(api_json_str(&res, "error.message"), "unknown query parameter: depp");
    ck_assert_ptr_nonnull(strstr(res.body, "\"field\":\"depp\""));
    api_res_free(&res);
    api_get(&res, "/api/v1/health?deep=1&x=1&y"); /* one detail for each */
    assert_error(&res, 400, "bad_request");
    ck_assert_ptr_nonnull(strstr(res.body, "\"field\":\"x\""));
    ck_assert_ptr_nonnull(strstr(res.body, "\"field\":\"y\""));
    ck_assert_ptr_null(strstr(res.body, "\"field\":\"deep\""));
    api_res_free(&res);
    api_get(&res, "/api/openapi.json?v=3");
    assert_error(&res, 400, "bad_request");
    api_res_free(&res);
    api_get(&res, "/api/v1/leads?perpage=10"); /* the case matters; no session needed to learn it */
    assert_error(&res, 400, "bad_request");
    ck_assert_ptr_nonnull(strstr(res.body, "\"field\":\"perpage\""));
    api_res_free(&res);
    api_get(&res, "/api/v1/leads?perPage=10&page=0&sort=%5B%5D&filter=%5B%5D&search=a");
    assert_error(&res, 401, "unauthenticated"); /* the list's own parameters pass on */
    api_res_free(&res);
    api_get(&res, "/api/v1/health?");
    ck_assert_int_eq(api_status_free(&res), 200);
}
END_TEST

START_TEST(wrong_method_is_405_with_allow)
{
    struct api_res res;
    char allow[64];

    api_call(&res, "DELETE", "/api/v1/health", NULL);
    assert_error(&res, 405, "method_not_allowed");
    ck_assert(api_header(&res, "Allow", allow, sizeof(allow)));
    ck_assert_str_eq(allow, "GET, HEAD"); /* issue 11: HEAD wherever GET is (RFC 9110) */
    api_res_free(&res);
}
END_TEST

static void
check_body_over_cap(bool http1)
{
    size_t len = 2 * 1024 * 1024;
    char *big = malloc(len);
    static const char *const json[] = {"Content-Type: application/json", NULL};
    struct api_opts opts = {.headers = json, .body = big, .body_len = len, .http1 = http1};
    struct api_res res;

    memset(big, 'a', len);
    api_call(&res, "POST", "/api/v1/cron/purge-expired", &opts);
    assert_error(&res, 413, "payload_too_large");
    api_res_free(&res);
    free(big);
}

START_TEST(body_over_the_cap_is_413_json)
{
    check_body_over_cap(false); /* HTTP/2 */
    check_body_over_cap(true);
}
END_TEST

START_TEST(non_json_body_is_415)
{
    static const char *const plain[] = {"Content-Type: text/plain", NULL};
    struct api_opts opts = {.headers = plain, .body = "{}"};
    struct api_res res;

    api_call(&res, "POST", "/api/v1/cron/purge-expired", &opts);
    assert_error(&res, 415, "unsupported_media_type");
    api_res_free(&res);
}
END_TEST

START_TEST(cron_from_outside_the_allow_list_is_403)
{
    char auth[256];
    const char *headers[] = {auth, NULL};
    struct api_opts opts = {.headers = headers, .interface = "127.0.0.2"};
    struct api_res res;

    snprintf(auth, sizeof(auth), "Authorization: Bearer %s", harness_env("CRON_SECRET"));
    api_call(&res, "POST", "/api/v1/cron/purge-expired", &opts);
    assert_error(&res, 403, "forbidden");
    api_res_free(&res);
}
END_TEST

START_TEST(cron_without_or_with_a_wrong_secret_is_401)
{
    static const char *const wrong[] = {"Authorization: Bearer not-the-secret", NULL};
    struct api_opts opts = {.headers = wrong};
    struct api_res res;

    api_call(&res, "POST", "/api/v1/cron/purge-expired", NULL);
    assert_error(&res, 401, "unauthenticated");
    api_res_free(&res);
    api_call(&res, "POST", "/api/v1/cron/purge-expired", &opts);
    assert_error(&res, 401, "unauthenticated");
    api_res_free(&res);
}
END_TEST

START_TEST(cron_with_the_secret_runs_the_job)
{
    char auth[256];
    const char *headers[] = {auth, NULL};
    struct api_opts opts = {.headers = headers};
    struct api_res res;

    snprintf(auth, sizeof(auth), "Authorization: Bearer %s", harness_env("CRON_SECRET"));
    api_call(&res, "POST", "/api/v1/cron/purge-expired", &opts);
    ck_assert_int_eq(res.status, 200);
    ck_assert_str_eq(api_json_str(&res, "job"), "purge-expired");
    ck_assert_ptr_nonnull(api_json_str(&res, "deleted"));
    api_res_free(&res);
    api_call(&res, "POST", "/api/v1/cron/no-such-job", &opts);
    assert_error(&res, 404, "not_found");
    api_res_free(&res);
    api_call(&res, "GET", "/api/v1/cron/purge-expired", &opts);
    assert_error(&res, 405, "method_not_allowed");
    api_res_free(&res);
}
END_TEST

START_TEST(webhook_routes_refuse_get_with_405)
{
    struct api_res res;
    char allow[64];

    api_get(&res, "/api/v1/webhooks/hubspot");
    assert_error(&res, 405, "method_not_allowed");
    ck_assert(api_header(&res, "Allow", allow, sizeof(allow)));
    ck_assert_str_eq(allow, "POST");
    api_res_free(&res);
}
END_TEST

START_TEST(security_headers_are_present)
{
    static const char *const required[] = {
        "Strict-Transport-Security", "X-Content-Type-Options", "Referrer-Policy",
        "Content-Security-Policy",   "X-Frame-Options",
    };
    static const char *const paths[] = {"/api/v1/health", "/", "/api/v1/nope", "/api/docs/"};
    struct api_res res;
    char value[1024];

    for (size_t p = 0; p < sizeof(paths) / sizeof(paths[0]); p++) {
        api_get(&res, paths[p]);
        for (size_t i = 0; i < sizeof(required) / sizeof(required[0]); i++)
            ck_assert_msg(api_header(&res, required[i], value, sizeof(value)), "%s lacks %s",
                          paths[p], required[i]);
        api_header(&res, "Content-Security-Policy", value, sizeof(value));
        ck_assert_ptr_nonnull(strstr(value, "frame-ancestors 'none'"));
        const char *script_src = strstr(value, "script-src");
        ck_assert_ptr_nonnull(script_src);
        size_t directive_len = strcspn(script_src, ";");
        ck_assert_msg(memmem(script_src, directive_len, "unsafe", 6) == NULL,
                      "script-src allows unsafe code: %.*s", (int)directive_len, script_src);
        ck_assert(!api_header(&res, "X-Powered-By", value, sizeof(value)));
        ck_assert(api_header(&res, "Server", value, sizeof(value)));
        ck_assert_str_eq(value, "nginx"); /* server_tokens off: no version */
        api_res_free(&res);
    }
}
END_TEST

START_TEST(root_serves_the_client_and_deep_links_fall_back)
{
    struct api_res res;
    char ctype[128];

    api_get(&res, "/");
    ck_assert_int_eq(res.status, 200);
    ck_assert(api_header(&res, "Content-Type", ctype, sizeof(ctype)));
    ck_assert_ptr_nonnull(strstr(ctype, "text/html"));
    ck_assert_ptr_nonnull(strstr(res.body, "id=\"__nuxt\""));
    api_res_free(&res);
    api_get(&res, "/partners/x");
    ck_assert_int_eq(res.status, 200);
    ck_assert_ptr_nonnull(strstr(res.body, "id=\"__nuxt\""));
    api_res_free(&res);
}
END_TEST

START_TEST(hashed_assets_are_cached_for_a_year)
{
    struct api_res res;
    char cache[128], asset[256];
    const char *src, *end;

    api_get(&res, "/");
    src = strstr(res.body, "src=\"/_nuxt/");
    ck_assert_ptr_nonnull(src);
    src += 5;
    end = strchr(src, '"');
    snprintf(asset, sizeof(asset), "%.*s", (int)(end - src), src);
    api_res_free(&res);
    api_get(&res, asset);
    ck_assert_int_eq(res.status, 200);
    ck_assert(api_header(&res, "Cache-Control", cache, sizeof(cache)));
    ck_assert_ptr_nonnull(strstr(cache, "max-age=31536000"));
    api_res_free(&res);
}
END_TEST

START_TEST(swagger_ui_is_served_without_a_cdn)
{
    struct api_res res;

    api_get(&res, "/api/docs/");
    ck_assert_int_eq(res.status, 200);
    ck_assert_ptr_nonnull(strstr(res.body, "swagger-ui-bundle.js"));
    ck_assert_ptr_null(strstr(res.body, "http"));
    api_res_free(&res);
    api_get(&res, "/api/docs/swagger-initializer.js");
    ck_assert_int_eq(res.status, 200);
    ck_assert_ptr_nonnull(strstr(res.body, "/api/openapi.json"));
    api_res_free(&res);
}
END_TEST

/* "/api/v1/leads/:id/notes/:noteId" -> "/api/v1/leads/{id}/notes/{noteId}"; written here
 * again, not borrowed from openapi.c, so a slip there shows */
static void
openapi_form(const char *pattern, char *out, size_t cap)
{
    size_t n = 0;

    out[0] = '\0';
    for (const char *seg = pattern; *seg == '/' && n < cap;) {
        size_t len = strcspn(seg + 1, "/");
        n += (size_t)snprintf(out + n, cap - n, seg[1] == ':' ? "/{%.*s}" : "/%.*s",
                              (int)(seg[1] == ':' ? len - 1 : len), seg + (seg[1] == ':' ? 2 : 1));
        seg += 1 + len;
    }
}

static bool
is_http_method(const char *key)
{
    static const char *const methods[] = {"get",     "put",  "post",  "delete",
                                          "options", "head", "patch", "trace"};

    for (size_t i = 0; i < sizeof(methods) / sizeof(methods[0]); i++)
        if (strcmp(key, methods[i]) == 0)
            return true;
    return false;
}

/* the operation of route r in the document's paths, NULL when missing; where names
 * "get /api/v1/leads/{id}" for messages (cap bytes) */
static json_object *
openapi_operation(json_object *paths, const struct route *r, char *where, size_t cap)
{
    char path[256], method[8];
    json_object *item, *op;
    size_t k = 0;

    for (; r->method[k] != '\0' && k + 1 < sizeof(method); k++)
        method[k] = (char)(r->method[k] - 'A' + 'a');
    method[k] = '\0';
    openapi_form(r->pattern, path, sizeof(path));
    snprintf(where, cap, "%s %s", method, path);
    if (!json_object_object_get_ex(paths, path, &item)
        || !json_object_object_get_ex(item, method, &op))
        return NULL;
    return op;
}

START_TEST(openapi_lists_every_route)
{
    struct api_res res;
    json_object *paths, *op, *v;
    char where[300];
    size_t operations = 0;

    api_get(&res, "/api/openapi.json");
    ck_assert_int_eq(res.status, 200);
    ck_assert_ptr_nonnull(res.json);
    ck_assert_str_eq(api_json_str(&res, "openapi"), "3.0.3");
    ck_assert(json_object_object_get_ex(res.json, "paths", &paths));
    /* every row of the route table, as method + path ... */
    for (size_t i = 0; i < routes_count; i++) {
        const struct route *r = &routes[i];
        op = openapi_operation(paths, r, where, sizeof(where));
        ck_assert_msg(op != NULL, "%s %s is not in the document as %s", r->method, r->pattern,
                      where);
        ck_assert_msg(json_object_object_get_ex(op, "summary", &v)
                          && strcmp(json_object_get_string(v), r->summary) == 0,
                      "%s %s: summary differs", r->method, r->pattern);
    }
    /* ... and nothing else */
    json_object_object_foreach(paths, name, ops)
    {
        json_object_object_foreach(ops, key, val)
        {
            (void)val;
            ck_assert_msg(is_http_method(key), "%s has a %s entry", name, key);
            operations++;
        }
    }
    ck_assert_uint_eq(operations, routes_count);
    ck_assert_ptr_nonnull(api_json_str(&res, "paths./api/v1/health.get.summary"));
    ck_assert_str_eq(api_json_str(&res, "paths./api/v1/cron/{job}.post.x-access"), "cron");
    /* schemas come from the field tables */
    ck_assert_str_eq(api_json_str(&res, "components.schemas.LeadCreate.properties.email.format"),
                     "email");
    ck_assert_ptr_nonnull(api_json_str(&res, "components.schemas.Lead.properties.dealStatus.enum"));
    ck_assert_ptr_null(api_json_str(&res, "components.schemas.User.properties.passwordHash"));
    api_res_free(&res);
}
END_TEST

/* each row's allow-list is in the document as its query parameters, and nothing more */
START_TEST(openapi_lists_the_query_parameters_of_each_route)
{
    struct api_res res;
    json_object *paths, *op, *params;
    char where[300];

    api_get(&res, "/api/openapi.json");
    ck_assert_int_eq(res.status, 200);
    ck_assert(json_object_object_get_ex(res.json, "paths", &paths));
    for (size_t i = 0; i < routes_count; i++) {
        const struct route *r = &routes[i];
        char want[128] = "", got[128] = "";
        op = openapi_operation(paths, r, where, sizeof(where));
        ck_assert_msg(op != NULL, "%s is not in the document", where);
        snprintf(want, sizeof(want), "%s", r->query ? r->query : "");
        if (json_object_object_get_ex(op, "parameters", &params))
            for (size_t p = 0; p < json_object_array_length(params); p++) {
                json_object *param = json_object_array_get_idx(params, p);
                if (strcmp(json_object_get_string(json_object_object_get(param, "in")), "query"))
                    continue;
                snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%s", got[0] ? "," : "",
                         json_object_get_string(json_object_object_get(param, "name")));
            }
        ck_assert_msg(strcmp(got, want) == 0, "%s %s: query %s, want %s", r->method, r->pattern,
                      got, want);
    }
    /* page numbers are integers, the rest strings (JSON for sort and filter) */
    op = openapi_operation(paths, &routes[0], where, sizeof(where));
    for (size_t i = 0; i < routes_count; i++)
        if (strcmp(routes[i].pattern, "/api/v1/leads") == 0 && strcmp(routes[i].method, "GET") == 0)
            op = openapi_operation(paths, &routes[i], where, sizeof(where));
    ck_assert_str_eq(where, "get /api/v1/leads");
    ck_assert(json_object_object_get_ex(op, "parameters", &params));
    for (size_t p = 0; p < json_object_array_length(params); p++) {
        json_object *param = json_object_array_get_idx(params, p), *schema;
        const char *name = json_object_get_string(json_object_object_get(param, "name"));
        bool number = strcmp(name, "page") == 0 || strcmp(name, "perPage") == 0;
        ck_assert(json_object_object_get_ex(param, "schema", &schema));
        ck_assert_str_eq(json_object_get_string(json_object_object_get(schema, "type")),
                         number ? "integer" : "string");
        ck_assert(!json_object_get_boolean(json_object_object_get(param, "required")));
    }
    api_res_free(&res);
}
END_TEST

START_TEST(api_docs_without_the_slash_redirects)
{
    struct api_res res;
    char location[512];
    const char *path;

    api_get(&res, "/api/docs");
    ck_assert_int_eq(res.status, 301);
    ck_assert(api_header(&res, "Location", location, sizeof(location)));
    /* absolute (https://localhost:<port>/api/docs/) or relative: the path is what counts */
    path = strncmp(location, "https://", 8) == 0 ? strchr(location + 8, '/') : location;
    ck_assert_msg(path != NULL && strcmp(path, "/api/docs/") == 0, "Location: %s", location);
    api_res_free(&res);
}
END_TEST

START_TEST(http_redirects_to_https)
{
    char cmd[512], out[512] = "";
    FILE *p;

    snprintf(cmd, sizeof(cmd),
             "curl -s -o /dev/null -w '%%{http_code} %%{redirect_url}' http://127.0.0.1:%s/leads",
             harness_env("PC_HTTP_PORT"));
    p = popen(cmd, "r");
    ck_assert_ptr_nonnull(fgets(out, sizeof(out), p));
    pclose(p);
    ck_assert_msg(strncmp(out, "301 https://", 12) == 0, "got %s", out);
    ck_assert_ptr_nonnull(strstr(out, "/leads"));
}
END_TEST

START_TEST(fastcgi_socket_is_not_world_accessible)
{
    char path[512], cmd[600], out[64] = "";
    FILE *p;

    snprintf(path, sizeof(path), "%s/run/pc-api.sock", harness_env("PC_VAR_DIR"));
    snprintf(cmd, sizeof(cmd), "stat -c %%a %s", path);
    p = popen(cmd, "r");
    ck_assert_ptr_nonnull(fgets(out, sizeof(out), p));
    pclose(p);
    ck_assert_msg(strcmp(out, "660\n") == 0, "socket mode %s", out);
}
END_TEST

Suite *
suite_foundation(void)
{
    Suite *s = suite_create("foundation");
    TCase *tc = tcase_create("skeleton");

    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, health_answers_ok);
    tcase_add_test(tc, deep_health_checks_database_and_redis);
    tcase_add_test(tc, unknown_route_is_json_404);
    tcase_add_test(tc, wrong_method_is_405_with_allow);
    tcase_add_test(tc, an_unknown_query_parameter_is_400_naming_it);
    tcase_add_test(tc, body_over_the_cap_is_413_json);
    tcase_add_test(tc, non_json_body_is_415);
    tcase_add_test(tc, cron_from_outside_the_allow_list_is_403);
    tcase_add_test(tc, cron_without_or_with_a_wrong_secret_is_401);
    tcase_add_test(tc, cron_with_the_secret_runs_the_job);
    tcase_add_test(tc, webhook_routes_refuse_get_with_405);
    tcase_add_test(tc, security_headers_are_present);
    tcase_add_test(tc, root_serves_the_client_and_deep_links_fall_back);
    tcase_add_test(tc, hashed_assets_are_cached_for_a_year);
    tcase_add_test(tc, swagger_ui_is_served_without_a_cdn);
    tcase_add_test(tc, openapi_lists_every_route);
    tcase_add_test(tc, openapi_lists_the_query_parameters_of_each_route);
    tcase_add_test(tc, api_docs_without_the_slash_redirects);
    tcase_add_test(tc, http_redirects_to_https);
    tcase_add_test(tc, fastcgi_socket_is_not_world_accessible);
    suite_add_tcase(s, tc);
    return s;
}
