/* user_invites.c - inviting people, resending invitations, accepting them */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "auth/sessions.h"
#include "auth/tokens.h"
#include "core/clock.h"
#include "core/oid.h"
#include "db/store.h"
#include "domain/users_int.h"
#include "mail/mail.h"
#include "model/tables.h"

/* who may invite whom: role user needs a partner; admins only by the owner; never owners */
static bool
invite_allowed_or_fail(const struct principal *p, enum role role, const char *partner,
                       struct err *err)
{
    if (role == ROLE_OWNER)
        return err_set(err, ERR_FORBIDDEN, "there is one owner; invite an admin instead");
    if (role == ROLE_ADMIN && p->role != ROLE_OWNER)
        return err_set(err, ERR_FORBIDDEN, "only the owner invites admins");
    if (role == ROLE_USER && partner[0] == '\0') {
        err_detail(err, "partner", "is required for role user");
        return err_set(err, ERR_VALIDATION_FAILED, "invalid user");
    }
    return true;
}

/* send (or resend) the invitation of row with a fresh token */
static bool
send_invite(struct app *app, const struct principal *p, const struct user_row *row, struct err *err)
{
    char token[TOKEN_CAP], hash[TOKEN_HASH_CAP], link[512], partner[128] = "";
    struct user_row inviter = {0};
    bool found = false;
    bson_t *set;
    json_object *vars;
    bool ok;

    if (!token_new("", token))
        return err_set(err, ERR_INTERNAL, "cannot create a token");
    token_hash(token, hash);
    set = BCON_NEW("inviteTokenHash", BCON_UTF8(hash), "inviteExpiresAt",
                   BCON_DATE_TIME(clock_now_ms() + (int64_t)INVITE_TTL_S * 1000));
    ok = user_apply(app, row, set, NULL, err);
    bson_destroy(set);
    if (!ok)
        return false;
    if (row->partner[0] != '\0')
        partner_name(app, row->partner, "partner", partner, sizeof(partner), err);
    err_reset(err);
    user_load(app, p->user_id, &inviter, NULL, &found, err);
    user_link(app, "/accept-invite?token=", token, link, sizeof(link));
    vars = json_object_new_object();
    json_object_object_add(vars, "name", json_object_new_string(row->name));
    json_object_object_add(vars, "inviterName",
                           json_object_new_string(found ? inviter.name : "Partner Connector"));
    if (partner[0] != '\0')
        json_object_object_add(vars, "partnerName", json_object_new_string(partner));
    json_object_object_add(vars, "link", json_object_new_string(link));
    json_object_object_add(vars, "expiresDays", json_object_new_int(INVITE_TTL_S / 86400));
    ok = mail_enqueue(app, "user-invite", row->email, vars, NULL, err);
    json_object_put(vars);
    return ok;
}

/* the new user's document from the checked input */
static bson_t *
invited_doc(const bson_t *input, const char *partner, const struct principal *p)
{
    bson_t *doc = bson_new();
    bson_oid_t oid, inviter;
    int64_t now = clock_now_ms();

    bson_oid_init(&oid, NULL);
    BSON_APPEND_OID(doc, "_id", &oid);
    bson_copy_to_excluding_noinit(input, doc, "partner", NULL);
    if (partner[0] != '\0' && oid_parse_str(partner, &oid))
        BSON_APPEND_OID(doc, "partner", &oid);
    else
        BSON_APPEND_NULL(doc, "partner");
    if (!bson_has_field(input, "name"))
        BSON_APPEND_UTF8(doc, "name", ""); /* chosen when the invitation is accepted */
    BSON_APPEND_NULL(doc, "lastSignInAt");
    BSON_APPEND_BOOL(doc, "isActive", true);
    BSON_APPEND_UTF8(doc, "status", "invited");
    if (oid_parse_str(p->user_id, &inviter))
        BSON_APPEND_OID(doc, "invitedBy", &inviter);
    BSON_APPEND_DATE_TIME(doc, "tokensValidAfter", 0);
    BSON_APPEND_NULL(doc, "archivedAt");
    model_terms_append(&users_model, NULL, input, doc);
    BSON_APPEND_DATE_TIME(doc, "createdAt", now);
    BSON_APPEND_DATE_TIME(doc, "updatedAt", now);
    return doc;
}

/* the partner the new user gets: the inviter's own for a partner admin, else the input's */
static void
target_partner(const struct principal *p, json_object *in, char out[OID_STR_SIZE])
{
    const char *given = json_str(in, "partner");

    snprintf(out, OID_STR_SIZE, "%s", principal_is_staff(p) ? (given ? given : "") : p->partner_id);
}

json_object *
users_invite(struct app *app, const struct principal *p, json_object *in, struct err *err)
{
    bson_t input = BSON_INITIALIZER, *doc = NULL;
    struct user_row row;
    char partner[OID_STR_SIZE], partner_label[128];
    bool found = false;
    json_object *out = NULL;

    if (!model_input(&users_model, in, MODEL_CREATE, p, &input, err))
        goto out;
    target_partner(p, in, partner);
    if (!invite_allowed_or_fail(p, role_parse(json_str(in, "role")), partner, err)
        || (partner[0] != '\0'
            && !partner_name(app, partner, "partner", partner_label, sizeof(partner_label), err)))
        goto out;
    doc = invited_doc(&input, partner, p);
    if (!store_insert_one(app->db, "users", doc, err)) {
        if (err_is(err, ERR_CONFLICT))
            err_conflict(err, "email", "is taken by another user",
                         "a user with this e-mail already exists");
        goto out;
    }
    user_row_read(doc, &row);
    if (!send_invite(app, p, &row, err))
        goto out;
    user_event(app, p, "user.invited", &row, NULL, NULL, NULL);
    out = users_get(app, p, row.id, err);
out:
    (void)found;
    bson_destroy(doc);
    bson_destroy(&input);
    return out;
}

bool
users_resend_invite(struct app *app, const struct principal *p, const char *id, struct err *err)
{
    struct user_row row;
    bool found = false;

    if (!user_load(app, id, &row, NULL, &found, err))
        return false;
    if (!found)
        return err_set(err, ERR_NOT_FOUND, "no such user");
    if (!user_manage_or_fail(p, &row, err))
        return false;
    if (strcmp(row.status, "invited") != 0)
        return err_set(err, ERR_CONFLICT, "this user has accepted the invitation already");
    return send_invite(app, p, &row, err);
}

bool
user_by_invite_token(struct app *app, const char *token, struct user_row *row, bson_t **doc,
                     struct err *err)
{
    char hash[TOKEN_HASH_CAP];
    bson_t *filter, *d = NULL;
    bool found = false, ok;

    if (token == NULL || strlen(token) >= TOKEN_CAP) {
        err_detail(err, "token", "is invalid or has expired");
        return err_set(err, ERR_INVALID_TOKEN, "this invitation link is invalid or has expired");
    }
    token_hash(token, hash);
    filter =
        BCON_NEW("inviteTokenHash", BCON_UTF8(hash), "status", BCON_UTF8("invited"), "archivedAt",
                 BCON_NULL, "inviteExpiresAt", "{", "$gt", BCON_DATE_TIME(clock_now_ms()), "}");
    ok = store_find_one(app->db, "users", filter, NULL, &d, &found, err);
    bson_destroy(filter);
    if (ok && found)
        user_row_read(d, row);
    if (ok && found && doc != NULL)
        *doc = d;
    else
        bson_destroy(d);
    if (ok && !found) {
        err_detail(err, "token", "is invalid or has expired");
        return err_set(err, ERR_INVALID_TOKEN, "this invitation link is invalid or has expired");
    }
    return ok;
}

/* token, name and password of an acceptance and nothing else: all problems at once (the
 * e-mail rule of the password policy comes once the account is known) */
static bool
check_acceptance(json_object *in, const struct user_row *row, struct err *err)
{
    const char *token, *name, *password; /* the checks are what matters here */

    model_string(in, "token", 0, INT64_MAX, true, &token, err);
    model_field_string(&users_model, in, "name", true, &name, err);
    if (model_string(in, "password", 0, INT64_MAX, true, &password, err))
        passwd_check_policy(password, row ? row->email : NULL, "password", err);
    model_refuse_unknown(in, (const char *const[]){"token", "name", "password", NULL}, err);
    return err->ndetails == 0 ? true : err_set(err, ERR_VALIDATION_FAILED, "cannot accept");
}

/* take the invitation in one step: only the request that still finds the token there sets
 * the account up (single use); invalid_token when another took it first */
static bool
claim_invite(struct app *app, const struct user_row *row, json_object *in, const char *hash,
             struct err *err)
{
    char digest[TOKEN_HASH_CAP];
    bson_t *filter, *update;
    bool ok, claimed = false;

    bson_t set = BSON_INITIALIZER, *who;

    token_hash(json_str(in, "token"), digest);
    filter = BCON_NEW("_id", BCON_OID(&row->oid), "inviteTokenHash", BCON_UTF8(digest));
    BCON_APPEND(&set, "name", BCON_UTF8(json_str(in, "name")), "passwordHash", BCON_UTF8(hash),
                "status", BCON_UTF8("active"), "inviteTokenHash", BCON_NULL, "inviteExpiresAt",
                BCON_NULL, "updatedAt", BCON_DATE_TIME(clock_now_ms()));
    who = BCON_NEW("email", BCON_UTF8(row->email));
    model_terms_refresh(&users_model, who, &set);
    update = BCON_NEW("$set", BCON_DOCUMENT(&set));
    bson_destroy(who);
    bson_destroy(&set);
    ok = store_update_one(app->db, "users", filter, update, NULL, &claimed, err);
    bson_destroy(filter);
    bson_destroy(update);
    if (ok && !claimed)
        return err_set(err, ERR_INVALID_TOKEN, "this invitation link is invalid or has expired");
    return ok;
}

bool
users_accept_invite(struct app *app, json_object *in, char user_id[OID_STR_SIZE], struct err *err)
{
    struct user_row row;
    char hash[PASSWD_HASH_CAP];

    if (!check_acceptance(in, NULL, err)
        || !user_by_invite_token(app, json_str(in, "token"), &row, NULL, err))
        return false;
    if (strcasecmp(json_str(in, "password"), row.email) == 0) {
        err_detail(err, "password", "must not be your e-mail address");
        return err_set(err, ERR_VALIDATION_FAILED, "cannot accept");
    }
    if (!passwd_hash(json_str(in, "password"), hash, err)
        || !claim_invite(app, &row, in, hash, err))
        return false;
    user_state_forget(app, row.id);
    memcpy(user_id, row.id, OID_STR_SIZE);
    struct principal self = {.kind = PRINCIPAL_USER, .role = row.role};
    memcpy(self.user_id, row.id, OID_STR_SIZE);
    user_event(app, &self, "user.activated", &row, NULL, NULL, NULL);
    return true;
}
