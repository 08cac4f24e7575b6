/* reminder_replies_table.c - the bodies and answers of the reminder e-mail's links (magic
 * sign-in), for /api/openapi.json; the API suite checks every answer against them */
#include "model/tables.h"

#define REQ FIELD_REQUIRED

// clang-format off
static const struct field token[] = {
    FIELD("token", FT_STRING, REQ, 0, .min = 1, .max = 63),
};
// clang-format on

const struct model token_body = {.name = "linkTokenBody", MODEL_FIELDS(token)};
