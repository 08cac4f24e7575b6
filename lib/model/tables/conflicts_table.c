/* conflicts_table.c - the assignment conflicts: a booking or an import row for a lead that
 * belongs to another partner (DESIGN §7.3). Written by conflicts_record, resolved by staff. */
#include "model/tables.h"

static const char *const statuses[] = {"open", "kept", "moved", NULL};
static const char *const sources[] = {"chilipiper", "import", NULL};
const char *const conflict_actions[] = {"keep", "move", NULL};

// clang-format off
static const struct field fields[] = {
    /*    API name, type, flags, filter operators, then what differs from the default */
    FIELD("id",                FT_OBJECTID, FIELD_READONLY | FIELD_SORTABLE,                   OP_EQ | OP_IN,  .bson = "_id"),
    FIELD("lead",              FT_OBJECTID, FIELD_READONLY,                                    OP_EQ),
    FIELD("leadEmail",         FT_EMAIL,    FIELD_READONLY | FIELD_SEARCHABLE,                 OP_EQ | OP_CONTAINS),
    FIELD("partner",           FT_OBJECTID, FIELD_READONLY,                                    OP_EQ),
    FIELD("partnerName",       FT_STRING,   FIELD_READONLY,                                    0),
    FIELD("routedPartner",     FT_OBJECTID, FIELD_READONLY,                                    OP_EQ),
    FIELD("routedPartnerName", FT_STRING,   FIELD_READONLY,                                    0),
    FIELD("source",            FT_ENUM,     FIELD_READONLY,                                    OP_EQ | OP_IN,  .values = sources),
    FIELD("meeting",           FT_OBJECTID, FIELD_READONLY | FIELD_NULLABLE,                   0),
    FIELD("import",            FT_OBJECTID, FIELD_READONLY | FIELD_NULLABLE,                   0),
    FIELD("row",               FT_INT,      FIELD_READONLY | FIELD_NULLABLE,                   0,              .min = 0, .max = 10000000),
    FIELD("occurrences",       FT_INT,      FIELD_READONLY,                                    0),
    FIELD("status",            FT_ENUM,     FIELD_READONLY | FIELD_SORTABLE,                   OP_EQ | OP_IN,  .values = statuses),
    FIELD("resolvedAt",        FT_DATE,     FIELD_READONLY | FIELD_NULLABLE,                   0),
    FIELD("resolvedBy",        FT_OBJECTID, FIELD_READONLY | FIELD_NULLABLE,                   0),
    FIELD("createdAt",         FT_DATE,     FIELD_READONLY | FIELD_SORTABLE,                   OPS_RANGE),
    FIELD("updatedAt",         FT_DATE,     FIELD_READONLY | FIELD_SORTABLE,                   0),
};
// clang-format on

const struct model conflicts_model = {.name = "conflict",
                                      .collection = "conflicts",
                                      MODEL_FIELDS(fields),
                                      .default_sort = "createdAt",
                                      .default_desc = true};
