/* leads_table.c - the leads table. dealStatus changes go through lead_status.c (transition rules);
 * scheduledDate is derived from the meetings; partnerName is a copy for lists. */
#include "model/tables.h"

const char *const lead_statuses[] = {
    "new",          "scheduled",         "in_touch",          "won",
    "lost_no_show", "lost_disqualified", "lost_no_potential", NULL};
static const char *const sources[] = {"manual", "import", "chilipiper", "hubspot", NULL};

#define TEXT (FIELD_NULLABLE)
#define TEXT_FILTER (OP_EQ | OP_CONTAINS | OPS_NULL)

// clang-format off
static const struct field fields[] = {
    /*    API name, type, flags, filter operators, then what differs from the default */
    FIELD("id",               FT_OBJECTID, FIELD_READONLY | FIELD_SORTABLE,                                  OP_EQ | OP_IN,              .bson = "_id"),
    FIELD("email",            FT_EMAIL,    FIELD_REQUIRED | FIELD_LOWER | FIELD_SORTABLE | FIELD_SEARCHABLE, OPS_EQUALITY | OP_CONTAINS),
    FIELD("partner",          FT_OBJECTID, FIELD_STAFF_WRITE,                                                OP_EQ | OP_IN | OP_NOT_IN),
    FIELD("partnerName",      FT_STRING,   FIELD_READONLY,                                                   0),
    FIELD("dealStatus",       FT_ENUM,     FIELD_STAFF_WRITE | FIELD_SORTABLE,                               OPS_EQUALITY,               .values = lead_statuses),
    FIELD("scheduledDate",    FT_DATE,     FIELD_READONLY | FIELD_NULLABLE | FIELD_SORTABLE,                 OPS_RANGE | OPS_NULL),
    FIELD("firstName",        FT_STRING,   TEXT | FIELD_SEARCHABLE,                                          TEXT_FILTER,                .max = 100),
    FIELD("lastName",         FT_STRING,   TEXT | FIELD_SEARCHABLE,                                          TEXT_FILTER,                .max = 100),
    FIELD("phone",            FT_STRING,   TEXT | FIELD_SEARCHABLE | FIELD_SEARCH_DIGITS,                    0,                          .max = 40),
    FIELD("company",          FT_STRING,   TEXT | FIELD_SORTABLE | FIELD_SEARCHABLE,                         TEXT_FILTER,                .max = 200),
    FIELD("jobTitle",         FT_STRING,   TEXT,                                                             0,                          .max = 200),
    FIELD("country",          FT_STRING,   TEXT,                                                             OP_EQ | OP_IN,              .max = 100),
    FIELD("industry",         FT_STRING,   TEXT,                                                             OP_EQ | OP_IN,              .max = 100),
    FIELD("companySize",      FT_STRING,   TEXT,                                                             OP_EQ | OP_IN,              .max = 50),
    FIELD("meetingType",      FT_STRING,   TEXT,                                                             OP_EQ | OP_IN,              .max = 100),
    FIELD("salesManager",     FT_STRING,   TEXT | FIELD_SORTABLE,                                            OPS_EQUALITY | OPS_NULL,    .max = 100),
    FIELD("dealAmount",       FT_MONEY,    FIELD_NULLABLE,                                                   0,                          .max = 100000000000LL),
    FIELD("hubspotContactId", FT_STRING,   FIELD_NULLABLE | FIELD_STAFF_READ,                                OP_EQ,                      .max = 40),
    FIELD("wonAt",            FT_DATE,     FIELD_READONLY | FIELD_NULLABLE,                                  OPS_RANGE | OPS_NULL),
    FIELD("source",           FT_ENUM,     FIELD_READONLY,                                                   OP_EQ | OP_IN,              .values = sources),
    FIELD("anonymisedAt",     FT_DATE,     FIELD_READONLY | FIELD_NULLABLE,                                  0),
    FIELD("createdAt",        FT_DATE,     FIELD_READONLY | FIELD_SORTABLE,                                  OPS_RANGE),
    FIELD("updatedAt",        FT_DATE,     FIELD_READONLY | FIELD_SORTABLE,                                  OPS_RANGE),
};
// clang-format on

const struct model leads_model = {.name = "lead",
                                  .collection = "leads",
                                  MODEL_FIELDS(fields),
                                  .default_sort = "createdAt",
                                  .default_desc = true,
                                  .terms = "searchTerms"};
