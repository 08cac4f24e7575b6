/* bodies_table.c - the request bodies that are not a collection's create or update: one table
 * per body, for /api/openapi.json. The handlers check them in lib/domain (rules a table cannot
 * say, such as the order of billing terms, live there); the API tests send every field named
 * here, and a member not named is refused (additionalProperties false). */
#include "model/tables.h"

#define REQ FIELD_REQUIRED
#define MONTH "^[0-9]{4}-(0[1-9]|1[0-2])$"

const char *const billing_type_values[] = {"qualified_lead", "closed_won_lead",
                                           "percentage_of_deal", "meeting_held", NULL};

// clang-format off
static const struct field sign_in[] = {
    FIELD("email",    FT_EMAIL,  REQ, 0),
    FIELD("password", FT_STRING, REQ, 0, .min = 1, .max = 256),
};
static const struct field forgot_password[] = {
    FIELD("email", FT_EMAIL, REQ, 0),
};
static const struct field reset_password[] = {
    FIELD("token",    FT_STRING, REQ, 0, .min = 1, .max = 63),
    FIELD("password", FT_STRING, REQ, 0, .min = 10, .max = 256),
};
static const struct field accept_invite[] = {
    FIELD("token",    FT_STRING, REQ, 0, .min = 1, .max = 63),
    FIELD("name",     FT_STRING, REQ, 0, .min = 1, .max = 100),
    FIELD("password", FT_STRING, REQ, 0, .min = 10, .max = 256),
};
static const struct field check_invite[] = {
    FIELD("token", FT_STRING, REQ, 0, .min = 1, .max = 63),
};
static const struct field change_password[] = {
    FIELD("currentPassword", FT_STRING, REQ, 0, .min = 1, .max = 256),
    FIELD("newPassword",     FT_STRING, REQ, 0, .min = 10, .max = 256),
};
static const struct field me_update[] = {
    FIELD("name", FT_STRING, REQ, 0, .min = 1, .max = 100),
};
static const struct field lead_status[] = {
    FIELD("status",     FT_ENUM,  REQ,            0, .values = lead_statuses),
    FIELD("reason",     FT_TEXT,  FIELD_NULLABLE, 0, .min = 1, .max = 1000),
    FIELD("dealAmount", FT_MONEY, FIELD_NULLABLE, 0, .min = 0, .max = 9007199254740991LL),
};
static const struct field note[] = {
    FIELD("text", FT_TEXT, REQ, 0, .min = 1, .max = 5000),
};
static const struct field meeting_outcome[] = {
    FIELD("outcome", FT_ENUM, REQ, 0, .values = meeting_outcomes),
};
static const struct field conflict_resolve[] = {
    FIELD("action", FT_ENUM, REQ, 0, .values = conflict_actions),
};
static const struct field user_status[] = {
    FIELD("isActive", FT_BOOL, REQ, 0),
};
static const struct field billing_term[] = {
    FIELD("from",  FT_STRING, REQ,            0, .pattern = MONTH, .max = 7),
    FIELD("to",    FT_STRING, FIELD_NULLABLE, 0, .pattern = MONTH, .max = 7),
    FIELD("value", FT_INT,    REQ,            0, .min = 0, .max = 100000000),
};
// clang-format on

const struct model billing_term_body = {.name = "billingTerm", MODEL_FIELDS(billing_term)};

// clang-format off
static const struct field billing[] = {
    FIELD("billingType",  FT_ENUM,         REQ, 0, .values = billing_type_values),
    FIELD("billingTerms", FT_OBJECT_ARRAY, REQ, 0, .sub = &billing_term_body, .min = 1, .max = 120),
    FIELD("currency",     FT_STRING,       0,   0, .pattern = "^[a-z]{3}$", .min = 3, .max = 3),
};
// clang-format on

/* the owner's manual lines: a charge (invoiced at once) or a credit (off the next invoice) */
// clang-format off
static const struct field manual_amount[] = {
    FIELD("amount",      FT_MONEY,  REQ, 0, .min = 1, .max = 100000000),
    FIELD("description", FT_STRING, REQ, 0, .min = 1, .max = 200),
};
// clang-format on
// clang-format off
static const struct field return_request[] = {
    FIELD("reason", FT_ENUM, REQ, 0, .values = return_reasons),
    FIELD("note",   FT_TEXT, REQ, 0, .min = 1, .max = 2000),
};
static const struct field return_decision[] = {
    FIELD("note", FT_TEXT, FIELD_NULLABLE, 0, .min = 1, .max = 2000),
};
// clang-format on
const struct model return_request_body = {.name = "returnRequestBody",
                                          MODEL_FIELDS(return_request)};
const struct model return_decision_body = {.name = "returnDecisionBody",
                                           MODEL_FIELDS(return_decision)};
const struct model manual_amount_body = {.name = "manualAmountBody", MODEL_FIELDS(manual_amount)};

const struct model sign_in_body = {.name = "signInBody", MODEL_FIELDS(sign_in)};
const struct model forgot_password_body = {.name = "forgotPasswordBody",
                                           MODEL_FIELDS(forgot_password)};
const struct model reset_password_body = {.name = "resetPasswordBody",
                                          MODEL_FIELDS(reset_password)};
const struct model accept_invite_body = {.name = "acceptInviteBody", MODEL_FIELDS(accept_invite)};
const struct model check_invite_body = {.name = "checkInviteBody", MODEL_FIELDS(check_invite)};
const struct model change_password_body = {.name = "changePasswordBody",
                                           MODEL_FIELDS(change_password)};
const struct model me_update_body = {.name = "meUpdateBody", MODEL_FIELDS(me_update)};
const struct model lead_status_body = {.name = "leadStatusBody", MODEL_FIELDS(lead_status)};
const struct model note_body = {.name = "noteBody", MODEL_FIELDS(note)};
const struct model meeting_outcome_body = {.name = "meetingOutcomeBody",
                                           MODEL_FIELDS(meeting_outcome)};
const struct model conflict_resolve_body = {.name = "conflictResolveBody",
                                            MODEL_FIELDS(conflict_resolve)};
const struct model user_status_body = {.name = "userStatusBody", MODEL_FIELDS(user_status)};
const struct model billing_body = {.name = "billingBody", MODEL_FIELDS(billing)};

/* multipart/form-data: the file and, unless a column names it, the partner of every row */
// clang-format off
static const struct field import_upload[] = {
    FIELD("file",    FT_STRING,   REQ, 0, .format = "binary", .max = 20971520),
    FIELD("partner", FT_OBJECTID, 0,   0),
};
// clang-format on
const struct model import_upload_body = {.name = "importUploadBody", MODEL_FIELDS(import_upload)};
