/* partners_table.c - the partners table. lastAppointmentDate and the counts are kept on the partner
 * document by partners_refresh_stats(), so the list needs no query per row. */
#include "model/tables.h"

// clang-format off
static const struct field fields[] = {
    /*    API name, type, flags, filter operators, then what differs from the default */
    FIELD("id",                  FT_OBJECTID,     FIELD_READONLY | FIELD_SORTABLE,                                        OP_EQ | OP_IN,        .bson = "_id"),
    FIELD("name",                FT_STRING,       FIELD_REQUIRED | FIELD_STAFF_WRITE | FIELD_SORTABLE | FIELD_SEARCHABLE, OP_EQ | OP_CONTAINS,  .min = 1, .max = 120),
    FIELD("slug",                FT_STRING,       FIELD_STAFF_WRITE | FIELD_LOWER | FIELD_SEARCHABLE,                     OP_EQ,                .min = 2, .max = 60),
    FIELD("icp",                 FT_STRING_MAP,   0,                                                                      0,                    .max = 30),
    FIELD("meetingTypes",        FT_STRING_ARRAY, FIELD_STAFF_WRITE,                                                      OP_EQ | OP_IN,        .max = 50),
    FIELD("email",               FT_EMAIL,        FIELD_NULLABLE | FIELD_LOWER,                                           0),
    FIELD("outcomeCutoffHours",  FT_INT,          FIELD_STAFF_WRITE,                                                      0,                    .min = 1, .max = 720),
    FIELD("lastAppointmentDate", FT_DATE,         FIELD_READONLY | FIELD_NULLABLE | FIELD_SORTABLE,                       OPS_RANGE | OPS_NULL),
    FIELD("totalLeads",          FT_INT,          FIELD_READONLY | FIELD_SORTABLE,                                        OPS_RANGE),
    FIELD("totalAppointments",   FT_INT,          FIELD_READONLY | FIELD_SORTABLE,                                        OPS_RANGE),
    FIELD("returnWindowDays",    FT_INT,          FIELD_STAFF_WRITE,                                                      0,                    .min = 0, .max = 365),
    FIELD("returnCapPercent",    FT_INT,          FIELD_STAFF_WRITE,                                                      0,                    .min = 0, .max = 100),
    FIELD("ledgerBalance",       FT_MONEY,        FIELD_READONLY,                                                         0),
    FIELD("createdAt",           FT_DATE,         FIELD_READONLY | FIELD_SORTABLE,                                        OPS_RANGE),
    FIELD("updatedAt",           FT_DATE,         FIELD_READONLY,                                                         0),
    /* true: save the name although another partner has it (else 409 duplicate_name) */
    FIELD("confirmDuplicateName", FT_BOOL,        FIELD_WRITE_ONLY,                                                       0),
};
// clang-format on

const struct model partners_model = {.name = "partner",
                                     .collection = "partners",
                                     MODEL_FIELDS(fields),
                                     .default_sort = "name",
                                     .default_desc = false};
