/* api_token.h - partner API tokens (DESIGN §7.7): the secret's format and how a request's
 * bearer token becomes the principal of its partner */
#ifndef PC_API_TOKEN_H
#define PC_API_TOKEN_H

#include <stdbool.h>

#include "app.h"
#include "auth/tokens.h"
#include "core/err.h"
#include "core/principal.h"

#define API_TOKEN_PREFIX "pc_"
#define API_TOKEN_LEN 46         /* "pc_" and 43 base64url characters (32 random bytes) */
#define API_TOKEN_SHOWN 11       /* the characters kept in clear for display ("pc_Ab12Cd34") */
#define API_TOKEN_TOUCH_MS 60000 /* lastUsedAt is written at most once a minute */

/* api_token_looks_valid - token has the format of a partner API token (prefix, length,
 * alphabet); says nothing of whether it exists */
bool api_token_looks_valid(const char *token);

/* api_token_authenticate - fill p from the live token (borrowed): kind PRINCIPAL_PARTNER_TOKEN,
 * role ROLE_USER, its partner, id and name. One read of api_tokens by the token's hash (a unique
 * index), plus a write of lastUsedAt when the last one is older than API_TOKEN_TOUCH_MS (a failed
 * write is logged, never refused). invalid_api_token (malformed or unknown), api_token_expired,
 * api_token_revoked; unavailable when the database is down. */
bool api_token_authenticate(struct app *app, const char *token, struct principal *p,
                            struct err *err);

#endif
