/* lead_export.h - the leads of a list view as a CSV or XLSX file (GET /leads/export): the
 * list's scope, filter, search and sort, the chosen columns, streamed through a writer so the
 * memory does not grow with the rows */
#ifndef PC_LEAD_EXPORT_H
#define PC_LEAD_EXPORT_H

#include <bson/bson.h>
#include <stdbool.h>
#include <stddef.h>

#include "app.h"
#include "core/err.h"
#include "core/principal.h"
#include "model/model.h"

#define LEAD_EXPORT_MAX_ROWS 100000 /* a bound on one file */
#define LEAD_EXPORT_MAX_COLUMNS 24

enum export_format { EXPORT_CSV, EXPORT_XLSX };

/* the bytes of the file go to write(ctx, bytes, len); false stops the export (the client left) */
typedef bool export_write_fn(void *ctx, const char *bytes, size_t len);

struct lead_export {
    enum export_format format;
    const struct field *columns[LEAD_EXPORT_MAX_COLUMNS];
    int ncolumns;
    bson_t filter, opts; /* the list's scope and query; its sort and the columns' projection */
    long rows;           /* written so far */
};

/* lead_export_prepare - check format ("csv", "xlsx"; NULL = csv), columns (comma-separated JSON
 * names of lead fields p may see; NULL = the default set) and the list params (filter, search,
 * sort; page and perPage are ignored) and build x. x is initialised on every path: always call
 * lead_export_release. validation_failed / bad_request naming the parameter. */
bool lead_export_prepare(const struct principal *p, const struct list_params *params,
                         const char *format, const char *columns, struct lead_export *x,
                         struct err *err);

/* lead_export_run - write the file: a header row of the columns' JSON names, then one row per
 * lead (at most LEAD_EXPORT_MAX_ROWS). CSV: UTF-8 with a BOM, RFC 4180 quoting, a cell that
 * starts with = + - @ tab or CR gets a leading ' (no formula runs when it is opened). XLSX:
 * written with libxlsxwriter in its constant-memory mode to a temporary file, then sent. The
 * database's codes, or internal; bytes may have been written before a failure. */
bool lead_export_run(struct app *app, struct lead_export *x, export_write_fn *write, void *ctx,
                     struct err *err);

void lead_export_release(struct lead_export *x);

/* lead_export_csv_cell - append s as one CSV cell (quoted when needed, neutralised as above)
 * to out[*len..cap); false when it does not fit */
bool lead_export_csv_cell(const char *s, char *out, size_t *len, size_t cap);

#endif
