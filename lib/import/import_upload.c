/* import_upload.c - one uploaded file read into an import, row by row */
#include "import/import_upload.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/oid.h"
#include "import/import_cell.h"
#include "import/import_read.h"
#include "model/tables.h"

struct import_upload *
import_upload_new(struct app *app, import_flush_fn *flush)
{
    struct import_upload *u = calloc(1, sizeof(*u));

    if (u == NULL)
        return NULL;
    u->app = app;
    u->flush = flush;
    bson_oid_init(&u->id, NULL);
    u->errors = json_object_new_array();
    u->preview = json_object_new_array();
    u->dups = json_object_new_array();
    u->seen = import_seen_new();
    u->lead_count = -1;
    if (u->seen == NULL) {
        import_upload_free(u);
        return NULL;
    }
    return u;
}

void
import_batch_clear(struct import_upload *u)
{
    for (size_t i = 0; i < u->nbatch; i++)
        bson_destroy(u->batch[i].fields);
    u->nbatch = 0;
}

void
import_upload_free(struct import_upload *u)
{
    if (u == NULL)
        return;
    import_batch_clear(u);
    json_object_put(u->errors);
    json_object_put(u->preview);
    json_object_put(u->dups);
    import_seen_free(u->seen);
    import_seen_free(u->leads);
    free(u);
}

void
import_upload_error(struct import_upload *u, long row, const char *field, const char *problem)
{
    json_object *e;

    if (json_object_array_length(u->errors) >= IMPORT_MAX_ERRORS)
        return;
    e = json_object_new_object();
    json_object_object_add(e, "row", json_object_new_int64(row));
    json_object_object_add(e, "field", field ? json_object_new_string(field) : NULL);
    json_object_object_add(e, "problem", json_object_new_string(problem));
    json_object_array_add(u->errors, e);
}

static bool
file_problem(struct err *err, const char *problem)
{
    err_detail(err, "file", "%s", problem);
    return err_set(err, ERR_VALIDATION_FAILED, "the file cannot be imported");
}

static bool
blank(const struct import_row *row)
{
    for (size_t i = 0; i < row->ncells; i++)
        for (size_t j = 0; j < row->cells[i].len; j++)
            if (!isspace((unsigned char)row->cells[i].text[j]))
                return false;
    return row->problem == NULL;
}

/* the row's partner into id: the partner column, else the form field; a partner admin's rows
 * always go to their partner. Problems become details of rerr. False when the database failed. */
static bool
row_partner(struct import_upload *u, json_object *in, char id[OID_STR_SIZE], struct err *rerr,
            struct err *err)
{
    json_object *v = NULL;
    const char *given = NULL, *problem = NULL;

    if (json_object_object_get_ex(in, "partner", &v))
        given = json_object_get_string(v);
    id[0] = '\0';
    if (u->partner_locked || given == NULL) {
        snprintf(id, OID_STR_SIZE, "%s", u->fixed_partner);
        if (id[0] == '\0')
            err_detail(rerr, "partner", "is required: add a partner column or choose a partner");
        return true;
    }
    if (!import_partner_resolve(u->app, &u->partners, given, id, &problem, err))
        return false;
    if (problem != NULL)
        err_detail(rerr, "partner", "%s", problem);
    return true;
}

/* a valid row joins the batch; a full batch is flushed */
static bool
batch_add(struct import_upload *u, long row, const char *partner, bson_t *fields, struct err *err)
{
    struct import_batch_row *b = &u->batch[u->nbatch++];
    bson_iter_t it;

    b->row = row;
    b->fields = fields;
    snprintf(b->partner, sizeof(b->partner), "%s", partner);
    snprintf(b->email, sizeof(b->email), "%s",
             bson_iter_init_find(&it, fields, "email") && BSON_ITER_HOLDS_UTF8(&it)
                 ? bson_iter_utf8(&it, NULL)
                 : "");
    if (u->nbatch < IMPORT_BATCH)
        return true;
    bool ok = u->flush(u, err);
    import_batch_clear(u);
    return ok;
}

/* a value of at most IMPORT_PREVIEW_CHARS characters: longer ones are cut, ending in "…" */
static json_object *
preview_value(struct import_upload *u, json_object *v)
{
    const char *s = json_object_get_string(v);
    size_t len = (size_t)json_object_get_string_len(v);
    size_t keep = import_text_fit(s, len, IMPORT_PREVIEW_CHARS, len);
    char *cut;
    json_object *out;

    if (!json_object_is_type(v, json_type_string) || keep == len
        || (cut = malloc(keep + 3)) == NULL)
        return json_object_get(v);
    memcpy(cut, s, keep);
    memcpy(cut + keep, "\xe2\x80\xa6", 3); /* U+2026 */
    out = json_object_new_string_len(cut, (int)keep + 3);
    free(cut);
    u->preview_cut = true;
    return out;
}

/* the preview shows the row as mapped, with the partner it goes to, values cut to length */
static void
preview_add(struct import_upload *u, json_object *in, const char *partner)
{
    if (json_object_array_length(u->preview) >= IMPORT_PREVIEW_ROWS)
        return;
    json_object *copy = json_object_new_object();
    json_object_object_foreach(in, key, v)
    {
        json_object_object_add(copy, key, preview_value(u, v));
    }
    if (partner[0] != '\0')
        json_object_object_add(copy, "partner", json_object_new_string(partner));
    json_object_array_add(u->preview, copy);
}

/* one data row: map, find its partner, check it against the leads table */
static bool
data_row(struct import_upload *u, const struct import_row *row)
{
    static const struct principal system = {.kind = PRINCIPAL_SYSTEM};
    struct err rerr = ERR_INIT;
    char partner[OID_STR_SIZE];
    bool bad;
    json_object *in = import_map_row(&u->cols, row, &rerr, &bad);
    bson_t *fields = bson_new();
    bool ok = false;

    if (!row_partner(u, in, partner, &rerr, u->err))
        goto out;
    preview_add(u, in, partner);
    json_object_object_del(in, "partner");
    model_input(&leads_model, in, MODEL_CREATE, &system, fields, &rerr);
    if (rerr.ndetails == 0) {
        ok = batch_add(u, row->number, partner, fields, u->err);
        fields = NULL; /* the batch's now */
        goto out;
    }
    for (int i = 0; i < rerr.ndetails; i++)
        import_upload_error(u, row->number, rerr.details[i].field, rerr.details[i].problem);
    u->failed++;
    ok = true;
out:
    json_object_put(in);
    bson_destroy(fields);
    return ok;
}

/* a column that fills a field an earlier column fills already is ignored: say so */
static void
note_repeats(struct import_upload *u, long row)
{
    char problem[200];

    for (size_t i = 0; i < u->cols.n; i++) {
        if (u->cols.cols[i].repeat == NULL)
            continue;
        snprintf(problem, sizeof(problem), "column %zu (%.100s) repeats this field and is ignored",
                 i + 1, u->cols.cols[i].header);
        import_upload_error(u, row, u->cols.cols[i].repeat->json, problem);
    }
}

/* the reader's callback: the first non-blank row is the header, the others are data */
static bool
on_row(void *ctx, const struct import_row *row)
{
    struct import_upload *u = ctx;

    if (blank(row))
        return true;
    if (!u->have_header) {
        if (row->problem != NULL)
            return file_problem(u->err, "has a header row that cannot be read");
        u->have_header = import_map_header(&leads_model, row, &u->cols, u->err);
        if (u->have_header)
            note_repeats(u, row->number);
        return u->have_header;
    }
    if (++u->total > IMPORT_MAX_ROWS)
        return file_problem(u->err, "has more than 100000 rows: split it into smaller files");
    if (row->problem != NULL) {
        import_upload_error(u, row->number, NULL, row->problem);
        u->failed++;
        return true;
    }
    return data_row(u, row);
}

/* the first pass: data rows counted as on_row counts them, nothing else */
struct row_count {
    bool header;
    long rows;
    struct err *err;
};

static bool
count_row(void *ctx, const struct import_row *row)
{
    struct row_count *c = ctx;

    if (blank(row))
        return true;
    if (!c->header)
        c->header = true;
    else if (++c->rows > IMPORT_MAX_ROWS)
        return file_problem(c->err, "has more than 100000 rows: split it into smaller files");
    return true;
}

bool
import_upload_read(struct import_upload *u, const char *data, size_t len, struct err *err)
{
    struct row_count count = {.err = err};

    u->err = err;
    if (!import_read(data, len, count_row, &count, err) || !import_read(data, len, on_row, u, err))
        return false;
    if (!u->have_header)
        return file_problem(err, "has no header row");
    if (u->total == 0)
        return file_problem(err, "has a header row but no data rows");
    if (u->nbatch > 0) {
        bool ok = u->flush(u, err);
        import_batch_clear(u);
        return ok;
    }
    return true;
}
