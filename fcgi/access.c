/* access.c - one check per access kind; handlers never authenticate or authorise */
#include "access.h"

#include <openssl/crypto.h>
#include <string.h>

bool
access_is_loopback(const struct req *req)
{
    const char *addr = req_env(req, "REMOTE_ADDR");

    return addr != NULL && (strcmp(addr, "127.0.0.1") == 0 || strcmp(addr, "::1") == 0);
}

bool
access_bearer_equals(const struct req *req, const char *secret)
{
    const char *auth = req_header(req, "Authorization");
    size_t len;

    if (auth == NULL || secret == NULL || strncmp(auth, "Bearer ", 7) != 0)
        return false;
    auth += 7;
    len = strlen(secret);
    /* the length check leaks only the length, never a prefix */
    return strlen(auth) == len && CRYPTO_memcmp(auth, secret, len) == 0;
}

bool
access_check(struct req *req, struct err *err)
{
    switch (req->route->access) {
    case ACCESS_PUBLIC: return true;
    case ACCESS_LOOPBACK:
        if (!access_is_loopback(req))
            return err_set(err, "forbidden", "this route is only reachable from the host itself");
        return true;
    case ACCESS_CRON:
        if (!access_bearer_equals(req, req->app->cfg.cron_secret))
            return err_set(err, "unauthenticated", "missing or wrong cron secret");
        req->principal.kind = PRINCIPAL_SYSTEM;
        return true;
    default: return err_set(err, "unauthenticated", "sign in first");
    }
}
