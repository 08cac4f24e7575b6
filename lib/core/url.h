/* url.h - decoding of URL query components */
#ifndef PC_URL_H
#define PC_URL_H

#include <stdbool.h>
#include <stddef.h>

/* url_decode - decode %XX and '+' of a query component into out (cap bytes); false on overflow
 * or on a NUL byte */
bool url_decode(const char *in, size_t len, char *out, size_t cap);

#endif
