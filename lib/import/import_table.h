/* import_table.h - what the CSV and XLSX readers hand over: rows of cells, one call per row */
#ifndef PC_IMPORT_TABLE_H
#define PC_IMPORT_TABLE_H

#include <stdbool.h>
#include <stddef.h>

#define IMPORT_MAX_COLUMNS 256 /* cells beyond are dropped; a header wider than this is refused */

/* One cell (CSV field, XLSX value or shared string) holds at most this many characters, Excel's
 * own limit; a lead field has at most a few hundred. A longer one refuses the file at once,
 * naming the cell, so no reader keeps or echoes more. */
#define IMPORT_MAX_CELL_CHARS 32767
#define IMPORT_MAX_CELL_BYTES (4 * IMPORT_MAX_CELL_CHARS) /* the most UTF-8 bytes of such text */

enum import_cell_kind {
    CELL_EMPTY = 0,
    CELL_TEXT,   /* text: CSV fields, XLSX strings, formula results, errors like #N/A */
    CELL_NUMBER, /* XLSX number; text holds it as Excel would show it in General format */
    CELL_DATE,   /* XLSX number with a date format; text holds the ISO date (time) */
    CELL_BOOL,   /* XLSX boolean; text is TRUE or FALSE */
};

struct import_cell {
    enum import_cell_kind kind;
    const char *text; /* NUL-terminated (never NULL), borrowed until the callback returns */
    size_t len;       /* bytes of text; CSV text may hold any bytes, even invalid UTF-8 */
    double number;    /* CELL_NUMBER and CELL_DATE: the value; dates as 1900-system serial days */
};

struct import_row {
    long number; /* as in the file: 1 = the first line (CSV record) or the sheet's row 1 */
    size_t ncells;
    const struct import_cell *cells; /* column 0 = A; CELL_EMPTY where the file has nothing */
    const char *problem; /* NULL, or why the reader could not read this row (then no cells) */
    bool too_wide;       /* the row had cells beyond IMPORT_MAX_COLUMNS (dropped) */
};

/* the readers call this once per row, blank rows included (ncells may be 0); returning false
 * stops reading (the caller recorded why) */
typedef bool import_row_fn(void *ctx, const struct import_row *row);

#endif
