/* test_access.c - the router's access check (fcgi/access.c) without a stack: the kinds that
 * need no database (public, session, loopback, cron), the token checks that come before any
 * database or Redis call, and the role x access x reach matrix of the signed-in routes */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "access.h"
#include "auth/jwt_token.h"
#include "cookies.h"
#include "router.h"
#include "unit.h"

#define CRON "cron-secret-of-the-unit-tests-0123"
#define JWT "jwt-secret-of-the-unit-tests-0123456789abcdef"
#define SOME_ID "0123456789abcdef01234567"

static int
h(struct req *req, struct res *res)
{
    (void)req;
    (void)res;
    return 200;
}

static int reach_calls;
static bool reach_in; /* what the fake reach check answers */

static bool
fake_reach(struct app *app, const struct principal *p, const char *id, struct err *err)
{
    (void)app;
    (void)p;
    reach_calls++;
    ck_assert_str_eq(id, SOME_ID);
    return reach_in || err_set(err, ERR_NOT_FOUND, "no such record");
}

// clang-format off
static const struct route rows[] = {
    ROUTE(POST, "/public",      h, PUBLIC,   .summary = "0"),
    ROUTE(POST, "/session",     h, SESSION,  .summary = "1"),
    ROUTE(GET,  "/loopback",    h, LOOPBACK, .summary = "2"),
    ROUTE(POST, "/cron/:job",   h, CRON,     .summary = "3"),
    ROUTE(GET,  "/user",        h, USER,     .summary = "4"),
    ROUTE(GET,  "/admin/:id",   h, ADMIN,    .reach = fake_reach, .summary = "5"),
    ROUTE(GET,  "/owner/:id",   h, OWNER,    .reach = fake_reach, .summary = "6"),
    ROUTE(GET,  "/admin",       h, ADMIN,    .reach = fake_reach, .summary = "7: no :id"),
    ROUTE(GET,  "/owner-plain", h, OWNER,    .summary = "8: no reach check"),
    ROUTE(POST, "/hook",        h, WEBHOOK_STRIPE, .summary = "9: not built yet"),
};
// clang-format on

static struct app app;

/* req for row i with the NULL-terminated "NAME=value" FastCGI params env; the :id param is
 * SOME_ID on rows that have one */
static void
req_for(struct req *req, size_t i, char **env)
{
    req_init(req, &app, env, NULL);
    req->method = rows[i].method;
    req->route = &rows[i];
    if (strchr(rows[i].pattern, ':') != NULL) {
        req->nparams = 1;
        snprintf(req->params[0].name, sizeof(req->params[0].name), "id");
        snprintf(req->params[0].value, sizeof(req->params[0].value), SOME_ID);
    }
}

/* access_check of row i with env; returns "" when allowed, else the error code */
static const char *
check(size_t i, char **env)
{
    static char code[64];
    struct err err = ERR_INIT;
    struct req req;
    bool ok;

    req_for(&req, i, env);
    ok = access_check(&req, &err);
    snprintf(code, sizeof(code), "%s", ok ? "" : err.code);
    ck_assert_msg(ok == (err.code == NULL), "%s: verdict and error disagree", rows[i].pattern);
    req_finish(&req);
    return code;
}

static void
setup(void)
{
    memset(&app, 0, sizeof(app));
    app.cfg.cron_secret = CRON;
    app.cfg.jwt_secret = JWT;
    reach_calls = 0;
    reach_in = false;
}

START_TEST(public_routes_refuse_only_a_foreign_origin)
{
    char *none[] = {"REMOTE_ADDR=10.0.0.9", NULL};
    char *same[] = {"HTTP_ORIGIN=https://pc.example", "HTTP_HOST=pc.example", NULL};
    char *foreign[] = {"HTTP_ORIGIN=https://evil.example", "HTTP_HOST=pc.example", NULL};
    char *configured[] = {"HTTP_ORIGIN=https://pc.example:8443", "HTTP_HOST=evil.example",
                          "PC_HOST=pc.example:8443", NULL};
    char *spoofed[] = {"HTTP_ORIGIN=https://evil.example", "HTTP_HOST=evil.example",
                       "PC_HOST=pc.example", NULL};

    ck_assert_str_eq(check(0, none), "");
    ck_assert_str_eq(check(0, same), "");
    ck_assert_str_eq(check(0, foreign), "csrf_failed");
    ck_assert_str_eq(check(0, configured), ""); /* PC_HOST (nginx's) wins over Host */
    ck_assert_str_eq(check(0, spoofed), "csrf_failed");
}
END_TEST

START_TEST(session_routes_need_the_csrf_token_with_the_refresh_cookie)
{
    char *no_cookie[] = {NULL};
    char *no_header[] = {"HTTP_COOKIE=" COOKIE_REFRESH "=r1; " COOKIE_CSRF "=c1", NULL};
    char *wrong[] = {"HTTP_COOKIE=" COOKIE_REFRESH "=r1; " COOKIE_CSRF "=c1",
                     "HTTP_X_CSRF_TOKEN=c2", NULL};
    char *right[] = {"HTTP_COOKIE=" COOKIE_REFRESH "=r1; " COOKIE_CSRF "=c1",
                     "HTTP_X_CSRF_TOKEN=c1", NULL};
    char *empty[] = {"HTTP_COOKIE=" COOKIE_REFRESH "=r1; " COOKIE_CSRF "=",
                     "HTTP_X_CSRF_TOKEN=", NULL};

    ck_assert_str_eq(check(1, no_cookie), ""); /* no cookie used: nothing to forge */
    ck_assert_str_eq(check(1, no_header), "csrf_failed");
    ck_assert_str_eq(check(1, wrong), "csrf_failed");
    ck_assert_str_eq(check(1, right), "");
    ck_assert_str_eq(check(1, empty), "csrf_failed");
}
END_TEST

START_TEST(loopback_routes_answer_the_host_only)
{
    char *v4[] = {"REMOTE_ADDR=127.0.0.1", NULL};
    char *v6[] = {"REMOTE_ADDR=::1", NULL};
    char *lan[] = {"REMOTE_ADDR=10.0.0.1", NULL};
    char *near[] = {"REMOTE_ADDR=127.0.0.10", NULL};
    char *none[] = {NULL};

    ck_assert_str_eq(check(2, v4), "");
    ck_assert_str_eq(check(2, v6), "");
    ck_assert_str_eq(check(2, lan), "forbidden");
    ck_assert_str_eq(check(2, near), "forbidden");
    ck_assert_str_eq(check(2, none), "forbidden");
}
END_TEST

START_TEST(cron_routes_need_the_exact_secret_and_act_as_the_system)
{
    char *right[] = {"HTTP_AUTHORIZATION=Bearer " CRON, NULL};
    char *longer[] = {"HTTP_AUTHORIZATION=Bearer " CRON "x", NULL};
    char *prefix[] = {"HTTP_AUTHORIZATION=Bearer cron-secret", NULL};
    char *scheme[] = {"HTTP_AUTHORIZATION=Basic " CRON, NULL};
    char *none[] = {NULL};
    struct err err = ERR_INIT;
    struct req req;

    ck_assert_str_eq(check(3, longer), "unauthenticated");
    ck_assert_str_eq(check(3, prefix), "unauthenticated");
    ck_assert_str_eq(check(3, scheme), "unauthenticated");
    ck_assert_str_eq(check(3, none), "unauthenticated");
    req_for(&req, 3, right);
    ck_assert(access_check(&req, &err));
    ck_assert_int_eq(req.principal.kind, PRINCIPAL_SYSTEM);
    req_finish(&req);
}
END_TEST

/* a token signed with secret for user sub, issued at iat */
static char *
token(const char *secret, long long iat)
{
    struct access_claims c = {.sub = SOME_ID, .role = "admin", .fam = "0123abcd"};
    struct err err = ERR_INIT;
    char *t = NULL;

    ck_assert(access_token_issue(secret, iat, &c, &t, &err));
    return t;
}

/* no request below reaches Redis or the database (app has neither): the token is checked first */
START_TEST(signed_in_routes_refuse_a_missing_or_bad_token_before_any_lookup)
{
    char auth[2200], cookie[2200];
    char *none[] = {NULL};
    char *garbage[] = {"HTTP_AUTHORIZATION=Bearer not.a.jwt", NULL};
    char *bearer[] = {auth, NULL};
    char *via_cookie[] = {cookie, NULL};
    char *other = token("another-secret-of-the-same-length-0123456789", (long long)time(NULL));
    char *expired = token(JWT, (long long)time(NULL) - ACCESS_TTL_S - 1);

    for (size_t i = 4; i <= 8; i++) {
        ck_assert_str_eq(check(i, none), "unauthenticated");
        ck_assert_str_eq(check(i, garbage), "unauthenticated");
        snprintf(auth, sizeof(auth), "HTTP_AUTHORIZATION=Bearer %s", other);
        ck_assert_str_eq(check(i, bearer), "unauthenticated");
        snprintf(auth, sizeof(auth), "HTTP_AUTHORIZATION=Bearer %s", expired);
        ck_assert_str_eq(check(i, bearer), "unauthenticated");
        snprintf(cookie, sizeof(cookie), "HTTP_COOKIE=" COOKIE_ACCESS "=%s", expired);
        ck_assert_str_eq(check(i, via_cookie), "unauthenticated");
    }
    ck_assert_int_eq(reach_calls, 0);
    free(other);
    free(expired);
}
END_TEST

START_TEST(access_kinds_not_built_yet_fail_closed)
{
    char *env[] = {"HTTP_AUTHORIZATION=Bearer " CRON, "REMOTE_ADDR=127.0.0.1", NULL};

    ck_assert_str_eq(check(9, env), "unauthenticated");
}
END_TEST

START_TEST(the_bearer_header_wins_over_the_access_cookie)
{
    char *both[] = {"HTTP_AUTHORIZATION=Bearer from-header", "HTTP_COOKIE=" COOKIE_ACCESS "=c",
                    NULL};
    char *cookie[] = {"HTTP_COOKIE=a=b; " COOKIE_ACCESS "=from-cookie", NULL};
    char *basic[] = {"HTTP_AUTHORIZATION=Basic eDp5", NULL};
    char *empty[] = {"HTTP_COOKIE=" COOKIE_ACCESS "=", NULL};
    char out[64];
    bool via;
    struct req req;

    req_init(&req, &app, both, NULL);
    ck_assert(access_token_read(&req, out, sizeof(out), &via));
    ck_assert_str_eq(out, "from-header");
    ck_assert(!via);
    req_finish(&req);
    req_init(&req, &app, cookie, NULL);
    ck_assert(access_token_read(&req, out, sizeof(out), &via));
    ck_assert_str_eq(out, "from-cookie");
    ck_assert(via);                                    /* so the CSRF check applies */
    ck_assert(!access_token_read(&req, out, 5, &via)); /* too long for the buffer: none */
    req_finish(&req);
    req_init(&req, &app, basic, NULL);
    ck_assert(!access_token_read(&req, out, sizeof(out), &via));
    req_finish(&req);
    req_init(&req, &app, empty, NULL);
    ck_assert(!access_token_read(&req, out, sizeof(out), &via));
    req_finish(&req);
}
END_TEST

/* access_role_check of row i for a principal of role with the fake reach answering in_reach */
static const char *
role_check(size_t i, enum role role, bool in_reach)
{
    static char code[64];
    struct err err = ERR_INIT;
    char *env[] = {NULL};
    struct req req;
    bool ok;

    reach_in = in_reach;
    req_for(&req, i, env);
    req.principal.kind = PRINCIPAL_USER;
    req.principal.role = role;
    ok = access_role_check(&req, &err);
    snprintf(code, sizeof(code), "%s", ok ? "" : err.code);
    req_finish(&req);
    return code;
}

START_TEST(roles_meet_the_access_kind_and_out_of_reach_is_404)
{
    static const struct {
        size_t row;
        enum role role;
        bool in_reach;
        const char *want;
        int reach_calls;
    } cases[] = {
        {4, ROLE_USER, false, "", 0},           {4, ROLE_NONE, false, "", 0}, /* user: any role */
        {5, ROLE_ADMIN, false, "", 0},          {5, ROLE_OWNER, false, "", 0},
        {5, ROLE_USER, true, "forbidden", 1},  /* own partner's record: 403 */
        {5, ROLE_USER, false, "not_found", 1}, /* another partner's: 404 */
        {6, ROLE_OWNER, false, "", 0},          {6, ROLE_ADMIN, true, "forbidden", 1},
        {6, ROLE_ADMIN, false, "not_found", 1}, {6, ROLE_USER, false, "not_found", 1},
        {7, ROLE_USER, false, "forbidden", 0},  /* no :id, nothing to hide */
        {8, ROLE_ADMIN, false, "forbidden", 0}, /* no reach check on the row */
    };

    for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
        const char *got;

        reach_calls = 0;
        got = role_check(cases[k].row, cases[k].role, cases[k].in_reach);
        ck_assert_msg(strcmp(got, cases[k].want) == 0 && reach_calls == cases[k].reach_calls,
                      "case %zu: %s role %d in reach %d -> \"%s\" after %d reach calls", k,
                      rows[cases[k].row].pattern, cases[k].role, cases[k].in_reach, got,
                      reach_calls);
    }
}
END_TEST

Suite *
suite_access(void)
{
    Suite *s = suite_create("access");
    TCase *tc = tcase_create("kinds");

    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_add_test(tc, public_routes_refuse_only_a_foreign_origin);
    tcase_add_test(tc, session_routes_need_the_csrf_token_with_the_refresh_cookie);
    tcase_add_test(tc, loopback_routes_answer_the_host_only);
    tcase_add_test(tc, cron_routes_need_the_exact_secret_and_act_as_the_system);
    tcase_add_test(tc, signed_in_routes_refuse_a_missing_or_bad_token_before_any_lookup);
    tcase_add_test(tc, access_kinds_not_built_yet_fail_closed);
    tcase_add_test(tc, the_bearer_header_wins_over_the_access_cookie);
    tcase_add_test(tc, roles_meet_the_access_kind_and_out_of_reach_is_404);
    suite_add_tcase(s, tc);
    return s;
}
