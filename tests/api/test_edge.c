/* test_edge.c - the edge of the API through nginx (issue 11): nginx's own answers in the JSON
 * error shape over HTTP/1.1 and HTTP/2, HEAD, a body where none is taken, a literal segment
 * before a parameter, one principal's slow requests, and what /api/openapi.json promises */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "api.h"
#include "domain.h"
#include "fixtures.h"

/* res is the JSON error shape with status and code, sent as JSON */
static void
assert_json_error(const struct api_res *res, long status, const char *code, const char *what)
{
    char ctype[128] = "";

    ck_assert_msg(res->status == status, "%s: status %ld, want %ld: %.200s", what, res->status,
                  status, res->body);
    ck_assert_msg(api_header(res, "Content-Type", ctype, sizeof(ctype))
                      && strncmp(ctype, "application/json", 16) == 0,
                  "%s: Content-Type %s: %.200s", what, ctype, res->body);
    ck_assert_msg(res->json != NULL && api_json_str(res, "error.code") != NULL
                      && api_json_str(res, "error.message") != NULL,
                  "%s: not the error shape: %.200s", what, res->body);
    ck_assert_msg(strcmp(api_json_str(res, "error.code"), code) == 0, "%s: code %s, want %s", what,
                  api_json_str(res, "error.code"), code);
}

static char *
repeated(char c, size_t n, const char *prefix)
{
    size_t p = strlen(prefix);
    char *s = malloc(p + n + 1);

    ck_assert_ptr_nonnull(s);
    memcpy(s, prefix, p);
    memset(s + p, c, n);
    s[p + n] = '\0';
    return s;
}

/* 400, 414, 431 and 501 come from nginx before any location; HTTP/2 has no request line or
 * transfer coding to get wrong, and answers an oversized header field by closing the stream */
START_TEST(nginx_answers_malformed_requests_in_the_error_shape)
{
    struct api_res res;
    struct api_opts h1 = {.http1 = true};
    char *uri = repeated('a', 20000, "/api/v1/health?q=");
    char *header = repeated('a', 20000, "X-Big: ");
    const char *big[] = {header, NULL}, *te[] = {"Transfer-Encoding: gzip", NULL};

    api_call(&res, "B D", "/api/v1/health", &h1); /* no method has a space */
    assert_json_error(&res, 400, "bad_request", "a malformed request line");
    api_res_free(&res);
    api_call(&res, "B D", "/api/v1/health", NULL);
    assert_json_error(&res, 400, "bad_request", "an invalid method over HTTP/2");
    api_res_free(&res);
    api_call(&res, "GET", uri, &h1);
    assert_json_error(&res, 414, "uri_too_long", "a 20 kB request line");
    api_res_free(&res);
    h1.headers = big;
    api_call(&res, "GET", "/api/v1/health", &h1);
    assert_json_error(&res, 431, "headers_too_large", "a 20 kB header");
    api_res_free(&res);
    h1.headers = te;
    api_call(&res, "GET", "/api/v1/health", &h1);
    assert_json_error(&res, 501, "not_implemented", "Transfer-Encoding: gzip");
    api_res_free(&res);
    free(uri);
    free(header);
}
END_TEST

/* nginx refuses TRACE itself; the responder then answers, so Allow is the route's */
START_TEST(trace_is_a_json_405_with_the_routes_allow)
{
    struct api_opts h1 = {.http1 = true};
    struct api_res res;
    char allow[128] = "";

    for (int v = 0; v < 2; v++) {
        api_call(&res, "TRACE", "/api/v1/health", v ? &h1 : NULL);
        assert_json_error(&res, 405, "method_not_allowed", v ? "TRACE HTTP/1.1" : "TRACE HTTP/2");
        ck_assert(api_header(&res, "Allow", allow, sizeof(allow)));
        ck_assert_str_eq(allow, "GET, HEAD");
        api_res_free(&res);
    }
    api_call(&res, "TRACE", "/api/v1/leads/6b0f7112814cd9dd9806e613", NULL);
    assert_json_error(&res, 405, "method_not_allowed", "TRACE on a lead");
    ck_assert(api_header(&res, "Allow", allow, sizeof(allow)));
    ck_assert_str_eq(allow, "GET, HEAD, PATCH, DELETE");
    api_res_free(&res);
}
END_TEST

/* RFC 9110: HEAD is GET without the body (it was a 405) */
START_TEST(head_on_a_get_route_answers_as_get_without_a_body)
{
    struct cast k;
    struct api_res res;
    char ctype[128], path[128];

    api_call(&res, "HEAD", "/api/v1/health", NULL);
    ck_assert_int_eq(res.status, 200);
    ck_assert_uint_eq(res.len, 0);
    ck_assert(api_header(&res, "Content-Type", ctype, sizeof(ctype)));
    ck_assert_str_eq(ctype, "application/json; charset=utf-8");
    api_res_free(&res);
    fixture_cast(&k);
    snprintf(path, sizeof(path), "/api/v1/partners/%s", k.partner_a);
    client_call(&k.owner, "HEAD", path, NULL, &res);
    ck_assert_int_eq(res.status, 200);
    ck_assert_uint_eq(res.len, 0);
    api_res_free(&res);
    client_call(&k.anon, "HEAD", path, NULL, &res); /* the access check runs as for GET */
    ck_assert_int_eq(res.status, 401);
    ck_assert_uint_eq(res.len, 0);
    api_res_free(&res);
    cast_release(&k);
}
END_TEST

/* a 202 says what it accepted; a JSON body where none is taken is refused, not ignored */
START_TEST(resend_invite_answers_json_and_refuses_a_body)
{
    struct cast k;
    struct fixture_user invited;
    char token[TOKEN_CAP], path[128];
    struct api_res res;

    fixture_cast(&k);
    fixture_invited_user("user", k.partner_a, &invited, token);
    snprintf(path, sizeof(path), "/api/v1/users/%s/resend-invite", invited.id);
    client_call(&k.owner, "POST", path, "[null, null]", &res);
    assert_json_error(&res, 415, "unsupported_media_type", "a body to resend-invite");
    ck_assert_str_eq(api_json_str(&res, "error.message"), "this route takes no request body");
    api_res_free(&res);
    client_call(&k.owner, "POST", path, NULL, &res);
    ck_assert_int_eq(res.status, 202);
    ck_assert_ptr_nonnull(res.json);
    ck_assert_str_eq(api_json_str(&res, "status"), "queued");
    api_res_free(&res);
    client_call(&k.owner, "DELETE", "/api/v1/leads/6b0f7112814cd9dd9806e613", "{}", &res);
    assert_json_error(&res, 415, "unsupported_media_type", "a body to an archive");
    api_res_free(&res);
    cast_release(&k);
}
END_TEST

/* /leads/import and /leads/sales-managers are not /leads/:id */
START_TEST(a_literal_segment_wins_over_a_parameter)
{
    struct cast k;
    struct api_res res;
    char allow[128] = "";

    fixture_cast(&k);
    client_call(&k.owner, "GET", "/api/v1/leads/import", NULL, &res);
    assert_json_error(&res, 405, "method_not_allowed", "GET /leads/import");
    ck_assert(api_header(&res, "Allow", allow, sizeof(allow)));
    ck_assert_str_eq(allow, "POST");
    api_res_free(&res);
    client_call(&k.owner, "OPTIONS", "/api/v1/leads/import", NULL, &res);
    assert_json_error(&res, 405, "method_not_allowed", "OPTIONS /leads/import");
    ck_assert(api_header(&res, "Allow", allow, sizeof(allow)));
    ck_assert_str_eq(allow, "POST");
    api_res_free(&res);
    client_call(&k.owner, "DELETE", "/api/v1/leads/sales-managers", NULL, &res);
    assert_json_error(&res, 405, "method_not_allowed", "DELETE /leads/sales-managers");
    ck_assert(api_header(&res, "Allow", allow, sizeof(allow)));
    ck_assert_str_eq(allow, "GET, HEAD");
    api_res_free(&res);
    cast_release(&k);
}
END_TEST

/* one slow request of the principal whose access cookie is given; exits 0 on 200, 1 on a 429
 * with Retry-After, 2 otherwise */
static void
slow_request(const char *access)
{
    char cookie[2200];
    const char *headers[] = {cookie, NULL};
    struct api_opts opts = {.headers = headers, .timeout_ms = 20000};
    struct api_res res;
    char retry[16];
    int code;

    snprintf(cookie, sizeof(cookie), "Cookie: __Secure-pc_access=%s", access);
    api_call(&res, "GET", "/api/v1/test/sleep?s=4", &opts);
    code = res.status == 200                                                            ? 0
           : res.status == 429 && api_header(&res, "Retry-After", retry, sizeof(retry)) ? 1
                                                                                        : 2;
    api_res_free(&res);
    _exit(code);
}

/* eight slow requests of one account (more than the pool has responders): nginx lets
 * PC_CONN_PER_PRINCIPAL (4) through and refuses the rest with 429, so another account and
 * /health still answer at once */
START_TEST(slow_requests_of_one_principal_leave_the_api_to_the_others)
{
    struct cast k;
    struct api_res res;
    struct api_opts quick = {.timeout_ms = 2500};
    char bearer[2200];
    const char *auth[] = {bearer, NULL};
    struct api_opts other_account = {.headers = auth, .timeout_ms = 2500};
    pid_t kids[8];
    int ok = 0, limited = 0, other = 0, st;

    fixture_cast(&k);
    for (int i = 0; i < 8; i++) {
        kids[i] = fork();
        ck_assert_int_ge(kids[i], 0);
        if (kids[i] == 0)
            slow_request(k.user_a_c.access);
    }
    sleep(1);
    api_call(&res, "GET", "/api/v1/health?deep=1", &quick);
    ck_assert_msg(res.status == 200, "health answered %ld while one account was slow", res.status);
    api_res_free(&res);
    snprintf(bearer, sizeof(bearer), "Authorization: Bearer %s", k.admin_b_c.access);
    api_call(&res, "GET", "/api/v1/auth/me", &other_account);
    ck_assert_msg(res.status == 200, "another account got %ld", res.status);
    api_res_free(&res);
    for (int i = 0; i < 8; i++) {
        ck_assert_int_eq(waitpid(kids[i], &st, 0), kids[i]);
        int code = WIFEXITED(st) ? WEXITSTATUS(st) : 3;
        ok += code == 0, limited += code == 1, other += code > 1;
    }
    ck_assert_msg(ok >= 1 && ok <= 4 && limited == 8 - ok && other == 0,
                  "200: %d, 429 with Retry-After: %d, other: %d", ok, limited, other);
    cast_release(&k);
}
END_TEST

static json_object *
document(struct api_res *res)
{
    api_get(res, "/api/openapi.json");
    ck_assert_int_eq(res->status, 200);
    ck_assert_ptr_nonnull(res->json);
    return res->json;
}

/* json at a |-separated path of obj ("paths|/api/v1/health|get"), NULL when absent */
static json_object *
at(json_object *obj, const char *path)
{
    char key[256];

    for (const char *p = path; obj != NULL && *p != '\0';) {
        size_t len = strcspn(p, "|");
        snprintf(key, sizeof(key), "%.*s", (int)len, p);
        if (!json_object_object_get_ex(obj, key, &obj))
            return NULL;
        p += len + (p[len] == '|');
    }
    return obj;
}

static const char *
str_at(json_object *obj, const char *path)
{
    json_object *v = at(obj, path);

    return v ? json_object_get_string(v) : NULL;
}

/* the wrong schemas the probe found, now generated from the right tables */
START_TEST(openapi_describes_what_the_routes_really_take_and_give)
{
    struct api_res res;
    json_object *doc = document(&res), *v;

    ck_assert_str_eq(str_at(doc, "paths|/api/v1/partners/{id}/billing|put|requestBody|content|"
                                 "application/json|schema|$ref"),
                     "#/components/schemas/BillingBody");
    ck_assert_str_eq(str_at(doc, "paths|/api/v1/partners/{id}/billing|get|responses|200|content|"
                                 "application/json|schema|$ref"),
                     "#/components/schemas/Billing");
    ck_assert_ptr_null(at(doc, "components|schemas|UserUpdate|properties|email"));
    ck_assert_ptr_nonnull(at(doc, "components|schemas|UserCreate|properties|email"));
    ck_assert_ptr_null(at(doc, "components|schemas|User|properties|name|minLength"));
    v = at(doc, "components|schemas|SignInBody|required");
    ck_assert_ptr_nonnull(v);
    ck_assert_str_eq(json_object_to_json_string(v), "[ \"email\", \"password\" ]");
    api_res_free(&res);
}
END_TEST

START_TEST(openapi_declares_statuses_parameters_and_security)
{
    struct api_res res;
    json_object *doc = document(&res), *v;

    ck_assert_ptr_nonnull(at(doc, "paths|/api/v1/users|post|responses|201"));
    ck_assert_ptr_nonnull(at(doc, "paths|/api/v1/users|post|responses|409"));
    ck_assert_ptr_nonnull(at(doc, "paths|/api/v1/users|post|responses|422"));
    ck_assert_ptr_null(at(doc, "paths|/api/v1/users|post|responses|default"));
    ck_assert_ptr_nonnull(at(doc, "paths|/api/v1/users/{id}|delete|responses|204"));
    ck_assert_ptr_nonnull(at(doc, "paths|/api/v1/users/{id}/resend-invite|post|responses|202|"
                                  "content"));
    v = at(doc, "paths|/api/v1/leads|get|parameters");
    ck_assert_ptr_nonnull(v);
    ck_assert_int_eq(json_object_get_int(at(json_object_array_get_idx(v, 1), "schema|maximum")),
                     200); /* perPage */
    ck_assert_str_eq(str_at(doc, "paths|/api/v1/leads/{id}/status|patch|security"),
                     "[ { \"cookieAuth\": [ ], \"csrfHeader\": [ ] }, { \"bearerAuth\": [ ] } ]");
    ck_assert_str_eq(str_at(doc, "paths|/api/v1/leads|get|security"),
                     "[ { \"cookieAuth\": [ ] }, { \"bearerAuth\": [ ] } ]");
    ck_assert_str_eq(str_at(doc, "paths|/api/v1/leads/import|post|requestBody|content|"
                                 "multipart/form-data|schema|$ref"),
                     "#/components/schemas/ImportUploadBody");
    api_res_free(&res);
}
END_TEST

/* every body the document closes (additionalProperties false) is closed by its handler too:
 * a member it does not name is refused, never ignored */
START_TEST(openapi_bodies_refuse_what_they_do_not_name)
{
    struct cast k;
    struct api_res res, doc_res;
    json_object *paths = at(document(&doc_res), "paths");
    int probed = 0;

    char tokens[128], token[64];

    fixture_cast(&k);
    /* the partner API's rows take a partner token (issue 15), not a session */
    snprintf(tokens, sizeof(tokens), "/api/v1/partners/%s/api-tokens", k.partner_a);
    ck_assert_int_eq(call_status(&k.owner, "POST", tokens, "{\"name\":\"probe\"}", "token", token,
                                 sizeof(token)),
                     201);
    json_object_object_foreach(paths, path, item)
    {
        json_object_object_foreach(item, method, op)
        {
            char upper[8] = "";
            if (strchr(path, '{') != NULL || at(op, "requestBody|content|application/json") == NULL)
                continue;
            for (size_t i = 0; method[i] != '\0' && i + 1 < sizeof(upper); i++)
                upper[i] = (char)(method[i] - 'a' + 'A'), upper[i + 1] = '\0';
            if (strcmp(json_object_get_string(at(op, "x-access")), "partner_token") == 0)
                bearer_call(token, upper, path, "{\"zzProbe\":1}", &res);
            else
                client_call(&k.owner, upper, path, "{\"zzProbe\":1}", &res);
            ck_assert_msg(res.status == 422 || res.status == 400,
                          "%s %s took an unknown member: %ld", upper, path, res.status);
            ck_assert_msg(strstr(res.body, "zzProbe") != NULL || res.status == 400, "%s %s: %.200s",
                          upper, path, res.body);
            api_res_free(&res);
            probed++;
        }
    }
    ck_assert_int_ge(probed, 8);
    api_res_free(&doc_res);
    cast_release(&k);
}
END_TEST

Suite *
suite_edge(void)
{
    Suite *s = suite_create("edge");
    TCase *tc = tcase_create("edge");

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, nginx_answers_malformed_requests_in_the_error_shape);
    tcase_add_test(tc, trace_is_a_json_405_with_the_routes_allow);
    tcase_add_test(tc, head_on_a_get_route_answers_as_get_without_a_body);
    tcase_add_test(tc, resend_invite_answers_json_and_refuses_a_body);
    tcase_add_test(tc, a_literal_segment_wins_over_a_parameter);
    tcase_add_test(tc, slow_requests_of_one_principal_leave_the_api_to_the_others);
    tcase_add_test(tc, openapi_describes_what_the_routes_really_take_and_give);
    tcase_add_test(tc, openapi_declares_statuses_parameters_and_security);
    tcase_add_test(tc, openapi_bodies_refuse_what_they_do_not_name);
    suite_add_tcase(s, tc);
    return s;
}
