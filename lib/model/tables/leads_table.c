/* leads_table.c - the leads table. dealStatus changes go through lead_status.c (transition rules);
 * scheduledDate is derived from the meetings; partnerName is a copy for lists. */
#include "model/tables.h"

const char *const lead_statuses[] = {
    "new",          "scheduled",         "in_touch",          "won",
    "lost_no_show", "lost_disqualified", "lost_no_potential", NULL};
static const char *const sources[] = {"manual", "import", "chilipiper", "hubspot", NULL};

#define TEXT (FIELD_NULLABLE)
#define TEXT_FILTER (OP_EQ | OP_CONTAINS | OPS_NULL)

static const struct field fields[] = {
    {"id", "_id", FT_OBJECTID, FIELD_READONLY | FIELD_SORTABLE, 0, 0, OP_EQ | OP_IN, NULL},
    {"email", NULL, FT_EMAIL, FIELD_REQUIRED | FIELD_LOWER | FIELD_SORTABLE | FIELD_SEARCHABLE, 0,
     0, OPS_EQUALITY | OP_CONTAINS, NULL},
    {"partner", NULL, FT_OBJECTID, FIELD_STAFF_WRITE, 0, 0, OP_EQ | OP_IN | OP_NOT_IN, NULL},
    {"partnerName", NULL, FT_STRING, FIELD_READONLY, 0, 0, 0, NULL},
    {"dealStatus", NULL, FT_ENUM, FIELD_STAFF_WRITE | FIELD_SORTABLE, 0, 0, OPS_EQUALITY,
     lead_statuses},
    {"scheduledDate", NULL, FT_DATE, FIELD_READONLY | FIELD_NULLABLE | FIELD_SORTABLE, 0, 0,
     OPS_RANGE | OPS_NULL, NULL},
    {"firstName", NULL, FT_STRING, TEXT | FIELD_SEARCHABLE, 0, 100, TEXT_FILTER, NULL},
    {"lastName", NULL, FT_STRING, TEXT | FIELD_SEARCHABLE, 0, 100, TEXT_FILTER, NULL},
    {"phone", NULL, FT_STRING, TEXT, 0, 40, 0, NULL},
    {"company", NULL, FT_STRING, TEXT | FIELD_SORTABLE | FIELD_SEARCHABLE, 0, 200, TEXT_FILTER,
     NULL},
    {"jobTitle", NULL, FT_STRING, TEXT, 0, 200, 0, NULL},
    {"country", NULL, FT_STRING, TEXT, 0, 100, OP_EQ | OP_IN, NULL},
    {"industry", NULL, FT_STRING, TEXT, 0, 100, OP_EQ | OP_IN, NULL},
    {"companySize", NULL, FT_STRING, TEXT, 0, 50, OP_EQ | OP_IN, NULL},
    {"meetingType", NULL, FT_STRING, TEXT, 0, 100, OP_EQ | OP_IN, NULL},
    {"salesManager", NULL, FT_STRING, TEXT | FIELD_SORTABLE, 0, 100, OPS_EQUALITY | OPS_NULL, NULL},
    {"dealAmount", NULL, FT_MONEY, FIELD_NULLABLE, 0, 100000000000LL, 0, NULL},
    {"hubspotContactId", NULL, FT_STRING, FIELD_NULLABLE | FIELD_STAFF_READ, 0, 40, OP_EQ, NULL},
    {"wonAt", NULL, FT_DATE, FIELD_READONLY | FIELD_NULLABLE, 0, 0, OPS_RANGE | OPS_NULL, NULL},
    {"source", NULL, FT_ENUM, FIELD_READONLY, 0, 0, OP_EQ | OP_IN, sources},
    {"createdAt", NULL, FT_DATE, FIELD_READONLY | FIELD_SORTABLE, 0, 0, OPS_RANGE, NULL},
    {"updatedAt", NULL, FT_DATE, FIELD_READONLY | FIELD_SORTABLE, 0, 0, OPS_RANGE, NULL},
};

const struct model leads_model = {"lead", "leads", MODEL_FIELDS(fields), "createdAt", true};
