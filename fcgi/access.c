/* access.c - one check per access kind; handlers never authenticate or authorise */
#include "access.h"

#include <openssl/crypto.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "auth/api_token.h"
#include "auth/jwt_token.h"
#include "auth/sessions.h"
#include "auth/tokens.h"
#include "cookies.h"
#include "core/clock.h"
#include "http/hubspot_signature.h"
#include "http/stripe_signature.h"

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

static bool
state_changing(const struct req *req)
{
    return strcmp(req->method, "GET") != 0 && strcmp(req->method, "HEAD") != 0;
}

/* a browser's Origin, when sent, must be this site (the Host it asked for) */
static bool
origin_ok(const struct req *req)
{
    const char *origin = req_header(req, "Origin"), *host = req_env(req, "PC_HOST");
    char want[300];

    if (origin == NULL)
        return true;
    if (host == NULL || host[0] == '\0')
        host = req_header(req, "Host");
    snprintf(want, sizeof(want), "https://%s", host ? host : "");
    return strcmp(origin, want) == 0;
}

/* double submit: the X-CSRF-Token header equals the CSRF cookie */
static bool
csrf_ok(const struct req *req)
{
    const char *header = req_header(req, "X-CSRF-Token");
    char cookie[80];

    return header != NULL && req_cookie(req, COOKIE_CSRF, cookie, sizeof(cookie))
           && cookie[0] != '\0' && token_equal(header, cookie);
}

static bool
csrf_or_fail(const struct req *req, bool cookies_used, struct err *err)
{
    if (!state_changing(req))
        return true;
    if (!origin_ok(req))
        return err_set(err, ERR_CSRF_FAILED, "cross-site request refused");
    if (cookies_used && !csrf_ok(req))
        return err_set(err, ERR_CSRF_FAILED, "missing or wrong X-CSRF-Token");
    return true;
}

bool
access_token_read(const struct req *req, char *out, size_t cap, bool *via_cookie)
{
    const char *auth = req_header(req, "Authorization");

    *via_cookie = false;
    if (auth != NULL && strncmp(auth, "Bearer ", 7) == 0 && strlen(auth + 7) < cap) {
        memcpy(out, auth + 7, strlen(auth + 7) + 1);
        return true;
    }
    *via_cookie = req_cookie(req, COOKIE_ACCESS, out, cap) && out[0] != '\0';
    return *via_cookie;
}

/* a valid, not signed-out token of an active user issued after tokensValidAfter */
static bool
authenticate(struct req *req, struct err *err)
{
    struct app *app = req->app;
    struct access_claims c;
    struct user_state st;
    char token[2100];
    bool via_cookie, denied = false, found = false;

    if (!access_token_read(req, token, sizeof(token), &via_cookie))
        return err_set(err, ERR_UNAUTHENTICATED, "sign in first");
    if (!access_token_verify(app->cfg.jwt_secret, token, (long long)clock_now_s(), &c, err)
        || !access_denied(app, c.jti, c.fam, &denied, err)
        || !user_state_get(app, c.sub, &st, &found, err))
        return false;
    if (denied || !found || !st.active || c.iat < st.tokens_valid_after)
        return err_set(err, ERR_UNAUTHENTICATED, "sign in again");
    struct principal *p = &req->principal;
    p->kind = PRINCIPAL_USER;
    p->role = st.role; /* fresh from the user, not from the token */
    memcpy(p->user_id, c.sub, sizeof(p->user_id));
    memcpy(p->partner_id, st.partner, sizeof(p->partner_id));
    snprintf(p->jti, sizeof(p->jti), "%s", c.jti);
    p->token_exp = c.exp;
    p->via_cookie = via_cookie;
    return csrf_or_fail(req, via_cookie, err);
}

/* the least role the access kind admits; ROLE_NONE where the kind sets no role */
static enum role
role_needed(enum access access)
{
    switch (access) {
    case ACCESS_ADMIN: return ROLE_ADMIN;
    case ACCESS_OWNER: return ROLE_OWNER;
    default: return ROLE_NONE;
    }
}

/* a role too low is 403, except on another partner's record: that answers 404 like every
 * other id out of reach, so the answer never tells which ids exist (rows with a reach check) */
bool
access_role_check(struct req *req, struct err *err)
{
    const char *id = req_param(req, "id");

    if (req->principal.role >= role_needed(req->route->access))
        return true;
    if (req->route->reach != NULL && id != NULL
        && !req->route->reach(req->app, &req->principal, id, err))
        return false;
    return err_set(err, ERR_FORBIDDEN, "your role does not allow this");
}

/* the public URI HubSpot called: the configured webhook URL (or the public origin and the
 * route's path) plus the query as sent (integrations.md §A.1: never from server variables) */
static void
hubspot_public_uri(const struct req *req, char *out, size_t cap)
{
    const struct config *cfg = &req->app->cfg;
    int n;

    if (cfg->hubspot_webhook_url != NULL)
        n = snprintf(out, cap, "%s", cfg->hubspot_webhook_url);
    else
        n = snprintf(out, cap, "%s%s", cfg->public_url, req->path);
    if (n >= 0 && (size_t)n < cap && req->query[0] != '\0')
        snprintf(out + n, cap - (size_t)n, "?%s", req->query);
}

/* X-HubSpot-Signature-v3 (or v1/v2 where configured) over the raw body */
static bool
hubspot_signed(struct req *req, struct err *err)
{
    const struct config *cfg = &req->app->cfg;
    char uri[2048];
    struct hubspot_sig_request rq = {
        .secret = cfg->hubspot_app_secret,
        .versions = cfg->hubspot_signatures,
        .method = req->method,
        .uri = uri,
        .body = req->body ? req->body : "",
        .len = req->body_len,
        .v3 = req_header(req, "X-HubSpot-Signature-v3"),
        .timestamp = req_header(req, "X-HubSpot-Request-Timestamp"),
        .v1v2 = req_header(req, "X-HubSpot-Signature"),
        .v1v2_scheme = req_header(req, "X-HubSpot-Signature-Version"),
        .now_ms = clock_now_ms(),
    };

    hubspot_public_uri(req, uri, sizeof(uri));
    if (!hubspot_signature_check(&rq, err))
        return false;
    req->principal.kind = PRINCIPAL_SYSTEM;
    return true;
}

/* ChiliPiper signs nothing: the secret path token, compared in constant time */
static bool
chilipiper_token_ok(struct req *req, struct err *err)
{
    const char *secret = req->app->cfg.chilipiper_secret, *given = req_param(req, "token");

    if (secret == NULL)
        return err_set(err, ERR_UNAUTHENTICATED, "ChiliPiper webhooks are not configured");
    if (given == NULL || !token_equal(given, secret))
        return err_set(err, ERR_UNAUTHENTICATED, "wrong webhook token");
    req->principal.kind = PRINCIPAL_SYSTEM;
    return true;
}

/* Authorization: Bearer pc_... of a live partner API token; never a session (no cookie, no
 * CSRF), and a session's access token is no partner token */
static bool
partner_token(struct req *req, struct err *err)
{
    const char *auth = req_header(req, "Authorization");

    if (auth == NULL || auth[0] == '\0')
        return err_set(err, ERR_UNAUTHENTICATED,
                       "send your partner API token as Authorization: Bearer pc_...");
    if (strncmp(auth, "Bearer ", 7) != 0)
        return err_set(err, ERR_INVALID_API_TOKEN,
                       "malformed Authorization header: expected Bearer pc_...");
    return api_token_authenticate(req->app, auth + 7, &req->principal, err);
}

/* Stripe-Signature over the raw body: any v1, 300 s either way, constant time */
static bool
stripe_signed(struct req *req, struct err *err)
{
    if (!stripe_signature_check(req->app->cfg.stripe_webhook_secret,
                                req_header(req, "Stripe-Signature"), req->body ? req->body : "",
                                req->body_len, clock_now_ms() / 1000, err))
        return false;
    req->principal.kind = PRINCIPAL_SYSTEM;
    return true;
}

bool
access_check(struct req *req, struct err *err)
{
    char refresh[TOKEN_CAP];

    switch (req->route->access) {
    case ACCESS_PUBLIC: return csrf_or_fail(req, false, err);
    case ACCESS_SESSION:
        return csrf_or_fail(req, req_cookie(req, COOKIE_REFRESH, refresh, sizeof(refresh)), err);
    case ACCESS_LOOPBACK:
        if (!access_is_loopback(req))
            return err_set(err, ERR_FORBIDDEN, "this route is only reachable from the host itself");
        return true;
    case ACCESS_USER:
    case ACCESS_ADMIN:
    case ACCESS_OWNER: return authenticate(req, err) && access_role_check(req, err);
    case ACCESS_CRON:
        if (!access_bearer_equals(req, req->app->cfg.cron_secret))
            return err_set(err, ERR_UNAUTHENTICATED, "missing or wrong cron secret");
        req->principal.kind = PRINCIPAL_SYSTEM;
        return true;
    case ACCESS_PARTNER_TOKEN: return partner_token(req, err);
    case ACCESS_WEBHOOK_HUBSPOT: return hubspot_signed(req, err);
    case ACCESS_WEBHOOK_CHILIPIPER: return chilipiper_token_ok(req, err);
    case ACCESS_WEBHOOK_STRIPE: return stripe_signed(req, err);
    default: return err_set(err, ERR_UNAUTHENTICATED, "sign in first");
    }
}
