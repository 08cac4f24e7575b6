/* api_tokens_table.c - partner API tokens (DESIGN §7.7): the stored record (never the secret:
 * only its SHA-256, which no answer shows), the create answer that shows the secret once, and
 * the partner API's own bodies and answers (POST /api/v1/status, its jobs) */
#include "model/tables.h"

#define REQ FIELD_REQUIRED
#define RO FIELD_READONLY
#define NUL FIELD_NULLABLE

const char *const partner_job_statuses[] = {"queued", "done", "refused", NULL};
static const char *const queued_values[] = {"queued", NULL};

// clang-format off
static const struct field fields[] = {
    /*    API name, type, flags, filter operators, then what differs from the default */
    FIELD("id",         FT_OBJECTID, RO | FIELD_SORTABLE,       0, .bson = "_id"),
    FIELD("name",       FT_STRING,   REQ,                       0, .min = 1, .max = 100),
    FIELD("prefix",     FT_STRING,   RO,                        0, .max = 16),
    FIELD("partner",    FT_OBJECTID, RO,                        0),
    FIELD("createdBy",  FT_OBJECTID, RO | NUL,                  0),
    FIELD("createdAt",  FT_DATE,     RO | FIELD_SORTABLE,       0),
    FIELD("lastUsedAt", FT_DATE,     RO | NUL,                  0),
    FIELD("expiresAt",  FT_DATE,     NUL | FIELD_CREATE_ONLY,   0),
    FIELD("revokedAt",  FT_DATE,     RO | NUL,                  0),
};
// clang-format on

const struct model api_tokens_model = {.name = "apiToken",
                                       .collection = "api_tokens",
                                       MODEL_FIELDS(fields),
                                       .default_sort = "createdAt",
                                       .default_desc = true};

// clang-format off
static const struct field created[] = {
    FIELD("apiToken", FT_OBJECT, REQ, 0, .sub = &api_tokens_model),
    FIELD("token",    FT_STRING, REQ, 0, .max = 64),
};
static const struct field token_list[] = {
    FIELD("list", FT_OBJECT_ARRAY, REQ, 0, .sub = &api_tokens_model),
};
static const struct field status_body[] = {
    FIELD("leadId",     FT_OBJECTID, 0,   0),
    FIELD("email",      FT_EMAIL,    0,   0),
    FIELD("status",     FT_ENUM,     REQ, 0, .values = lead_statuses),
    FIELD("note",       FT_TEXT,     NUL, 0, .min = 1, .max = 5000),
    FIELD("dealAmount", FT_MONEY,    NUL, 0, .min = 0, .max = 9007199254740991LL),
};
static const struct field accepted[] = {
    FIELD("jobId",  FT_OBJECTID, REQ, 0),
    FIELD("status", FT_ENUM,     REQ, 0, .values = queued_values),
};
static const struct field job[] = {
    FIELD("id",         FT_OBJECTID, REQ,       0),
    FIELD("status",     FT_ENUM,     REQ,       0, .values = partner_job_statuses),
    FIELD("leadId",     FT_OBJECTID, REQ | NUL, 0),
    FIELD("dealStatus", FT_ENUM,     REQ | NUL, 0, .values = lead_statuses),
    FIELD("error",      FT_STRING,   REQ | NUL, 0, .max = 64),
    FIELD("reason",     FT_TEXT,     REQ | NUL, 0, .max = 2000),
    FIELD("createdAt",  FT_DATE,     REQ,       0),
    FIELD("finishedAt", FT_DATE,     REQ | NUL, 0),
};
// clang-format on

const struct model api_token_created_reply = {.name = "apiTokenCreated", MODEL_FIELDS(created)};
const struct model api_token_list_reply = {.name = "apiTokenList", MODEL_FIELDS(token_list)};
const struct model partner_status_body = {.name = "partnerStatusBody", MODEL_FIELDS(status_body)};
const struct model partner_job_accepted_reply = {.name = "partnerJobAccepted",
                                                 MODEL_FIELDS(accepted)};
const struct model partner_job_reply = {.name = "partnerJob", MODEL_FIELDS(job)};
