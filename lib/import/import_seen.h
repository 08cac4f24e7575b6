/* import_seen.h - the e-mails met so far in a file, with the row and partner of the first */
#ifndef PC_IMPORT_SEEN_H
#define PC_IMPORT_SEEN_H

#include <stdbool.h>

#include "core/oid.h"

struct import_seen;

/* import_seen_new - an empty set; NULL when out of memory. import_seen_free(NULL) is a no-op. */
struct import_seen *import_seen_new(void);
void import_seen_free(struct import_seen *s);

/* import_seen_add - remember email (compared as given: pass it lower-cased) with its row and
 * partner. When it was met before, returns false and fills *first_row and first_partner from
 * that first time; true when it is new (or when memory ran out: then it is not remembered). */
bool import_seen_add(struct import_seen *s, const char *email, long row, const char *partner,
                     long *first_row, char first_partner[OID_STR_SIZE]);

/* import_seen_find - whether email is in s; fills partner (may be NULL) with its partner */
bool import_seen_find(const struct import_seen *s, const char *email, char partner[OID_STR_SIZE]);

#endif
