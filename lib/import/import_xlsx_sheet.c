/* import_xlsx_sheet.c - one worksheet's <sheetData> streamed row by row: cells placed by their
 * references, values by their types and styles */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import/import_cell.h"
#include "import/import_xlsx_int.h"

#define DAYS_1900_TO_1904 1462.0

struct sheet_ctx {
    struct xml_ctx xml;
    struct xlsx *x;
    import_row_fn *fn;
    void *fn_ctx;
    bool in_row, in_v, in_is, in_t;
    int in_rph;
    long row_number, col, last_col;
    char type[16];
    long style;
    struct xbuf value; /* text of the current cell's <v> or <is> */
    size_t value_chars;
    bool seen_cell;    /* col and row_number name a cell already */
    struct xbuf arena; /* the current row's cell texts, each NUL-terminated */
    size_t offs[IMPORT_MAX_COLUMNS];
    struct import_cell cells[IMPORT_MAX_COLUMNS];
    size_t ncells;
    bool too_wide;
};

/* "AA10" -> 26 (0-based column); -1 when there are no letters or more than three */
static long
ref_column(const char *ref)
{
    long col = 0;
    int letters = 0;

    for (; *ref >= 'A' && *ref <= 'Z'; ref++, letters++)
        col = col * 26 + (*ref - 'A' + 1);
    return letters == 0 || letters > 3 ? -1 : col - 1;
}

/* "B7" for column 1 of row 7 */
static void
cell_name(long col, long row, char *out, size_t cap)
{
    char letters[4] = "";
    int n = 0;

    for (long v = col + 1; v > 0 && n < 3; v = (v - 1) / 26)
        letters[n++] = (char)('A' + (v - 1) % 26);
    for (int i = 0; i < n / 2; i++) {
        char t = letters[i];
        letters[i] = letters[n - 1 - i];
        letters[n - 1 - i] = t;
    }
    snprintf(out, cap, "%.*s%ld", n, letters, row);
}

/* the cell reference of an unfinished <c r="A2" ...> tag at the start of head */
static bool
head_ref(const char *head, char *out, size_t cap)
{
    const char *p = head + strspn(head, " \t\r\n"), *name, *r;
    size_t name_len, len;

    if (*p++ != '<')
        return false;
    name_len = strcspn(p, " \t\r\n/>");
    name = memchr(p, ':', name_len) ? (const char *)memchr(p, ':', name_len) + 1 : p;
    if (p + name_len - name != 1 || *name != 'c' || (r = strstr(p + name_len, "r=")) == NULL
        || (r[2] != '"' && r[2] != '\''))
        return false;
    len = strspn(r + 3, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
    if (len == 0 || len >= cap || r[3 + len] != r[2])
        return false;
    snprintf(out, cap, "%.*s", (int)len, r + 3);
    return true;
}

/* xlsx_where_fn of the sheet: the cell whose tag is too long, or the last cell before it */
static void
sheet_where(struct xml_ctx *ctx, const char *head, char *out, size_t cap)
{
    struct sheet_ctx *c = (struct sheet_ctx *)ctx;
    char ref[16];

    if (head_ref(head, ref, sizeof(ref))) {
        snprintf(out, cap, "sheet \"%s\", cell %s", c->x->sheet_name, ref);
    } else if (c->seen_cell) {
        cell_name(c->col, c->row_number, ref, sizeof(ref));
        snprintf(out, cap, "sheet \"%s\", after cell %s", c->x->sheet_name, ref);
    } else {
        snprintf(out, cap, "sheet \"%s\", before its first cell", c->x->sheet_name);
    }
}

/* the current cell holds more than the limit: the file is refused, naming it */
static void
cell_too_long(struct sheet_ctx *c)
{
    char ref[16];

    cell_name(c->col, c->row_number, ref, sizeof(ref));
    xlsx_stopf(&c->xml, "has a cell over the limit of %d characters (sheet \"%s\", cell %s)",
               IMPORT_MAX_CELL_CHARS, c->x->sheet_name, ref);
}

static void
row_start(struct sheet_ctx *c, const char **atts)
{
    const char *r = xlsx_attr(atts, "r");
    char *end = NULL;
    long n = r ? strtol(r, &end, 10) : 0;

    c->row_number = r && end && *end == '\0' && n > 0 ? n : c->row_number + 1;
    c->in_row = true;
    c->ncells = 0;
    c->arena.len = 0;
    c->too_wide = false;
    c->last_col = -1;
}

static void
cell_start(struct sheet_ctx *c, const char **atts)
{
    const char *r = xlsx_attr(atts, "r"), *t = xlsx_attr(atts, "t"), *s = xlsx_attr(atts, "s");
    long col = r ? ref_column(r) : -1;

    c->col = col >= 0 ? col : c->last_col + 1;
    c->last_col = c->col;
    snprintf(c->type, sizeof(c->type), "%s", t ? t : "n");
    c->style = s ? strtol(s, NULL, 10) : 0;
    c->value.len = 0;
    c->value_chars = 0;
    c->seen_cell = true;
    if (c->value.data != NULL)
        c->value.data[0] = '\0';
}

static void
sheet_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct sheet_ctx *c = ud;
    const char *local = xlsx_local(name);

    if (strcmp(local, "row") == 0)
        row_start(c, atts);
    else if (strcmp(local, "c") == 0 && c->in_row)
        cell_start(c, atts);
    else if (strcmp(local, "v") == 0)
        c->in_v = true;
    else if (strcmp(local, "is") == 0)
        c->in_is = true;
    else if (strcmp(local, "rPh") == 0)
        c->in_rph++;
    else if (strcmp(local, "t") == 0 && c->in_is && c->in_rph == 0)
        c->in_t = true;
}

/* a number cell: a date when its style shows one, else the number as Excel shows it */
static void
number_value(struct sheet_ctx *c, struct import_cell *cell, char *buf, size_t cap)
{
    const char *v = c->value.data;
    char *end = NULL;
    double d = strtod(v, &end);
    bool date_style =
        c->style >= 0 && (size_t)c->style < c->x->nstyles && c->x->date_style[c->style];

    if (end == v || *end != '\0' || !isfinite(d)) {
        cell->kind = CELL_TEXT;
        snprintf(buf, cap, "%s", v);
        return;
    }
    cell->number = c->x->date1904 && date_style ? d + DAYS_1900_TO_1904 : d;
    if (date_style && import_serial_date(cell->number, buf, cap)) {
        cell->kind = CELL_DATE;
        return;
    }
    cell->kind = CELL_NUMBER;
    cell->number = d;
    import_number_text(d, buf, cap);
}

/* the text of the finished cell by its type; NULL when the cell is bad (parser stopped) */
static const char *
cell_text(struct sheet_ctx *c, struct import_cell *cell, char *buf, size_t cap)
{
    const char *v = c->value.data ? c->value.data : "";

    cell->kind = CELL_TEXT;
    if (v[0] == '\0')
        return v;
    if (strcmp(c->type, "s") == 0) {
        char *end = NULL;
        unsigned long i = strtoul(v, &end, 10);
        if (end == v || *end != '\0' || i >= c->x->nstrings) {
            xlsx_stop(&c->xml, "a cell refers to a shared string that does not exist");
            return NULL;
        }
        if (c->x->string_offs[i] == XLSX_STRING_TOO_LONG) {
            cell_too_long(c);
            return NULL;
        }
        return c->x->strings.data + c->x->string_offs[i];
    }
    if (strcmp(c->type, "b") == 0) {
        cell->kind = CELL_BOOL;
        return strcmp(v, "1") == 0 ? "TRUE" : "FALSE";
    }
    if (strcmp(c->type, "n") == 0) {
        number_value(c, cell, buf, cap);
        return buf;
    }
    return v; /* inlineStr, str (a formula's text), e (#N/A ...), d (ISO date) */
}

/* store the finished cell at its column, filling the gap before it with empty cells */
static void
cell_end(struct sheet_ctx *c)
{
    struct import_cell cell = {0};
    char buf[64];
    const char *text;

    if (c->col >= IMPORT_MAX_COLUMNS) {
        c->too_wide = true;
        return;
    }
    text = cell_text(c, &cell, buf, sizeof(buf));
    if (text == NULL)
        return;
    cell.len = strlen(text);
    if (cell.len == 0)
        cell.kind = CELL_EMPTY;
    for (; c->ncells <= (size_t)c->col; c->ncells++)
        c->cells[c->ncells] = (struct import_cell){.kind = CELL_EMPTY};
    c->offs[c->col] = c->arena.len;
    if (!xbuf_add(&c->arena, text, cell.len) || !xbuf_add(&c->arena, "", 1)) {
        xlsx_stop(&c->xml, "the sheet does not fit in memory");
        return;
    }
    c->cells[c->col] = cell;
}

static void
row_end(struct sheet_ctx *c)
{
    struct import_row row = {
        .number = c->row_number, .ncells = c->ncells, .cells = c->cells, .too_wide = c->too_wide};

    for (size_t i = 0; i < c->ncells; i++)
        c->cells[i].text = c->cells[i].kind == CELL_EMPTY ? "" : c->arena.data + c->offs[i];
    c->in_row = false;
    if (!c->fn(c->fn_ctx, &row))
        xlsx_stop(&c->xml, NULL);
}

static void
sheet_end(void *ud, const XML_Char *name)
{
    struct sheet_ctx *c = ud;
    const char *local = xlsx_local(name);

    if (strcmp(local, "v") == 0)
        c->in_v = false;
    else if (strcmp(local, "t") == 0)
        c->in_t = false;
    else if (strcmp(local, "rPh") == 0)
        c->in_rph--;
    else if (strcmp(local, "is") == 0)
        c->in_is = false;
    else if (strcmp(local, "c") == 0 && c->in_row)
        cell_end(c);
    else if (strcmp(local, "row") == 0 && c->in_row)
        row_end(c);
}

static void
sheet_text(void *ud, const XML_Char *s, int len)
{
    struct sheet_ctx *c = ud;

    if (!c->in_v && !(c->in_t && c->in_rph == 0))
        return;
    c->value_chars += import_text_chars(s, (size_t)len);
    if (c->value_chars > IMPORT_MAX_CELL_CHARS)
        cell_too_long(c);
    else if (!xbuf_add(&c->value, s, (size_t)len))
        xlsx_stop(&c->xml, "the sheet does not fit in memory");
}

bool
xlsx_read_sheet(struct xlsx *x, const char *path, import_row_fn *fn, void *ctx, struct err *err)
{
    struct sheet_ctx *c = calloc(1, sizeof(*c));
    XML_Parser p = NULL;
    bool found = false, ok = false;

    if (c == NULL || (p = xlsx_parser(&c->xml, sheet_start, sheet_end, sheet_text)) == NULL) {
        err_set(err, ERR_INTERNAL, "out of memory");
        goto out;
    }
    c->x = x;
    c->fn = fn;
    c->fn_ctx = ctx;
    c->xml.where = sheet_where;
    ok = xlsx_feed(x, path, &c->xml, &found, err);
    if (ok && !found)
        ok = xlsx_fail(err, "the workbook's first sheet is missing from the zip archive");
out:
    if (p != NULL)
        XML_ParserFree(p);
    if (c != NULL) {
        xbuf_release(&c->value);
        xbuf_release(&c->arena);
    }
    free(c);
    return ok;
}
