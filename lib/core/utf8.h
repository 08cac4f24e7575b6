/* utf8.h - UTF-8 validation and code point counting for length limits */
#ifndef PC_UTF8_H
#define PC_UTF8_H

#include <stddef.h>

enum utf8_status {
    UTF8_OK = 0,
    UTF8_INVALID, /* malformed, overlong, surrogate or above U+10FFFF */
    UTF8_NUL,     /* a NUL byte (json-c turns "\u0000" into one) */
};

/* utf8_check - validate s[0..len) (RFC 3629) and store its number of code points in *count
 * (count may be NULL). Returns the first problem found scanning from the start; *count is
 * meaningful only for UTF8_OK. */
enum utf8_status utf8_check(const char *s, size_t len, size_t *count);

#endif
