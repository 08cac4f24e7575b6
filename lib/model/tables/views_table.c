/* views_table.c - saved views of the leads list: a name, the list's URL query (filter, search,
 * sort as the client writes them), the visible columns, shared with the owner's partner (staff:
 * with all staff) or not */
#include "model/tables.h"

#define REQ FIELD_REQUIRED
#define RO FIELD_READONLY

/* the columns of the leads list a view may show */
const char *const view_columns[] = {
    "name",         "email",       "company", "partnerName", "dealStatus", "scheduledDate",
    "salesManager", "meetingType", "source",  "createdAt",   NULL};

// clang-format off
static const struct field fields[] = {
    /*    API name, type, flags, filter operators, then what differs from the default */
    FIELD("id",        FT_OBJECTID,     RO,  0, .bson = "_id"),
    FIELD("name",      FT_STRING,       REQ, 0, .min = 1, .max = 80),
    FIELD("query",     FT_STRING_MAP,   REQ, 0, .max = 20),
    FIELD("columns",   FT_STRING_ARRAY, 0,   0, .max = 10, .values = view_columns),
    FIELD("shared",    FT_BOOL,         0,   0),
    FIELD("owner",     FT_OBJECTID,     RO,  0),
    FIELD("ownerName", FT_STRING,       RO,  0),
    FIELD("createdAt", FT_DATE,         RO,  0),
};
static const struct field list[] = {
    FIELD("list", FT_OBJECT_ARRAY, REQ, 0, .sub = &views_model),
};
// clang-format on

const struct model views_model = {.name = "view", .collection = "views", MODEL_FIELDS(fields)};
const struct model view_list_reply = {.name = "viewList", MODEL_FIELDS(list)};
