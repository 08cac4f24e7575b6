/* import_xlsx.h - XLSX workbooks (Office Open XML): the first sheet's cells, row by row */
#ifndef PC_IMPORT_XLSX_H
#define PC_IMPORT_XLSX_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"
#include "import/import_table.h"

#define IMPORT_XLSX_MAX_UNPACKED (200L * 1024 * 1024) /* bytes read out of the zip, all parts */

/* import_xlsx_read - open the zip in data[0..len) (libzip, in memory), read the shared strings
 * (rich-text runs joined, phonetic runs left out), the date formats of the cell styles and the
 * date system, find the first sheet through xl/workbook.xml and its relationships, and stream
 * that sheet's rows to fn: cells placed by their references (A1, AA10; gaps stay CELL_EMPTY),
 * types s, inlineStr, str, e as text, b as TRUE/FALSE, n as numbers, or as ISO dates when the
 * style is a date format. Reads at most IMPORT_XLSX_MAX_UNPACKED bytes (zip bombs) and refuses
 * DOCTYPE and entity declarations (entity expansion). Returns false with err validation_failed
 * (detail "file") when the workbook cannot be read, or without touching err when fn stopped. */
bool import_xlsx_read(const char *data, size_t len, import_row_fn *fn, void *ctx, struct err *err);

/* import_xlsx_read_max - the same with another limit of unpacked bytes (tests use a small one) */
bool import_xlsx_read_max(const char *data, size_t len, long max_unpacked, import_row_fn *fn,
                          void *ctx, struct err *err);

#endif
