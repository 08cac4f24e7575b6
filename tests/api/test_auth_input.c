/* test_auth_input.c - one rule for every string of a request body (issue 11): names checked as
 * text and counted in characters, credentials never cut at a NUL, a key given twice refused */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain.h"
#include "stack_access.h"

#define EMOJI "\xf0\x9f\x98\x80" /* U+1F600: one character, four bytes */

/* the status of res, after checking that a 4xx names field; frees res */
static long
status_naming(struct api_res *res, const char *field)
{
    char needle[96];
    long status = res->status;

    snprintf(needle, sizeof(needle), "\"field\":\"%s\"", field);
    if (status >= 400)
        ck_assert_msg(strstr(res->body, needle) != NULL, "%ld without %s: %s", status, field,
                      res->body);
    api_res_free(res);
    return status;
}

/* n copies of s */
static void
repeat(char *out, size_t cap, const char *s, int n)
{
    out[0] = '\0';
    for (int i = 0; i < n && strlen(out) + strlen(s) < cap; i++)
        strcat(out, s);
}

/* the name stored for the user, read from the API */
static void
expect_name(struct session_client *c, const char *want)
{
    struct api_res res;

    ck_assert_int_eq(client_call(c, "GET", "/api/v1/auth/me", NULL, &res), true);
    ck_assert_str_eq(api_json_str(&res, "user.name"), want);
    api_res_free(&res);
}

/* before: strlen, so invalid UTF-8 was stored (shown as U+FFFD), "\u0000" cut the value, and
 * 30 emoji were "over 100 characters" */
START_TEST(patch_me_checks_the_name_as_text_counted_in_characters)
{
    struct fixture_user u;
    struct session_client c = {0};
    struct api_res res;
    char body[1024], name[512];

    fixture_user("user", NULL, &u);
    ck_assert_int_eq(client_sign_in(&c, u.email, u.password), 200);
    client_call(&c, "PATCH", "/api/v1/auth/me", "{\"name\":\"Ann \xff\"}", &res);
    ck_assert_int_eq(status_naming(&res, "name"), 422);
    client_call(&c, "PATCH", "/api/v1/auth/me", "{\"name\":\"Ann\\u0000 Admin\"}", &res);
    ck_assert_int_eq(status_naming(&res, "name"), 422);
    client_call(&c, "PATCH", "/api/v1/auth/me", "{\"name\":\"\"}", &res);
    ck_assert_int_eq(status_naming(&res, "name"), 422);
    expect_name(&c, "Fixture Person"); /* nothing was stored */
    repeat(name, sizeof(name), EMOJI, 30);
    snprintf(body, sizeof(body), "{\"name\":\"%s\"}", name);
    client_call(&c, "PATCH", "/api/v1/auth/me", body, &res);
    ck_assert_int_eq(status_naming(&res, "name"), 200);
    expect_name(&c, name);
    repeat(name, sizeof(name), "\xc3\xa9", 100); /* 100 characters, 200 bytes */
    snprintf(body, sizeof(body), "{\"name\":\"%s\"}", name);
    client_call(&c, "PATCH", "/api/v1/auth/me", body, &res);
    ck_assert_int_eq(status_naming(&res, "name"), 200);
    repeat(name, sizeof(name), "\xc3\xa9", 101);
    snprintf(body, sizeof(body), "{\"name\":\"%s\"}", name);
    client_call(&c, "PATCH", "/api/v1/auth/me", body, &res);
    ck_assert_int_eq(status_naming(&res, "name"), 422);
    client_free(&c);
}
END_TEST

START_TEST(accept_invite_checks_the_name_as_text_counted_in_characters)
{
    struct fixture_user u;
    struct api_res res;
    char token[TOKEN_CAP], body[1024], name[256];

    fixture_invited_user("user", NULL, &u, token);
    snprintf(body, sizeof(body),
             "{\"token\":\"%s\",\"name\":\"Nina\\u0000 Owner\",\"password\":\"a long password\"}",
             token);
    json_call("POST", "/api/v1/auth/accept-invite", body, &res);
    ck_assert_int_eq(status_naming(&res, "name"), 422);
    snprintf(body, sizeof(body),
             "{\"token\":\"%s\",\"name\":\"\xc0\xaf\",\"password\":\"a long password\"}", token);
    json_call("POST", "/api/v1/auth/accept-invite", body, &res);
    ck_assert_int_eq(status_naming(&res, "name"), 422);
    repeat(name, sizeof(name), EMOJI, 30);
    snprintf(body, sizeof(body),
             "{\"token\":\"%s\",\"name\":\"%s\",\"password\":\"a long password\"}", token, name);
    json_call("POST", "/api/v1/auth/accept-invite", body, &res);
    ck_assert_int_eq(res.status, 200); /* the refusals did not use the invitation up */
    ck_assert_str_eq(api_json_str(&res, "user.name"), name);
    api_res_free(&res);
}
END_TEST

/* before: "<password>\u0000junk" signed in, the C string ended at the NUL */
START_TEST(credentials_with_a_nul_are_refused)
{
    struct fixture_user u;
    struct session_client c = {0};
    struct api_res res;
    char body[512], token[TOKEN_CAP];

    fixture_user("user", NULL, &u);
    snprintf(body, sizeof(body), "{\"email\":\"%s\",\"password\":\"%s\\u0000junk\"}", u.email,
             u.password);
    json_call("POST", "/api/v1/auth/sign-in", body, &res);
    ck_assert_int_eq(status_naming(&res, "password"), 422);
    snprintf(body, sizeof(body), "{\"email\":\"%s\\u0000.evil.test\",\"password\":\"%s\"}", u.email,
             u.password);
    json_call("POST", "/api/v1/auth/sign-in", body, &res);
    ck_assert_int_eq(status_naming(&res, "email"), 422);
    snprintf(body, sizeof(body), "{\"email\":\"%s\\u0000x\"}", u.email);
    json_call("POST", "/api/v1/auth/forgot-password", body, &res);
    ck_assert_int_eq(status_naming(&res, "email"), 422);
    fixture_reset_token(u.id, token);
    snprintf(body, sizeof(body), "{\"token\":\"%s\\u0000\",\"password\":\"a new long password\"}",
             token);
    json_call("POST", "/api/v1/auth/reset-password", body, &res);
    ck_assert_int_eq(status_naming(&res, "token"), 422);
    ck_assert_int_eq(client_sign_in(&c, u.email, u.password), 200);
    snprintf(body, sizeof(body),
             "{\"currentPassword\":\"%s\\u0000x\",\"newPassword\":\"another long password\"}",
             u.password);
    client_call(&c, "POST", "/api/v1/auth/password", body, &res);
    ck_assert_int_eq(status_naming(&res, "currentPassword"), 422);
    snprintf(body, sizeof(body),
             "{\"currentPassword\":\"%s\",\"newPassword\":\"another long password\\u0000\"}",
             u.password);
    client_call(&c, "POST", "/api/v1/auth/password", body, &res);
    ck_assert_int_eq(status_naming(&res, "newPassword"), 422);
    /* the password is unchanged */
    client_free(&c);
    ck_assert_int_eq(client_sign_in(&c, u.email, u.password), 200);
    client_free(&c);
}
END_TEST

/* before: json-c kept the last of two equal keys, and cut "name\u0000x" to "name" */
START_TEST(a_key_given_twice_is_a_400_naming_it)
{
    struct fixture_user u;
    struct session_client c = {0};
    struct api_res res;
    char p[25], path[128];

    fixture_user("user", NULL, &u);
    ck_assert_int_eq(client_sign_in(&c, u.email, u.password), 200);
    client_call(&c, "PATCH", "/api/v1/auth/me", "{\"name\":\"First\",\"name\":\"Second\"}", &res);
    ck_assert_int_eq(res.status, 400);
    ck_assert_str_eq(api_json_str(&res, "error.code"), "bad_json");
    ck_assert_int_eq(status_naming(&res, "name"), 400);
    client_call(&c, "PATCH", "/api/v1/auth/me", "{\"name\":\"Kept\",\"n\\u0061me\":\"Other\"}",
                &res);
    ck_assert_int_eq(status_naming(&res, "name"), 400);
    client_call(&c, "PATCH", "/api/v1/auth/me", "{\"name\":\"Kept\",\"name\\u0000x\":\"Other\"}",
                &res);
    ck_assert_int_eq(res.status, 400);
    ck_assert_str_eq(api_json_str(&res, "error.code"), "bad_json");
    api_res_free(&res);
    json_call("POST", "/api/v1/auth/sign-in", "{\"email\":\"a@b.test\",\"email\":\"c@d.test\"}",
              &res);
    ck_assert_int_eq(status_naming(&res, "email"), 400);
    expect_name(&c, "Fixture Person");
    /* in nested objects too, named by their path */
    make_partner("Twice", p);
    snprintf(path, sizeof(path), "/api/v1/partners/%s/billing", p);
    client_call(owner_session(), "PUT", path,
                "{\"billingType\":\"qualified_lead\",\"billingTerms\":[{\"from\":\"2026-01\","
                "\"to\":null,\"value\":100},{\"from\":\"2026-02\",\"value\":1,\"value\":2}]}",
                &res);
    ck_assert_int_eq(status_naming(&res, "billingTerms[1].value"), 400);
    client_free(&c);
}
END_TEST

TCase *
tcase_auth_input(void)
{
    TCase *tc = tcase_create("input");

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, patch_me_checks_the_name_as_text_counted_in_characters);
    tcase_add_test(tc, accept_invite_checks_the_name_as_text_counted_in_characters);
    tcase_add_test(tc, credentials_with_a_nul_are_refused);
    tcase_add_test(tc, a_key_given_twice_is_a_400_naming_it);
    return tc;
}
