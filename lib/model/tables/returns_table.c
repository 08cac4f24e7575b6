/* returns_table.c - lead returns (returns.c): a partner's user asks to return a lead with a
 * B2B reason within the partner's window; staff approve (return_credit.h: a Stripe credit note
 * for what a paid invoice charged, a return_credit line on the ledger for the rest) or reject,
 * with a note */
#include "model/tables.h"

const char *const return_reasons[] = {"outside_icp", "already_in_crm",     "not_decision_maker",
                                      "no_show",     "wrong_contact_data", "duplicate",
                                      NULL};
const char *const return_statuses[] = {"requested", "approved", "rejected", NULL};

/* a Stripe credit note that gave back (part of) the charge on a paid invoice */
// clang-format off
static const struct field credit_note[] = {
    FIELD("id",            FT_STRING,   FIELD_READONLY, 0, .max = 128),
    FIELD("number",        FT_STRING,   FIELD_READONLY, 0, .max = 64),
    FIELD("invoice",       FT_OBJECTID, FIELD_READONLY, 0),
    FIELD("invoiceNumber", FT_STRING,   FIELD_READONLY, 0, .max = 64),
    FIELD("amount",        FT_MONEY,    FIELD_READONLY, 0),
};
// clang-format on
static const struct model credit_note_ref = {.name = "returnCreditNote", MODEL_FIELDS(credit_note)};

// clang-format off
static const struct field fields[] = {
    /*    API name, type, flags, filter operators, then what differs from the default */
    FIELD("id",           FT_OBJECTID, FIELD_READONLY | FIELD_SORTABLE,  OP_EQ,         .bson = "_id"),
    FIELD("lead",         FT_OBJECTID, FIELD_READONLY,                   OP_EQ),
    FIELD("partner",      FT_OBJECTID, FIELD_READONLY,                   OP_EQ),
    FIELD("leadEmail",    FT_EMAIL,    FIELD_READONLY,                   0),
    FIELD("reason",       FT_ENUM,     FIELD_READONLY,                   OP_EQ,         .values = return_reasons),
    FIELD("note",         FT_TEXT,     FIELD_READONLY,                   0,             .min = 1, .max = 2000),
    FIELD("status",       FT_ENUM,     FIELD_READONLY,                   OP_EQ | OP_IN, .values = return_statuses),
    FIELD("requestedBy",  FT_OBJECTID, FIELD_READONLY | FIELD_NULLABLE,  0),
    FIELD("requestedByName", FT_STRING, FIELD_READONLY,                  0,             .max = 200),
    FIELD("decidedBy",    FT_OBJECTID, FIELD_READONLY | FIELD_NULLABLE,  0),
    FIELD("decidedAt",    FT_DATE,     FIELD_READONLY | FIELD_NULLABLE,  0),
    FIELD("decisionNote", FT_TEXT,     FIELD_READONLY | FIELD_NULLABLE,  0,             .max = 2000),
    FIELD("creditAmount", FT_MONEY,    FIELD_READONLY | FIELD_NULLABLE,  0),
    FIELD("creditNotes",  FT_OBJECT_ARRAY, FIELD_READONLY,               0,             .sub = &credit_note_ref, .max = 4),
    FIELD("createdAt",    FT_DATE,     FIELD_READONLY | FIELD_SORTABLE,  OPS_RANGE),
};
// clang-format on

const struct model returns_model = {.name = "leadReturn",
                                    .collection = "returns",
                                    MODEL_FIELDS(fields),
                                    .default_sort = "createdAt",
                                    .default_desc = true};
