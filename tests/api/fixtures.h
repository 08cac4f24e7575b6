/* fixtures.h - test data written directly into the stack's database (fixture_*: fast, and able
 * to make states the API cannot, such as an expired token), and signed-in sessions through the
 * real API (client_*). Data made through the API is make_* (domain.h). */
#ifndef PC_FIXTURES_H
#define PC_FIXTURES_H

#include <bson/bson.h>
#include <stdbool.h>

#include "api.h"
#include "auth/tokens.h"

struct session_client {
    char jar[192];         /* libcurl cookie jar file */
    const char *interface; /* source address of its requests (NULL: 127.0.0.1) */
    char csrf[80];         /* value of the CSRF cookie */
    char access[2100];     /* value of the access cookie */
    char user_id[25];
};

struct fixture_user {
    char id[25];
    char email[128];
    char password[64];
};

/* fixture_partner - insert a partner named name; id receives its id */
void fixture_partner(const char *name, char id[25]);

/* fixture_user - insert an active user of role ("owner" is not allowed) and partner
 * (may be NULL) with a fresh e-mail and password (hashed as the API would) */
void fixture_user(const char *role, const char *partner_id, struct fixture_user *u);

/* fixture_user_update - apply update (extended JSON: {"$set": ...}) to the user and drop the
 * cached state of the account, so the next request sees the change */
void fixture_user_update(const char *id, const char *update_json);

/* fixture_invited_user - like fixture_user, but invited: no password, no name, and an
 * invitation token valid for 7 days, which token receives */
void fixture_invited_user(const char *role, const char *partner_id, struct fixture_user *u,
                          char token[TOKEN_CAP]);

/* fixture_reset_token - give the user a password reset token valid for an hour */
void fixture_reset_token(const char *id, char token[TOKEN_CAP]);

/* fixture_lead - insert a lead of partner with email (first_name and company may be NULL)
 * as the API would have stored it; id receives its id */
void fixture_lead(const char *email, const char *partner, const char *first_name,
                  const char *company, char id[25]);

/* fixture_count_lead - count a lead written directly into the database in its partner's kept
 * figures (domain/counters.h), as the API would have: the recount at the end finds no drift */
void fixture_count_lead(const bson_t *lead);

/* fixture_ms_from_now - an extended JSON date seconds from now: {"$date":{"$numberLong":..}} */
void fixture_ms_from_now(long long seconds, char *out, size_t cap);

/* the owner the harness created (INITIAL_OWNER_*) */
void fixture_owner(struct fixture_user *u);

/* the cast of a role test: partners A and B, a tag for unique names, the owner, a staff admin,
 * the admins of A and B and the users of A and B (fixture_user), all signed in but user B, and
 * an anonymous client */
struct cast {
    char partner_a[25], partner_b[25], tag[32];
    struct fixture_user owner_u, staff, admin_a, admin_b, user_a, user_b;
    struct session_client owner, staff_c, admin_a_c, admin_b_c, user_a_c, anon;
};

/* fixture_cast - make k's partners and users and sign them in; cast_release frees the clients */
void fixture_cast(struct cast *k);
void cast_release(struct cast *k);

/* client_sign_in - sign in through the API; returns the HTTP status (200 on success) */
long client_sign_in(struct session_client *c, const char *email, const char *password);

/* client_call - a request with the client's cookies; state-changing ones carry the CSRF
 * header; json may be NULL. The cookie jar is updated (refresh rotates it). */
bool client_call(struct session_client *c, const char *method, const char *path, const char *json,
                 struct api_res *res);

/* client_reload - re-read csrf and access values from the jar */
void client_reload(struct session_client *c);

/* client_copy - a second client with a copy of c's cookies (the same session, the same source
 * address), for requests whose answer must not change c's cookies; client_free it */
void client_copy(const struct session_client *c, struct session_client *copy);

void client_free(struct session_client *c);

/* bearer_call - a request with Authorization: Bearer <access> and no cookies */
bool bearer_call(const char *access, const char *method, const char *path, const char *json,
                 struct api_res *res);

/* json_call - a request without credentials with a JSON body */
bool json_call(const char *method, const char *path, const char *json, struct api_res *res);

/* cookie_line - the Set-Cookie header of name in res, for attribute checks */
bool cookie_line(const struct api_res *res, const char *name, char *out, size_t cap);

/* mail_link_to - the first https link (with ?token=) of the newest e-mail sent to address
 * through the Mailgun stand-in, waiting up to timeout_ms; token receives the token value */
bool mail_token_to(const char *address, const char *path_prefix, char *token, size_t cap,
                   int timeout_ms);

#endif
