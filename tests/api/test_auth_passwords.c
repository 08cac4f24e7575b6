/* test_auth_passwords.c - forgotten passwords (the same answer and timing for unknown
 * addresses, single-use reset links that end every session), legacy bcrypt hashes, the
 * password policy, changing a password and the audit of sign-ins and resets (part of "auth") */
#include <crypt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fixtures.h"
#include "stack_access.h"

START_TEST(forgot_password_answers_the_same_and_the_reset_works_once)
{
    struct fixture_user u;
    struct session_client old = {0}, c = {0};
    struct api_res known, unknown, res;
    char body[512], token[128], ghost[128], old_access[2100], lo[96], hi[96], q[400];

    fixture_user("user", NULL, &u);
    ck_assert_int_eq(client_sign_in(&old, u.email, u.password), 200);
    snprintf(old_access, sizeof(old_access), "%s", old.access);
    unique_address("ghost", ghost, sizeof(ghost));
    snprintf(body, sizeof(body), "{\"email\":\"%s\"}", u.email);
    json_call("POST", "/api/v1/auth/forgot-password", body, &known);
    snprintf(body, sizeof(body), "{\"email\":\"%s\"}", ghost);
    json_call("POST", "/api/v1/auth/forgot-password", body, &unknown);
    ck_assert_int_eq(known.status, 202);
    ck_assert_int_eq(unknown.status, 202);
    ck_assert_str_eq(known.body, unknown.body);
    api_res_free(&known);
    api_res_free(&unknown);
    ck_assert_msg(mail_token_to(u.email, "/reset-password", token, sizeof(token), 15000),
                  "no reset e-mail");
    /* the link lives an hour */
    fixture_ms_from_now(3600 - 120, lo, sizeof(lo));
    fixture_ms_from_now(3600 + 5, hi, sizeof(hi));
    snprintf(q, sizeof(q), "{\"_id\":{\"$oid\":\"%s\"},\"resetExpiresAt\":{\"$gt\":%s,\"$lt\":%s}}",
             u.id, lo, hi);
    ck_assert_int_eq(mongo_count("users", q), 1);
    sleep_ms(1100); /* tokensValidAfter has whole seconds: the old tokens are a second older */
    snprintf(body, sizeof(body), "{\"token\":\"%s\",\"password\":\"short\"}", token);
    json_call("POST", "/api/v1/auth/reset-password", body, &res);
    ck_assert_int_eq(res.status, 422);
    ck_assert_ptr_nonnull(strstr(res.body, "\"password\""));
    api_res_free(&res);
    snprintf(body, sizeof(body), "{\"token\":\"%s\",\"password\":\"a brand new password\"}", token);
    json_call("POST", "/api/v1/auth/reset-password", body, &res);
    ck_assert_int_eq(api_status_free(&res), 204);
    json_call("POST", "/api/v1/auth/reset-password", body, &res);
    ck_assert_int_eq(res.status, 400); /* single use */
    ck_assert_str_eq(api_json_str(&res, "error.code"), "invalid_token");
    api_res_free(&res);
    /* every old session is over: the access token too, as a cookie and as a bearer */
    client_call(&old, "GET", "/api/v1/auth/me", NULL, &res);
    ck_assert_int_eq(api_status_free(&res), 401);
    bearer_call(old_access, "GET", "/api/v1/auth/me", NULL, &res);
    ck_assert_int_eq(api_status_free(&res), 401);
    client_call(&old, "POST", "/api/v1/auth/token/refresh", NULL, &res);
    ck_assert_int_eq(api_status_free(&res), 401);
    ck_assert_int_eq(client_sign_in(&c, u.email, u.password), 401);
    ck_assert_int_eq(client_sign_in(&c, u.email, "a brand new password"), 200);
    client_free(&old);
    client_free(&c);
}
END_TEST

START_TEST(a_refused_new_password_leaves_the_reset_link_usable)
{
    struct fixture_user u;
    struct api_res res;
    char body[512], token[128];

    fixture_user("user", NULL, &u);
    snprintf(body, sizeof(body), "{\"email\":\"%s\"}", u.email);
    json_call("POST", "/api/v1/auth/forgot-password", body, &res);
    ck_assert_int_eq(api_status_free(&res), 202);
    ck_assert(mail_token_to(u.email, "/reset-password", token, sizeof(token), 15000));
    /* long enough, but the account's own e-mail: known only once the token is looked up */
    snprintf(body, sizeof(body), "{\"token\":\"%s\",\"password\":\"%s\"}", token, u.email);
    json_call("POST", "/api/v1/auth/reset-password", body, &res);
    ck_assert_int_eq(res.status, 422);
    ck_assert_ptr_nonnull(strstr(res.body, "\"field\":\"password\""));
    api_res_free(&res);
    snprintf(body, sizeof(body), "{\"token\":\"%s\",\"password\":\"a brand new password\"}", token);
    json_call("POST", "/api/v1/auth/reset-password", body, &res);
    ck_assert_int_eq(api_status_free(&res), 204); /* the link still works */
    json_call("POST", "/api/v1/auth/reset-password", body, &res);
    ck_assert_int_eq(api_status_free(&res), 400); /* and is used up now */
}
END_TEST

/* milliseconds of one forgot-password request for email from address */
static double
elapsed_forgot(const char *email, const char *address, struct api_res *res)
{
    static const char *const json[] = {"Content-Type: application/json", NULL};
    char body[256];
    struct api_opts opts = {.headers = json, .body = body, .interface = address};
    struct timespec t0, t1;

    snprintf(body, sizeof(body), "{\"email\":\"%s\"}", email);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    api_call(res, "POST", "/api/v1/auth/forgot-password", &opts);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
}

static int
by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

START_TEST(forgot_password_takes_as_long_for_unknown_addresses)
{
    enum { ROUNDS = 9 };
    struct fixture_user u;
    struct api_res known, unknown;
    char ghost[128];
    double t_known[ROUNDS], t_unknown[ROUNDS];

    fixture_user("user", NULL, &u);
    unique_address("ghost", ghost, sizeof(ghost));
    /* interleaved, alternating who goes first, from an address of its own (nginx's limit) */
    for (int i = 0; i < ROUNDS; i++) {
        if (i % 2 == 0) {
            t_known[i] = elapsed_forgot(u.email, "127.0.0.21", &known);
            t_unknown[i] = elapsed_forgot(ghost, "127.0.0.21", &unknown);
        } else {
            t_unknown[i] = elapsed_forgot(ghost, "127.0.0.21", &unknown);
            t_known[i] = elapsed_forgot(u.email, "127.0.0.21", &known);
        }
        ck_assert_int_eq(known.status, 202);
        ck_assert_int_eq(unknown.status, 202);
        ck_assert_str_eq(known.body, unknown.body);
        api_res_free(&known);
        api_res_free(&unknown);
    }
    qsort(t_known, ROUNDS, sizeof(double), by_value);
    qsort(t_unknown, ROUNDS, sizeof(double), by_value);
    /* medians: one slow request on a busy machine does not decide */
    ck_assert_msg(t_unknown[ROUNDS / 2] > t_known[ROUNDS / 2] * 0.5
                      && t_unknown[ROUNDS / 2] < t_known[ROUNDS / 2] * 2.0,
                  "known %.1f ms vs unknown %.1f ms", t_known[ROUNDS / 2], t_unknown[ROUNDS / 2]);
}
END_TEST

START_TEST(an_expired_reset_token_is_refused)
{
    struct fixture_user u;
    struct api_res res;
    char body[512], token[128];

    fixture_user("user", NULL, &u);
    snprintf(body, sizeof(body), "{\"email\":\"%s\"}", u.email);
    json_call("POST", "/api/v1/auth/forgot-password", body, &res);
    api_res_free(&res);
    ck_assert(mail_token_to(u.email, "/reset-password", token, sizeof(token), 15000));
    fixture_user_update(u.id,
                        "{\"$set\":{\"resetExpiresAt\":{\"$date\":{\"$numberLong\":\"1000\"}}}}");
    snprintf(body, sizeof(body), "{\"token\":\"%s\",\"password\":\"a brand new password\"}", token);
    json_call("POST", "/api/v1/auth/reset-password", body, &res);
    ck_assert_int_eq(api_status_free(&res), 400);
}
END_TEST

START_TEST(legacy_bcrypt_hashes_verify_and_are_rehashed)
{
    static const char *const prefixes[] = {"$2b$", "$2a$"};
    const char *prefix = prefixes[_i];
    char want[16];
    struct fixture_user u;
    struct session_client c = {0};
    struct crypt_data data;
    char *setting;
    const char *hash;
    char update[256];

    fixture_user("user", NULL, &u);
    memset(&data, 0, sizeof(data));
    setting = crypt_gensalt_ra(prefix, 10, NULL, 0);
    ck_assert_ptr_nonnull(setting);
    hash = crypt_r(u.password, setting, &data);
    free(setting);
    ck_assert_ptr_nonnull(hash);
    snprintf(want, sizeof(want), "%s10$", prefix);
    ck_assert_int_eq(strncmp(hash, want, 7), 0);
    snprintf(update, sizeof(update), "{\"$set\":{\"passwordHash\":\"%s\"}}", hash);
    fixture_user_update(u.id, update);
    ck_assert_int_eq(client_sign_in(&c, u.email, "wrong password here"), 401);
    ck_assert_int_eq(client_sign_in(&c, u.email, u.password), 200);
    char q[200];
    snprintf(q, sizeof(q),
             "{\"_id\":{\"$oid\":\"%s\"},\"passwordHash\":{\"$regex\":\"^\\\\$argon2id\\\\$v="
             "19\\\\$m=19456,t=2,p=1\\\\$\"}}",
             u.id);
    ck_assert_int_eq(mongo_count("users", q), 1);
    ck_assert_int_eq(client_sign_in(&c, u.email, u.password), 200);
    client_free(&c);
}
END_TEST

START_TEST(sign_ins_failures_and_resets_are_audited)
{
    struct fixture_user u;
    struct session_client c = {0};
    struct api_res res;
    char ghost[128], filter[300], token[TOKEN_CAP], body[256];

    fixture_user("user", NULL, &u);
    unique_address("ghost", ghost, sizeof(ghost));
    ck_assert_int_eq(client_sign_in(&c, u.email, "not the password"), 401);
    ck_assert_int_eq(client_sign_in(&c, ghost, "not the password"), 401);
    ck_assert_int_eq(client_sign_in(&c, u.email, u.password), 200);
    snprintf(filter, sizeof(filter),
             "{\"action\":\"auth.sign_in_failed\",\"entityId\":{\"$oid\":\"%s\"}}", u.id);
    ck_assert_msg(wait_for_count("events", filter, 1, 10000), "no failure event");
    snprintf(filter, sizeof(filter), "{\"action\":\"auth.sign_in_failed\",\"after.email\":\"%s\"}",
             ghost);
    ck_assert_msg(wait_for_count("events", filter, 1, 10000), "no failure event for %s", ghost);
    snprintf(filter, sizeof(filter), "{\"action\":\"auth.sign_in\",\"entityId\":{\"$oid\":\"%s\"}}",
             u.id);
    ck_assert_msg(wait_for_count("events", filter, 1, 10000), "no sign-in event");
    /* asking for a reset is recorded for unknown addresses too (the same work either way) */
    snprintf(body, sizeof(body), "{\"email\":\"%s\"}", ghost);
    json_call("POST", "/api/v1/auth/forgot-password", body, &res);
    ck_assert_int_eq(api_status_free(&res), 202);
    snprintf(filter, sizeof(filter),
             "{\"action\":\"auth.password_reset_requested\",\"after.email\":\"%s\"}", ghost);
    ck_assert_msg(wait_for_count("events", filter, 1, 10000), "no reset request event");
    fixture_reset_token(u.id, token);
    snprintf(body, sizeof(body), "{\"token\":\"%s\",\"password\":\"a brand new password\"}", token);
    json_call("POST", "/api/v1/auth/reset-password", body, &res);
    ck_assert_int_eq(api_status_free(&res), 204);
    snprintf(filter, sizeof(filter),
             "{\"action\":\"auth.password_reset\",\"entityId\":{\"$oid\":\"%s\"}}", u.id);
    ck_assert_msg(wait_for_count("events", filter, 1, 10000), "no reset event");
    client_free(&c);
}
END_TEST

START_TEST(password_policy_and_change_password)
{
    struct fixture_user u;
    struct session_client c = {0}, other = {0};
    struct api_res res;
    char body[700], longpw[120], c_access[2100];

    fixture_user("user", NULL, &u);
    ck_assert_int_eq(client_sign_in(&c, u.email, u.password), 200);
    ck_assert_int_eq(client_sign_in(&other, u.email, u.password), 200);
    snprintf(c_access, sizeof(c_access), "%s", c.access);
    sleep_ms(1100); /* tokensValidAfter has whole seconds: the old tokens are a second older */
    snprintf(body, sizeof(body), "{\"currentPassword\":\"wrong\",\"newPassword\":\"short\"}");
    client_call(&c, "POST", "/api/v1/auth/password", body, &res);
    ck_assert_int_eq(res.status, 422);
    ck_assert_ptr_nonnull(strstr(res.body, "\"currentPassword\""));
    ck_assert_ptr_nonnull(strstr(res.body, "\"newPassword\""));
    api_res_free(&res);
    memset(longpw, 'z', 100);
    longpw[100] = '\0'; /* a 100-character password is fine */
    snprintf(body, sizeof(body), "{\"currentPassword\":\"%s\",\"newPassword\":\"%s\"}", u.password,
             longpw);
    client_call(&c, "POST", "/api/v1/auth/password", body, &res);
    ck_assert_int_eq(api_status_free(&res), 200);
    client_call(&c, "GET", "/api/v1/auth/me", NULL, &res); /* this browser stays signed in */
    ck_assert_int_eq(api_status_free(&res), 200);
    ck_assert_str_ne(c.access, c_access); /* with a new access token; the old one is void */
    bearer_call(c_access, "GET", "/api/v1/auth/me", NULL, &res);
    ck_assert_int_eq(api_status_free(&res), 401);
    client_call(&other, "GET", "/api/v1/auth/me", NULL, &res); /* the other session ended */
    ck_assert_int_eq(api_status_free(&res), 401);
    client_call(&other, "POST", "/api/v1/auth/token/refresh", NULL, &res);
    ck_assert_int_eq(api_status_free(&res), 401);
    ck_assert_int_eq(client_sign_in(&other, u.email, longpw), 200);
    client_free(&c);
    client_free(&other);
}
END_TEST

TCase *
tcase_auth_passwords(void)
{
    TCase *tc = tcase_create("passwords");

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, forgot_password_answers_the_same_and_the_reset_works_once);
    tcase_add_test(tc, a_refused_new_password_leaves_the_reset_link_usable);
    tcase_add_test(tc, forgot_password_takes_as_long_for_unknown_addresses);
    tcase_add_test(tc, an_expired_reset_token_is_refused);
    tcase_add_loop_test(tc, legacy_bcrypt_hashes_verify_and_are_rehashed, 0, 2);
    tcase_add_test(tc, sign_ins_failures_and_resets_are_audited);
    tcase_add_test(tc, password_policy_and_change_password);
    return tc;
}
