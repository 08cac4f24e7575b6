/* users.h - people: reading and managing users within the caller's reach, invitations,
 * passwords. Scoping and the management rules (DESIGN §7.4) live here, not in handlers:
 * - owner and staff admins (no partner) see every user; a partner admin sees the users of
 *   their partner; a user sees only themself; anything outside the reach is "not found";
 * - only the owner creates, changes or archives admins; nobody changes the owner through the
 *   API; staff admins manage users of any partner, partner admins those of their partner.
 *
 * Every json_object * returned is new and the caller's; NULL or false means err is set with one
 * of the codes named at the function, or unavailable (503: the database or Redis cannot be
 * reached) or internal (500), which any of them may return. */
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

/* users_get - the user as the API shows it; not_found (also outside the reach, or archived) */
json_object *users_get(struct app *app, const struct principal *p, const char *id, struct err *err);

/* users_list - {list, meta} within the reach; bad_request or validation_failed for a sort,
 * filter or page the field table does not allow */
json_object *users_list(struct app *app, const struct principal *p,
                        const struct list_params *params, struct err *err);

/* users_invite - a new user with status invited, and the invitation e-mail; forbidden (the
 * management rules), validation_failed (fields, partner), conflict (the e-mail is taken,
 * detail "email") */
json_object *users_invite(struct app *app, const struct principal *p, json_object *in,
                          struct err *err);

/* users_update - name, role, partner (the e-mail cannot change); not_found, forbidden,
 * validation_failed */
json_object *users_update(struct app *app, const struct principal *p, const char *id,
                          json_object *in, struct err *err);

/* users_set_active - {isActive}; deactivation ends every session. not_found, forbidden,
 * validation_failed */
json_object *users_set_active(struct app *app, const struct principal *p, const char *id,
                              json_object *in, struct err *err);

/* users_resend_invite - a fresh token and e-mail; not_found, forbidden, conflict (accepted
 * already) */
bool users_resend_invite(struct app *app, const struct principal *p, const char *id,
                         struct err *err);

/* users_archive - archivedAt, inactive, every session ended; not_found, forbidden */
bool users_archive(struct app *app, const struct principal *p, const char *id, struct err *err);

/* the signed-in user's own account: users_update_me - {name}; validation_failed, not_found.
 * users_change_password - validation_failed (a wrong current password is a detail of it,
 * the policy too), not_found */
json_object *users_update_me(struct app *app, const struct principal *p, json_object *in,
                             struct err *err);
bool users_change_password(struct app *app, const struct principal *p, json_object *in,
                           struct err *err);

/* public flows; user_id receives the account concerned. users_accept_invite -
 * validation_failed (name, password policy), invalid_token (unknown, expired or used).
 * users_forgot_password - validation_failed, unavailable (Redis); the same answer, after the
 * same work (one job queued), whether or not the e-mail has an account. users_reset_password -
 * validation_failed (password policy: the link keeps working), invalid_token. */
/* users_check_invite - {token}: what the invitation offers, {email, name, role, partnerName,
 * invitedBy, expiresAt}, without using it up; validation_failed (no token, other members),
 * invalid_token (unknown, expired, used or voided: one answer for all). */
json_object *users_check_invite(struct app *app, json_object *in, struct err *err);
bool users_accept_invite(struct app *app, json_object *in, char user_id[OID_STR_SIZE],
                         struct err *err);
bool users_forgot_password(struct app *app, json_object *in, struct err *err);
bool users_reset_password(struct app *app, json_object *in, struct err *err);

/* users_password_reset_run - the queued half of a forgotten password (the email worker runs
 * it): a new reset token for the account of email, if there is one, its e-mail queued, and the
 * request recorded either way; unavailable (retry) or internal */
#define USERS_RESET_JOB "password-reset-request"
bool users_password_reset_run(struct app *app, const char *email, struct err *err);

/* users_sign_in - check e-mail and password with the per-account lockout; user_id receives
 * the account. unauthenticated for any wrong combination (the same answer whether or not the
 * e-mail exists), rate_limited with retry_after while locked, account_deactivated (403)
 * only after the right password of a deactivated account (its message names whom to ask). */
bool users_sign_in(struct app *app, json_object *in, const char *client_ip,
                   char user_id[OID_STR_SIZE], struct err *err);

/* users_me_json - the user as the API shows it (for /auth/me and sign-in answers); not_found */
json_object *users_me_json(struct app *app, const char *user_id, struct err *err);

#endif
