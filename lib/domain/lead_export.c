/* lead_export.c - the leads of a list view as CSV or XLSX rows (lead_export.h) */
#include "domain/lead_export.h"
#include "domain/lead_export_int.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/scope.h"
#include "core/isotime.h"
#include "core/log.h"
#include "db/store.h"
#include "model/tables.h"

#define ROW_CAP 131072 /* bytes of one CSV row */

static const char *const default_columns[] = {
    "email",      "firstName",    "lastName",      "company",   "phone", "partnerName",
    "dealStatus", "salesManager", "scheduledDate", "createdAt", NULL};

/* one column by JSON name; staff-read ones only for the trusted */
static bool
add_column(const struct principal *p, struct lead_export *x, const char *name, size_t len,
           struct err *err)
{
    char buf[64];

    snprintf(buf, sizeof(buf), "%.*s", (int)(len < 63 ? len : 63), name);
    const struct field *f = len < 63 ? model_find_field(&leads_model, buf) : NULL;
    if (f == NULL || f->type == FT_OBJECT || f->type == FT_OBJECT_ARRAY
        || ((f->flags & FIELD_STAFF_READ) && !scope_trusted(p))) {
        err_detail(err, "columns", "has no lead column %s", buf);
        return false;
    }
    for (int i = 0; i < x->ncolumns; i++)
        if (x->columns[i] == f)
            return true;
    if (x->ncolumns == LEAD_EXPORT_MAX_COLUMNS) {
        err_detail(err, "columns", "must name at most %d columns", LEAD_EXPORT_MAX_COLUMNS);
        return false;
    }
    x->columns[x->ncolumns++] = f;
    return true;
}

static bool
parse_columns(const struct principal *p, const char *columns, struct lead_export *x,
              struct err *err)
{
    bool ok = true;

    if (columns == NULL) {
        for (int i = 0; default_columns[i] != NULL; i++)
            ok &= add_column(p, x, default_columns[i], strlen(default_columns[i]), err);
        return ok;
    }
    for (const char *c = columns; ok && *c != '\0'; c += *c == ',') {
        size_t len = strcspn(c, ",");
        ok = len > 0 && add_column(p, x, c, len, err);
        if (len == 0)
            err_detail(err, "columns", "must be comma-separated column names");
        c += len;
    }
    return ok && x->ncolumns > 0;
}

/* the projection of the columns, the list's sort, no limit beyond the file's */
static void
build_opts(const struct lead_export *x, const bson_t *sort, bson_t *opts)
{
    bson_t proj;

    BSON_APPEND_DOCUMENT(opts, "sort", sort);
    BSON_APPEND_INT64(opts, "limit", LEAD_EXPORT_MAX_ROWS);
    BSON_APPEND_INT32(opts, "batchSize", 1000); /* few round trips; 1000 rows are ~300 KiB */
    BSON_APPEND_DOCUMENT_BEGIN(opts, "projection", &proj);
    for (int i = 0; i < x->ncolumns; i++)
        BSON_APPEND_INT32(&proj, field_bson_name(x->columns[i]), 1);
    bson_append_document_end(opts, &proj);
}

bool
lead_export_prepare(const struct principal *p, const struct list_params *params, const char *format,
                    const char *columns, struct lead_export *x, struct err *err)
{
    struct list_params lp = *params;
    struct list_query q;
    bson_t scope;
    bool ok;

    memset(x, 0, sizeof(*x));
    bson_init(&x->filter);
    bson_init(&x->opts);
    if (format == NULL || strcmp(format, "csv") == 0)
        x->format = EXPORT_CSV;
    else if (strcmp(format, "xlsx") == 0)
        x->format = EXPORT_XLSX;
    else
        err_detail(err, "format", "must be csv or xlsx");
    lp.page = lp.per_page = NULL;
    ok = model_list_query(&leads_model, &lp, &q, err);
    ok &= parse_columns(p, columns, x, err) && err->ndetails == 0;
    if (ok) {
        scope_filter(p, "partner", &scope);
        BSON_APPEND_NULL(&scope, "archivedAt");
        const bson_t *parts[2] = {&scope, &q.filter};
        ok = model_filter_and(parts, 2, &x->filter);
        build_opts(x, &q.sort, &x->opts);
        bson_destroy(&scope);
    }
    list_query_release(&q);
    if (!ok && err->code == NULL)
        err_set(err, ERR_VALIDATION_FAILED, "invalid export");
    return ok;
}

void
lead_export_release(struct lead_export *x)
{
    bson_destroy(&x->filter);
    bson_destroy(&x->opts);
    bson_init(&x->filter);
    bson_init(&x->opts);
}

/* lead_export_cell - the text of the column f of doc into out ("" when absent or null); *number set
 * for money */
void
lead_export_cell(const bson_t *doc, const struct field *f, char *out, size_t cap, double *number,
                 bool *is_number)
{
    bson_iter_t it;

    out[0] = '\0';
    *is_number = false;
    if (!bson_iter_init_find(&it, doc, field_bson_name(f)))
        return;
    switch (bson_iter_type(&it)) {
    case BSON_TYPE_UTF8: snprintf(out, cap, "%s", bson_iter_utf8(&it, NULL)); break;
    case BSON_TYPE_DATE_TIME: isotime_format(bson_iter_date_time(&it), out, cap); break;
    case BSON_TYPE_OID: bson_oid_to_string(bson_iter_oid(&it), out); break;
    case BSON_TYPE_BOOL: snprintf(out, cap, "%s", bson_iter_bool(&it) ? "true" : "false"); break;
    case BSON_TYPE_INT32:
    case BSON_TYPE_INT64: {
        int64_t v = bson_iter_as_int64(&it);
        if (f->type == FT_MONEY) { /* cents as an amount */
            snprintf(out, cap, "%s%" PRId64 ".%02" PRId64, v < 0 ? "-" : "", (v < 0 ? -v : v) / 100,
                     (v < 0 ? -v : v) % 100);
            *number = (double)v / 100.0;
        } else {
            snprintf(out, cap, "%" PRId64, v);
            *number = (double)v;
        }
        *is_number = true;
        break;
    }
    case BSON_TYPE_DOUBLE:
        snprintf(out, cap, "%g", bson_iter_double(&it));
        *number = bson_iter_double(&it);
        *is_number = true;
        break;
    default: break;
    }
}

bool
lead_export_csv_cell(const char *s, char *out, size_t *len, size_t cap)
{
    bool risky =
        s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r';
    bool quote = risky || strpbrk(s, ",\"\r\n;") != NULL;
    size_t n = *len;

    if (quote && n < cap)
        out[n++] = '"';
    if (risky && n < cap)
        out[n++] = '\''; /* Excel and LibreOffice show it as text, never run it */
    for (; *s != '\0' && n < cap; s++) {
        if (*s == '"' && n + 1 < cap)
            out[n++] = '"';
        out[n++] = *s;
    }
    if (quote && n < cap)
        out[n++] = '"';
    if (n >= cap)
        return false;
    *len = n;
    return true;
}

/* the CSV of the rows: a buffer of a row at a time, sent in pieces of about 64 KiB */
struct csv_out {
    struct lead_export *x;
    export_write_fn *write;
    void *ctx;
    char buf[ROW_CAP];
    size_t len;
    bool stopped;
    char cells[LEAD_EXPORT_MAX_COLUMNS][CELL_CAP];
};

static bool
csv_flush(struct csv_out *c, size_t keep_below)
{
    if (c->len < keep_below)
        return true;
    if (!c->write(c->ctx, c->buf, c->len))
        c->stopped = true;
    c->len = 0;
    return !c->stopped;
}

/* one row: the cells in texts, then CRLF */
static bool
csv_row(struct csv_out *c, const char *const *texts, int n)
{
    size_t start = c->len;

    for (int i = 0; i < n; i++)
        if ((i > 0 && (c->len >= sizeof(c->buf) || (c->buf[c->len++] = ',', false)))
            || !lead_export_csv_cell(texts[i], c->buf, &c->len, sizeof(c->buf) - 2)) {
            c->len = start; /* a row too long for the buffer: not written half */
            return false;
        }
    c->buf[c->len++] = '\r';
    c->buf[c->len++] = '\n';
    return csv_flush(c, 65536);
}

static bool
csv_lead(const bson_t *doc, void *ctx, struct err *err)
{
    struct csv_out *c = ctx;
    const char *texts[LEAD_EXPORT_MAX_COLUMNS];
    double num;
    bool is_num;

    for (int i = 0; i < c->x->ncolumns; i++) {
        lead_export_cell(doc, c->x->columns[i], c->cells[i], CELL_CAP, &num, &is_num);
        texts[i] = c->cells[i];
    }
    if (!csv_row(c, texts, c->x->ncolumns) && !c->stopped)
        log_warn("export row too long, left out", "rows=%ld", c->x->rows);
    c->x->rows++;
    return c->stopped ? err_set(err, ERR_UNAVAILABLE, "the client left") : true;
}

static bool
run_csv(struct app *app, struct lead_export *x, export_write_fn *write, void *ctx, struct err *err)
{
    struct csv_out *c = calloc(1, sizeof(*c));
    const char *names[LEAD_EXPORT_MAX_COLUMNS];
    bool ok;

    if (c == NULL)
        return err_set(err, ERR_INTERNAL, "out of memory");
    *c = (struct csv_out){.x = x, .write = write, .ctx = ctx};
    memcpy(c->buf, "\xEF\xBB\xBF", 3); /* the BOM: spreadsheets then read UTF-8 */
    c->len = 3;
    for (int i = 0; i < x->ncolumns; i++)
        names[i] = x->columns[i]->json;
    ok = csv_row(c, names, x->ncolumns)
         && store_each(app->db, "leads", &x->filter, &x->opts, csv_lead, c, err) && csv_flush(c, 1);
    free(c);
    return ok;
}

bool
lead_export_run(struct app *app, struct lead_export *x, export_write_fn *write, void *ctx,
                struct err *err)
{
    x->rows = 0;
    return x->format == EXPORT_XLSX ? lead_export_xlsx(app, x, write, ctx, err)
                                    : run_csv(app, x, write, ctx, err);
}
