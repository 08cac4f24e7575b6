/* lead_bulk_table.c - the body and answer of POST /leads/bulk (lead_bulk.c checks the body) */
#include "model/tables.h"

const char *const lead_bulk_actions[] = {"status", "assign_partner", "assign_sales_manager",
                                         "archive", NULL};

// clang-format off
static const struct field bulk[] = {
    FIELD("ids",          FT_STRING_ARRAY, 0,              0, .min = 1, .max = 500),
    FIELD("filter",       FT_OBJECT_ARRAY, 0,              0, .max = 20),
    FIELD("search",       FT_STRING,       0,              0, .max = 100),
    FIELD("after",        FT_OBJECTID,     0,              0),
    FIELD("action",       FT_ENUM,         FIELD_REQUIRED, 0, .values = lead_bulk_actions),
    FIELD("status",       FT_ENUM,         0,              0, .values = lead_statuses),
    FIELD("reason",       FT_TEXT,         FIELD_NULLABLE, 0, .min = 1, .max = 1000),
    FIELD("dealAmount",   FT_MONEY,        FIELD_NULLABLE, 0, .min = 0, .max = 9007199254740991LL),
    FIELD("partner",      FT_OBJECTID,     0,              0),
    FIELD("salesManager", FT_STRING,       FIELD_NULLABLE, 0, .max = 100),
};
static const struct field problem[] = {
    FIELD("code",    FT_STRING, FIELD_REQUIRED, 0, .max = 64),
    FIELD("message", FT_STRING, FIELD_REQUIRED, 0, .max = 300),
};
// clang-format on
const struct model lead_bulk_body = {.name = "leadBulkBody", MODEL_FIELDS(bulk)};
const struct model lead_bulk_problem_reply = {.name = "leadBulkProblem", MODEL_FIELDS(problem)};

// clang-format off
static const struct field result[] = {
    FIELD("id",    FT_STRING, FIELD_REQUIRED, 0, .max = 24),
    FIELD("ok",    FT_BOOL,   FIELD_REQUIRED, 0),
    FIELD("error", FT_OBJECT, 0,              0, .sub = &lead_bulk_problem_reply),
};
// clang-format on
const struct model lead_bulk_result_reply = {.name = "leadBulkResult", MODEL_FIELDS(result)};

// clang-format off
static const struct field reply[] = {
    FIELD("results",   FT_OBJECT_ARRAY, FIELD_REQUIRED, 0, .sub = &lead_bulk_result_reply, .max = 500),
    FIELD("succeeded", FT_INT,          FIELD_REQUIRED, 0, .min = 0, .max = 500),
    FIELD("failed",    FT_INT,          FIELD_REQUIRED, 0, .min = 0, .max = 500),
    FIELD("next",      FT_OBJECTID,     FIELD_REQUIRED | FIELD_NULLABLE, 0),
};
// clang-format on
const struct model lead_bulk_reply = {.name = "leadBulkReply", MODEL_FIELDS(reply)};
