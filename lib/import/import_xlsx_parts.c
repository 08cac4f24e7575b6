/* import_xlsx_parts.c - the workbook parts read before the sheet: which sheet is first
 * (workbook.xml and its relationships), the date system, date styles, shared strings */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "import/import_cell.h"
#include "import/import_xlsx_int.h"

#define MAX_STYLES 65536
#define MAX_CUSTOM_FORMATS 1024
#define MAX_STRINGS 4000000

/* run one part through a parser made from the three handlers */
static bool
parse_part(struct xlsx *x, const char *name, struct xml_ctx *ctx, XML_StartElementHandler start,
           XML_EndElementHandler end, XML_CharacterDataHandler text, bool *found, struct err *err)
{
    XML_Parser p = xlsx_parser(ctx, start, end, text);
    bool ok;

    if (p == NULL)
        return err_set(err, ERR_INTERNAL, "out of memory");
    ok = xlsx_feed(x, name, ctx, found, err);
    XML_ParserFree(p);
    return ok;
}

/* --- xl/workbook.xml: the first <sheet>'s relationship id, and the date system --- */

struct workbook_ctx {
    struct xml_ctx xml;
    char rid[64];
    char name[128];
    bool date1904;
};

static void
workbook_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct workbook_ctx *c = ud;
    const char *local = xlsx_local(name), *v;

    if (strcmp(local, "workbookPr") == 0 && (v = xlsx_attr(atts, "date1904")) != NULL)
        c->date1904 = strcmp(v, "1") == 0 || strcasecmp(v, "true") == 0;
    else if (strcmp(local, "sheet") == 0 && c->rid[0] == '\0' && (v = xlsx_attr(atts, "id"))) {
        snprintf(c->rid, sizeof(c->rid), "%s", v);
        v = xlsx_attr(atts, "name");
        if (v != NULL)
            snprintf(c->name, sizeof(c->name), "%.*s",
                     (int)import_text_fit(v, strlen(v), 31, sizeof(c->name) - 1), v);
    }
}

/* --- xl/_rels/workbook.xml.rels: the target of that id --- */

struct rels_ctx {
    struct xml_ctx xml;
    const char *rid;
    char target[256];
};

static void
rels_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct rels_ctx *c = ud;
    const char *id = xlsx_attr(atts, "Id"), *target = xlsx_attr(atts, "Target");

    if (strcmp(xlsx_local(name), "Relationship") == 0 && id && target && strcmp(id, c->rid) == 0)
        snprintf(c->target, sizeof(c->target), "%s", target);
}

/* a relationship target as a zip entry name: relative to xl/, or absolute from the root */
static bool
sheet_path(const char *target, char *path, size_t cap)
{
    int n;

    if (target[0] == '\0' || strstr(target, "..") != NULL || strchr(target, '\\') != NULL)
        return false;
    n = target[0] == '/' ? snprintf(path, cap, "%s", target + 1)
                         : snprintf(path, cap, "xl/%s", target);
    return n > 0 && (size_t)n < cap;
}

bool
xlsx_first_sheet(struct xlsx *x, char *path, size_t cap, struct err *err)
{
    struct workbook_ctx wb = {0};
    struct rels_ctx rels = {0};
    bool found = false;

    if (!parse_part(x, "xl/workbook.xml", &wb.xml, workbook_start, NULL, NULL, &found, err))
        return false;
    if (!found)
        return xlsx_fail(err, "the zip archive is not an XLSX workbook (no xl/workbook.xml)");
    if (wb.rid[0] == '\0')
        return xlsx_fail(err, "the workbook has no sheet");
    x->date1904 = wb.date1904;
    snprintf(x->sheet_name, sizeof(x->sheet_name), "%s", wb.name[0] ? wb.name : "1");
    rels.rid = wb.rid;
    if (!parse_part(x, "xl/_rels/workbook.xml.rels", &rels.xml, rels_start, NULL, NULL, &found,
                    err))
        return false;
    if (!found || !sheet_path(rels.target, path, cap))
        return xlsx_fail(err, "the workbook's first sheet cannot be found");
    return true;
}

/* --- xl/styles.xml: which cell styles show a date --- */

struct styles_ctx {
    struct xml_ctx xml;
    struct xlsx *x;
    int in_cell_xfs;
    size_t ncustom;
    struct {
        long id;
        bool date;
    } custom[MAX_CUSTOM_FORMATS];
};

/* a number format code shows a date or time when, outside quotes, brackets and escapes, it
 * has one of the letters d m y h s (General, 0.00, #,##0 and 0.0E+00 have none) */
static bool
format_is_date(const char *code)
{
    for (const char *p = code; *p != '\0'; p++) {
        const char *skip_to = NULL;
        if (*p == '"')
            skip_to = strchr(p + 1, '"');
        else if (*p == '[')
            skip_to = strchr(p + 1, ']');
        else if (*p == '\\' || *p == '_' || *p == '*') /* the next character is literal */
            skip_to = p[1] != '\0' ? p + 1 : NULL;
        else if (strchr("dmyhsDMYHS", *p) != NULL)
            return true;
        else
            continue;
        if (skip_to == NULL)
            return false;
        p = skip_to;
    }
    return false;
}

static bool
builtin_is_date(long id)
{
    return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47)
           || (id >= 50 && id <= 58);
}

static bool
style_is_date(const struct styles_ctx *c, long id)
{
    for (size_t i = 0; i < c->ncustom; i++)
        if (c->custom[i].id == id)
            return c->custom[i].date;
    return builtin_is_date(id);
}

static void
styles_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct styles_ctx *c = ud;
    const char *local = xlsx_local(name), *id = xlsx_attr(atts, "numFmtId");

    if (strcmp(local, "cellXfs") == 0) {
        c->in_cell_xfs++;
    } else if (strcmp(local, "numFmt") == 0 && id && c->ncustom < MAX_CUSTOM_FORMATS) {
        const char *code = xlsx_attr(atts, "formatCode");
        c->custom[c->ncustom].id = strtol(id, NULL, 10);
        c->custom[c->ncustom++].date = code != NULL && format_is_date(code);
    } else if (strcmp(local, "xf") == 0 && c->in_cell_xfs > 0) {
        if (c->x->nstyles == MAX_STYLES) {
            xlsx_stop(&c->xml, "the workbook has too many cell styles");
            return;
        }
        c->x->date_style[c->x->nstyles++] = id != NULL && style_is_date(c, strtol(id, NULL, 10));
    }
}

static void
styles_end(void *ud, const XML_Char *name)
{
    struct styles_ctx *c = ud;

    if (strcmp(xlsx_local(name), "cellXfs") == 0)
        c->in_cell_xfs--;
}

bool
xlsx_read_styles(struct xlsx *x, struct err *err)
{
    struct styles_ctx *c = calloc(1, sizeof(*c));
    bool found, ok;

    x->date_style = calloc(MAX_STYLES, sizeof(bool));
    if (c == NULL || x->date_style == NULL) {
        free(c);
        return err_set(err, ERR_INTERNAL, "out of memory");
    }
    c->x = x;
    ok = parse_part(x, "xl/styles.xml", &c->xml, styles_start, styles_end, NULL, &found, err);
    free(c);
    return ok; /* a workbook without styles has no dates, only numbers */
}

/* --- xl/sharedStrings.xml: <si> with <t> text or rich-text runs <r><t>, minus <rPh> --- */

struct strings_ctx {
    struct xml_ctx xml;
    struct xlsx *x;
    bool in_si, in_t;
    int in_rph;
    size_t start;  /* offset of the string being read */
    size_t chars;  /* its characters so far */
    bool too_long; /* over IMPORT_MAX_CELL_CHARS: dropped, and a cell using it refuses the file */
};

static bool
strings_push(struct strings_ctx *c)
{
    struct xlsx *x = c->x;

    if (x->nstrings == x->strings_cap) {
        size_t cap = x->strings_cap ? x->strings_cap * 2 : 1024;
        size_t *bigger = cap <= MAX_STRINGS ? realloc(x->string_offs, cap * sizeof(size_t)) : NULL;
        if (bigger == NULL)
            return false;
        x->string_offs = bigger;
        x->strings_cap = cap;
    }
    x->string_offs[x->nstrings++] = c->too_long ? XLSX_STRING_TOO_LONG : c->start;
    return xbuf_add(&x->strings, "", 1); /* the NUL that ends it */
}

static void
strings_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct strings_ctx *c = ud;
    const char *local = xlsx_local(name);

    (void)atts;
    if (strcmp(local, "si") == 0) {
        c->in_si = true;
        c->start = c->x->strings.len;
        c->chars = 0;
        c->too_long = false;
    } else if (strcmp(local, "rPh") == 0) {
        c->in_rph++;
    } else if (strcmp(local, "t") == 0 && c->in_si && c->in_rph == 0) {
        c->in_t = true;
    }
}

static void
strings_end(void *ud, const XML_Char *name)
{
    struct strings_ctx *c = ud;
    const char *local = xlsx_local(name);

    if (strcmp(local, "t") == 0) {
        c->in_t = false;
    } else if (strcmp(local, "rPh") == 0) {
        c->in_rph--;
    } else if (strcmp(local, "si") == 0 && c->in_si) {
        c->in_si = false;
        if (!strings_push(c))
            xlsx_stop(&c->xml, "the workbook has too many shared strings");
    }
}

static void
strings_text(void *ud, const XML_Char *s, int len)
{
    struct strings_ctx *c = ud;

    if (!c->in_t || c->too_long)
        return;
    c->chars += import_text_chars(s, (size_t)len);
    if (c->chars > IMPORT_MAX_CELL_CHARS) {
        c->too_long = true;
        c->x->strings.len = c->start; /* only a mark is kept */
        return;
    }
    if (!xbuf_add(&c->x->strings, s, (size_t)len))
        xlsx_stop(&c->xml, "the workbook's shared strings do not fit in memory");
}

bool
xlsx_read_strings(struct xlsx *x, struct err *err)
{
    struct strings_ctx c = {.x = x};
    bool found;

    return parse_part(x, "xl/sharedStrings.xml", &c.xml, strings_start, strings_end, strings_text,
                      &found, err);
}
