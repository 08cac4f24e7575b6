/* import_xlsx.c - XLSX workbooks: the zip in memory, bounded streaming of its XML parts through
 * a hardened expat, and the order of reading (parts: import_xlsx_parts.c, rows: _sheet.c) */
#include "import/import_xlsx.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import/import_xlsx_int.h"

#define READ_SLICE (64 * 1024)
#define PARSE_PIECE (16 * 1024) /* bytes per XML_Parse: how far past the tag limit we may go */

bool
xlsx_fail(struct err *err, const char *problem)
{
    err_detail(err, "file", "%s", problem);
    return err_set(err, ERR_VALIDATION_FAILED, "the file cannot be imported");
}

bool
xbuf_add(struct xbuf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *bigger = realloc(b->data, cap);
        if (bigger == NULL)
            return false;
        b->data = bigger;
        b->cap = cap;
    }
    if (n > 0)
        memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
    return true;
}

void
xbuf_release(struct xbuf *b)
{
    free(b->data);
    memset(b, 0, sizeof(*b));
}

const char *
xlsx_local(const char *name)
{
    const char *bar = strrchr(name, '|');

    return bar ? bar + 1 : name;
}

const char *
xlsx_attr(const char **atts, const char *local)
{
    for (int i = 0; atts[i] != NULL; i += 2)
        if (strcmp(xlsx_local(atts[i]), local) == 0)
            return atts[i + 1];
    return NULL;
}

void
xlsx_stop(struct xml_ctx *ctx, const char *problem)
{
    if (ctx->stopped)
        return;
    ctx->stopped = true;
    ctx->problem = problem;
    XML_StopParser(ctx->parser, XML_FALSE);
}

void
xlsx_stopf(struct xml_ctx *ctx, const char *fmt, ...)
{
    va_list ap;

    if (ctx->stopped)
        return;
    va_start(ap, fmt);
    vsnprintf(ctx->msg, sizeof(ctx->msg), fmt, ap);
    va_end(ap);
    xlsx_stop(ctx, ctx->msg);
}

/* the marker in front of every handler: where the event ends is where the parser got to */
static void
mark(struct xml_ctx *ctx)
{
    ctx->event_end =
        XML_GetCurrentByteIndex(ctx->parser) + (XML_Index)XML_GetCurrentByteCount(ctx->parser);
}

static void
on_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct xml_ctx *ctx = ud;

    mark(ctx);
    if (ctx->start != NULL && !ctx->stopped)
        ctx->start(ud, name, atts);
}

static void
on_end(void *ud, const XML_Char *name)
{
    struct xml_ctx *ctx = ud;

    mark(ctx);
    if (ctx->end != NULL && !ctx->stopped)
        ctx->end(ud, name);
}

static void
on_text(void *ud, const XML_Char *s, int len)
{
    struct xml_ctx *ctx = ud;

    mark(ctx);
    if (ctx->text != NULL && !ctx->stopped)
        ctx->text(ud, s, len);
}

/* entity expansion: a DOCTYPE is where entities are declared, and OOXML never has one */
static void
on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid, const XML_Char *pubid,
           int has_internal_subset)
{
    (void)name, (void)sysid, (void)pubid, (void)has_internal_subset;
    xlsx_stop(ud, "the workbook's XML declares a DOCTYPE, which is not allowed");
}

static void
on_entity(void *ud, const XML_Char *name, int is_param, const XML_Char *value, int value_len,
          const XML_Char *base, const XML_Char *sysid, const XML_Char *pubid,
          const XML_Char *notation)
{
    (void)name, (void)is_param, (void)value, (void)value_len, (void)base, (void)sysid;
    (void)pubid, (void)notation;
    xlsx_stop(ud, "the workbook's XML declares entities, which is not allowed");
}

XML_Parser
xlsx_parser(struct xml_ctx *ctx, XML_StartElementHandler start, XML_EndElementHandler end,
            XML_CharacterDataHandler text)
{
    XML_Parser p = XML_ParserCreateNS(NULL, '|');

    if (p == NULL)
        return NULL;
    ctx->parser = p;
    ctx->start = start;
    ctx->end = end;
    ctx->text = text;
    XML_SetUserData(p, ctx);
    XML_SetElementHandler(p, on_start, on_end);
    XML_SetCharacterDataHandler(p, on_text);
    XML_SetStartDoctypeDeclHandler(p, on_doctype);
    XML_SetEntityDeclHandler(p, on_entity);
    XML_SetParamEntityParsing(p, XML_PARAM_ENTITY_PARSING_NEVER);
    return p;
}

/* the parse result of one slice: false with err when the XML is bad or a handler stopped */
static bool
fed(struct xml_ctx *ctx, enum XML_Status st, const char *name, struct err *err)
{
    char msg[160];

    if (st != XML_STATUS_ERROR)
        return true;
    if (ctx->stopped)
        return ctx->problem == NULL ? false : xlsx_fail(err, ctx->problem);
    snprintf(msg, sizeof(msg), "%.60s is not well-formed XML (line %lu: %.40s)", name,
             (unsigned long)XML_GetCurrentLineNumber(ctx->parser),
             XML_ErrorString(XML_GetErrorCode(ctx->parser)));
    return xlsx_fail(err, msg);
}

/* keep the first bytes after the last event: the start of the token still open, for the
 * message when it grows too long */
static void
keep_head(struct xml_ctx *ctx, const char *piece, size_t n, XML_Index piece_at)
{
    XML_Index from;
    size_t off, take;

    if (ctx->head_at != ctx->event_end) {
        ctx->head_at = ctx->event_end;
        ctx->head_len = 0;
    }
    from = ctx->head_at + (XML_Index)ctx->head_len;
    if (from < piece_at || from >= piece_at + (XML_Index)n)
        return;
    off = (size_t)(from - piece_at);
    take = n - off < sizeof(ctx->head) - 1 - ctx->head_len ? n - off
                                                           : sizeof(ctx->head) - 1 - ctx->head_len;
    memcpy(ctx->head + ctx->head_len, piece + off, take);
    ctx->head_len += take;
    ctx->head[ctx->head_len] = '\0';
}

static bool
token_too_long(struct xml_ctx *ctx, const char *name, struct err *err)
{
    char where[160], msg[256];

    if (ctx->where != NULL)
        ctx->where(ctx, ctx->head, where, sizeof(where));
    else
        snprintf(where, sizeof(where), "%.60s, line %lu", name,
                 (unsigned long)XML_GetCurrentLineNumber(ctx->parser));
    snprintf(msg, sizeof(msg), "has an XML tag over the limit of %d KiB (%s)",
             XLSX_MAX_TAG_BYTES / 1024, where);
    return xlsx_fail(err, msg);
}

/* one slice of unpacked bytes, in pieces, each followed by the check that events still come */
static bool
feed_slice(struct xml_ctx *ctx, const char *buf, size_t n, const char *name, struct err *err)
{
    for (size_t off = 0; off < n; off += PARSE_PIECE) {
        size_t len = n - off < PARSE_PIECE ? n - off : PARSE_PIECE;
        XML_Index at = ctx->fed;

        if (!fed(ctx, XML_Parse(ctx->parser, buf + off, (int)len, XML_FALSE), name, err))
            return false;
        ctx->fed += (XML_Index)len;
        keep_head(ctx, buf + off, len, at);
        if (ctx->fed - ctx->event_end > XLSX_MAX_TAG_BYTES)
            return token_too_long(ctx, name, err);
    }
    return true;
}

bool
xlsx_feed(struct xlsx *x, const char *name, struct xml_ctx *ctx, bool *found, struct err *err)
{
    zip_int64_t idx = zip_name_locate(x->zip, name, ZIP_FL_NOCASE);
    zip_file_t *f;
    char *buf = NULL;
    zip_int64_t n;
    bool ok = false;

    *found = idx >= 0;
    if (idx < 0)
        return true;
    f = zip_fopen_index(x->zip, (zip_uint64_t)idx, 0);
    buf = malloc(READ_SLICE);
    if (f == NULL || buf == NULL) {
        xlsx_fail(err, "the workbook's zip entries cannot be read (damaged or encrypted)");
        goto out;
    }
    while ((n = zip_fread(f, buf, READ_SLICE)) > 0) {
        if (n > x->budget) {
            char msg[96];
            snprintf(msg, sizeof(msg), "unpacks to more than %ld MB (a zip bomb?)",
                     x->max_unpacked >> 20);
            xlsx_fail(err, msg);
            goto out;
        }
        x->budget -= (long)n;
        if (!feed_slice(ctx, buf, (size_t)n, name, err))
            goto out;
    }
    if (n < 0) {
        xlsx_fail(err, "the workbook's zip data is damaged");
        goto out;
    }
    ok = fed(ctx, XML_Parse(ctx->parser, buf, 0, XML_TRUE), name, err);
out:
    free(buf);
    if (f != NULL)
        zip_fclose(f);
    return ok;
}

static zip_t *
open_zip(const char *data, size_t len, struct err *err)
{
    zip_error_t zerr;
    zip_source_t *src;
    zip_t *zip;

    zip_error_init(&zerr);
    src = zip_source_buffer_create(data, len, 0, &zerr);
    zip = src ? zip_open_from_source(src, ZIP_RDONLY, &zerr) : NULL;
    if (zip == NULL) {
        zip_source_free(src);
        xlsx_fail(err, "the file looks like a zip archive but cannot be opened as XLSX");
    }
    zip_error_fini(&zerr);
    return zip;
}

bool
import_xlsx_read(const char *data, size_t len, import_row_fn *fn, void *ctx, struct err *err)
{
    return import_xlsx_read_max(data, len, IMPORT_XLSX_MAX_UNPACKED, fn, ctx, err);
}

bool
import_xlsx_read_max(const char *data, size_t len, long max_unpacked, import_row_fn *fn, void *ctx,
                     struct err *err)
{
    struct xlsx x = {.budget = max_unpacked, .max_unpacked = max_unpacked};
    char path[256];
    bool ok = false;

    x.zip = open_zip(data, len, err);
    if (x.zip == NULL)
        return false;
    if (xlsx_first_sheet(&x, path, sizeof(path), err) && xlsx_read_styles(&x, err)
        && xlsx_read_strings(&x, err))
        ok = xlsx_read_sheet(&x, path, fn, ctx, err);
    zip_discard(x.zip);
    xbuf_release(&x.strings);
    free(x.string_offs);
    free(x.date_style);
    return ok;
}
