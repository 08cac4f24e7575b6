/* import_rows.h - collects what an import reader hands over as one comparable text per row */
#ifndef PC_IMPORT_ROWS_H
#define PC_IMPORT_ROWS_H

#include <json-c/json.h>
#include <stdbool.h>

#include "import/import_table.h"

struct rows {
    json_object *list; /* strings "N: a|b|n:12|d:2024-03-15|b:TRUE|" or "N! problem" */
    int stop_after;    /* 0 = never stop */
};

/* rows_collect - an import_row_fn appending to ctx (a struct rows) */
bool rows_collect(void *ctx, const struct import_row *row);

/* rows_text - the collected rows joined by newlines (borrowed from the list) */
const char *rows_text(struct rows *r);

void rows_free(struct rows *r);

#endif
