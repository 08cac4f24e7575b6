/* users_table.c - the users table: what the API shows and accepts. Secrets (password and token
 * hashes) are not in it, so they can never be read or written through the API. */
#include "model/tables.h"

static const char *const roles[] = {"owner", "admin", "user", NULL};
static const char *const statuses[] = {"invited", "active", NULL};

static const struct field fields[] = {
    {"id", "_id", FT_OBJECTID, FIELD_READONLY | FIELD_SORTABLE, 0, 0, OP_EQ | OP_IN, NULL},
    {"email", NULL, FT_EMAIL, FIELD_REQUIRED | FIELD_LOWER | FIELD_SORTABLE | FIELD_SEARCHABLE, 0,
     0, OPS_EQUALITY | OP_CONTAINS, NULL},
    {"name", NULL, FT_STRING, FIELD_SORTABLE | FIELD_SEARCHABLE, 1, 100, OP_EQ | OP_CONTAINS, NULL},
    {"role", NULL, FT_ENUM, FIELD_REQUIRED | FIELD_SORTABLE, 0, 0, OPS_EQUALITY, roles},
    {"partner", NULL, FT_OBJECTID, FIELD_NULLABLE | FIELD_STAFF_WRITE, 0, 0,
     OP_EQ | OP_IN | OPS_NULL, NULL},
    {"isActive", NULL, FT_BOOL, FIELD_READONLY, 0, 0, OP_EQ, NULL},
    {"status", NULL, FT_ENUM, FIELD_READONLY, 0, 0, OP_EQ | OP_IN, statuses},
    {"lastSignInAt", NULL, FT_DATE, FIELD_READONLY | FIELD_NULLABLE, 0, 0, 0, NULL},
    {"createdAt", NULL, FT_DATE, FIELD_READONLY | FIELD_SORTABLE, 0, 0, OPS_RANGE, NULL},
    {"updatedAt", NULL, FT_DATE, FIELD_READONLY, 0, 0, 0, NULL},
};

const struct model users_model = {"user", "users", MODEL_FIELDS(fields), "createdAt", true};
