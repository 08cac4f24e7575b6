/* test_jwt_token.c - the access token's checks (lib/auth/jwt_token.c): tokens we issue verify;
 * a wrong key, another algorithm, a wrong issuer, audience or use, a missing or oversized
 * claim and a bad time window are each refused */
#include <jwt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/jwt_token.h"
#include "unit.h"

#define SECRET "jwt-secret-of-the-unit-tests-0123456789abcdef"
#define NOW 1800000000LL
#define SUB "0123456789abcdef01234567"
#define PARTNER "65a000000000000000000001"

/* a token with the claims of grants_json (a JSON object) and alg, signed with key */
static char *
forge(jwt_alg_t alg, const char *key, const char *grants_json)
{
    jwt_t *jwt = NULL;
    char *out;

    ck_assert_int_eq(jwt_new(&jwt), 0);
    ck_assert_int_eq(jwt_add_grants_json(jwt, grants_json), 0);
    ck_assert_int_eq(jwt_set_alg(jwt, alg, (const unsigned char *)key, key ? (int)strlen(key) : 0),
                     0);
    out = jwt_encode_str(jwt);
    ck_assert_ptr_nonnull(out);
    jwt_free(jwt);
    return out;
}

/* the claims of a good token with one member replaced, or removed when value is NULL;
 * iat NOW - 60 and exp NOW + 840 unless given */
static void
claims(char *out, size_t cap, const char *name, const char *value)
{
    static const char *const names[] = {"sub", "role", "partner", "jti", "fam",
                                        "iss", "aud",  "use",     "iat", "exp"};
    const char *values[] = {"\"" SUB "\"",          "\"admin\"",
                            "\"" PARTNER "\"",      "\"0123456789abcdef\"",
                            "\"fedcba9876543210\"", "\"" JWT_ISSUER "\"",
                            "\"" JWT_AUDIENCE "\"", "\"access\"",
                            "1799999940",           "1800000840"};
    size_t n = (size_t)snprintf(out, cap, "{");

    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        const char *v = name != NULL && strcmp(name, names[i]) == 0 ? value : values[i];
        if (v != NULL)
            n += (size_t)snprintf(out + n, cap - n, "%s\"%s\":%s", n > 1 ? "," : "", names[i], v);
    }
    snprintf(out + n, cap - n, "}");
}

/* verify a token forged with HS256 and our secret from the good claims changed at name */
static bool
verify_changed(const char *name, const char *value, long long now)
{
    char json[1024];
    struct access_claims c;
    struct err err = ERR_INIT;
    char *token;
    bool ok;

    claims(json, sizeof(json), name, value);
    token = forge(JWT_ALG_HS256, SECRET, json);
    ok = access_token_verify(SECRET, token, now, &c, &err);
    ck_assert(ok || err_is(&err, ERR_UNAUTHENTICATED));
    free(token);
    return ok;
}

START_TEST(an_issued_token_verifies_with_its_claims)
{
    struct access_claims in = {.sub = SUB, .role = "user", .partner = PARTNER, .fam = "f0f1"}, out;
    struct err err = ERR_INIT;
    char *token = NULL;

    ck_assert(access_token_issue(SECRET, NOW, &in, &token, &err));
    ck_assert_int_eq(strlen(in.jti), 32);
    ck_assert_int_eq(in.exp, NOW + ACCESS_TTL_S);
    ck_assert(access_token_verify(SECRET, token, NOW + 10, &out, &err));
    ck_assert_str_eq(out.sub, SUB);
    ck_assert_str_eq(out.role, "user");
    ck_assert_str_eq(out.partner, PARTNER);
    ck_assert_str_eq(out.jti, in.jti);
    ck_assert_str_eq(out.fam, "f0f1");
    ck_assert_int_eq(out.iat, NOW);
    ck_assert_int_eq(out.exp, NOW + ACCESS_TTL_S);
    /* and the forged good claims too, so that each refusal below is for its one change */
    ck_assert(verify_changed(NULL, NULL, NOW));
    ck_assert(verify_changed("partner", "\"\"", NOW)); /* staff: no partner */
    free(token);
}
END_TEST

START_TEST(a_token_signed_otherwise_is_refused)
{
    struct access_claims c;
    struct err err = ERR_INIT;
    char json[1024], *token;

    claims(json, sizeof(json), NULL, NULL);
    token = forge(JWT_ALG_HS256, "another-secret-of-the-same-length-0123456789", json);
    ck_assert(!access_token_verify(SECRET, token, NOW, &c, &err));
    free(token);
    token = forge(JWT_ALG_HS512, SECRET, json); /* our key, another algorithm */
    ck_assert(!access_token_verify(SECRET, token, NOW, &c, &err));
    free(token);
    token = forge(JWT_ALG_NONE, NULL, json); /* unsigned */
    ck_assert(!access_token_verify(SECRET, token, NOW, &c, &err));
    ck_assert_str_eq(err.code, "unauthenticated");
    ck_assert_str_eq(c.sub, ""); /* nothing of a refused token is kept */
    free(token);
}
END_TEST

START_TEST(a_tampered_or_malformed_token_is_refused)
{
    struct access_claims in = {.sub = SUB, .role = "user", .fam = "0123abcd"}, c;
    struct err err = ERR_INIT;
    char *token = NULL, *dot, big[3000];

    ck_assert(access_token_issue(SECRET, NOW, &in, &token, &err));
    dot = strchr(token, '.');
    dot[2] = dot[2] == 'A' ? 'B' : 'A'; /* one character of the payload */
    ck_assert(!access_token_verify(SECRET, token, NOW, &c, &err));
    free(token);
    ck_assert(!access_token_verify(SECRET, NULL, NOW, &c, &err));
    ck_assert(!access_token_verify(SECRET, "", NOW, &c, &err));
    ck_assert(!access_token_verify(SECRET, "a.b.c", NOW, &c, &err));
    memset(big, 'a', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    ck_assert(!access_token_verify(SECRET, big, NOW, &c, &err));
}
END_TEST

START_TEST(issuer_audience_and_use_must_be_ours)
{
    ck_assert(!verify_changed("iss", "\"someone-else\"", NOW));
    ck_assert(!verify_changed("iss", NULL, NOW));
    ck_assert(!verify_changed("aud", "\"pc-worker\"", NOW));
    ck_assert(!verify_changed("aud", NULL, NOW));
    ck_assert(!verify_changed("use", "\"refresh\"", NOW));
    ck_assert(!verify_changed("use", NULL, NOW));
}
END_TEST

START_TEST(every_claim_we_rely_on_is_present_and_fits)
{
    ck_assert(!verify_changed("sub", NULL, NOW));
    ck_assert(!verify_changed("sub", "\"\"", NOW));
    ck_assert(!verify_changed("sub", "\"" SUB "0\"", NOW)); /* 25 characters */
    ck_assert(!verify_changed("role", NULL, NOW));
    ck_assert(!verify_changed("role", "\"superuser\"", NOW));
    ck_assert(!verify_changed("partner", NULL, NOW));
    ck_assert(!verify_changed("jti", NULL, NOW));
    ck_assert(!verify_changed("jti", "\"\"", NOW));
    ck_assert(!verify_changed("fam", NULL, NOW)); /* the family is what a reuse revokes */
    ck_assert(!verify_changed("fam", "\"\"", NOW));
    ck_assert(!verify_changed("fam", "\"" SUB SUB "\"", NOW)); /* 48 characters */
}
END_TEST

START_TEST(the_time_window_is_checked_strictly)
{
    /* exp: valid up to the second before it */
    ck_assert(verify_changed(NULL, NULL, 1800000839LL));
    ck_assert(!verify_changed(NULL, NULL, 1800000840LL));
    ck_assert(!verify_changed("exp", NULL, NOW));
    /* iat: at most 30 s in the future (clock skew), and present */
    ck_assert(verify_changed("iat", "1800000030", NOW));
    ck_assert(!verify_changed("iat", "1800000031", NOW));
    ck_assert(!verify_changed("iat", NULL, NOW));
    /* no longer lifetime than we issue, even when signed with our key */
    ck_assert(verify_changed("exp", "1800000840", NOW));
    ck_assert(!verify_changed("exp", "1800000841", NOW));
}
END_TEST

Suite *
suite_jwt_token(void)
{
    Suite *s = suite_create("jwt_token");
    TCase *tc = tcase_create("claims");

    tcase_add_test(tc, an_issued_token_verifies_with_its_claims);
    tcase_add_test(tc, a_token_signed_otherwise_is_refused);
    tcase_add_test(tc, a_tampered_or_malformed_token_is_refused);
    tcase_add_test(tc, issuer_audience_and_use_must_be_ours);
    tcase_add_test(tc, every_claim_we_rely_on_is_present_and_fits);
    tcase_add_test(tc, the_time_window_is_checked_strictly);
    suite_add_tcase(s, tc);
    return s;
}
