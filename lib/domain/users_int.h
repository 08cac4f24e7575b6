/* users_int.h - what the users_*.c files share: the row, reach and management rules */
#ifndef PC_USERS_INT_H
#define PC_USERS_INT_H

#include <bson/bson.h>

#include "auth/passwd.h"
#include "core/json.h"
#include "core/oid.h"
#include "domain/users.h"

struct user_row {
    bson_oid_t oid;
    char id[OID_STR_SIZE];
    char email[256];
    char name[128];
    enum role role;
    char partner[OID_STR_SIZE]; /* "" = none */
    char status[16];            /* invited | active */
    bool is_active, archived;
    char password_hash[PASSWD_HASH_CAP];
};

void user_row_read(const bson_t *doc, struct user_row *row);

/* user_load - the user with id (24 hex) wherever it is; *found false when none or malformed */
bool user_load(struct app *app, const char *id, struct user_row *row, bson_t **doc, bool *found,
               struct err *err);

/* user_load_by_email - by lower-cased e-mail */
bool user_load_by_email(struct app *app, const char *email, struct user_row *row, bool *found,
                        struct err *err);

/* user_by_invite_token - the invited user holding token (unexpired, not archived, not accepted);
 * *doc (may be NULL) receives the document, the caller's. invalid_token with a detail "token"
 * when there is none: the same answer for an unknown, expired, used or voided token. */
bool user_by_invite_token(struct app *app, const char *token, struct user_row *row, bson_t **doc,
                          struct err *err);

/* user_in_reach - p may see row (see users.h) */
bool user_in_reach(const struct principal *p, const struct user_row *row);

/* user_manage_or_fail - p may change row; not_found outside the reach, forbidden inside it */
bool user_manage_or_fail(const struct principal *p, const struct user_row *row, struct err *err);

/* user_apply - $set set (borrowed) plus updatedAt, and $unset unset (may be NULL) on the user;
 * drops the cached state */
bool user_apply(struct app *app, const struct user_row *row, const bson_t *set, const bson_t *unset,
                struct err *err);

/* user_event - an audit event about row */
void user_event(struct app *app, const struct principal *p, const char *action,
                const struct user_row *row, json_object *before, json_object *after,
                const char *reason);

/* partner_name - the name of a (not archived) partner, false with validation_failed naming
 * field when there is none */
bool partner_name(struct app *app, const char *partner_id, const char *field, char *name,
                  size_t cap, struct err *err);

/* link - PC_PUBLIC_URL + path + token into out */
void user_link(const struct app *app, const char *path, const char *token, char *out, size_t cap);

#endif
