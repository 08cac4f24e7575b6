/* cron_runs_table.c - the record of every cron job run (cron_runs.c): when, how it ended, its
 * figures and errors; listed for the owner by GET /admin/cron-runs */
#include "model/tables.h"

const char *const cron_run_statuses[] = {"ok", "failed", "skipped", NULL};

// clang-format off
static const struct field fields[] = {
    /*    API name, type, flags, filter operators, then what differs from the default */
    FIELD("id",         FT_OBJECTID,     FIELD_READONLY | FIELD_SORTABLE,                 OP_EQ,          .bson = "_id"),
    FIELD("job",        FT_STRING,       FIELD_READONLY,                                  OP_EQ,          .max = 64),
    FIELD("day",        FT_STRING,       FIELD_READONLY | FIELD_NULLABLE,                 OP_EQ,          .max = 10),
    FIELD("status",     FT_ENUM,         FIELD_READONLY,                                  OPS_EQUALITY,   .values = cron_run_statuses),
    FIELD("startedAt",  FT_DATE,         FIELD_READONLY | FIELD_SORTABLE,                 OPS_RANGE),
    FIELD("finishedAt", FT_DATE,         FIELD_READONLY | FIELD_NULLABLE,                 0),
    FIELD("counts",     FT_OBJECT,       FIELD_READONLY,                                  0),
    FIELD("errors",     FT_STRING_ARRAY, FIELD_READONLY,                                  0,              .max = 100),
};
// clang-format on

const struct model cron_runs_model = {.name = "cronRunRecord",
                                      .collection = "cron_runs",
                                      MODEL_FIELDS(fields),
                                      .default_sort = "startedAt",
                                      .default_desc = true};
