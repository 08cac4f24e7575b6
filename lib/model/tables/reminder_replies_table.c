/* reminder_replies_table.c - the bodies and answers of the reminder e-mail's links (magic
 * sign-in, one-click actions), for /api/openapi.json; the API suite checks every answer against
 * them */
#include "model/tables.h"

#define REQ FIELD_REQUIRED

#define NUL FIELD_NULLABLE

/* the actions of lead_actions.c, in its order */
const char *const lead_action_names[] = {"in_touch",
                                         "lost_no_show",
                                         "lost_disqualified",
                                         "lost_no_potential",
                                         "won",
                                         "note",
                                         "held",
                                         "no_show",
                                         NULL};

// clang-format off
static const struct field token[] = {
    FIELD("token", FT_STRING, REQ, 0, .min = 1, .max = 63),
};
static const struct field action_apply[] = {
    FIELD("token",      FT_STRING, REQ, 0, .min = 1, .max = 63),
    FIELD("dealAmount", FT_MONEY,  0,   0, .min = 0),
    FIELD("note",       FT_TEXT,   0,   0, .min = 1, .max = 5000),
    FIELD("reason",     FT_TEXT,   0,   0, .min = 1, .max = 1000),
};
static const struct field action_info[] = {
    FIELD("action",             FT_ENUM,     REQ,       0, .values = lead_action_names),
    FIELD("label",              FT_STRING,   REQ,       0, .max = 100),
    FIELD("leadId",             FT_OBJECTID, REQ,       0),
    FIELD("leadName",           FT_STRING,   REQ,       0, .max = 300),
    FIELD("company",            FT_STRING,   REQ | NUL, 0, .max = 300),
    FIELD("dealStatus",         FT_ENUM,     REQ,       0, .values = lead_statuses),
    FIELD("meetingId",          FT_OBJECTID, REQ | NUL, 0),
    FIELD("meetingTime",        FT_DATE,     REQ | NUL, 0),
    FIELD("dealAmountRequired", FT_BOOL,     REQ,       0),
    FIELD("applied",            FT_BOOL,     REQ,       0),
    FIELD("expiresAt",          FT_DATE,     REQ,       0),
};
// clang-format on

const struct model token_body = {.name = "linkTokenBody", MODEL_FIELDS(token)};
const struct model action_apply_body = {.name = "actionApplyBody", MODEL_FIELDS(action_apply)};
const struct model action_info_reply = {.name = "actionInfo", MODEL_FIELDS(action_info)};
