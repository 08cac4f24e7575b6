/* link_tokens.h - the tokens of links in e-mails (DESIGN §7.10): a magic sign-in link and
 * one-click lead actions. 256 random bits, stored as SHA-256 in link_tokens, single use,
 * bound to one user (and for an action to one lead, or meeting, and one action). A magic link
 * lives LINK_TOKEN_TTL_S, an action link LINK_ACTION_TTL_S (a Friday's links still work on
 * Monday morning). */
#ifndef PC_LINK_TOKENS_H
#define PC_LINK_TOKENS_H

#include <bson/bson.h>
#include <stdbool.h>
#include <stdint.h>

#include "app.h"
#include "auth/tokens.h"
#include "core/err.h"

#define LINK_TOKEN_TTL_S (24 * 3600)
#define LINK_ACTION_TTL_S (72 * 3600)
#define LINK_MAGIC "magic"
#define LINK_ACTION "action"

/* what a token stands for; the ids are borrowed, lead, meeting and action may be NULL */
struct link_claim {
    const char *kind; /* LINK_MAGIC | LINK_ACTION */
    const bson_oid_t *user, *partner, *lead, *meeting;
    const char *action;
};

/* link_token_doc - a new token of claim into token, and its document (caller destroys) to
 * insert into link_tokens; NULL when the random source fails */
bson_t *link_token_doc(const struct link_claim *claim, int64_t now_ms, char token[TOKEN_CAP]);

/* link_token_find - the document of token of kind, *doc the caller's. claim marks it used in
 * the same step (single use); without it the token is only read. invalid_token for an unknown,
 * used, expired or malformed token; account_deactivated when its user can no longer sign in */
bool link_token_find(struct app *app, const char *token, const char *kind, bool claim, bson_t **doc,
                     struct err *err);

/* link_token_release - undo the claim of doc (as link_token_find gave it): the action it
 * stood for could not be done, so the link may be used again. Failures are logged only. */
void link_token_release(struct app *app, const bson_t *doc);

#endif
