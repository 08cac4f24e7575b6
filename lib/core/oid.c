/* oid.c - strict 24-hex ObjectId parsing and formatting */
#include "core/oid.h"

static int
hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

bool
oid_parse(const char *s, size_t len, bson_oid_t *oid)
{
    uint8_t bytes[12];

    if (s == NULL || len != OID_HEX_LEN)
        return false;
    for (size_t i = 0; i < 12; i++) {
        int hi = hex_value(s[2 * i]), lo = hex_value(s[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return false;
        bytes[i] = (uint8_t)(hi << 4 | lo);
    }
    bson_oid_init_from_data(oid, bytes);
    return true;
}

void
oid_format(const bson_oid_t *oid, char out[OID_STR_SIZE])
{
    static const char hex[] = "0123456789abcdef";

    for (size_t i = 0; i < 12; i++) {
        out[2 * i] = hex[oid->bytes[i] >> 4];
        out[2 * i + 1] = hex[oid->bytes[i] & 0x0F];
    }
    out[OID_HEX_LEN] = '\0';
}
