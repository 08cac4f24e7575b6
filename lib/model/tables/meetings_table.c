/* meetings_table.c - the meetings (appointments) table; written by meetings_upsert (ChiliPiper) */
#include "model/tables.h"

const char *const meeting_statuses[] = {"created", "updated", "rescheduled", "canceled", NULL};

static const struct field fields[] = {
    {"id", "_id", FT_OBJECTID, FIELD_READONLY | FIELD_SORTABLE, 0, 0, OP_EQ | OP_IN, NULL},
    {"lead", NULL, FT_OBJECTID, FIELD_READONLY, 0, 0, OP_EQ | OP_IN, NULL},
    {"leadEmail", NULL, FT_EMAIL, FIELD_READONLY | FIELD_LOWER | FIELD_SEARCHABLE, 0, 0,
     OP_EQ | OP_CONTAINS, NULL},
    {"partner", NULL, FT_OBJECTID, FIELD_READONLY, 0, 0, OP_EQ | OP_IN, NULL},
    {"partnerName", NULL, FT_STRING, FIELD_READONLY, 0, 0, 0, NULL},
    {"externalId", NULL, FT_STRING, FIELD_READONLY | FIELD_STAFF_READ, 0, 0, OP_EQ, NULL},
    {"scheduledTime", NULL, FT_DATE, FIELD_READONLY | FIELD_SORTABLE, 0, 0, OPS_RANGE, NULL},
    {"type", NULL, FT_STRING, FIELD_READONLY | FIELD_NULLABLE, 0, 0, OP_EQ | OP_IN, NULL},
    {"status", NULL, FT_ENUM, FIELD_READONLY | FIELD_SORTABLE, 0, 0, OPS_EQUALITY,
     meeting_statuses},
    {"title", NULL, FT_STRING, FIELD_READONLY | FIELD_NULLABLE, 0, 0, 0, NULL},
    {"assigneeEmail", NULL, FT_STRING, FIELD_READONLY | FIELD_NULLABLE, 0, 0, 0, NULL},
    {"hostEmail", NULL, FT_STRING, FIELD_READONLY | FIELD_NULLABLE, 0, 0, 0, NULL},
    {"location", NULL, FT_STRING, FIELD_READONLY | FIELD_NULLABLE, 0, 0, 0, NULL},
    {"createdAt", NULL, FT_DATE, FIELD_READONLY | FIELD_SORTABLE, 0, 0, OPS_RANGE, NULL},
    {"updatedAt", NULL, FT_DATE, FIELD_READONLY, 0, 0, 0, NULL},
};

const struct model meetings_model = {"meeting", "meetings", MODEL_FIELDS(fields), "scheduledTime",
                                     true};
