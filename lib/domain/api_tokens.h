/* api_tokens.h - a partner's API tokens (DESIGN §7.7): made, listed and revoked by the
 * partner's admins and by staff (the route table's ACCESS_ADMIN with the partner's reach).
 *
 * Every json_object * returned is new and the caller's; NULL or false means err is set: the
 * codes named at the function, or unavailable (503) or internal (500). A partner outside p's
 * reach, or archived, is not_found. */
#ifndef PC_API_TOKENS_H
#define PC_API_TOKENS_H

#include <bson/bson.h>
#include <json-c/json.h>
#include <stdbool.h>

#include "app.h"
#include "core/err.h"
#include "core/principal.h"

#define API_TOKENS_MAX_LIVE 20 /* live (not revoked, not expired) tokens per partner */

/* api_tokens_create - a new token of the partner from {name, expiresAt?}: {apiToken, token},
 * the secret shown this once (only its SHA-256 is stored). validation_failed (fields; an
 * expiry not in the future), conflict (API_TOKENS_MAX_LIVE live tokens already), not_found */
json_object *api_tokens_create(struct app *app, const struct principal *p, const char *partner,
                               json_object *in, struct err *err);

/* api_tokens_list - {list} of the partner's tokens, newest first, revoked ones included (at
 * most 100); not_found */
json_object *api_tokens_list(struct app *app, const struct principal *p, const char *partner,
                             struct err *err);

/* api_tokens_revoke - revokedAt = now (a revoked token stays revoked: a repeat succeeds);
 * the next request with it is refused. not_found (partner or token) */
bool api_tokens_revoke(struct app *app, const struct principal *p, const char *partner,
                       const char *token_id, struct err *err);

/* api_tokens_revoke_all - revoke every live token of the partner (it is being archived); only
 * the database's codes */
bool api_tokens_revoke_all(struct app *app, const bson_oid_t *partner, struct err *err);

#endif
