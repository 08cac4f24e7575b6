/* oid.h - ObjectIds as the API writes them: exactly 24 hex characters. The one ObjectId API:
 * nothing else calls bson_oid_is_valid, bson_oid_init_from_string or bson_oid_to_string. */
#ifndef PC_OID_H
#define PC_OID_H

#include <bson/bson.h>
#include <stdbool.h>
#include <stddef.h>

#define OID_HEX_LEN 24
#define OID_STR_SIZE (OID_HEX_LEN + 1) /* every buffer that holds an id in hex */

/* oid_parse - s[0..len) must be exactly 24 hex digits (either case; nothing before or after,
 * no NUL inside: libbson alone would take 25 characters ending in NUL). Returns false and
 * leaves *oid alone otherwise; s may be NULL. */
bool oid_parse(const char *s, size_t len, bson_oid_t *oid);

/* oid_parse_str - oid_parse of a NUL-terminated string (NULL: false) */
bool oid_parse_str(const char *s, bson_oid_t *oid);

/* oid_format - write oid as 24 lower-case hex digits and a NUL into out */
void oid_format(const bson_oid_t *oid, char out[OID_STR_SIZE]);

#endif
