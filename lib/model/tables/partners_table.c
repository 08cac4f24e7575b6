/* partners_table.c - the partners table. lastAppointmentDate and the counts are kept on the partner
 * document by partners_refresh_stats(), so the list needs no query per row. */
#include "model/tables.h"

static const struct field fields[] = {
    {"id", "_id", FT_OBJECTID, FIELD_READONLY | FIELD_SORTABLE, 0, 0, OP_EQ | OP_IN, NULL},
    {"name", NULL, FT_STRING,
     FIELD_REQUIRED | FIELD_STAFF_WRITE | FIELD_SORTABLE | FIELD_SEARCHABLE, 1, 120,
     OP_EQ | OP_CONTAINS, NULL},
    {"slug", NULL, FT_STRING, FIELD_STAFF_WRITE | FIELD_LOWER | FIELD_SEARCHABLE, 2, 60, OP_EQ,
     NULL},
    {"icp", NULL, FT_STRING_MAP, 0, 0, 30, 0, NULL},
    {"meetingTypes", NULL, FT_STRING_ARRAY, FIELD_STAFF_WRITE, 0, 50, OP_EQ | OP_IN, NULL},
    {"email", NULL, FT_EMAIL, FIELD_NULLABLE | FIELD_LOWER, 0, 0, 0, NULL},
    {"lastAppointmentDate", NULL, FT_DATE, FIELD_READONLY | FIELD_NULLABLE | FIELD_SORTABLE, 0, 0,
     OPS_RANGE | OPS_NULL, NULL},
    {"totalLeads", NULL, FT_INT, FIELD_READONLY | FIELD_SORTABLE, 0, 0, OPS_RANGE, NULL},
    {"totalAppointments", NULL, FT_INT, FIELD_READONLY | FIELD_SORTABLE, 0, 0, OPS_RANGE, NULL},
    {"createdAt", NULL, FT_DATE, FIELD_READONLY | FIELD_SORTABLE, 0, 0, OPS_RANGE, NULL},
    {"updatedAt", NULL, FT_DATE, FIELD_READONLY, 0, 0, 0, NULL},
};

const struct model partners_model = {"partner", "partners", MODEL_FIELDS(fields), "name", false};
