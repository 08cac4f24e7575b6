/* import_csv.c - CSV files through libcsv (strict quoting), one callback per record */
#include "import/import_csv.h"

#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import/import_cell.h"

#define CHUNK (64 * 1024) /* parse in slices so a stopped reading ends soon */
#define BOM "\xef\xbb\xbf"

struct csv_state {
    import_row_fn *fn;
    void *ctx;
    char *buf; /* the current record's fields, each NUL-terminated */
    size_t used, cap;
    size_t offs[IMPORT_MAX_COLUMNS], lens[IMPORT_MAX_COLUMNS];
    struct import_cell cells[IMPORT_MAX_COLUMNS];
    size_t nfields;
    bool too_wide, stopped, oom;
    long number;       /* of the current record */
    int last_term;     /* the character that ended the previous record */
    char problem[160]; /* why the file is refused (a field over the limit); "" = none */
};

/* the field being read (column nfields + 1 of the current record) is over the limit */
static void
too_long(struct csv_state *st)
{
    snprintf(st->problem, sizeof(st->problem),
             "has a field over the limit of %d characters (row %ld, column %zu)",
             IMPORT_MAX_CELL_CHARS, st->number, st->nfields + 1);
    st->stopped = true;
}

char
import_csv_delimiter(const char *data, size_t len)
{
    size_t commas = 0, semicolons = 0, i = 0;
    bool quoted = false;

    if (len >= 3 && memcmp(data, BOM, 3) == 0)
        i = 3;
    for (; i < len && (quoted || (data[i] != '\n' && data[i] != '\r')); i++) {
        if (data[i] == '"')
            quoted = !quoted;
        else if (!quoted && data[i] == ',')
            commas++;
        else if (!quoted && data[i] == ';')
            semicolons++;
    }
    return semicolons > commas ? ';' : ',';
}

static bool
grow(struct csv_state *st, size_t need)
{
    size_t cap = st->cap ? st->cap : 4096;
    char *bigger;

    while (cap < need)
        cap *= 2;
    if (cap == st->cap)
        return true;
    bigger = realloc(st->buf, cap);
    if (bigger == NULL)
        return false;
    st->buf = bigger;
    st->cap = cap;
    return true;
}

/* libcsv: one field of the current record */
static void
on_field(void *s, size_t n, void *data)
{
    struct csv_state *st = data;

    if (st->stopped || st->oom)
        return;
    if (n > IMPORT_MAX_CELL_CHARS && import_text_chars(s, n) > IMPORT_MAX_CELL_CHARS) {
        too_long(st);
        return;
    }
    if (st->nfields == IMPORT_MAX_COLUMNS) {
        st->too_wide = true;
        return;
    }
    if (!grow(st, st->used + n + 1)) {
        st->oom = true;
        return;
    }
    if (n > 0)
        memcpy(st->buf + st->used, s, n);
    st->buf[st->used + n] = '\0';
    st->offs[st->nfields] = st->used;
    st->lens[st->nfields++] = n;
    st->used += n + 1;
}

/* hand the current record (or a problem instead of it) to the callback */
static void
emit(struct csv_state *st, const char *problem)
{
    struct import_row row = {.number = st->number, .problem = problem, .cells = st->cells};

    if (problem == NULL) {
        for (size_t i = 0; i < st->nfields; i++) {
            st->cells[i].kind = CELL_TEXT;
            st->cells[i].text = st->buf + st->offs[i];
            st->cells[i].len = st->lens[i];
            st->cells[i].number = 0;
        }
        row.ncells = st->nfields;
        row.too_wide = st->too_wide;
    }
    if (!st->fn(st->ctx, &row))
        st->stopped = true;
    st->nfields = 0;
    st->used = 0;
    st->too_wide = false;
    st->number++;
}

/* libcsv: end of a record; c is the newline that ended it (-1 at the end of the data) */
static void
on_record(int c, void *data)
{
    struct csv_state *st = data;

    if (st->stopped || st->oom)
        return;
    /* with CSV_REPALL_NL the LF of a CRLF arrives as an empty record of its own */
    if (c == '\n' && st->last_term == '\r' && st->nfields == 0 && !st->too_wide) {
        st->last_term = c;
        return;
    }
    st->last_term = c;
    if (c == -1 && st->nfields == 0 && !st->too_wide)
        return; /* nothing after the last newline */
    emit(st, NULL);
}

static void
parser_open(struct csv_parser *p, char delim)
{
    csv_init(p, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL | CSV_APPEND_NULL);
    csv_set_delim(p, (unsigned char)delim);
    csv_set_blk_size(p, 4096);
}

/* a malformed quote at data[at]: report the record, go on after the end of its line */
static size_t
recover(struct csv_state *st, struct csv_parser *p, char delim, const char *data, size_t at,
        size_t len)
{
    const char *nl = memchr(data + at, '\n', len - at);

    emit(st, "has a malformed quoted field (a quote inside a field must be doubled and the "
             "field quoted)");
    st->last_term = '\n';
    csv_free(p);
    parser_open(p, delim);
    return nl ? (size_t)(nl - data) + 1 : len;
}

/* the parse loop over data[pos..len) */
static void
parse_all(struct csv_state *st, struct csv_parser *p, char delim, const char *data, size_t pos,
          size_t len)
{
    while (pos < len && !st->stopped && !st->oom) {
        size_t n = len - pos < CHUNK ? len - pos : CHUNK;
        size_t got = csv_parse(p, data + pos, n, on_field, on_record, st);
        if (got < n && csv_error(p) == CSV_EPARSE) {
            pos = recover(st, p, delim, data, pos + got, len);
            continue;
        }
        if (got < n) {
            st->oom = true;
            return;
        }
        pos += n;
        if (p->entry_pos > IMPORT_MAX_CELL_BYTES) /* a field still open is over the limit */
            too_long(st);
    }
    if (!st->stopped && !st->oom && csv_fini(p, on_field, on_record, st) != 0
        && csv_error(p) == CSV_EPARSE) {
        st->nfields = 0;
        st->used = 0;
        emit(st, "has a quoted field that is never closed");
    }
}

bool
import_csv_read(const char *data, size_t len, import_row_fn *fn, void *ctx, struct err *err)
{
    struct csv_state *st = calloc(1, sizeof(*st));
    struct csv_parser p;
    char delim = import_csv_delimiter(data, len);
    bool ok;

    if (st == NULL)
        return err_set(err, ERR_INTERNAL, "out of memory");
    st->fn = fn;
    st->ctx = ctx;
    st->number = 1;
    parser_open(&p, delim);
    parse_all(st, &p, delim, data, len >= 3 && memcmp(data, BOM, 3) == 0 ? 3 : 0, len);
    csv_free(&p);
    ok = !st->stopped && !st->oom;
    if (st->oom) {
        err_set(err, ERR_INTERNAL, "out of memory reading the CSV file");
    } else if (st->problem[0] != '\0') {
        err_detail(err, "file", "%s", st->problem);
        err_set(err, ERR_VALIDATION_FAILED, "the file cannot be imported");
    }
    free(st->buf);
    free(st);
    return ok;
}
