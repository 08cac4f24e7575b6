/* cookies.c - Set-Cookie lines for sessions (DESIGN §7.17): Secure, SameSite=Strict, HttpOnly
 * except the CSRF token the client echoes */
#include "cookies.h"

void
cookies_set_session(struct res *res, const struct session *s)
{
    res_add_header(res, "Set-Cookie",
                   COOKIE_ACCESS "=%s; Path=/api; Max-Age=%d; HttpOnly; Secure; SameSite=Strict",
                   s->access, 900);
    res_add_header(res, "Set-Cookie",
                   COOKIE_REFRESH
                   "=%s; Path=/api/v1/auth; Max-Age=%d; HttpOnly; Secure; SameSite=Strict",
                   s->refresh, REFRESH_TTL_S);
    res_add_header(res, "Set-Cookie",
                   COOKIE_CSRF "=%s; Path=/; Max-Age=%d; Secure; SameSite=Strict", s->csrf,
                   REFRESH_TTL_S);
}

void
cookies_clear_session(struct res *res)
{
    res_add_header(res, "Set-Cookie",
                   COOKIE_ACCESS "=; Path=/api; Max-Age=0; HttpOnly; Secure; SameSite=Strict");
    res_add_header(res, "Set-Cookie",
                   COOKIE_REFRESH
                   "=; Path=/api/v1/auth; Max-Age=0; HttpOnly; Secure; SameSite=Strict");
    res_add_header(res, "Set-Cookie", COOKIE_CSRF "=; Path=/; Max-Age=0; Secure; SameSite=Strict");
}
