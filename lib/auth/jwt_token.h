/* jwt_token.h - the access token: HS256 JWT, 15 minutes, checked strictly */
#ifndef PC_JWT_TOKEN_H
#define PC_JWT_TOKEN_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"
#include "core/oid.h"

#define ACCESS_TTL_S 900
#define JWT_ISSUER "partner-connector"
#define JWT_AUDIENCE "pc-api"

struct access_claims {
    char sub[OID_STR_SIZE];     /* user id */
    char role[8];               /* owner | admin | user */
    char partner[OID_STR_SIZE]; /* "" for staff */
    char jti[33];               /* 128-bit random hex */
    char fam[33];               /* the session's refresh-token family: revoked with it */
    long long iat, exp;
};

/* access_token_issue - sign claims (iat/exp/jti filled here from now; sub, role, partner and
 * fam from the caller) with secret; the token is malloc'd into *token (caller frees). */
bool access_token_issue(const char *secret, long long now, struct access_claims *claims,
                        char **token, struct err *err);

/* access_token_verify - signature (HS256 only: "none" and every other algorithm are refused),
 * typ, iss, aud, iat/exp against now (30 s leeway for iat); fills claims. False with err
 * unauthenticated on any problem. */
bool access_token_verify(const char *secret, const char *token, long long now,
                         struct access_claims *claims, struct err *err);

#endif
