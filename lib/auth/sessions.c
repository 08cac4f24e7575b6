/* sessions.c - refresh-token families in the tokens collection, deny-list and user-state cache
 * in Redis */
#include "auth/sessions.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/crypto.h>

#include "auth/jwt_token.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/oid.h"
#include "db/store.h"

enum role
role_parse(const char *s)
{
    if (s == NULL)
        return ROLE_NONE;
    if (strcmp(s, "owner") == 0)
        return ROLE_OWNER;
    if (strcmp(s, "admin") == 0)
        return ROLE_ADMIN;
    if (strcmp(s, "user") == 0)
        return ROLE_USER;
    return ROLE_NONE;
}

const char *
role_name(enum role r)
{
    static const char *const names[] = {"none", "user", "admin", "owner"};
    return names[r];
}

/* insert a refresh token of family for user; fills s->refresh */
static bool
store_refresh(struct app *app, const bson_oid_t *user, const char *family, struct session *s,
              struct err *err)
{
    char hash[TOKEN_HASH_CAP];
    int64_t now = clock_now_ms();
    bson_t *doc;
    bool ok;

    if (!token_new("", s->refresh))
        return err_set(err, ERR_INTERNAL, "cannot create a token");
    token_hash(s->refresh, hash);
    doc = BCON_NEW("hash", BCON_UTF8(hash), "kind", BCON_UTF8("refresh"), "user", BCON_OID(user),
                   "family", BCON_UTF8(family), "createdAt", BCON_DATE_TIME(now), "expiresAt",
                   BCON_DATE_TIME(now + (int64_t)REFRESH_TTL_S * 1000), "usedAt", BCON_NULL,
                   "revokedAt", BCON_NULL);
    ok = store_insert_one(app->db, "tokens", doc, err);
    bson_destroy(doc);
    return ok;
}

/* the access token of family, with role and partner read fresh from the user's state */
static bool
issue_access(struct app *app, const char *user_id, const char *family, struct session *s,
             struct err *err)
{
    struct access_claims c = {0};
    struct user_state st;
    bool found = false;

    if (!user_state_get(app, user_id, &st, &found, err))
        return false;
    if (!found || !st.active)
        return err_set(err, ERR_UNAUTHENTICATED, "this account cannot sign in");
    snprintf(c.sub, sizeof(c.sub), "%s", user_id);
    snprintf(c.role, sizeof(c.role), "%s", role_name(st.role));
    snprintf(c.partner, sizeof(c.partner), "%s", st.partner);
    snprintf(c.fam, sizeof(c.fam), "%s", family);
    if (!access_token_issue(app->cfg.jwt_secret, (long long)clock_now_s(), &c, &s->access, err))
        return false;
    s->access_exp = c.exp;
    return token_hex(16, s->csrf, sizeof(s->csrf)) || err_set(err, ERR_INTERNAL, "no randomness");
}

bool
session_start(struct app *app, const char *user_id, struct session *s, struct err *err)
{
    char family[33];
    bson_oid_t user;

    memset(s, 0, sizeof(*s));
    if (!oid_parse_str(user_id, &user) || !token_hex(16, family, sizeof(family)))
        return err_set(err, ERR_INTERNAL, "cannot start a session");
    return issue_access(app, user_id, family, s, err) && store_refresh(app, &user, family, s, err);
}

/* Access tokens carry their family; a family revoked is marked in Redis for as long as any of
 * its access tokens can live, and every request checks the mark with the deny-list, in the same
 * round trip. */
#define FAMILY_MARK_S (ACCESS_TTL_S + 60)

static bool
mark_family(struct app *app, const char *family, struct err *err)
{
    redisReply *r = rds_cmd(app->rds, err, "SET %s:famdeny:%s 1 EX %d", app->cfg.queue_prefix,
                            family, FAMILY_MARK_S);

    if (r == NULL)
        return false;
    rds_reply_free(r);
    return true;
}

static bool
family_marked(struct app *app, const char *family, bool *marked, struct err *err)
{
    redisReply *r = rds_cmd(app->rds, err, "EXISTS %s:famdeny:%s", app->cfg.queue_prefix, family);

    if (r == NULL)
        return false;
    *marked = r->integer == 1;
    rds_reply_free(r);
    return true;
}

static bool
revoke_where(struct app *app, bson_t *filter, struct err *err)
{
    bson_t *update = BCON_NEW("$set", "{", "revokedAt", BCON_DATE_TIME(clock_now_ms()), "}");
    bool ok = store_update_many(app->db, "tokens", filter, update, err);

    bson_destroy(update);
    bson_destroy(filter);
    return ok;
}

/* the mark first, then the tokens: a rotation that checks the mark after storing its new
 * token (session_refresh) either sees the mark or had its token revoked here */
static bool
revoke_family(struct app *app, const char *family, struct err *err)
{
    bool marked = mark_family(app, family, err);

    return revoke_where(app, BCON_NEW("family", BCON_UTF8(family), "revokedAt", BCON_NULL), err)
           && marked;
}

bool
sessions_revoke_user(struct app *app, const char *user_id, struct err *err)
{
    bson_oid_t user;

    if (!oid_parse_str(user_id, &user))
        return err_set(err, ERR_INTERNAL, "invalid user id");
    return revoke_where(app, BCON_NEW("user", BCON_OID(&user), "revokedAt", BCON_NULL), err);
}

struct refresh_row {
    bson_oid_t user;
    char family[40];
    bool used, revoked;
    int64_t expires_ms;
};

static void
read_row(const bson_t *doc, struct refresh_row *row)
{
    bson_iter_t it;

    if (bson_iter_init_find(&it, doc, "user") && BSON_ITER_HOLDS_OID(&it))
        bson_oid_copy(bson_iter_oid(&it), &row->user);
    if (bson_iter_init_find(&it, doc, "family") && BSON_ITER_HOLDS_UTF8(&it))
        snprintf(row->family, sizeof(row->family), "%s", bson_iter_utf8(&it, NULL));
    row->used = bson_iter_init_find(&it, doc, "usedAt") && !BSON_ITER_HOLDS_NULL(&it);
    row->revoked = bson_iter_init_find(&it, doc, "revokedAt") && !BSON_ITER_HOLDS_NULL(&it);
    if (bson_iter_init_find(&it, doc, "expiresAt") && BSON_ITER_HOLDS_DATE_TIME(&it))
        row->expires_ms = bson_iter_date_time(&it);
}

/* mark the token used in one atomic step and read it as it was before; *found false when no
 * such token */
static bool
use_refresh(struct app *app, const char *hash, struct refresh_row *row, bool *found,
            struct err *err)
{
    bson_t *query = BCON_NEW("hash", BCON_UTF8(hash), "kind", BCON_UTF8("refresh"));
    bson_t *update = BCON_NEW("$set", "{", "usedAt", BCON_DATE_TIME(clock_now_ms()), "}");
    bson_t *before = NULL;
    bool ok = store_find_and_modify(app->db, "tokens", query, update, &before, err);

    memset(row, 0, sizeof(*row));
    *found = before != NULL;
    if (before != NULL)
        read_row(before, row);
    bson_destroy(before);
    bson_destroy(query);
    bson_destroy(update);
    return ok;
}

bool
session_refresh(struct app *app, const char *refresh_token, struct session *s,
                char user_id[OID_STR_SIZE], struct err *err)
{
    char hash[TOKEN_HASH_CAP];
    struct refresh_row row;
    bool found = false, marked = false;

    memset(s, 0, sizeof(*s));
    if (refresh_token == NULL || strlen(refresh_token) >= TOKEN_CAP)
        return err_set(err, ERR_UNAUTHENTICATED, "sign in again");
    token_hash(refresh_token, hash);
    if (!use_refresh(app, hash, &row, &found, err))
        return false;
    if (!found || row.revoked || row.expires_ms <= clock_now_ms())
        return err_set(err, ERR_UNAUTHENTICATED, "sign in again");
    if (row.used) {
        /* a rotated token came back: someone holds a copy; end the whole family */
        log_warn("refresh token reuse, revoking its family", "family=%s", row.family);
        revoke_family(app, row.family, err);
        return err_set(err, ERR_UNAUTHENTICATED, "sign in again");
    }
    oid_format(&row.user, user_id);
    if (!issue_access(app, user_id, row.family, s, err)
        || !store_refresh(app, &row.user, row.family, s, err)
        || !family_marked(app, row.family, &marked, err)) {
        session_release(s);
        return false;
    }
    if (marked) { /* a reuse revoked the family while this rotation ran */
        session_release(s);
        revoke_family(app, row.family, err);
        return err_set(err, ERR_UNAUTHENTICATED, "sign in again");
    }
    return true;
}

static bool
family_from(const bson_t *doc, void *ctx, struct err *err)
{
    struct refresh_row row = {0};

    (void)err;
    read_row(doc, &row);
    memcpy(ctx, row.family, sizeof(row.family));
    return true;
}

/* the family of a refresh token, whether used or not */
static bool
family_of(struct app *app, const char *refresh_token, char family[40], struct err *err)
{
    char hash[TOKEN_HASH_CAP];
    bson_t *filter;
    bool found = false, ok;

    family[0] = '\0';
    token_hash(refresh_token, hash);
    filter = BCON_NEW("hash", BCON_UTF8(hash));
    ok = store_peek_one(app->db, "tokens", filter, NULL, family_from, family, &found, err);
    bson_destroy(filter);
    return ok;
}

bool
session_end(struct app *app, const char *refresh_token, const char *jti, long long exp,
            struct err *err)
{
    char family[40] = "";
    long long ttl = exp - (long long)clock_now_s();

    if (refresh_token != NULL && refresh_token[0] != '\0' && strlen(refresh_token) < TOKEN_CAP) {
        if (!family_of(app, refresh_token, family, err))
            return false;
        if (family[0] != '\0' && !revoke_family(app, family, err))
            return false;
    }
    if (jti != NULL && jti[0] != '\0' && ttl > 0) {
        redisReply *r =
            rds_cmd(app->rds, err, "SET %s:deny:%s 1 EX %lld", app->cfg.queue_prefix, jti, ttl);
        if (r == NULL)
            return false;
        rds_reply_free(r);
    }
    return true;
}

void
session_release(struct session *s)
{
    free(s->access);
    OPENSSL_cleanse(s->refresh, sizeof(s->refresh));
    s->access = NULL;
}

bool
access_denied(struct app *app, const char *jti, const char *family, bool *denied, struct err *err)
{
    redisReply *r = rds_cmd(app->rds, err, "EXISTS %s:deny:%s %s:famdeny:%s", app->cfg.queue_prefix,
                            jti, app->cfg.queue_prefix, family);

    if (r == NULL)
        return false;
    *denied = r->integer > 0;
    rds_reply_free(r);
    return true;
}

static bool
state_from_doc(const bson_t *doc, void *ctx, struct err *err)
{
    struct user_state *st = ctx;
    bson_iter_t it;
    bool is_active = false, status_active = false, archived = false;

    memset(st, 0, sizeof(*st));
    if (bson_iter_init_find(&it, doc, "isActive") && BSON_ITER_HOLDS_BOOL(&it))
        is_active = bson_iter_bool(&it);
    if (bson_iter_init_find(&it, doc, "status") && BSON_ITER_HOLDS_UTF8(&it))
        status_active = strcmp(bson_iter_utf8(&it, NULL), "active") == 0;
    archived = bson_iter_init_find(&it, doc, "archivedAt") && BSON_ITER_HOLDS_DATE_TIME(&it);
    st->active = is_active && status_active && !archived;
    if (bson_iter_init_find(&it, doc, "role") && BSON_ITER_HOLDS_UTF8(&it))
        st->role = role_parse(bson_iter_utf8(&it, NULL));
    if (bson_iter_init_find(&it, doc, "partner") && BSON_ITER_HOLDS_OID(&it))
        oid_format(bson_iter_oid(&it), st->partner);
    if (bson_iter_init_find(&it, doc, "tokensValidAfter") && BSON_ITER_HOLDS_DATE_TIME(&it))
        st->tokens_valid_after = bson_iter_date_time(&it) / 1000;
    (void)err;
    return true;
}

static bool
cached_state(struct app *app, const char *user_id, struct user_state *st, bool *hit)
{
    struct err ignored = ERR_INIT;
    redisReply *r = rds_cmd(app->rds, &ignored, "GET %s:user:%s", app->cfg.queue_prefix, user_id);
    int active = 0, role = 0;
    long long tva = 0;
    char partner[OID_STR_SIZE] = "";

    *hit = false;
    if (r == NULL)
        return false;
    if (r->type == REDIS_REPLY_STRING
        && sscanf(r->str, "%d %d %lld %24s", &active, &role, &tva, partner) >= 3) {
        st->active = active == 1;
        st->role = role >= ROLE_USER && role <= ROLE_OWNER ? (enum role)role : ROLE_NONE;
        st->tokens_valid_after = tva;
        snprintf(st->partner, sizeof(st->partner), "%s", strcmp(partner, "-") == 0 ? "" : partner);
        *hit = true;
    }
    rds_reply_free(r);
    return true;
}

/* keep st for USER_STATE_CACHE_S: one value "active role tokensValidAfter partner" (hiredis
 * makes each %d an argument); the cache is an optimisation: no Redis, no cache */
static void
cache_state(struct app *app, const char *user_id, const struct user_state *st)
{
    struct err ignored = ERR_INIT;
    char value[96];

    snprintf(value, sizeof(value), "%d %d %lld %s", st->active ? 1 : 0, (int)st->role,
             st->tokens_valid_after, st->partner[0] ? st->partner : "-");
    rds_reply_free(rds_cmd(app->rds, &ignored, "SET %s:user:%s %s EX %d", app->cfg.queue_prefix,
                           user_id, value, USER_STATE_CACHE_S));
}

bool
user_state_get(struct app *app, const char *user_id, struct user_state *st, bool *found,
               struct err *err)
{
    bson_oid_t oid;
    bson_t *filter;
    bool hit = false, ok;

    memset(st, 0, sizeof(*st));
    *found = false;
    if (!oid_parse_str(user_id, &oid))
        return true;
    if (cached_state(app, user_id, st, &hit) && hit) {
        *found = st->role != ROLE_NONE;
        return true;
    }
    filter = BCON_NEW("_id", BCON_OID(&oid));
    ok = store_peek_one(app->db, "users", filter, NULL, state_from_doc, st, found, err);
    bson_destroy(filter);
    if (ok && *found)
        cache_state(app, user_id, st);
    return ok;
}

void
user_state_forget(struct app *app, const char *user_id)
{
    struct err ignored = ERR_INIT;

    rds_reply_free(rds_cmd(app->rds, &ignored, "DEL %s:user:%s", app->cfg.queue_prefix, user_id));
}
