/* api_token.c - a partner API token's bearer secret to its principal: one read by hash */
#include "auth/api_token.h"

#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/json.h"
#include "core/log.h"
#include "core/oid.h"
#include "db/store.h"

bool
api_token_looks_valid(const char *token)
{
    size_t n = strlen(API_TOKEN_PREFIX);

    if (token == NULL || strlen(token) != API_TOKEN_LEN || strncmp(token, API_TOKEN_PREFIX, n) != 0)
        return false;
    for (const char *c = token + n; *c != '\0'; c++)
        if (!((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9')
              || *c == '-' || *c == '_'))
            return false;
    return true;
}

struct found_token {
    struct principal *p;
    int64_t now, expires, revoked, last_used;
    bson_oid_t id;
};

static bool
read_token(const bson_t *doc, void *ctx, struct err *err)
{
    struct found_token *f = ctx;
    const bson_oid_t *id = json_bson_oid(doc, "_id"), *partner = json_bson_oid(doc, "partner");

    if (id == NULL || partner == NULL)
        return err_set(err, ERR_INTERNAL, "an API token without id or partner");
    bson_oid_copy(id, &f->id);
    oid_format(id, f->p->token_id);
    oid_format(partner, f->p->partner_id);
    snprintf(f->p->token_name, sizeof(f->p->token_name), "%s",
             json_or_empty(json_bson_str(doc, "name")));
    f->expires = json_bson_date(doc, "expiresAt");
    f->revoked = json_bson_date(doc, "revokedAt");
    f->last_used = json_bson_date(doc, "lastUsedAt");
    return true;
}

/* lastUsedAt = now, at most once a minute; the request goes on when it fails */
static void
touch(struct app *app, const struct found_token *f)
{
    bson_t *set;
    struct err err = ERR_INIT;

    if (f->last_used != 0 && f->now - f->last_used < API_TOKEN_TOUCH_MS)
        return;
    set = BCON_NEW("lastUsedAt", BCON_DATE_TIME(f->now));
    if (!store_set_by_id(app->db, "api_tokens", &f->id, set, &err))
        log_warn("cannot record the use of an API token", "token=%s err=\"%s\"", f->p->token_id,
                 err.cause);
    bson_destroy(set);
}

bool
api_token_authenticate(struct app *app, const char *token, struct principal *p, struct err *err)
{
    char hash[TOKEN_HASH_CAP];
    struct principal got = {.kind = PRINCIPAL_PARTNER_TOKEN, .role = ROLE_USER};
    struct found_token f = {.p = &got, .now = clock_now_ms()};
    bson_t *filter = NULL;
    bool found = false, ok;

    if (!api_token_looks_valid(token))
        return err_set(err, ERR_INVALID_API_TOKEN,
                       "malformed API token: expected pc_ and 43 base64url characters");
    token_hash(token, hash);
    filter = BCON_NEW("hash", BCON_UTF8(hash));
    ok = store_peek_one(app->db, "api_tokens", filter, NULL, read_token, &f, &found, err);
    bson_destroy(filter);
    if (!ok)
        return false;
    if (!found)
        return err_set(err, ERR_INVALID_API_TOKEN, "unknown API token");
    if (f.revoked != 0)
        return err_set(err, ERR_API_TOKEN_REVOKED, "this API token was revoked");
    if (f.expires != 0 && f.expires <= f.now)
        return err_set(err, ERR_API_TOKEN_EXPIRED, "this API token has expired");
    touch(app, &f);
    *p = got;
    return true;
}
