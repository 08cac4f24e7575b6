/* sessions.h - sessions: access JWTs, rotating refresh tokens in families, the deny-list of
 * signed-out access tokens, and the short cache of each user's state checked per request.
 *
 * A struct session filled here owns its access token until session_release; false means err
 * is set with one of the codes named at the function, or unavailable (503: the database or
 * Redis cannot be reached) or internal (500), which any of them may return. */
#ifndef PC_SESSIONS_H
#define PC_SESSIONS_H

#include <stdbool.h>

#include "app.h"
#include "auth/tokens.h"
#include "core/err.h"
#include "core/oid.h"
#include "core/principal.h"

#define REFRESH_TTL_S (30 * 24 * 3600)
#define USER_STATE_CACHE_S 5

/* what a successful sign-in, invite acceptance or refresh hands to the browser */
struct session {
    char *access;            /* JWT, owned: session_release */
    char refresh[TOKEN_CAP]; /* opaque, stored hashed */
    char csrf[33];           /* double-submit token */
    long long access_exp;
};

/* the part of a user every authenticated request depends on */
struct user_state {
    bool active; /* isActive, status active, not archived */
    enum role role;
    char partner[OID_STR_SIZE];
    long long tokens_valid_after; /* unix seconds: tokens issued before are void */
};

/* session_start - a new family for user_id: access token, refresh token, CSRF token;
 * unauthenticated when the account cannot sign in (inactive, archived, gone) */
bool session_start(struct app *app, const char *user_id, struct session *s, struct err *err);

/* session_refresh - rotate refresh_token: the presented token is used up and a new one of the
 * same family issued, with a new access token. A token used before (reuse) revokes its whole
 * family: its refresh tokens, and its access tokens through the family mark that
 * access_denied checks. *user_id receives the owner. unauthenticated for any problem of the
 * token. */
bool session_refresh(struct app *app, const char *refresh_token, struct session *s,
                     char user_id[OID_STR_SIZE], struct err *err);

/* session_end - revoke the family of refresh_token (may be NULL), its access tokens with it,
 * and deny-list the access token jti until exp; only the database's and Redis's codes */
bool session_end(struct app *app, const char *refresh_token, const char *jti, long long exp,
                 struct err *err);

/* sessions_revoke_user - revoke every refresh token of the user (password reset, deactivation,
 * archive); access tokens die through users.tokensValidAfter. internal for a malformed id. */
bool sessions_revoke_user(struct app *app, const char *user_id, struct err *err);

void session_release(struct session *s);

/* access_denied - the access token jti was signed out, or its family was revoked (signed out,
 * or a rotated refresh token of it came back); one Redis round trip; false with err
 * (unavailable, internal) when Redis fails */
bool access_denied(struct app *app, const char *jti, const char *family, bool *denied,
                   struct err *err);

/* user_state_get - from the cache (at most USER_STATE_CACHE_S old) or the database (a cache
 * miss reads one document and caches it); *found false for no such user or a malformed id.
 * Only the database's codes: a Redis failure just skips the cache. */
bool user_state_get(struct app *app, const char *user_id, struct user_state *st, bool *found,
                    struct err *err);

/* user_state_forget - drop the cached state after any change of the user */
void user_state_forget(struct app *app, const char *user_id);

/* role_parse - "owner" | "admin" | "user" -> enum role; ROLE_NONE otherwise */
enum role role_parse(const char *s);
const char *role_name(enum role r);

#endif
