/* lead_actions.h - the one-click actions of the reminder e-mail (issue 14): per listed lead
 * "In touch", "Won", "Lost - ..." and "Add a note", per meeting that ended without an outcome
 * "Held" and "No-show". Each is a link_tokens token (kind action) bound to one user, one lead
 * or meeting and one action; the link opens the client's /action page, which asks
 * POST /actions/check what it will do and POST /actions/apply to do it. */
#ifndef PC_LEAD_ACTIONS_H
#define PC_LEAD_ACTIONS_H

#include <bson/bson.h>
#include <json-c/json.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app.h"
#include "auth/link_tokens.h"
#include "core/err.h"

/* documents of new tokens, inserted in one command */
struct link_batch {
    bson_t **docs;
    size_t n, cap;
};

/* lead_actions_links - the action links of one lead (meeting false) or meeting (true) for the
 * user, partner, lead and meeting of who (borrowed; action is ignored): appends one
 * {action, label, url} per action to links and the tokens' documents to batch. internal when
 * the random source or memory fails. */
bool lead_actions_links(const char *public_url, const struct link_claim *who, bool meeting,
                        int64_t now_ms, json_object *links, struct link_batch *batch,
                        struct err *err);

/* link_batch_insert - insert the batch's documents into link_tokens (nothing when empty);
 * link_batch_release - free them (the batch may be reused) */
bool link_batch_insert(struct app *app, struct link_batch *batch, struct err *err);
void link_batch_release(struct link_batch *batch);

/* lead_actions_check - POST /actions/check {token}: what the link will do, for which lead (and
 * meeting), changing nothing. invalid_token (unknown, used, expired, tampered),
 * account_deactivated, not_found (the lead or meeting is out of the user's reach now),
 * invalid_transition / conflict (the action is no longer possible), forbidden (past the
 * meeting's cut-off). The caller owns the answer. */
json_object *lead_actions_check(struct app *app, json_object *in, struct err *err);

/* lead_actions_apply - POST /actions/apply {token, dealAmount?, note?, reason?}: uses the link
 * up and does its action as its user would in the app, audited with source email; the same
 * refusals as lead_actions_check, plus validation_failed (a missing deal amount or note, a
 * member the action does not take). A refused action leaves the link usable. */
json_object *lead_actions_apply(struct app *app, json_object *in, struct err *err);

#endif
