/* link_tokens.c - single-use tokens of the links in e-mails: made with the reminder, looked up
 * by their hash, used up by one findAndModify */
#include "auth/link_tokens.h"

#include <string.h>

#include "auth/sessions.h"
#include "core/clock.h"
#include "core/json.h"
#include "core/log.h"
#include "db/store.h"

bson_t *
link_token_doc(const struct link_claim *c, int64_t now_ms, char token[TOKEN_CAP])
{
    char hash[TOKEN_HASH_CAP];
    bson_t *doc;
    bson_oid_t id;
    int64_t ttl = strcmp(c->kind, LINK_MAGIC) == 0 ? LINK_TOKEN_TTL_S : LINK_ACTION_TTL_S;

    if (!token_new(strcmp(c->kind, LINK_MAGIC) == 0 ? "pcm_" : "pca_", token))
        return NULL;
    token_hash(token, hash);
    bson_oid_init(&id, NULL);
    doc = BCON_NEW("_id", BCON_OID(&id), "hash", BCON_UTF8(hash), "kind", BCON_UTF8(c->kind),
                   "user", BCON_OID(c->user), "partner", BCON_OID(c->partner), "createdAt",
                   BCON_DATE_TIME(now_ms), "expiresAt", BCON_DATE_TIME(now_ms + ttl * 1000),
                   "usedAt", BCON_NULL);
    if (c->lead != NULL)
        BSON_APPEND_OID(doc, "lead", c->lead);
    if (c->meeting != NULL)
        BSON_APPEND_OID(doc, "meeting", c->meeting);
    if (c->action != NULL)
        BSON_APPEND_UTF8(doc, "action", c->action);
    return doc;
}

/* the token's user can still sign in */
static bool
user_ok(struct app *app, const bson_t *doc, struct err *err)
{
    const bson_oid_t *user = json_bson_oid(doc, "user");
    struct user_state st;
    char hex[OID_STR_SIZE];
    bool found = false;

    if (user == NULL)
        return err_set(err, ERR_INVALID_TOKEN, "this link is invalid or has expired");
    oid_format(user, hex);
    if (!user_state_get(app, hex, &st, &found, err))
        return false;
    if (!found || !st.active)
        return err_set(err, ERR_ACCOUNT_DEACTIVATED,
                       "this link's account is deactivated; ask your administrator");
    return true;
}

bool
link_token_find(struct app *app, const char *token, const char *kind, bool claim, bson_t **doc,
                struct err *err)
{
    char hash[TOKEN_HASH_CAP];
    int64_t now = clock_now_ms();
    bson_t *query = NULL, *update = NULL;
    bool ok = false, found = false;

    *doc = NULL;
    if (token == NULL || strlen(token) < 20 || strlen(token) >= TOKEN_CAP)
        return err_set(err, ERR_INVALID_TOKEN, "this link is invalid or has expired");
    token_hash(token, hash);
    query = BCON_NEW("hash", BCON_UTF8(hash), "kind", BCON_UTF8(kind), "usedAt", BCON_NULL,
                     "expiresAt", "{", "$gt", BCON_DATE_TIME(now), "}");
    if (claim) {
        update = BCON_NEW("$set", "{", "usedAt", BCON_DATE_TIME(now), "}");
        ok = store_find_and_modify(app->db, "link_tokens", query, update, doc, err);
        found = ok && *doc != NULL;
    } else {
        ok = store_find_one(app->db, "link_tokens", query, NULL, doc, &found, err);
    }
    if (ok && !found)
        ok = err_set(err, ERR_INVALID_TOKEN, "this link is invalid, used or has expired");
    if (ok)
        ok = user_ok(app, *doc, err);
    if (!ok) {
        bson_destroy(*doc);
        *doc = NULL;
    }
    bson_destroy(query);
    bson_destroy(update);
    return ok;
}

void
link_token_release(struct app *app, const bson_t *doc)
{
    const bson_oid_t *id = json_bson_oid(doc, "_id");
    bson_t *filter = id ? BCON_NEW("_id", BCON_OID(id)) : NULL;
    bson_t *update = BCON_NEW("$set", "{", "usedAt", BCON_NULL, "}");
    struct err err = ERR_INIT;

    if (filter != NULL
        && !store_update_one(app->db, "link_tokens", filter, update, NULL, NULL, &err))
        log_warn("cannot release a link token", "err=\"%s\"", err.cause);
    bson_destroy(filter);
    bson_destroy(update);
}
