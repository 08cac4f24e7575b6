/* users.h - people: reading and managing users within the caller's reach, invitations,
 * passwords. Scoping and the management rules (DESIGN §7.4) live here, not in handlers:
 * - owner and staff admins (no partner) see every user; a partner admin sees the users of
 *   their partner; a user sees only themself; anything outside the reach is "not found";
 * - only the owner creates, changes or archives admins; nobody changes the owner through the
 *   API; staff admins manage users of any partner, partner admins those of their partner. */
#ifndef PC_USERS_H
#define PC_USERS_H

#include <json-c/json.h>
#include <stdbool.h>

#include "app.h"
#include "core/err.h"
#include "core/oid.h"
#include "core/principal.h"
#include "model/model.h"

#define INVITE_TTL_S (7 * 24 * 3600)
#define RESET_TTL_S 3600

/* each returns a new JSON object on success (caller owns), or NULL/false with err set */
json_object *users_get(struct app *app, const struct principal *p, const char *id, struct err *err);
json_object *users_list(struct app *app, const struct principal *p,
                        const struct list_params *params, struct err *err);
json_object *users_invite(struct app *app, const struct principal *p, json_object *in,
                          struct err *err);
json_object *users_update(struct app *app, const struct principal *p, const char *id,
                          json_object *in, struct err *err);
json_object *users_set_active(struct app *app, const struct principal *p, const char *id,
                              json_object *in, struct err *err);
bool users_resend_invite(struct app *app, const struct principal *p, const char *id,
                         struct err *err);
bool users_archive(struct app *app, const struct principal *p, const char *id, struct err *err);

/* the signed-in user's own account */
json_object *users_update_me(struct app *app, const struct principal *p, json_object *in,
                             struct err *err);
bool users_change_password(struct app *app, const struct principal *p, json_object *in,
                           struct err *err);

/* public flows; user_id receives the account concerned */
bool users_accept_invite(struct app *app, json_object *in, char user_id[OID_STR_SIZE],
                         struct err *err);
bool users_forgot_password(struct app *app, json_object *in, struct err *err);
bool users_reset_password(struct app *app, json_object *in, struct err *err);

/* users_sign_in - check e-mail and password with the per-account lockout; user_id receives
 * the account. unauthenticated for any wrong combination (the same answer whether or not the
 * e-mail exists), rate_limited with retry_after while locked. */
bool users_sign_in(struct app *app, json_object *in, const char *client_ip,
                   char user_id[OID_STR_SIZE], struct err *err);

/* users_me_json - the user as the API shows it (for /auth/me and sign-in answers) */
json_object *users_me_json(struct app *app, const char *user_id, struct err *err);

#endif
