/* isotime.h - ISO 8601 UTC timestamps <-> milliseconds since the Unix epoch */
#ifndef PC_ISOTIME_H
#define PC_ISOTIME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ISOTIME_LEN 24 /* "2026-11-24T06:22:53.000Z" */

/* first and last millisecond of years 0000..9999, the range isotime_format can write */
#define ISOTIME_MIN_MS (-62167219200000LL)
#define ISOTIME_MAX_MS (253402300799999LL)

/* isotime_format - write ms as "YYYY-MM-DDTHH:MM:SS.mmmZ" plus a NUL into buf (cap must be at
 * least ISOTIME_LEN + 1). Returns false, leaving buf empty when cap allows, when ms lies
 * outside [ISOTIME_MIN_MS, ISOTIME_MAX_MS] or cap is too small. */
bool isotime_format(int64_t ms, char *buf, size_t cap);

/* isotime_parse - parse s[0..len) into ms since the epoch. Accepted, and nothing else:
 *   YYYY-MM-DD                               (midnight UTC)
 *   YYYY-MM-DDTHH:MM:SS[.f]Z                 f = 1..9 digits, kept to the millisecond
 *   YYYY-MM-DDTHH:MM:SS[.f](+|-)HH:MM        offset up to 23:59, converted to UTC
 * Years 0000..9999 (also after the offset is applied), real month lengths with leap years,
 * hours 00..23, no leap second, upper-case T and Z only.
 * Returns false (and leaves *ms alone) on anything else. */
bool isotime_parse(const char *s, size_t len, int64_t *ms);

#endif
