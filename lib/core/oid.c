/* oid.c - strict 24-hex ObjectId parsing and formatting over libbson's */
#include "core/oid.h"

#include <string.h>

bool
oid_parse(const char *s, size_t len, bson_oid_t *oid)
{
    if (s == NULL || len != OID_HEX_LEN || !bson_oid_is_valid(s, len))
        return false;
    bson_oid_init_from_string(oid, s);
    return true;
}

bool
oid_parse_str(const char *s, bson_oid_t *oid)
{
    return s != NULL && oid_parse(s, strnlen(s, OID_STR_SIZE), oid);
}

void
oid_format(const bson_oid_t *oid, char out[OID_STR_SIZE])
{
    bson_oid_to_string(oid, out);
}
