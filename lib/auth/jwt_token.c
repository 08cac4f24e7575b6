/* jwt_token.c - access JWTs through libjwt; every claim we rely on is checked here */
#include "auth/jwt_token.h"

#include <jwt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/tokens.h"

bool
access_token_issue(const char *secret, long long now, struct access_claims *c, char **token,
                   struct err *err)
{
    jwt_t *jwt = NULL;
    bool ok = false;

    *token = NULL;
    c->iat = now;
    c->exp = now + ACCESS_TTL_S;
    if (!token_hex(16, c->jti, sizeof(c->jti)) || jwt_new(&jwt) != 0)
        return err_set(err, ERR_INTERNAL, "cannot create a token");
    if (jwt_add_header(jwt, "typ", "JWT") == 0 && jwt_add_grant(jwt, "sub", c->sub) == 0
        && jwt_add_grant(jwt, "role", c->role) == 0
        && jwt_add_grant(jwt, "partner", c->partner) == 0 && jwt_add_grant(jwt, "jti", c->jti) == 0
        && jwt_add_grant(jwt, "fam", c->fam) == 0 && jwt_add_grant(jwt, "iss", JWT_ISSUER) == 0
        && jwt_add_grant(jwt, "aud", JWT_AUDIENCE) == 0 && jwt_add_grant(jwt, "use", "access") == 0
        && jwt_add_grant_int(jwt, "iat", c->iat) == 0 && jwt_add_grant_int(jwt, "exp", c->exp) == 0
        && jwt_set_alg(jwt, JWT_ALG_HS256, (const unsigned char *)secret, (int)strlen(secret)) == 0)
        *token = jwt_encode_str(jwt);
    ok = *token != NULL;
    jwt_free(jwt);
    if (!ok)
        return err_set(err, ERR_INTERNAL, "cannot sign a token");
    return true;
}

static bool
copy_grant(jwt_t *jwt, const char *name, char *out, size_t cap, bool allow_empty)
{
    const char *v = jwt_get_grant(jwt, name);

    if (v == NULL || strlen(v) >= cap || (!allow_empty && v[0] == '\0'))
        return false;
    memcpy(out, v, strlen(v) + 1);
    return true;
}

static bool
grant_is(jwt_t *jwt, const char *name, const char *want)
{
    const char *v = jwt_get_grant(jwt, name);

    return v != NULL && strcmp(v, want) == 0;
}

bool
access_token_verify(const char *secret, const char *token, long long now, struct access_claims *c,
                    struct err *err)
{
    jwt_t *jwt = NULL;
    bool ok;

    memset(c, 0, sizeof(*c));
    if (token == NULL || strlen(token) > 2048
        || jwt_decode(&jwt, token, (const unsigned char *)secret, (int)strlen(secret)) != 0)
        return err_set(err, ERR_UNAUTHENTICATED, "sign in again");
    /* the key is ours alone: only HS256, whatever the header claims (no "none", no RS/HS mix) */
    ok = jwt_get_alg(jwt) == JWT_ALG_HS256 && grant_is(jwt, "iss", JWT_ISSUER)
         && grant_is(jwt, "aud", JWT_AUDIENCE) && grant_is(jwt, "use", "access")
         && copy_grant(jwt, "sub", c->sub, sizeof(c->sub), false)
         && copy_grant(jwt, "role", c->role, sizeof(c->role), false)
         && copy_grant(jwt, "partner", c->partner, sizeof(c->partner), true)
         && copy_grant(jwt, "jti", c->jti, sizeof(c->jti), false)
         && copy_grant(jwt, "fam", c->fam, sizeof(c->fam), false);
    c->iat = jwt_get_grant_int(jwt, "iat");
    c->exp = jwt_get_grant_int(jwt, "exp");
    ok = ok && c->iat > 0 && c->exp > now && c->iat <= now + 30 && c->exp - c->iat <= ACCESS_TTL_S;
    jwt_free(jwt);
    if (!ok)
        return err_set(err, ERR_UNAUTHENTICATED, "sign in again");
    return true;
}
