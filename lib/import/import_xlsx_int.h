/* import_xlsx_int.h - shared by the import_xlsx*.c files only: the open workbook and the safe
 * expat set-up */
#ifndef PC_IMPORT_XLSX_INT_H
#define PC_IMPORT_XLSX_INT_H

#include <expat.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <zip.h>

#include "core/err.h"
#include "import/import_table.h"

/* No element of OOXML needs a long tag: a tag (or comment, or any other token) longer than this
 * refuses the file. Without the bound expat 2.5 would scan a growing token again on every
 * buffer fed to it, a cost that grows with the square of the token. */
#define XLSX_MAX_TAG_BYTES (32 * 1024)

struct xml_ctx;

/* xlsx_where_fn - where in its part a token too long began, for the message ("sheet \"Leads\",
 * cell A2"); head holds the first bytes of that token, NUL-terminated */
typedef void xlsx_where_fn(struct xml_ctx *ctx, const char *head, char *out, size_t cap);

/* the start of every parser's user data: the parser, why a handler stopped it, and where the
 * last event ended (xlsx_parser puts a marker in front of the handlers) */
struct xml_ctx {
    XML_Parser parser;
    const char *problem; /* set with the stop: the file is bad; NULL: stopped by the callback */
    bool stopped;
    char msg[256]; /* a problem made at the stop (xlsx_stopf) */
    XML_StartElementHandler start;
    XML_EndElementHandler end;
    XML_CharacterDataHandler text;
    XML_Index fed;       /* bytes given to the parser */
    XML_Index event_end; /* where the last event ended */
    char head[96];       /* the first bytes after event_end, NUL-terminated */
    size_t head_len;
    XML_Index head_at;    /* event_end when head was started */
    xlsx_where_fn *where; /* NULL: the part's name and line */
};

/* a growing byte buffer */
struct xbuf {
    char *data;
    size_t len, cap;
};

#define XLSX_STRING_TOO_LONG SIZE_MAX /* a shared string over IMPORT_MAX_CELL_CHARS */

struct xlsx {
    zip_t *zip;
    long budget;         /* unpacked bytes still allowed */
    long max_unpacked;   /* the whole allowance */
    struct xbuf strings; /* shared strings, each NUL-terminated */
    size_t *string_offs; /* offset of each in strings.data; XLSX_STRING_TOO_LONG: not kept */
    size_t nstrings, strings_cap;
    bool *date_style; /* per cellXfs index: the number format shows a date */
    size_t nstyles;
    bool date1904;
    char sheet_name[128]; /* of the first sheet, for messages */
};

/* xlsx_parser - a namespace-aware parser (names "uri|local") that stops on DOCTYPE and entity
 * declarations; NULL when out of memory */
XML_Parser xlsx_parser(struct xml_ctx *ctx, XML_StartElementHandler start,
                       XML_EndElementHandler end, XML_CharacterDataHandler text);

/* xlsx_stop - stop ctx's parser; problem NULL = the row callback asked to stop */
void xlsx_stop(struct xml_ctx *ctx, const char *problem);

/* xlsx_stopf - stop ctx's parser with a problem made from fmt */
void xlsx_stopf(struct xml_ctx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* xlsx_feed - stream the zip entry name through ctx's parser within x's budget, in small pieces,
 * stopping when more than XLSX_MAX_TAG_BYTES go by without an event. *found is false (and true
 * returned) when the entry does not exist. False with err when the entry cannot be read, is not
 * well-formed, is over budget, holds a token too long or a handler found a problem; false
 * without err when the callback stopped. */
bool xlsx_feed(struct xlsx *x, const char *name, struct xml_ctx *ctx, bool *found, struct err *err);

/* xlsx_local - the local part of an expat name ("uri|c" -> "c") */
const char *xlsx_local(const char *name);

/* xlsx_attr - the value of the attribute with that local name, NULL when absent */
const char *xlsx_attr(const char **atts, const char *local);

/* xlsx_fail - err validation_failed with the detail {file: problem}; returns false */
bool xlsx_fail(struct err *err, const char *problem);

/* xbuf_add - append n bytes; false when out of memory */
bool xbuf_add(struct xbuf *b, const char *s, size_t n);
void xbuf_release(struct xbuf *b);

/* the parts (import_xlsx_parts.c): shared strings, styles, workbook -> first sheet path */
bool xlsx_read_strings(struct xlsx *x, struct err *err);
bool xlsx_read_styles(struct xlsx *x, struct err *err);
bool xlsx_first_sheet(struct xlsx *x, char *path, size_t cap, struct err *err);

/* xlsx_read_sheet - stream the sheet at path to fn (import_xlsx_sheet.c) */
bool xlsx_read_sheet(struct xlsx *x, const char *path, import_row_fn *fn, void *ctx,
                     struct err *err);

#endif
