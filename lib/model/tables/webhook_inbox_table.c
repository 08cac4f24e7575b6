/* webhook_inbox_table.c - the webhook inbox: every HubSpot and ChiliPiper delivery of the last 7
 * days and what became of it (written by the workers, webhook_inbox.c); the raw bodies live in
 * webhook_payloads, so a page of the list stays small */
#include "model/tables.h"

const char *const webhook_providers[] = {"hubspot", "chilipiper", "stripe", NULL};
const char *const webhook_statuses[] = {"received", "processed", "ignored", "failed", NULL};

// clang-format off
static const struct field fields[] = {
    /*    API name, type, flags, filter operators, then what differs from the default */
    FIELD("id",          FT_OBJECTID,     FIELD_READONLY | FIELD_SORTABLE,                 OP_EQ | OP_IN,  .bson = "_id"),
    FIELD("provider",    FT_ENUM,         FIELD_READONLY,                                  OP_EQ,          .values = webhook_providers),
    FIELD("kind",        FT_STRING,       FIELD_READONLY,                                  0),
    FIELD("status",      FT_ENUM,         FIELD_READONLY,                                  OPS_EQUALITY,   .values = webhook_statuses),
    FIELD("receivedAt",  FT_DATE,         FIELD_READONLY | FIELD_SORTABLE,                 OPS_RANGE),
    FIELD("processedAt", FT_DATE,         FIELD_READONLY | FIELD_NULLABLE,                 0),
    FIELD("attempts",    FT_INT,          FIELD_READONLY,                                  0),
    FIELD("replays",     FT_INT,          FIELD_READONLY,                                  0),
    FIELD("events",      FT_INT,          FIELD_READONLY,                                  0),
    FIELD("applied",     FT_INT,          FIELD_READONLY,                                  0),
    FIELD("summary",     FT_STRING,       FIELD_READONLY | FIELD_NULLABLE,                 0),
    FIELD("error",       FT_STRING,       FIELD_READONLY | FIELD_NULLABLE,                 0),
    FIELD("errors",      FT_STRING_ARRAY, FIELD_READONLY,                                  0),
    FIELD("updatedAt",   FT_DATE,         FIELD_READONLY,                                  0),
};
// clang-format on

const struct model webhook_inbox_model = {.name = "webhookDelivery",
                                          .collection = "webhook_inbox",
                                          MODEL_FIELDS(fields),
                                          .default_sort = "receivedAt",
                                          .default_desc = true};
