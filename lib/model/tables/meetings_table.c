/* meetings_table.c - the meetings (appointments) table; written by meetings_upsert (ChiliPiper,
 * and the meetings logged by hand through POST /leads/:id/meetings and PATCH /meetings/:id,
 * which take the writable fields below). The outcome changes through its own route. */
#include "model/tables.h"

const char *const meeting_statuses[] = {"created", "updated", "rescheduled", "canceled", NULL};
const char *const meeting_outcomes[] = {"held", "no_show", NULL};
static const char *const sources[] = {"manual", "chilipiper", NULL};

// clang-format off
static const struct field fields[] = {
    /*    API name, type, flags, filter operators, then what differs from the default */
    FIELD("id",              FT_OBJECTID,     FIELD_READONLY | FIELD_SORTABLE,                 OP_EQ | OP_IN,          .bson = "_id"),
    FIELD("lead",            FT_OBJECTID,     FIELD_READONLY,                                  OP_EQ | OP_IN),
    FIELD("leadEmail",       FT_EMAIL,        FIELD_READONLY | FIELD_LOWER | FIELD_SEARCHABLE, OP_EQ | OP_CONTAINS),
    FIELD("partner",         FT_OBJECTID,     FIELD_READONLY,                                  OP_EQ | OP_IN),
    FIELD("partnerName",     FT_STRING,       FIELD_READONLY,                                  0),
    FIELD("externalId",      FT_STRING,       FIELD_READONLY | FIELD_STAFF_READ,               OP_EQ),
    FIELD("source",          FT_ENUM,         FIELD_READONLY,                                  0,                      .values = sources),
    FIELD("scheduledTime",   FT_DATE,         FIELD_REQUIRED | FIELD_SORTABLE,                 OPS_RANGE),
    FIELD("durationMinutes", FT_INT,          FIELD_NULLABLE,                                  0,                      .min = 5, .max = 1440),
    FIELD("endTime",         FT_DATE,         FIELD_READONLY | FIELD_NULLABLE,                 0),
    FIELD("type",            FT_STRING,       FIELD_NULLABLE,                                  OP_EQ | OP_IN,          .max = 100),
    FIELD("status",          FT_ENUM,         FIELD_READONLY | FIELD_SORTABLE,                 OPS_EQUALITY,           .values = meeting_statuses),
    FIELD("title",           FT_STRING,       FIELD_NULLABLE,                                  0,                      .max = 200),
    FIELD("assigneeEmail",   FT_EMAIL,        FIELD_NULLABLE | FIELD_LOWER,                    0),
    FIELD("hostEmail",       FT_STRING,       FIELD_READONLY | FIELD_NULLABLE,                 0),
    FIELD("location",        FT_STRING,       FIELD_NULLABLE,                                  0,                      .max = 300),
    FIELD("attendees",       FT_STRING_ARRAY, FIELD_NULLABLE,                                  0,                      .max = 20),
    FIELD("note",            FT_TEXT,         FIELD_NULLABLE,                                  0,                      .max = 2000),
    FIELD("outcome",         FT_ENUM,         FIELD_READONLY | FIELD_NULLABLE,                 OPS_EQUALITY | OPS_NULL, .values = meeting_outcomes),
    FIELD("outcomeAssumed",  FT_BOOL,         FIELD_READONLY,                                  0),
    FIELD("outcomeAt",       FT_DATE,         FIELD_READONLY | FIELD_NULLABLE,                 0),
    FIELD("outcomeBy",       FT_OBJECTID,     FIELD_READONLY | FIELD_NULLABLE,                 0),
    FIELD("createdBy",       FT_OBJECTID,     FIELD_READONLY | FIELD_NULLABLE,                 0),
    FIELD("createdAt",       FT_DATE,         FIELD_READONLY | FIELD_SORTABLE,                 OPS_RANGE),
    FIELD("updatedAt",       FT_DATE,         FIELD_READONLY,                                  0),
};
// clang-format on

const struct model meetings_model = {.name = "meeting",
                                     .collection = "meetings",
                                     MODEL_FIELDS(fields),
                                     .default_sort = "scheduledTime",
                                     .default_desc = true};
