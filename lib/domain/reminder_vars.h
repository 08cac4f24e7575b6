/* reminder_vars.h - the variables of one user's lead-reminder e-mail: the listed leads and
 * meetings, each with the user's own one-click action links */
#ifndef PC_REMINDER_VARS_H
#define PC_REMINDER_VARS_H

#include <bson/bson.h>
#include <json-c/json.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "auth/link_tokens.h"
#include "core/err.h"
#include "domain/lead_actions.h"

/* the documents listed in the e-mail (borrowed) */
struct reminder_docs {
    bson_t **leads, **meetings;
    size_t nleads, nmeetings;
};

/* reminder_vars_lists - into vars: leads [{leadName, leadEmail, company, meetingDate,
 * daysOverdue, daysSinceUpdate, actions: [{action, label, url}]}] and meetings [{leadEmail,
 * title, when, actions}], the links for the user and partner of who (borrowed); their tokens'
 * documents go to batch. internal when no token can be made. */
bool reminder_vars_lists(const char *public_url, const struct link_claim *who,
                         const struct reminder_docs *docs, int64_t now_ms, json_object *vars,
                         struct link_batch *batch, struct err *err);

#endif
