/* invoices_table.c - the invoices (invoices_run.c, invoices.c): one per partner and billing
 * period (the unique key), or a one-off manual charge; made from the ledger and sent through
 * Stripe; amounts in integer cents; status lower case (DESIGN §7.11) */
#include "model/tables.h"

const char *const invoice_statuses[] = {"draft", "open",          "paid", "failed",
                                        "void",  "uncollectible", NULL};
const char *const invoice_kinds[] = {"monthly", "manual", NULL};

// clang-format off
static const struct field fields[] = {
    /*    API name, type, flags, filter operators, then what differs from the default */
    FIELD("id",               FT_OBJECTID, FIELD_READONLY | FIELD_SORTABLE,                  OP_EQ,          .bson = "_id"),
    FIELD("partner",          FT_OBJECTID, FIELD_READONLY,                                   OP_EQ),
    FIELD("partnerName",      FT_STRING,   FIELD_READONLY | FIELD_SORTABLE,                  0,              .max = 120),
    FIELD("kind",             FT_ENUM,     FIELD_READONLY,                                   OP_EQ,          .values = invoice_kinds),
    FIELD("period",           FT_STRING,   FIELD_READONLY | FIELD_SORTABLE,                  OP_EQ,          .max = 7, .pattern = "^[0-9]{4}-[0-9]{2}$"),
    FIELD("status",           FT_ENUM,     FIELD_READONLY,                                   OP_EQ | OP_IN,  .values = invoice_statuses),
    FIELD("amount",           FT_MONEY,    FIELD_READONLY | FIELD_SORTABLE,                  0),
    FIELD("currency",         FT_STRING,   FIELD_READONLY,                                   0,              .min = 3, .max = 3),
    FIELD("lineCount",        FT_INT,      FIELD_READONLY,                                   0,              .min = 0, .max = 1000000),
    FIELD("description",      FT_STRING,   FIELD_READONLY | FIELD_NULLABLE,                  0,              .max = 500),
    FIELD("number",           FT_STRING,   FIELD_READONLY | FIELD_NULLABLE,                  0,              .max = 100),
    FIELD("stripeInvoiceId",  FT_STRING,   FIELD_READONLY | FIELD_NULLABLE | FIELD_STAFF_READ, 0,            .max = 255),
    FIELD("hostedInvoiceUrl", FT_STRING,   FIELD_READONLY | FIELD_NULLABLE,                  0,              .max = 2000, .format = "uri"),
    FIELD("invoicePdf",       FT_STRING,   FIELD_READONLY | FIELD_NULLABLE,                  0,              .max = 2000, .format = "uri"),
    FIELD("dueDate",          FT_DATE,     FIELD_READONLY | FIELD_NULLABLE | FIELD_SORTABLE, 0),
    FIELD("paidAt",           FT_DATE,     FIELD_READONLY | FIELD_NULLABLE,                  0),
    FIELD("lastError",        FT_STRING,   FIELD_READONLY | FIELD_NULLABLE | FIELD_STAFF_READ, 0,            .max = 500),
    FIELD("createdAt",        FT_DATE,     FIELD_READONLY | FIELD_SORTABLE,                  OPS_RANGE),
    FIELD("updatedAt",        FT_DATE,     FIELD_READONLY,                                   0),
};
// clang-format on

const struct model invoices_model = {.name = "invoice",
                                     .collection = "invoices",
                                     MODEL_FIELDS(fields),
                                     .default_sort = "createdAt",
                                     .default_desc = true};
