/* access.h - the central access check the router runs from each route's access column */
#ifndef PC_ACCESS_H
#define PC_ACCESS_H

#include <stdbool.h>

#include "router.h"

/* access_check - authenticate and authorise req for its route; fills req->principal.
 * Returns false with err set (unauthenticated, forbidden, csrf_failed, unavailable ...). */
bool access_check(struct req *req, struct err *err);

/* access_role_check - the signed-in req->principal's role admits req->route's access kind
 * (user: any role, admin: admin or owner, owner: owner). A role too low is forbidden, or
 * not_found when the row's reach check finds the :id out of the principal's reach (so the
 * answer never tells which ids exist); the reach check may also fail with unavailable. */
bool access_role_check(struct req *req, struct err *err);

/* access_bearer_equals - constant-time check of "Authorization: Bearer <secret>" */
bool access_bearer_equals(const struct req *req, const char *secret);

/* access_token_read - copy the access token of "Authorization: Bearer" or, without one, of
 * the access cookie into out; *via_cookie tells which. False when there is none. */
bool access_token_read(const struct req *req, char *out, size_t cap, bool *via_cookie);

/* access_is_loopback - the client address is 127.0.0.1 or ::1 (the host itself) */
bool access_is_loopback(const struct req *req);

#endif
