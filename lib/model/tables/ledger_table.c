/* ledger_table.c - the billing ledger (ledger.c): one immutable line per billable fact, in
 * integer cents of the partner's currency, pointing at its lead (and meeting); a correction is
 * a new line. Read by GET /partners/:id/ledger; the monthly invoices are made from it. */
#include "model/tables.h"

const char *const ledger_kinds[] = {
    "qualified_lead", "closed_won_lead", "percentage_of_deal", "meeting_held",   "manual_charge",
    "credit",         "return_credit",   "credit_note",        "carried_credit", NULL};

// clang-format off
static const struct field fields[] = {
    /*    API name, type, flags, filter operators, then what differs from the default */
    FIELD("id",          FT_OBJECTID, FIELD_READONLY | FIELD_SORTABLE,                  OP_EQ,          .bson = "_id"),
    FIELD("partner",     FT_OBJECTID, FIELD_READONLY,                                   0),
    FIELD("kind",        FT_ENUM,     FIELD_READONLY,                                   OP_EQ | OP_IN,  .values = ledger_kinds),
    FIELD("amount",      FT_MONEY,    FIELD_READONLY,                                   0),
    FIELD("currency",    FT_STRING,   FIELD_READONLY,                                   0,              .min = 3, .max = 3),
    FIELD("period",      FT_STRING,   FIELD_READONLY,                                   OP_EQ,          .max = 7, .pattern = "^[0-9]{4}-[0-9]{2}$"),
    FIELD("lead",        FT_OBJECTID, FIELD_READONLY | FIELD_NULLABLE,                  OP_EQ),
    FIELD("meeting",     FT_OBJECTID, FIELD_READONLY | FIELD_NULLABLE,                  0),
    FIELD("rate",        FT_INT,      FIELD_READONLY | FIELD_NULLABLE,                  0,              .min = 0, .max = 100000000),
    FIELD("dealAmount",  FT_MONEY,    FIELD_READONLY | FIELD_NULLABLE,                  0),
    FIELD("description", FT_STRING,   FIELD_READONLY,                                   0,              .max = 500),
    FIELD("createdAt",   FT_DATE,     FIELD_READONLY | FIELD_SORTABLE,                  OPS_RANGE),
};
// clang-format on

const struct model ledger_model = {.name = "ledgerLine",
                                   .collection = "ledger",
                                   MODEL_FIELDS(fields),
                                   .default_sort = "createdAt",
                                   .default_desc = true};
