/* setup.h - idempotent start-up work: indexes and the first owner (pc-api --setup) */
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

#endif
