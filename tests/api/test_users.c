/* test_users.c - user management: the role matrix of every route, reach (IDOR), the rules of
 * who manages whom, lists and bad input */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixtures.h"
#include "stack_access.h"

#define MATRIX_ADDRESS "127.0.0.31" /* source address of the auth route matrix */

static long
call(struct session_client *c, const char *method, const char *path, const char *json)
{
    struct api_res res;
    long status;

    client_call(c, method, path, json, &res);
    status = res.status;
    api_res_free(&res);
    return status;
}

/* a fresh user of partner (active, or invited) for the routes that change or archive */
static void
fixture_victim_path(const char *partner, bool invited, const char *suffix, char *out, size_t cap)
{
    struct fixture_user v;
    char token[TOKEN_CAP];

    if (invited)
        fixture_invited_user("user", partner, &v, token);
    else
        fixture_user("user", partner, &v);
    snprintf(out, cap, "/api/v1/users/%s%s", v.id, suffix);
}

START_TEST(role_matrix_of_the_user_routes)
{
    struct cast k;
    char path[160], body[256], email[128];
    struct session_client *who[5];
    static const char *const names[] = {"owner", "staff admin", "partner admin", "user", "anon"};

    fixture_cast(&k);
    who[0] = &k.owner;
    who[1] = &k.staff_c;
    who[2] = &k.admin_a_c;
    who[3] = &k.user_a_c;
    who[4] = &k.anon;
    /* expected statuses for: owner, staff admin, partner-A admin, user, anonymous */
    static const struct {
        const char *method, *route, *suffix;
        bool invited; /* the victim of an id route is an invited user */
        long want[5];
    } rows[] = {
        {"GET", "/api/v1/users", NULL, false, {200, 200, 200, 403, 401}},
        {"POST", "/api/v1/users", NULL, false, {201, 201, 201, 403, 401}},
        {"GET", "/api/v1/users/", "", false, {200, 200, 200, 403, 401}},
        {"PATCH", "/api/v1/users/", "", false, {200, 200, 200, 403, 401}},
        {"PATCH", "/api/v1/users/", "/status", false, {200, 200, 200, 403, 401}},
        {"POST", "/api/v1/users/", "/resend-invite", true, {202, 202, 202, 403, 401}},
        {"POST", "/api/v1/users/", "/resend-invite", false, {409, 409, 409, 403, 401}},
        {"DELETE", "/api/v1/users/", "", false, {204, 204, 204, 403, 401}},
        {"GET", "/api/v1/auth/me", NULL, false, {200, 200, 200, 200, 401}},
        {"PATCH", "/api/v1/auth/me", NULL, false, {200, 200, 200, 200, 401}},
        /* owner only (the queue issue's admin routes); the owner's 404s come from the
         * handlers: no such dead job */
        {"GET", "/api/v1/admin/queues", NULL, false, {200, 403, 403, 403, 401}},
        {"GET", "/api/v1/admin/queues/email/dead", NULL, false, {200, 403, 403, 403, 401}},
        {"POST",
         "/api/v1/admin/queues/email/dead/1-0/replay",
         NULL,
         false,
         {404, 403, 403, 403, 401}},
        {"DELETE", "/api/v1/admin/queues/email/dead/1-0", NULL, false, {404, 403, 403, 403, 401}},
    };
    for (size_t r = 0; r < sizeof(rows) / sizeof(rows[0]); r++) {
        for (int w = 0; w < 5; w++) {
            const char *json = NULL;
            if (rows[r].suffix != NULL)
                fixture_victim_path(k.partner_a, rows[r].invited, rows[r].suffix, path,
                                    sizeof(path));
            else
                snprintf(path, sizeof(path), "%s", rows[r].route);
            if (strcmp(rows[r].route, "/api/v1/users") == 0 && rows[r].method[0] == 'P') {
                unique_address("matrix", email, sizeof(email));
                snprintf(body, sizeof(body), "{\"email\":\"%s\",\"role\":\"user\"%s%s%s}", email,
                         w == 2 ? "" : ",\"partner\":\"", w == 2 ? "" : k.partner_a,
                         w == 2 ? "" : "\"");
                json = body;
            } else if (strstr(path, "/status") != NULL) {
                json = "{\"isActive\":false}";
            } else if (strcmp(rows[r].method, "PATCH") == 0) {
                json = "{\"name\":\"Changed Name\"}";
            }
            long got = call(who[w], rows[r].method, path, json);
            ck_assert_msg(got == rows[r].want[w], "%s %s as %s: %ld, want %ld", rows[r].method,
                          rows[r].route, names[w], got, rows[r].want[w]);
        }
    }
    cast_release(&k);
}
END_TEST

enum auth_route {
    SIGN_IN,
    SIGN_OUT,
    REFRESH,
    FORGOT,
    RESET,
    ACCEPT,
    CHANGE_PASSWORD,
};

/* the cast's account of caller w (0 owner ... 3 user), NULL for anonymous */
static const struct fixture_user *
account_of(const struct cast *k, int w)
{
    const struct fixture_user *accounts[] = {&k->owner_u, &k->staff, &k->admin_a, &k->user_a};

    return w < 4 ? accounts[w] : NULL;
}

/* a new session of caller w's account (the cast's own session stays as it is) */
static void
second_session(const struct cast *k, int w, struct session_client *out)
{
    memset(out, 0, sizeof(*out));
    out->interface = MATRIX_ADDRESS;
    if (account_of(k, w) != NULL)
        ck_assert_int_eq(client_sign_in(out, account_of(k, w)->email, account_of(k, w)->password),
                         200);
}

/* change the password of c's account and back (the owner's is the harness's) */
static long
change_password_and_back(struct session_client *c, const char *password)
{
    char body[256];
    long first, second;

    snprintf(body, sizeof(body), "{\"currentPassword\":\"%s\",\"newPassword\":\"%s\"}", password,
             "a temporary password 1");
    first = call(c, "POST", "/api/v1/auth/password", body);
    if (first != 200)
        return first;
    snprintf(body, sizeof(body), "{\"currentPassword\":\"%s\",\"newPassword\":\"%s\"}",
             "a temporary password 1", password);
    second = call(c, "POST", "/api/v1/auth/password", body);
    return second == 200 ? first : second;
}

/* one call of a public or session route of issue 4 as caller w of the cast, with fresh data */
static long
auth_route_call(struct cast *k, int w, enum auth_route route)
{
    struct session_client *who[] = {&k->owner, &k->staff_c, &k->admin_a_c, &k->user_a_c, &k->anon};
    struct session_client c;
    struct fixture_user f;
    char body[512], token[TOKEN_CAP];
    const char *path = NULL;
    long status;

    if (route == SIGN_OUT || route == REFRESH || route == CHANGE_PASSWORD)
        second_session(k, w, &c); /* these end or rotate the session they run in */
    else
        client_copy(who[w], &c); /* the caller's cookies; the answer's stay in the copy */
    switch (route) {
    case SIGN_IN:
        fixture_user("user", k->partner_a, &f);
        snprintf(body, sizeof(body), "{\"email\":\"%s\",\"password\":\"%s\"}", f.email, f.password);
        path = "/api/v1/auth/sign-in";
        break;
    case SIGN_OUT: path = "/api/v1/auth/sign-out"; break;
    case REFRESH: path = "/api/v1/auth/token/refresh"; break;
    case FORGOT:
        fixture_user("user", k->partner_a, &f);
        snprintf(body, sizeof(body), "{\"email\":\"%s\"}", f.email);
        path = "/api/v1/auth/forgot-password";
        break;
    case RESET:
        fixture_user("user", k->partner_a, &f);
        fixture_reset_token(f.id, token);
        snprintf(body, sizeof(body), "{\"token\":\"%s\",\"password\":\"a new password 1\"}", token);
        path = "/api/v1/auth/reset-password";
        break;
    case ACCEPT:
        fixture_invited_user("user", k->partner_a, &f, token);
        snprintf(body, sizeof(body),
                 "{\"token\":\"%s\",\"name\":\"Matrix\",\"password\":\"a new password 1\"}", token);
        path = "/api/v1/auth/accept-invite";
        break;
    case CHANGE_PASSWORD: break;
    }
    if (route == CHANGE_PASSWORD)
        status = change_password_and_back(&c, account_of(k, w) ? account_of(k, w)->password : "x");
    else
        status = call(&c, "POST", path, route == SIGN_OUT || route == REFRESH ? NULL : body);
    client_free(&c);
    return status;
}

START_TEST(role_matrix_of_the_auth_routes)
{
    struct cast k;
    static const char *const names[] = {"owner", "staff admin", "partner admin", "user", "anon"};
    /* expected statuses for: owner, staff admin, partner-A admin, user, anonymous */
    static const struct {
        const char *name;
        enum auth_route route;
        long want[5];
    } rows[] = {
        {"POST /auth/sign-in", SIGN_IN, {200, 200, 200, 200, 200}},
        {"POST /auth/sign-out", SIGN_OUT, {204, 204, 204, 204, 204}},
        {"POST /auth/token/refresh", REFRESH, {200, 200, 200, 200, 401}},
        {"POST /auth/forgot-password", FORGOT, {202, 202, 202, 202, 202}},
        {"POST /auth/reset-password", RESET, {204, 204, 204, 204, 204}},
        {"POST /auth/accept-invite", ACCEPT, {200, 200, 200, 200, 200}},
        /* last: a password change ends the account's other sessions, the cast's too */
        {"POST /auth/password", CHANGE_PASSWORD, {200, 200, 200, 200, 401}},
    };

    fixture_cast(&k);
    /* an address of its own: these routes share nginx's tight per-address limit */
    k.owner.interface = k.staff_c.interface = k.admin_a_c.interface = MATRIX_ADDRESS;
    k.user_a_c.interface = k.anon.interface = MATRIX_ADDRESS;
    for (size_t r = 0; r < sizeof(rows) / sizeof(rows[0]); r++) {
        for (int w = 0; w < 5; w++) {
            long got = auth_route_call(&k, w, rows[r].route);
            ck_assert_msg(got == rows[r].want[w], "%s as %s: %ld, want %ld", rows[r].name, names[w],
                          got, rows[r].want[w]);
        }
    }
    /* the owner's password is the harness's again */
    struct session_client again = {0};
    ck_assert_int_eq(client_sign_in(&again, k.owner_u.email, k.owner_u.password), 200);
    client_free(&again);
    cast_release(&k);
}
END_TEST

START_TEST(a_partner_admin_cannot_reach_another_partners_users)
{
    struct cast k;
    char path[160];

    fixture_cast(&k);
    snprintf(path, sizeof(path), "/api/v1/users/%s", k.user_b.id);
    ck_assert_int_eq(call(&k.admin_a_c, "GET", path, NULL), 404);
    ck_assert_int_eq(call(&k.admin_a_c, "PATCH", path, "{\"name\":\"X\"}"), 404);
    ck_assert_int_eq(call(&k.admin_a_c, "DELETE", path, NULL), 404);
    snprintf(path, sizeof(path), "/api/v1/users/%s/status", k.user_b.id);
    ck_assert_int_eq(call(&k.admin_a_c, "PATCH", path, "{\"isActive\":false}"), 404);
    snprintf(path, sizeof(path), "/api/v1/users/%s/resend-invite", k.user_b.id);
    ck_assert_int_eq(call(&k.admin_a_c, "POST", path, NULL), 404);
    /* staff reaches everyone; the user of B is untouched */
    snprintf(path, sizeof(path), "/api/v1/users/%s", k.user_b.id);
    ck_assert_int_eq(call(&k.staff_c, "GET", path, NULL), 200);
    ck_assert_int_eq(call(&k.admin_a_c, "GET", "/api/v1/users/not-an-id", NULL), 404);
    cast_release(&k);
}
END_TEST

START_TEST(partner_admins_list_only_their_partner)
{
    struct cast k;
    struct api_res res;
    json_object *list;

    fixture_cast(&k);
    client_call(&k.admin_a_c, "GET", "/api/v1/users?perPage=200", NULL, &res);
    ck_assert_int_eq(res.status, 200);
    ck_assert(json_object_object_get_ex(res.json, "list", &list));
    ck_assert_int_ge(json_object_array_length(list), 2);
    for (size_t i = 0; i < json_object_array_length(list); i++) {
        json_object *p = json_object_object_get(json_object_array_get_idx(list, i), "partner");
        ck_assert_str_eq(json_object_get_string(p), k.partner_a);
    }
    api_res_free(&res);
    cast_release(&k);
}
END_TEST

START_TEST(only_the_owner_manages_admins)
{
    struct cast k;
    char path[160], body[256], email[128];

    fixture_cast(&k);
    unique_address("newadmin", email, sizeof(email));
    snprintf(body, sizeof(body), "{\"email\":\"%s\",\"role\":\"admin\"}", email);
    ck_assert_int_eq(call(&k.staff_c, "POST", "/api/v1/users", body), 403);
    ck_assert_int_eq(call(&k.admin_a_c, "POST", "/api/v1/users", body), 403);
    ck_assert_int_eq(call(&k.owner, "POST", "/api/v1/users", body), 201);
    snprintf(body, sizeof(body), "{\"email\":\"x%s\",\"role\":\"owner\"}", email);
    ck_assert_int_eq(call(&k.owner, "POST", "/api/v1/users", body), 403);
    snprintf(path, sizeof(path), "/api/v1/users/%s", k.admin_a.id);
    ck_assert_int_eq(call(&k.staff_c, "DELETE", path, NULL), 403);
    ck_assert_int_eq(call(&k.staff_c, "PATCH", path, "{\"name\":\"Demoted\"}"), 403);
    snprintf(path, sizeof(path), "/api/v1/users/%s", k.user_a.id);
    ck_assert_int_eq(call(&k.staff_c, "PATCH", path, "{\"role\":\"admin\"}"), 403);
    ck_assert_int_eq(call(&k.owner, "PATCH", path, "{\"role\":\"admin\"}"), 200);
    snprintf(path, sizeof(path), "/api/v1/users/%s", k.admin_a.id);
    ck_assert_int_eq(call(&k.owner, "DELETE", path, NULL), 204);
    ck_assert_int_eq(call(&k.owner, "GET", path, NULL), 404); /* archived */
    cast_release(&k);
}
END_TEST

START_TEST(a_partner_admin_invites_into_their_own_partner_only)
{
    struct cast k;
    struct api_res res;
    char body[256], email[128];

    fixture_cast(&k);
    unique_address("own", email, sizeof(email));
    snprintf(body, sizeof(body), "{\"email\":\"%s\",\"role\":\"user\"}", email);
    client_call(&k.admin_a_c, "POST", "/api/v1/users", body, &res);
    ck_assert_int_eq(res.status, 201);
    ck_assert_str_eq(api_json_str(&res, "partner"), k.partner_a);
    api_res_free(&res);
    unique_address("other", email, sizeof(email));
    snprintf(body, sizeof(body), "{\"email\":\"%s\",\"role\":\"user\",\"partner\":\"%s\"}", email,
             k.partner_b);
    ck_assert_int_eq(call(&k.admin_a_c, "POST", "/api/v1/users", body), 422);
    cast_release(&k);
}
END_TEST

START_TEST(nobody_deactivates_or_archives_themself_or_the_owner)
{
    struct cast k;
    char path[160];
    struct api_res res;

    fixture_cast(&k);
    snprintf(path, sizeof(path), "/api/v1/users/%s/status", k.staff.id);
    ck_assert_int_eq(call(&k.staff_c, "PATCH", path, "{\"isActive\":false}"), 403);
    client_call(&k.owner, "GET", "/api/v1/auth/me", NULL, &res);
    snprintf(path, sizeof(path), "/api/v1/users/%s", api_json_str(&res, "user.id"));
    api_res_free(&res);
    ck_assert_int_eq(call(&k.staff_c, "DELETE", path, NULL), 403);
    ck_assert_int_eq(call(&k.owner, "DELETE", path, NULL), 403);
    cast_release(&k);
}
END_TEST

START_TEST(bad_user_inputs_are_named)
{
    struct cast k;
    struct api_res res;
    char long_name[400], body[700], path[160];
    static const struct {
        const char *body, *field;
        long status;
    } cases[] = {
        {"{\"role\":\"user\"}", "email", 422},
        {"{\"email\":\"not-an-email\",\"role\":\"user\"}", "email", 422},
        {"{\"email\":\"a@b.co\",\"role\":\"boss\"}", "role", 422},
        {"{\"email\":\"a@b.co\",\"role\":\"user\",\"partner\":\"xyz\"}", "partner", 422},
        {"{\"email\":\"a@b.co\",\"role\":\"user\",\"partner\":\"65a1f0c2e4b0a1b2c3d4e5f6\"}",
         "partner", 422},
        {"{\"email\":\"a@b.co\",\"role\":\"user\",\"isActive\":false}", "isActive", 422},
        {"{\"email\":\"a@b.co\",\"role\":\"user\",\"passwordHash\":\"x\"}", "passwordHash", 422},
        {"{\"email\":{\"$ne\":null},\"role\":\"user\"}", "email", 422},
        {"{\"email\":\"a@b.co\",\"role\":\"user\"", NULL, 400},
    };

    fixture_cast(&k);
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        client_call(&k.owner, "POST", "/api/v1/users", cases[i].body, &res);
        ck_assert_msg(res.status == cases[i].status, "%s -> %ld %s", cases[i].body, res.status,
                      res.body);
        if (cases[i].field != NULL) {
            char needle[80];
            snprintf(needle, sizeof(needle), "\"field\":\"%s\"", cases[i].field);
            ck_assert_msg(strstr(res.body, needle) != NULL, "%s: %s", cases[i].body, res.body);
        }
        api_res_free(&res);
    }
    memset(long_name, 'n', 300);
    long_name[300] = '\0';
    snprintf(path, sizeof(path), "/api/v1/users/%s", k.user_a.id);
    snprintf(body, sizeof(body), "{\"name\":\"%s\"}", long_name);
    client_call(&k.owner, "PATCH", path, body, &res);
    ck_assert_int_eq(res.status, 422);
    ck_assert_ptr_nonnull(strstr(res.body, "\"field\":\"name\""));
    api_res_free(&res);
    client_call(&k.owner, "PATCH", path, "{}", &res);
    ck_assert_int_eq(res.status, 422);
    ck_assert_msg(strstr(res.body, "\"field\":\"body\"") != NULL, "%s", res.body);
    api_res_free(&res);
    snprintf(path, sizeof(path), "/api/v1/users/%s/status", k.user_a.id);
    static const struct {
        const char *body, *field;
    } status_cases[] = {{"{\"isActive\":\"no\"}", "isActive"},
                        {"{}", "isActive"},
                        {"{\"isActive\":true,\"role\":\"admin\"}", "role"}};
    for (size_t i = 0; i < 3; i++) {
        char needle[64];
        client_call(&k.owner, "PATCH", path, status_cases[i].body, &res);
        ck_assert_msg(res.status == 422, "%s -> %ld", status_cases[i].body, res.status);
        snprintf(needle, sizeof(needle), "\"field\":\"%s\"", status_cases[i].field);
        ck_assert_msg(strstr(res.body, needle) != NULL, "%s", res.body);
        api_res_free(&res);
    }
    cast_release(&k);
}
END_TEST

START_TEST(user_lists_filter_sort_and_page)
{
    struct cast k;
    struct api_res res;
    char path[512];

    fixture_cast(&k);
    snprintf(path, sizeof(path),
             "/api/v1/users?perPage=2&page=0&sort=%%5B%%7B%%22column%%22%%3A%%22email%%22%%2C%%22"
             "direction%%22%%3A%%22asc%%22%%7D%%5D&filter=%%5B%%7B%%22column%%22%%3A%%22partner%%22"
             "%%2C%%22operator%%22%%3A%%22eq%%22%%2C%%22value%%22%%3A%%22%s%%22%%7D%%5D",
             k.partner_a);
    client_call(&k.owner, "GET", path, NULL, &res);
    ck_assert_int_eq(res.status, 200);
    ck_assert_str_eq(api_json_str(&res, "meta.total"), "2");
    ck_assert_str_eq(api_json_str(&res, "meta.perPage"), "2");
    api_res_free(&res);
    client_call(&k.owner, "GET",
                "/api/v1/users?filter=%5B%7B%22column%22%3A%22passwordHash%22"
                "%2C%22operator%22%3A%22eq%22%2C%22value%22%3A%22x%22%7D%5D",
                NULL, &res);
    ck_assert_int_eq(api_status_free(&res), 422);
    client_call(&k.owner, "GET", "/api/v1/users?sort=not-json", NULL, &res);
    ck_assert_int_eq(api_status_free(&res), 400);
    client_call(&k.owner, "GET", "/api/v1/users?perPage=1000", NULL, &res);
    ck_assert_int_eq(api_status_free(&res), 422);
    cast_release(&k);
}
END_TEST

Suite *
suite_users(void)
{
    Suite *s = suite_create("users");
    TCase *tc = tcase_create("management");

    tcase_set_timeout(tc, 90);
    tcase_add_test(tc, role_matrix_of_the_user_routes);
    tcase_add_test(tc, role_matrix_of_the_auth_routes);
    tcase_add_test(tc, a_partner_admin_cannot_reach_another_partners_users);
    tcase_add_test(tc, partner_admins_list_only_their_partner);
    tcase_add_test(tc, only_the_owner_manages_admins);
    tcase_add_test(tc, a_partner_admin_invites_into_their_own_partner_only);
    tcase_add_test(tc, nobody_deactivates_or_archives_themself_or_the_owner);
    tcase_add_test(tc, bad_user_inputs_are_named);
    tcase_add_test(tc, user_lists_filter_sort_and_page);
    suite_add_tcase(s, tc);
    return s;
}
