/* test_auth_invites.c - invitations: accepted once with the policy applied, bad inputs named,
 * a resent invitation voids the first link, an expired one is refused, a link checked when its
 * page opens (part of "auth") */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "fixtures.h"
#include "stack_access.h"

START_TEST(an_invitation_is_accepted_once_and_signs_the_user_in)
{
    struct fixture_user owner_u;
    struct session_client owner = {0}, invited = {0};
    struct api_res res;
    char partner[25], email[128], body[512], token[128];

    fixture_partner("Invite Partner", partner);
    fixture_owner(&owner_u);
    ck_assert_int_eq(client_sign_in(&owner, owner_u.email, owner_u.password), 200);
    unique_address("invitee", email, sizeof(email));
    snprintf(body, sizeof(body),
             "{\"email\":\"%s\",\"name\":\"New Person\",\"role\":\"user\",\"partner\":\"%s\"}",
             email, partner);
    client_call(&owner, "POST", "/api/v1/users", body, &res);
    ck_assert_int_eq(res.status, 201);
    ck_assert_str_eq(api_json_str(&res, "status"), "invited");
    api_res_free(&res);
    client_call(&owner, "POST", "/api/v1/users", body, &res);
    ck_assert_int_eq(api_status_free(&res), 409); /* the same e-mail again */
    ck_assert_msg(mail_token_to(email, "/accept-invite", token, sizeof(token), 15000),
                  "no invitation e-mail");
    snprintf(body, sizeof(body), "{\"token\":\"%s\",\"name\":\"Nina Person\",\"password\":\"%s\"}",
             token, email);
    client_call(&invited, "POST", "/api/v1/auth/accept-invite", body, &res);
    ck_assert_int_eq(res.status, 422); /* the password equals the e-mail */
    api_res_free(&res);
    snprintf(body, sizeof(body),
             "{\"token\":\"%s\",\"name\":\"Nina Person\",\"password\":\"nina's long password\"}",
             token);
    client_call(&invited, "POST", "/api/v1/auth/accept-invite", body, &res);
    ck_assert_int_eq(res.status, 200);
    ck_assert_str_eq(api_json_str(&res, "user.status"), "active");
    ck_assert_str_eq(api_json_str(&res, "user.name"), "Nina Person");
    api_res_free(&res);
    client_call(&invited, "GET", "/api/v1/auth/me", NULL, &res);
    ck_assert_int_eq(api_status_free(&res), 200);
    json_call("POST", "/api/v1/auth/accept-invite", body, &res);
    ck_assert_int_eq(api_status_free(&res), 400); /* once */
    client_free(&owner);
    client_free(&invited);
}
END_TEST

START_TEST(bad_accept_invite_inputs_are_named)
{
    struct fixture_user u;
    struct api_res res;
    char token[TOKEN_CAP], body[700], long_name[120];
    static const struct {
        const char *body;
        long status;
        const char *fields[3];
    } cases[] = {
        {"{}", 422, {"token", "name", "password"}},
        {"{\"token\":\"t\",\"name\":\"Nina\"}", 422, {"password"}},
        {"{\"token\":\"t\",\"password\":\"long enough pw\"}", 422, {"name"}},
        {"{\"token\":5,\"name\":\"Nina\",\"password\":\"long enough pw\"}", 422, {"token"}},
        {"{\"token\":\"t\",\"name\":[\"Nina\"],\"password\":\"long enough pw\"}", 422, {"name"}},
        {"{\"token\":\"t\",\"name\":\"Nina\",\"password\":true}", 422, {"password"}},
        {"{\"token\":\"t\",\"name\":\"Nina\",\"password\":\"short\"}", 422, {"password"}},
        {"{\"token\":", 400, {NULL}},
        {"[\"token\"]", 400, {NULL}},
    };

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        json_call("POST", "/api/v1/auth/accept-invite", cases[i].body, &res);
        ck_assert_msg(res.status == cases[i].status, "%s -> %ld", cases[i].body, res.status);
        for (size_t f = 0; f < 3 && cases[i].fields[f] != NULL; f++) {
            char needle[64];
            snprintf(needle, sizeof(needle), "\"field\":\"%s\"", cases[i].fields[f]);
            ck_assert_msg(strstr(res.body, needle) != NULL, "%s: %s", cases[i].body, res.body);
        }
        api_res_free(&res);
    }
    /* with a real token: an oversized name and an unknown field are refused, and neither
     * uses the invitation up */
    fixture_invited_user("user", NULL, &u, token);
    memset(long_name, 'n', 101);
    long_name[101] = '\0';
    snprintf(body, sizeof(body),
             "{\"token\":\"%s\",\"name\":\"%s\",\"password\":\"a long password\"}", token,
             long_name);
    json_call("POST", "/api/v1/auth/accept-invite", body, &res);
    ck_assert_int_eq(res.status, 422);
    ck_assert_msg(strstr(res.body, "\"field\":\"name\"") != NULL, "%s", res.body);
    api_res_free(&res);
    snprintf(body, sizeof(body),
             "{\"token\":\"%s\",\"name\":\"Nina\",\"password\":\"a long password\","
             "\"role\":\"owner\"}",
             token);
    json_call("POST", "/api/v1/auth/accept-invite", body, &res);
    ck_assert_int_eq(res.status, 422);
    ck_assert_msg(strstr(res.body, "\"field\":\"role\"") != NULL, "%s", res.body);
    api_res_free(&res);
    snprintf(body, sizeof(body),
             "{\"token\":\"%s\",\"name\":\"Nina\",\"password\":\"a long password\"}", token);
    json_call("POST", "/api/v1/auth/accept-invite", body, &res);
    ck_assert_int_eq(res.status, 200);
    ck_assert_str_eq(api_json_str(&res, "user.role"), "user");
    api_res_free(&res);
}
END_TEST

/* the invitation token of the newest e-mail to address other than not (may be ""), waiting */
static bool
invite_token_other_than(const char *address, const char * not, char token[TOKEN_CAP])
{
    for (int waited = 0; waited <= 15000; waited += 250) {
        if (mail_token_to(address, "/accept-invite", token, TOKEN_CAP, 0)
            && strcmp(token, not ) != 0)
            return true;
        sleep_ms(250);
    }
    return false;
}

START_TEST(resending_an_invitation_voids_the_previous_link)
{
    struct fixture_user owner_u;
    struct session_client owner = {0};
    struct api_res res;
    char partner[25], email[128], body[512], first[TOKEN_CAP], second[TOKEN_CAP], path[128];
    char id[25], lo[96], hi[96], q[400];

    fixture_partner("Resend Partner", partner);
    fixture_owner(&owner_u);
    ck_assert_int_eq(client_sign_in(&owner, owner_u.email, owner_u.password), 200);
    unique_address("resend", email, sizeof(email));
    snprintf(body, sizeof(body), "{\"email\":\"%s\",\"role\":\"user\",\"partner\":\"%s\"}", email,
             partner);
    client_call(&owner, "POST", "/api/v1/users", body, &res);
    ck_assert_int_eq(res.status, 201);
    snprintf(id, sizeof(id), "%s", api_json_str(&res, "id"));
    api_res_free(&res);
    /* an invitation lives 7 days */
    fixture_ms_from_now(7 * 24 * 3600 - 120, lo, sizeof(lo));
    fixture_ms_from_now(7 * 24 * 3600 + 5, hi, sizeof(hi));
    snprintf(q, sizeof(q),
             "{\"_id\":{\"$oid\":\"%s\"},\"inviteExpiresAt\":{\"$gt\":%s,\"$lt\":%s}}", id, lo, hi);
    ck_assert_int_eq(mongo_count("users", q), 1);
    ck_assert_msg(invite_token_other_than(email, "", first), "no invitation e-mail");
    snprintf(path, sizeof(path), "/api/v1/users/%s/resend-invite", id);
    client_call(&owner, "POST", path, NULL, &res);
    ck_assert_int_eq(api_status_free(&res), 202);
    ck_assert_msg(invite_token_other_than(email, first, second), "no second invitation e-mail");
    snprintf(body, sizeof(body),
             "{\"token\":\"%s\",\"name\":\"Re Sent\",\"password\":\"a long password\"}", first);
    json_call("POST", "/api/v1/auth/accept-invite", body, &res);
    ck_assert_int_eq(res.status, 400); /* the first link is void */
    ck_assert_str_eq(api_json_str(&res, "error.code"), "invalid_token");
    api_res_free(&res);
    snprintf(body, sizeof(body),
             "{\"token\":\"%s\",\"name\":\"Re Sent\",\"password\":\"a long password\"}", second);
    json_call("POST", "/api/v1/auth/accept-invite", body, &res);
    ck_assert_int_eq(api_status_free(&res), 200);
    client_free(&owner);
}
END_TEST

START_TEST(an_expired_invitation_is_refused)
{
    struct fixture_user u;
    struct api_res res;
    char token[TOKEN_CAP], body[512];

    fixture_invited_user("user", NULL, &u, token);
    fixture_user_update(u.id,
                        "{\"$set\":{\"inviteExpiresAt\":{\"$date\":{\"$numberLong\":\"1000\"}}}}");
    snprintf(body, sizeof(body),
             "{\"token\":\"%s\",\"name\":\"Too Late\",\"password\":\"a long password\"}", token);
    json_call("POST", "/api/v1/auth/accept-invite", body, &res);
    ck_assert_int_eq(res.status, 400);
    ck_assert_str_eq(api_json_str(&res, "error.code"), "invalid_token");
    ck_assert_ptr_nonnull(strstr(res.body, "\"field\":\"token\""));
    api_res_free(&res);
    /* the same token, unexpired, works: the expiry was what refused it */
    char expires[96], update[256];
    fixture_ms_from_now(3600, expires, sizeof(expires));
    snprintf(update, sizeof(update), "{\"$set\":{\"inviteExpiresAt\":%s}}", expires);
    fixture_user_update(u.id, update);
    json_call("POST", "/api/v1/auth/accept-invite", body, &res);
    ck_assert_int_eq(api_status_free(&res), 200);
}
END_TEST

/* the link is checked when the page opens: what it offers, without using it up; unknown,
 * expired and used links get one answer (issue 17) */
START_TEST(an_invitation_link_is_checked_before_the_form)
{
    struct fixture_user owner_u, u;
    struct session_client owner = {0};
    struct api_res res, unknown;
    char partner[25], pname[64], email[128], body[512], token[TOKEN_CAP], owner_name[128];

    snprintf(pname, sizeof(pname), "Check Partner %d", (int)getpid());
    fixture_partner(pname, partner);
    fixture_owner(&owner_u);
    ck_assert_int_eq(client_sign_in(&owner, owner_u.email, owner_u.password), 200);
    client_call(&owner, "GET", "/api/v1/auth/me", NULL, &res);
    snprintf(owner_name, sizeof(owner_name), "%s",
             api_json_str(&res, "user.name")[0] ? api_json_str(&res, "user.name") : owner_u.email);
    api_res_free(&res);
    unique_address("checked", email, sizeof(email));
    snprintf(body, sizeof(body),
             "{\"email\":\"%s\",\"name\":\"Typed By Admin\",\"role\":\"user\","
             "\"partner\":\"%s\"}",
             email, partner);
    client_call(&owner, "POST", "/api/v1/users", body, &res);
    ck_assert_int_eq(api_status_free(&res), 201);
    ck_assert_msg(mail_token_to(email, "/accept-invite", token, sizeof(token), 15000),
                  "no invitation e-mail");
    snprintf(body, sizeof(body), "{\"token\":\"%s\"}", token);
    for (int i = 0; i < 2; i++) { /* twice: checking uses nothing up */
        json_call("POST", "/api/v1/auth/check-invite", body, &res);
        ck_assert_int_eq(res.status, 200);
        ck_assert_str_eq(api_json_str(&res, "email"), email);
        ck_assert_str_eq(api_json_str(&res, "name"), "Typed By Admin");
        ck_assert_str_eq(api_json_str(&res, "role"), "user");
        ck_assert_str_eq(api_json_str(&res, "partnerName"), pname);
        ck_assert_str_eq(api_json_str(&res, "invitedBy"), owner_name);
        ck_assert_ptr_nonnull(api_json_str(&res, "expiresAt"));
        api_res_free(&res);
    }
    /* an unknown token and a used one: the same answer */
    json_call("POST", "/api/v1/auth/check-invite", "{\"token\":\"no-such-token\"}", &unknown);
    ck_assert_int_eq(unknown.status, 400);
    ck_assert_str_eq(api_json_str(&unknown, "error.code"), "invalid_token");
    snprintf(body, sizeof(body),
             "{\"token\":\"%s\",\"name\":\"Chosen Name\",\"password\":\"a long password\"}", token);
    json_call("POST", "/api/v1/auth/accept-invite", body, &res);
    ck_assert_int_eq(api_status_free(&res), 200);
    snprintf(body, sizeof(body), "{\"token\":\"%s\"}", token);
    json_call("POST", "/api/v1/auth/check-invite", body, &res);
    ck_assert_int_eq(res.status, 400);
    ck_assert_str_eq(res.body, unknown.body);
    api_res_free(&res);
    /* and an expired one */
    fixture_invited_user("user", NULL, &u, token);
    fixture_user_update(u.id,
                        "{\"$set\":{\"inviteExpiresAt\":{\"$date\":{\"$numberLong\":\"1000\"}}}}");
    snprintf(body, sizeof(body), "{\"token\":\"%s\"}", token);
    json_call("POST", "/api/v1/auth/check-invite", body, &res);
    ck_assert_int_eq(res.status, 400);
    ck_assert_str_eq(res.body, unknown.body);
    api_res_free(&res);
    api_res_free(&unknown);
    client_free(&owner);
}
END_TEST

START_TEST(bad_check_invite_inputs_are_named)
{
    static const struct {
        const char *body;
        long status;
        const char *field;
    } cases[] = {
        {"{}", 422, "token"},
        {"{\"token\":5}", 422, "token"},
        {"{\"token\":\"\"}", 422, "token"},
        {"{\"token\":\"t\",\"name\":\"x\"}", 422, "name"},
        {"{\"token\":", 400, NULL},
    };
    struct api_res res;

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        json_call("POST", "/api/v1/auth/check-invite", cases[i].body, &res);
        ck_assert_msg(res.status == cases[i].status, "%s -> %ld", cases[i].body, res.status);
        if (cases[i].field != NULL) {
            char needle[64];
            snprintf(needle, sizeof(needle), "\"field\":\"%s\"", cases[i].field);
            ck_assert_msg(strstr(res.body, needle) != NULL, "%s: %s", cases[i].body, res.body);
        }
        api_res_free(&res);
    }
    /* the token never travels in a URL: no GET */
    json_call("GET", "/api/v1/auth/check-invite", NULL, &res);
    ck_assert_int_eq(api_status_free(&res), 405);
}
END_TEST

TCase *
tcase_auth_invites(void)
{
    TCase *tc = tcase_create("invitations");

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, an_invitation_is_accepted_once_and_signs_the_user_in);
    tcase_add_test(tc, bad_accept_invite_inputs_are_named);
    tcase_add_test(tc, resending_an_invitation_voids_the_previous_link);
    tcase_add_test(tc, an_expired_invitation_is_refused);
    tcase_add_test(tc, an_invitation_link_is_checked_before_the_form);
    tcase_add_test(tc, bad_check_invite_inputs_are_named);
    return tc;
}
