/* users_table.c - the users table: what the API shows and accepts. Secrets (password and token
 * hashes) are not in it, so they can never be read or written through the API. */
#include "model/tables.h"

static const char *const roles[] = {"owner", "admin", "user", NULL};
static const char *const statuses[] = {"invited", "active", NULL};

// clang-format off
static const struct field fields[] = {
    /*    API name, type, flags, filter operators, then what differs from the default */
    FIELD("id",           FT_OBJECTID, FIELD_READONLY | FIELD_SORTABLE,                                  OP_EQ | OP_IN,              .bson = "_id"),
    FIELD("email",        FT_EMAIL,    FIELD_REQUIRED | FIELD_CREATE_ONLY | FIELD_LOWER | FIELD_SORTABLE | FIELD_SEARCHABLE, OPS_EQUALITY | OP_CONTAINS),
    FIELD("name",         FT_STRING,   FIELD_SORTABLE | FIELD_SEARCHABLE,                                OP_EQ | OP_CONTAINS,        .min = 1, .max = 100),
    FIELD("role",         FT_ENUM,     FIELD_REQUIRED | FIELD_SORTABLE,                                  OPS_EQUALITY,               .values = roles),
    FIELD("partner",      FT_OBJECTID, FIELD_NULLABLE | FIELD_STAFF_WRITE,                               OP_EQ | OP_IN | OPS_NULL),
    FIELD("isActive",     FT_BOOL,     FIELD_READONLY,                                                   OP_EQ),
    FIELD("status",       FT_ENUM,     FIELD_READONLY,                                                   OP_EQ | OP_IN,              .values = statuses),
    FIELD("lastSignInAt", FT_DATE,     FIELD_READONLY | FIELD_NULLABLE,                                  0),
    FIELD("createdAt",    FT_DATE,     FIELD_READONLY | FIELD_SORTABLE,                                  OPS_RANGE),
    FIELD("updatedAt",    FT_DATE,     FIELD_READONLY,                                                   0),
};
// clang-format on

const struct model users_model = {.name = "user",
                                  .collection = "users",
                                  MODEL_FIELDS(fields),
                                  .default_sort = "createdAt",
                                  .default_desc = true,
                                  .terms = "searchTerms"};
