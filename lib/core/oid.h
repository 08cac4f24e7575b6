/* oid.h - ObjectIds as the API writes them: exactly 24 hex characters */
#ifndef PC_OID_H
#define PC_OID_H

#include <bson/bson.h>
#include <stdbool.h>
#include <stddef.h>

#define OID_HEX_LEN 24
#define OID_STR_SIZE (OID_HEX_LEN + 1)

/* oid_parse - s[0..len) must be exactly 24 hex digits (either case; nothing before or after).
 * Returns false and leaves *oid alone otherwise. */
bool oid_parse(const char *s, size_t len, bson_oid_t *oid);

/* oid_format - write oid as 24 lower-case hex digits and a NUL into out */
void oid_format(const bson_oid_t *oid, char out[OID_STR_SIZE]);

#endif
