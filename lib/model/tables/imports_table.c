/* imports_table.c - lead imports (imports.c): one document per upload that was started, with
 * who started it, the file, the partner, the job's status and counters; the history list */
#include "model/tables.h"

const char *const import_statuses[] = {"queued", "running", "done", "failed", NULL};

// clang-format off
static const struct field fields[] = {
    /*    API name, type, flags, filter operators, then what differs from the default */
    FIELD("id",            FT_OBJECTID, FIELD_READONLY | FIELD_SORTABLE,  OP_EQ,         .bson = "_id"),
    FIELD("status",        FT_ENUM,     FIELD_READONLY,                   OPS_EQUALITY,  .values = import_statuses),
    FIELD("filename",      FT_STRING,   FIELD_READONLY,                   0,             .max = 1000),
    FIELD("partner",       FT_OBJECTID, FIELD_READONLY | FIELD_NULLABLE,  OP_EQ),
    FIELD("partnerName",   FT_STRING,   FIELD_READONLY,                   0,             .max = 200),
    FIELD("startedBy",     FT_OBJECTID, FIELD_READONLY | FIELD_NULLABLE,  0),
    FIELD("startedByName", FT_STRING,   FIELD_READONLY,                   0,             .max = 200),
    FIELD("total",         FT_INT,      FIELD_READONLY,                   0),
    FIELD("processed",     FT_INT,      FIELD_READONLY,                   0),
    FIELD("created",       FT_INT,      FIELD_READONLY,                   0),
    FIELD("updated",       FT_INT,      FIELD_READONLY,                   0),
    FIELD("skipped",       FT_INT,      FIELD_READONLY,                   0),
    FIELD("failed",        FT_INT,      FIELD_READONLY,                   0),
    FIELD("createdAt",     FT_DATE,     FIELD_READONLY | FIELD_SORTABLE,  OPS_RANGE),
    FIELD("finishedAt",    FT_DATE,     FIELD_READONLY | FIELD_NULLABLE,  0),
};
// clang-format on

const struct model imports_model = {.name = "importRecord",
                                    .collection = "imports",
                                    MODEL_FIELDS(fields),
                                    .default_sort = "createdAt",
                                    .default_desc = true};
