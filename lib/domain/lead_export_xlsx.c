/* lead_export_xlsx.c - the export as an XLSX workbook: libxlsxwriter in constant-memory mode
 * (each row goes to its temporary file as it is written, so memory stays flat) into a file of
 * our own, which is then sent and removed */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "core/log.h"
#include "db/store.h"
#include "domain/lead_export_int.h"

struct xlsx_out {
    struct lead_export *x;
    lxw_worksheet *sheet;
    lxw_row_t row;
    char cell[CELL_CAP];
};

static bool
xlsx_lead(const bson_t *doc, void *ctx, struct err *err)
{
    struct xlsx_out *o = ctx;
    double num;
    bool is_num;

    (void)err;
    for (int i = 0; i < o->x->ncolumns; i++) {
        lead_export_cell(doc, o->x->columns[i], o->cell, sizeof(o->cell), &num, &is_num);
        if (is_num)
            worksheet_write_number(o->sheet, o->row, (lxw_col_t)i, num, NULL);
        else if (o->cell[0] != '\0') /* a string cell: never a formula, whatever it starts with */
            worksheet_write_string(o->sheet, o->row, (lxw_col_t)i, o->cell, NULL);
    }
    o->row++;
    o->x->rows++;
    return true;
}

/* the rows into the workbook at path */
static bool
write_book(struct app *app, struct lead_export *x, const char *path, struct err *err)
{
    lxw_workbook_options opts = {.constant_memory = LXW_TRUE, .tmpdir = NULL};
    lxw_workbook *book = workbook_new_opt(path, &opts);
    struct xlsx_out *o = calloc(1, sizeof(*o));
    bool ok = book != NULL && o != NULL;

    if (ok) {
        o->x = x;
        o->sheet = workbook_add_worksheet(book, "Leads");
        for (int i = 0; o->sheet != NULL && i < x->ncolumns; i++)
            worksheet_write_string(o->sheet, 0, (lxw_col_t)i, x->columns[i]->json, NULL);
        o->row = 1;
        ok = o->sheet != NULL
             && store_each(app->db, "leads", &x->filter, &x->opts, xlsx_lead, o, err);
    } else {
        err_set(err, ERR_INTERNAL, "cannot start a workbook");
    }
    if (book != NULL && workbook_close(book) != LXW_NO_ERROR && ok)
        ok = err_set(err, ERR_INTERNAL, "cannot write the workbook");
    free(o);
    return ok;
}

/* the file at path through write, in pieces */
static bool
send_file(const char *path, export_write_fn *write, void *ctx, struct err *err)
{
    FILE *f = fopen(path, "rb");
    char buf[65536];
    size_t n;
    bool ok = f != NULL;

    while (ok && (n = fread(buf, 1, sizeof(buf), f)) > 0)
        ok = write(ctx, buf, n);
    if (f != NULL)
        fclose(f);
    return f == NULL ? err_set(err, ERR_INTERNAL, "cannot read the workbook") : ok;
}

bool
lead_export_xlsx(struct app *app, struct lead_export *x, export_write_fn *write, void *ctx,
                 struct err *err)
{
    const char *dir = getenv("TMPDIR");
    char path[512];
    int fd;
    bool ok;

    snprintf(path, sizeof(path), "%s/pc-export-XXXXXX", dir && dir[0] ? dir : "/tmp");
    if ((fd = mkstemp(path)) < 0)
        return err_set(err, ERR_INTERNAL, "cannot make a temporary file");
    close(fd);
    ok = write_book(app, x, path, err) && send_file(path, write, ctx, err);
    if (unlink(path) != 0)
        log_warn("cannot remove an export file", "path=%s", path);
    return ok;
}
