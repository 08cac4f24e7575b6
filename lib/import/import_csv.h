/* import_csv.h - CSV files (UTF-8, BOM tolerated, comma or semicolon, RFC 4180 quoting) */
#ifndef PC_IMPORT_CSV_H
#define PC_IMPORT_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"
#include "import/import_table.h"

/* import_csv_delimiter - ';' when the first line (after a BOM) has more semicolons than commas
 * outside quotes, ',' otherwise */
char import_csv_delimiter(const char *data, size_t len);

/* import_csv_read - parse data[0..len) with libcsv and call fn once per record, numbered as a
 * spreadsheet shows the file (record 1 is the header; a quoted field's newlines stay inside its
 * record; blank lines are passed on with no cells, so later numbers still match). CRLF and LF
 * both end records; spaces around unquoted fields are trimmed. A record with a malformed quote
 * is passed with row.problem set and reading goes on at the next line. Bytes are handed over as
 * they are: UTF-8 validation is the caller's. A field over IMPORT_MAX_CELL_CHARS stops the
 * reading as soon as it is seen (validation_failed, detail "file" naming row and column).
 * Returns false when fn stopped the reading, or with err (internal) when out of memory. */
bool import_csv_read(const char *data, size_t len, import_row_fn *fn, void *ctx, struct err *err);

#endif
