/* signin.c - e-mail and password, with a per-account lockout in Redis: after
 * SIGNIN_MAX_FAILURES failures within SIGNIN_WINDOW_S the account is locked for
 * SIGNIN_LOCK_S. Unknown e-mails are counted and locked alike, so the answers never tell
 * whether an account exists. */
#include <stdio.h>
#include <string.h>

#include "auth/sessions.h"
#include "auth/tokens.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/oid.h"
#include "domain/users_int.h"
#include "model/model.h"
#include "queue/events.h"

#define SIGNIN_MAX_FAILURES 5
#define SIGNIN_WINDOW_S 900
#define SIGNIN_LOCK_S 900

/* Redis keys carry a hash of the e-mail, not the address */
static void
account_key(const struct app *app, const char *kind, const char *email, char *out, size_t cap)
{
    char digest[TOKEN_HASH_CAP];

    token_hash(email, digest);
    snprintf(out, cap, "%s:signin:%s:%.32s", app->cfg.queue_prefix, kind, digest);
}

/* seconds left of a lockout, 0 when not locked */
static bool
lock_left(struct app *app, const char *email, long long *left, struct err *err)
{
    char key[160];
    redisReply *r;

    account_key(app, "lock", email, key, sizeof(key));
    r = rds_cmd(app->rds, err, "TTL %s", key);
    if (r == NULL)
        return false;
    *left = r->type == REDIS_REPLY_INTEGER && r->integer > 0 ? r->integer : 0;
    rds_reply_free(r);
    return true;
}

/* count a failure; true when this one locked the account */
static bool
count_failure(struct app *app, const char *email)
{
    char fails[160], lock[160];
    struct err ignored = ERR_INIT;
    redisReply *r;
    long long n = 0;

    account_key(app, "fail", email, fails, sizeof(fails));
    account_key(app, "lock", email, lock, sizeof(lock));
    r = rds_cmd(app->rds, &ignored, "INCR %s", fails);
    if (r != NULL)
        n = r->integer;
    rds_reply_free(r);
    if (n == 1)
        rds_reply_free(rds_cmd(app->rds, &ignored, "EXPIRE %s %d", fails, SIGNIN_WINDOW_S));
    if (n < SIGNIN_MAX_FAILURES)
        return false;
    rds_reply_free(rds_cmd(app->rds, &ignored, "SET %s 1 EX %d", lock, SIGNIN_LOCK_S));
    rds_reply_free(rds_cmd(app->rds, &ignored, "DEL %s", fails));
    return true;
}

static void
clear_failures(struct app *app, const char *email)
{
    char key[160];
    struct err ignored = ERR_INIT;

    account_key(app, "fail", email, key, sizeof(key));
    rds_reply_free(rds_cmd(app->rds, &ignored, "DEL %s", key));
}

static void
signin_event(struct app *app, const char *action, const struct user_row *row, const char *email,
             const char *ip)
{
    struct principal system = {.kind = PRINCIPAL_SYSTEM};
    json_object *after = json_object_new_object();
    struct event ev = {.action = action,
                       .entity_type = "user",
                       .entity_id = row && row->id[0] ? row->id : NULL,
                       .partner_id = row && row->partner[0] ? row->partner : NULL,
                       .after = after,
                       .source = SOURCE_UI};

    json_object_object_add(after, "email", json_object_new_string(email));
    json_object_object_add(after, "ip", json_object_new_string(ip ? ip : ""));
    events_record(app, &system, &ev);
    json_object_put(after);
}

/* after a good password: argon2id with current parameters, last sign-in time */
static void
after_success(struct app *app, const struct user_row *row, const char *password)
{
    struct err ignored = ERR_INIT;
    char hash[PASSWD_HASH_CAP];
    bson_t *set = bson_new();

    if (passwd_needs_rehash(row->password_hash) && passwd_hash(password, hash, &ignored))
        BSON_APPEND_UTF8(set, "passwordHash", hash);
    BSON_APPEND_DATE_TIME(set, "lastSignInAt", clock_now_ms());
    user_apply(app, row, set, NULL, &ignored);
    bson_destroy(set);
}

/* the right password of a deactivated account: say so, and whom to ask (a partner's users:
 * that partner's admins; admins: only the owner manages them). Neither counted as a failure
 * nor clearing earlier ones: the password was right, the account stays closed. */
static bool
refuse_deactivated(struct app *app, const struct user_row *row, const char *email, const char *ip,
                   struct err *err)
{
    char partner[128] = "";
    struct err ignored = ERR_INIT;

    signin_event(app, "auth.sign_in_deactivated", row, email, ip);
    if (row->role == ROLE_USER && row->partner[0] != '\0'
        && partner_name(app, row->partner, "partner", partner, sizeof(partner), &ignored))
        return err_set(err, ERR_ACCOUNT_DEACTIVATED,
                       "Your account is deactivated. Ask an administrator of %s to "
                       "reactivate it.",
                       partner);
    if (row->role == ROLE_USER)
        return err_set(err, ERR_ACCOUNT_DEACTIVATED,
                       "Your account is deactivated. Ask an administrator of your partner "
                       "agency to reactivate it.");
    return err_set(err, ERR_ACCOUNT_DEACTIVATED,
                   "Your account is deactivated. Ask the agency that runs Partner Connector "
                   "(its owner) to reactivate it.");
}

/* e-mail and password as text: never cut at a NUL ("<password>\u0000junk" must not sign in),
 * never longer than the password rule hashes */
static bool
check_input(json_object *in, char *email, size_t cap, struct err *err)
{
    const char *e, *p;

    model_string(in, "email", 1, 254, true, &e, err);
    if (model_string(in, "password", 1, INT64_MAX, true, &p, err) && strlen(p) > PASSWD_MAX_LEN)
        err_detail(err, "password", "must be at most %d bytes", PASSWD_MAX_LEN);
    model_refuse_unknown(in, (const char *const[]){"email", "password", NULL}, err);
    if (err->ndetails > 0)
        return err_set(err, ERR_VALIDATION_FAILED, "e-mail and password are required");
    snprintf(email, cap, "%s", e);
    for (char *c = email; *c != '\0'; c++)
        *c = (char)(*c >= 'A' && *c <= 'Z' ? *c + 32 : *c);
    return true;
}

bool
users_sign_in(struct app *app, json_object *in, const char *ip, char user_id[OID_STR_SIZE],
              struct err *err)
{
    struct user_row row = {0};
    char email[256];
    long long left = 0;
    bool found = false, good;

    if (!check_input(in, email, sizeof(email), err) || !lock_left(app, email, &left, err))
        return false;
    if (left > 0) {
        err->retry_after = (int)left;
        return err_set(err, ERR_RATE_LIMITED, "too many failed sign-ins; try again later");
    }
    if (!user_load_by_email(app, email, &row, &found, err))
        return false;
    if (found && row.password_hash[0] != '\0')
        good = passwd_verify(json_str(in, "password"), row.password_hash);
    else
        good = false, passwd_dummy_verify(json_str(in, "password")); /* same time either way */
    if (good && !row.is_active && !row.archived && strcmp(row.status, "active") == 0)
        return refuse_deactivated(app, &row, email, ip, err);
    if (!good || !row.is_active || row.archived || strcmp(row.status, "active") != 0) {
        bool locked = count_failure(app, email);
        signin_event(app, locked ? "auth.locked_out" : "auth.sign_in_failed", found ? &row : NULL,
                     email, ip);
        return err_set(err, ERR_UNAUTHENTICATED,
                       "wrong e-mail or password, or the account is "
                       "not active");
    }
    clear_failures(app, email);
    after_success(app, &row, json_str(in, "password"));
    signin_event(app, "auth.sign_in", &row, email, ip);
    memcpy(user_id, row.id, OID_STR_SIZE);
    return true;
}
