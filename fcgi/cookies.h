/* cookies.h - the session cookies: names, attributes, setting and clearing them */
#ifndef PC_COOKIES_H
#define PC_COOKIES_H

#include "auth/sessions.h"
#include "res.h"

/* __Secure- and __Host- prefixes make browsers refuse these names from insecure origins or
 * with a Domain: a sibling subdomain cannot plant them */
#define COOKIE_ACCESS "__Secure-pc_access"   /* HttpOnly, Path=/api */
#define COOKIE_REFRESH "__Secure-pc_refresh" /* HttpOnly, Path=/api/v1/auth */
#define COOKIE_CSRF "__Host-pc_csrf"         /* readable by the client, Path=/ */

/* cookies_set_session - Set-Cookie for the three cookies of s */
void cookies_set_session(struct res *res, const struct session *s);

/* cookies_clear_session - expire the three cookies */
void cookies_clear_session(struct res *res);

#endif
