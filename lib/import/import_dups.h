/* import_dups.h - duplicates of a dry run: e-mails repeated in the file or already leads */
#ifndef PC_IMPORT_DUPS_H
#define PC_IMPORT_DUPS_H

#include <stdbool.h>

#include "core/err.h"
#include "import/import_upload.h"

/* import_dups_check - an import_flush_fn: for each row of u's batch, an entry in u->dups
 * {row, email, existingPartner, samePartner, firstRow} when its e-mail came earlier in the file
 * (firstRow: that row, existingPartner: its partner) or belongs to a lead (firstRow null,
 * existingPartner: the lead's partner or null). One leads query per batch ($in), or none once
 * every lead has been read (when that became the cheaper plan: see import_dups.c). */
bool import_dups_check(struct import_upload *u, struct err *err);

#endif
