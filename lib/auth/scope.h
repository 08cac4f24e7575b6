/* scope.h - partner scoping of data: what a principal may see, decided here for every query */
#ifndef PC_SCOPE_H
#define PC_SCOPE_H

#include <bson/bson.h>
#include <stdbool.h>

#include "core/principal.h"

/* scope_filter - into out (initialised here): {} for staff and the system, {field: partner}
 * for a principal bound to a partner, and a condition nothing matches for anyone else */
void scope_filter(const struct principal *p, const char *field, bson_t *out);

/* scope_allows - p may see records of partner_id ("" = no partner: staff only) */
bool scope_allows(const struct principal *p, const char *partner_id);

/* scope_trusted - staff or the system: may act on every partner */
bool scope_trusted(const struct principal *p);

#endif
