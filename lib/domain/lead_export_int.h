/* lead_export_int.h - shared by lead_export.c and lead_export_xlsx.c only */
#ifndef PC_LEAD_EXPORT_INT_H
#define PC_LEAD_EXPORT_INT_H

#include "domain/lead_export.h"

#define CELL_CAP 8192 /* bytes of one cell's text (a lead's longest field fits) */

/* lead_export_cell - the text of column f of doc into out ("" when absent or null); a number
 * (money as its amount, not cents) also into *number with *is_number set */
void lead_export_cell(const bson_t *doc, const struct field *f, char *out, size_t cap,
                      double *number, bool *is_number);

/* lead_export_xlsx - lead_export_run for EXPORT_XLSX */
bool lead_export_xlsx(struct app *app, struct lead_export *x, export_write_fn *write, void *ctx,
                      struct err *err);

#endif
