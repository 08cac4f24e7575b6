/* meetings_table.c - the meetings (appointments) table; written by meetings_upsert (ChiliPiper) */
#include "model/tables.h"

const char *const meeting_statuses[] = {"created", "updated", "rescheduled", "canceled", NULL};

// clang-format off
static const struct field fields[] = {
    /*    API name, type, flags, filter operators, then what differs from the default */
    FIELD("id",            FT_OBJECTID, FIELD_READONLY | FIELD_SORTABLE,                 OP_EQ | OP_IN,       .bson = "_id"),
    FIELD("lead",          FT_OBJECTID, FIELD_READONLY,                                  OP_EQ | OP_IN),
    FIELD("leadEmail",     FT_EMAIL,    FIELD_READONLY | FIELD_LOWER | FIELD_SEARCHABLE, OP_EQ | OP_CONTAINS),
    FIELD("partner",       FT_OBJECTID, FIELD_READONLY,                                  OP_EQ | OP_IN),
    FIELD("partnerName",   FT_STRING,   FIELD_READONLY,                                  0),
    FIELD("externalId",    FT_STRING,   FIELD_READONLY | FIELD_STAFF_READ,               OP_EQ),
    FIELD("scheduledTime", FT_DATE,     FIELD_READONLY | FIELD_SORTABLE,                 OPS_RANGE),
    FIELD("type",          FT_STRING,   FIELD_READONLY | FIELD_NULLABLE,                 OP_EQ | OP_IN),
    FIELD("status",        FT_ENUM,     FIELD_READONLY | FIELD_SORTABLE,                 OPS_EQUALITY,        .values = meeting_statuses),
    FIELD("title",         FT_STRING,   FIELD_READONLY | FIELD_NULLABLE,                 0),
    FIELD("assigneeEmail", FT_STRING,   FIELD_READONLY | FIELD_NULLABLE,                 0),
    FIELD("hostEmail",     FT_STRING,   FIELD_READONLY | FIELD_NULLABLE,                 0),
    FIELD("location",      FT_STRING,   FIELD_READONLY | FIELD_NULLABLE,                 0),
    FIELD("createdAt",     FT_DATE,     FIELD_READONLY | FIELD_SORTABLE,                 OPS_RANGE),
    FIELD("updatedAt",     FT_DATE,     FIELD_READONLY,                                  0),
};
// clang-format on

const struct model meetings_model = {.name = "meeting",
                                     .collection = "meetings",
                                     MODEL_FIELDS(fields),
                                     .default_sort = "scheduledTime",
                                     .default_desc = true};
