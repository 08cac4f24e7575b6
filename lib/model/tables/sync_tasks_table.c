/* sync_tasks_table.c - runs of the bulk HubSpot contact sync and of the ChiliPiper
 * reconciliation: status, progress and counts (domain.md §2.8; written by their jobs) */
#include "model/tables.h"

const char *const sync_task_kinds[] = {"hubspot-contacts", "chilipiper-reconcile", NULL};
const char *const sync_task_statuses[] = {"queued", "running", "done", "failed", NULL};

// clang-format off
static const struct field fields[] = {
    /*    API name, type, flags, filter operators, then what differs from the default */
    FIELD("id",          FT_OBJECTID,     FIELD_READONLY | FIELD_SORTABLE,  OP_EQ | OP_IN,  .bson = "_id"),
    FIELD("kind",        FT_ENUM,         FIELD_READONLY,                   OP_EQ,          .values = sync_task_kinds),
    FIELD("status",      FT_ENUM,         FIELD_READONLY,                   OPS_EQUALITY,   .values = sync_task_statuses),
    FIELD("trigger",     FT_STRING,       FIELD_READONLY,                   0),
    FIELD("requestedBy", FT_OBJECTID,     FIELD_READONLY | FIELD_NULLABLE,  0),
    FIELD("since",       FT_DATE,         FIELD_READONLY | FIELD_NULLABLE,  0),
    FIELD("total",       FT_INT,          FIELD_READONLY | FIELD_NULLABLE,  0),
    FIELD("processed",   FT_INT,          FIELD_READONLY,                   0),
    FIELD("created",     FT_INT,          FIELD_READONLY,                   0),
    FIELD("updated",     FT_INT,          FIELD_READONLY,                   0),
    FIELD("unchanged",   FT_INT,          FIELD_READONLY,                   0),
    FIELD("skipped",     FT_INT,          FIELD_READONLY,                   0),
    FIELD("failed",      FT_INT,          FIELD_READONLY,                   0),
    FIELD("pages",       FT_INT,          FIELD_READONLY,                   0),
    FIELD("errors",      FT_STRING_ARRAY, FIELD_READONLY,                   0),
    FIELD("error",       FT_STRING,       FIELD_READONLY | FIELD_NULLABLE,  0),
    FIELD("createdAt",   FT_DATE,         FIELD_READONLY | FIELD_SORTABLE,  OPS_RANGE),
    FIELD("startedAt",   FT_DATE,         FIELD_READONLY | FIELD_NULLABLE,  0),
    FIELD("finishedAt",  FT_DATE,         FIELD_READONLY | FIELD_NULLABLE,  0),
    FIELD("updatedAt",   FT_DATE,         FIELD_READONLY,                   0),
};
// clang-format on

const struct model sync_tasks_model = {.name = "syncTask",
                                       .collection = "sync_tasks",
                                       MODEL_FIELDS(fields),
                                       .default_sort = "createdAt",
                                       .default_desc = true};
