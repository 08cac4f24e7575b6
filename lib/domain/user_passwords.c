/* user_passwords.c - forgotten, reset and changed passwords */
#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>

#include "auth/sessions.h"
#include "auth/tokens.h"
#include "core/clock.h"
#include "db/store.h"
#include "domain/users_int.h"
#include "mail/mail.h"
#include "model/model.h"
#include "queue/events.h"
#include "queue/queue.h"

/* every one of names a non-empty string under the one rule (a NUL never cuts a credential) */
static bool
require_strings(json_object *in, const char *const *names, struct err *err)
{
    const char *s;

    for (const char *const *n = names; *n != NULL; n++)
        model_string(in, *n, 1, INT64_MAX, true, &s, err);
    model_refuse_unknown(in, names, err);
    return err->ndetails == 0 ? true : err_set(err, ERR_VALIDATION_FAILED, "invalid request");
}

/* findAndModify of one user: *row receives the document as it was, *found whether one
 * matched; query and update are borrowed */
static bool
find_and_set(struct app *app, const bson_t *query, const bson_t *update, struct user_row *row,
             bool *found, struct err *err)
{
    bson_t *before = NULL;
    bool ok = store_find_and_modify(app->db, "users", query, update, &before, err);

    *found = before != NULL;
    if (before != NULL)
        user_row_read(before, row);
    bson_destroy(before);
    return ok;
}

/* store the hash of a new reset token on the active account of email: one database round
 * trip, the same one whether or not such an account exists */
static bool
arm_reset(struct app *app, const char *email, const char *hash, struct user_row *row, bool *found,
          struct err *err)
{
    int64_t now = clock_now_ms();
    bson_t *query = BCON_NEW("email", BCON_UTF8(email), "isActive", BCON_BOOL(true), "status",
                             BCON_UTF8("active"), "archivedAt", BCON_NULL);
    bson_t *update = BCON_NEW("$set", "{", "resetTokenHash", BCON_UTF8(hash), "resetExpiresAt",
                              BCON_DATE_TIME(now + (int64_t)RESET_TTL_S * 1000), "updatedAt",
                              BCON_DATE_TIME(now), "}");
    bool ok = find_and_set(app, query, update, row, found, err);

    bson_destroy(query);
    bson_destroy(update);
    return ok;
}

static void
reset_requested_event(struct app *app, const struct user_row *row, const char *email)
{
    struct principal system = {.kind = PRINCIPAL_SYSTEM};
    json_object *after = json_object_new_object();
    struct event ev = {.action = "auth.password_reset_requested",
                       .entity_type = "user",
                       .entity_id = row ? row->id : NULL,
                       .partner_id = row && row->partner[0] ? row->partner : NULL,
                       .after = after,
                       .source = SOURCE_UI};

    json_object_object_add(after, "email", json_object_new_string(email));
    events_record(app, &system, &ev);
    json_object_put(after);
}

/* The same answer whether or not the e-mail has an account, and nearly the same work: both
 * paths make one findAndModify (it stores the token only on an active account) and record
 * one audit event; only the e-mail job is extra for a real account. */
/* The request answers 202 after one Redis write whether or not the address has an account: the
 * lookup, the token and the e-mail happen in the email worker (users_password_reset_run), so
 * the answer's time cannot tell a known address from an unknown one (a write of the token took
 * ~10 ms more than a miss on PostgreSQL). */
bool
users_forgot_password(struct app *app, json_object *in, struct err *err)
{
    static const char *const fields[] = {"email", NULL};
    char email[256];
    json_object *payload;
    bool ok;

    if (!require_strings(in, fields, err))
        return false;
    snprintf(email, sizeof(email), "%s", json_str(in, "email"));
    for (char *c = email; *c != '\0'; c++)
        *c = (char)(*c >= 'A' && *c <= 'Z' ? *c + 32 : *c);
    payload = json_object_new_object();
    json_object_object_add(payload, "email", json_object_new_string(email));
    ok = queue_push_json(app, "email", USERS_RESET_JOB, payload, NULL, NULL, err);
    json_object_put(payload);
    return ok;
}

bool
users_password_reset_run(struct app *app, const char *email, struct err *err)
{
    struct user_row row;
    char token[TOKEN_CAP], hash[TOKEN_HASH_CAP], link[512];
    bool found = false, ok = true;

    if (!token_new("", token))
        return err_set(err, ERR_INTERNAL, "cannot create a token");
    token_hash(token, hash);
    if (!arm_reset(app, email, hash, &row, &found, err))
        return false;
    reset_requested_event(app, found ? &row : NULL, email);
    if (found) {
        user_link(app, "/reset-password?token=", token, link, sizeof(link));
        json_object *vars = json_object_new_object();
        json_object_object_add(vars, "name", json_object_new_string(row.name));
        json_object_object_add(vars, "link", json_object_new_string(link));
        json_object_object_add(vars, "expiresMinutes", json_object_new_int(RESET_TTL_S / 60));
        ok = mail_enqueue(app, "password-reset", row.email, vars, NULL, err);
        json_object_put(vars);
    }
    OPENSSL_cleanse(token, sizeof(token));
    return ok;
}

/* unexpired reset tokens with this hash, of accounts that are not archived */
static bson_t *
reset_query(const char *hash)
{
    return BCON_NEW("resetTokenHash", BCON_UTF8(hash), "archivedAt", BCON_NULL, "resetExpiresAt",
                    "{", "$gt", BCON_DATE_TIME(clock_now_ms()), "}");
}

/* the account holding a reset token, without using the token up */
static bool
reset_holder(struct app *app, const char *hash, struct user_row *row, bool *found, struct err *err)
{
    bson_t *query = reset_query(hash), *doc = NULL;
    bool ok = store_find_one(app->db, "users", query, NULL, &doc, found, err);

    if (ok && *found)
        user_row_read(doc, row);
    bson_destroy(doc);
    bson_destroy(query);
    return ok;
}

/* take the reset token in one atomic step: whoever gets the document owns the reset */
static bool
claim_reset(struct app *app, const char *hash, struct user_row *row, bool *found, struct err *err)
{
    bson_t *query = reset_query(hash);
    bson_t *update =
        BCON_NEW("$set", "{", "resetTokenHash", BCON_NULL, "resetExpiresAt", BCON_NULL, "}");
    bool ok = find_and_set(app, query, update, row, found, err);

    bson_destroy(query);
    bson_destroy(update);
    return ok;
}

static bool
invalid_reset(struct err *err)
{
    err_detail(err, "token", "is invalid or has expired");
    return err_set(err, ERR_INVALID_TOKEN, "this reset link is invalid or has expired");
}

/* new password hash, every old session void */
static bool
set_password(struct app *app, const struct user_row *row, const char *password, struct err *err)
{
    char hash[PASSWD_HASH_CAP];
    bson_t *set;
    bool ok;

    if (!passwd_hash(password, hash, err))
        return false;
    set = BCON_NEW("passwordHash", BCON_UTF8(hash), "tokensValidAfter",
                   BCON_DATE_TIME(clock_now_s() * 1000));
    ok = user_apply(app, row, set, NULL, err) && sessions_revoke_user(app, row->id, err);
    bson_destroy(set);
    return ok;
}

/* the whole password policy (the e-mail rule needs the account) is checked before the token
 * is used up: a refused password leaves the link working */
bool
users_reset_password(struct app *app, json_object *in, struct err *err)
{
    static const char *const fields[] = {"token", "password", NULL};
    struct user_row row;
    char hash[TOKEN_HASH_CAP];
    bool found = false;
    const char *token = json_str(in, "token"), *password = json_str(in, "password");
    bool ok = require_strings(in, fields, err);

    if (password != NULL && password[0] != '\0')
        ok = passwd_check_policy(password, NULL, "password", err) && ok;
    if (!ok)
        return err_set(err, ERR_VALIDATION_FAILED, "invalid request");
    if (strlen(token) >= TOKEN_CAP)
        return invalid_reset(err);
    token_hash(token, hash);
    if (!reset_holder(app, hash, &row, &found, err))
        return false;
    if (!found)
        return invalid_reset(err);
    if (!passwd_check_policy(password, row.email, "password", err))
        return err_set(err, ERR_VALIDATION_FAILED, "invalid request");
    if (!claim_reset(app, hash, &row, &found, err))
        return false;
    if (!found) /* another request used it in between */
        return invalid_reset(err);
    if (!set_password(app, &row, password, err))
        return false;
    struct principal system = {.kind = PRINCIPAL_SYSTEM};
    user_event(app, &system, "auth.password_reset", &row, NULL, NULL, NULL);
    return true;
}

bool
users_change_password(struct app *app, const struct principal *p, json_object *in, struct err *err)
{
    static const char *const fields[] = {"currentPassword", "newPassword", NULL};
    struct user_row row;
    bool found = false;

    if (!require_strings(in, fields, err))
        return false;
    if (!user_load(app, p->user_id, &row, NULL, &found, err))
        return false;
    if (!found)
        return err_set(err, ERR_NOT_FOUND, "no such user");
    if (!passwd_verify(json_str(in, "currentPassword"), row.password_hash))
        err_detail(err, "currentPassword", "is not your current password");
    passwd_check_policy(json_str(in, "newPassword"), row.email, "newPassword", err);
    if (err->ndetails > 0)
        return err_set(err, ERR_VALIDATION_FAILED, "cannot change the password");
    if (!set_password(app, &row, json_str(in, "newPassword"), err))
        return false;
    user_event(app, p, "auth.password_changed", &row, NULL, NULL, NULL);
    return true;
}
