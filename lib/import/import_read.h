/* import_read.h - an uploaded file's rows, whatever its format (CSV or XLSX, told by content) */
#ifndef PC_IMPORT_READ_H
#define PC_IMPORT_READ_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"
#include "import/import_table.h"

/* import_read - tell the format from the first bytes (a zip archive is XLSX, anything else must
 * be text) and stream the rows to fn. validation_failed (detail "file") for an empty file, a
 * legacy .xls, UTF-16 text, binary data (NUL bytes) or a workbook that cannot be read. Returns
 * false without touching err when fn stopped the reading. */
bool import_read(const char *data, size_t len, import_row_fn *fn, void *ctx, struct err *err);

#endif
