/* setup.h - idempotent start-up work: indexes, the first owner and the search terms' backfill
 * (pc-api --setup) */
#ifndef PC_SETUP_H
#define PC_SETUP_H

#include <stdbool.h>

#include "app.h"
#include "core/err.h"

/* setup_indexes - create the declared indexes (on FerretDB engines the unique ones only);
 * existing ones are left alone */
bool setup_indexes(struct app *app, struct err *err);

/* setup_owner - create the owner from INITIAL_OWNER_* when no owner exists yet; never
 * changes an existing owner. *created tells whether one was made. */
bool setup_owner(struct app *app, bool *created, struct err *err);

/* setup_search_terms - the search terms of every lead and user that has none yet (written
 * before they were kept); *n receives how many got them. Only the database's codes. */
bool setup_search_terms(struct app *app, long *n, struct err *err);

#endif
