/* imports.c - lead imports: dry-run preview, start (chunks + document + job), progress */
#include "import/imports.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "auth/scope.h"
#include "core/clock.h"
#include "core/json.h"
#include "core/oid.h"
#include "core/utf8.h"
#include "db/db.h"
#include "db/store.h"
#include "import/import_chunks.h"
#include "import/import_dups.h"
#include "import/import_map.h"
#include "import/import_upload.h"
#include "model/model.h"
#include "model/tables.h"
#include "queue/queue.h"

/* a session for p: a partner admin's rows go to their partner; staff may name one */
static struct import_upload *
upload_open(struct app *app, const struct principal *p, const struct import_file *file,
            import_flush_fn *flush, struct err *err)
{
    struct import_upload *u = import_upload_new(app, flush);
    const char *problem = NULL;

    if (u == NULL) {
        err_set(err, ERR_INTERNAL, "out of memory");
        return NULL;
    }
    if (!scope_trusted(p)) {
        snprintf(u->fixed_partner, sizeof(u->fixed_partner), "%s", p->partner_id);
        u->partner_locked = true;
        if (u->fixed_partner[0] != '\0')
            return u;
        err_set(err, ERR_FORBIDDEN, "imports need a partner");
    } else if (file->partner == NULL || file->partner[0] == '\0') {
        return u;
    } else if (import_partner_resolve(app, &u->partners, file->partner, u->fixed_partner, &problem,
                                      err)) {
        if (problem == NULL)
            return u;
        err_detail(err, "partner", "%s", problem);
        err_set(err, ERR_VALIDATION_FAILED, "the import has invalid fields");
    }
    import_upload_free(u);
    return NULL;
}

static json_object *
columns_json(const struct import_columns *cols)
{
    json_object *list = json_object_new_array();

    for (size_t i = 0; i < cols->n; i++) {
        json_object *c = json_object_new_object();
        const struct field *f = cols->cols[i].field;
        json_object_object_add(c, "header", json_object_new_string(cols->cols[i].header));
        json_object_object_add(c, "field", f ? json_object_new_string(f->json) : NULL);
        json_object_array_add(list, c);
    }
    return list;
}

static int
by_row(const void *a, const void *b)
{
    int64_t ra = json_object_get_int64(json_object_object_get(*(json_object *const *)a, "row"));
    int64_t rb = json_object_get_int64(json_object_object_get(*(json_object *const *)b, "row"));

    return (ra > rb) - (ra < rb);
}

json_object *
imports_preview(struct app *app, const struct principal *p, const struct import_file *file,
                struct err *err)
{
    struct import_upload *u = upload_open(app, p, file, import_dups_check, err);
    json_object *out = NULL;

    if (u == NULL || !import_upload_read(u, file->data, file->len, err))
        goto out;
    json_object_array_sort(u->dups, by_row);
    out = json_object_new_object();
    json_object_object_add(out, "columns", columns_json(&u->cols));
    json_object_object_add(out, "rows", json_object_get(u->preview));
    if (u->preview_cut) /* only then: a preview of short values reads as before */
        json_object_object_add(out, "truncated", json_object_new_boolean(true));
    json_object_object_add(out, "total", json_object_new_int64(u->total));
    json_object_object_add(out, "failed", json_object_new_int64(u->failed));
    json_object_object_add(out, "errors", json_object_get(u->errors));
    json_object_object_add(out, "duplicates", json_object_get(u->dups));
out:
    import_upload_free(u);
    return out;
}

/* the uploaded name without a client's path, UTF-8 or "upload" */
static void
clean_filename(const char *given, char *out, size_t cap)
{
    const char *base = given ? given : "";

    for (const char *s = base; *s != '\0'; s++)
        if (*s == '/' || *s == '\\')
            base = s + 1;
    snprintf(out, cap, "%s", base);
    if (out[0] == '\0' || utf8_check(out, strlen(out), NULL) != UTF8_OK)
        snprintf(out, cap, "upload");
}

/* an id (24 hex) as ObjectId, or null when "" */
static void
append_ref(bson_t *doc, const char *key, const char *hex)
{
    bson_oid_t oid;

    if (oid_parse_str(hex, &oid))
        BSON_APPEND_OID(doc, key, &oid);
    else
        BSON_APPEND_NULL(doc, key);
}

static void
append_errors(bson_t *doc, json_object *errors)
{
    bson_t list, e;
    char key[24];

    BSON_APPEND_ARRAY_BEGIN(doc, "errors", &list);
    for (size_t i = 0; i < json_object_array_length(errors); i++) {
        json_object *item = json_object_array_get_idx(errors, i), *field;
        snprintf(key, sizeof(key), "%zu", i);
        BSON_APPEND_DOCUMENT_BEGIN(&list, key, &e);
        BSON_APPEND_INT64(&e, "row", json_object_get_int64(json_object_object_get(item, "row")));
        field = json_object_object_get(item, "field");
        if (field != NULL)
            BSON_APPEND_UTF8(&e, "field", json_object_get_string(field));
        else
            BSON_APPEND_NULL(&e, "field");
        BSON_APPEND_UTF8(&e, "problem",
                         json_object_get_string(json_object_object_get(item, "problem")));
        bson_append_document_end(&list, &e);
    }
    bson_append_array_end(doc, &list);
}

/* key (an ObjectId or null) from hex, and key_name: the name field of that document in
 * collection, copied now so that a list shows it without a read ("" when unknown) */
static void
append_named_ref(struct app *app, bson_t *doc, const char *key, const char *hex,
                 const char *collection, const char *key_name)
{
    bson_oid_t oid;
    char name[256] = "";

    append_ref(doc, key, hex);
    if (oid_parse_str(hex, &oid))
        store_string_by_id(app->db, collection, &oid, "name", name, sizeof(name));
    BSON_APPEND_UTF8(doc, key_name, name);
}

/* the imports document, status queued */
static bool
insert_import(struct app *app, const struct principal *p, const struct import_upload *u,
              const char *filename, struct err *err)
{
    int64_t now = clock_now_ms();
    char name[256];
    bson_t doc = BSON_INITIALIZER, empty;
    bool ok;

    clean_filename(filename, name, sizeof(name));
    BSON_APPEND_OID(&doc, "_id", &u->id);
    BSON_APPEND_UTF8(&doc, "status", "queued");
    BSON_APPEND_INT64(&doc, "total", u->total);
    BSON_APPEND_INT64(&doc, "processed", 0);
    BSON_APPEND_INT64(&doc, "created", 0);
    BSON_APPEND_INT64(&doc, "updated", 0);
    BSON_APPEND_INT64(&doc, "skipped", 0);
    BSON_APPEND_INT64(&doc, "failed", u->failed);
    append_errors(&doc, u->errors);
    append_named_ref(app, &doc, "partner", u->fixed_partner, "partners", "partnerName");
    append_ref(&doc, "createdBy", p->user_id);
    append_named_ref(app, &doc, "startedBy", p->user_id, "users", "startedByName");
    append_ref(&doc, "creatorPartner", p->partner_id);
    BSON_APPEND_UTF8(&doc, "filename", name);
    BSON_APPEND_INT32(&doc, "chunks", u->nchunks);
    BSON_APPEND_INT32(&doc, "lastChunk", -1);
    BSON_APPEND_ARRAY_BEGIN(&doc, "partnersTouched", &empty);
    bson_append_array_end(&doc, &empty);
    BSON_APPEND_DATE_TIME(&doc, "createdAt", now);
    BSON_APPEND_DATE_TIME(&doc, "updatedAt", now);
    BSON_APPEND_NULL(&doc, "finishedAt");
    ok = store_insert_one(app->db, "imports", &doc, err);
    bson_destroy(&doc);
    return ok;
}

/* undo a start that cannot be queued: the document and the chunks go */
static void
discard(struct app *app, const bson_oid_t *id)
{
    struct err ignored = ERR_INIT;
    bson_t *filter = BCON_NEW("_id", BCON_OID(id));

    store_delete_one(app->db, "imports", filter, NULL, &ignored);
    bson_destroy(filter);
    import_chunks_delete(app, id, &ignored);
}

json_object *
imports_start(struct app *app, const struct principal *p, const struct import_file *file,
              struct err *err)
{
    struct import_upload *u = upload_open(app, p, file, import_chunk_write, err);
    json_object *out = NULL;
    char id[OID_STR_SIZE], payload[64];
    bool inserted = false;

    if (u == NULL)
        return NULL;
    oid_format(&u->id, id);
    if (!import_upload_read(u, file->data, file->len, err)
        || !(inserted = insert_import(app, p, u, file->filename, err)))
        goto out;
    snprintf(payload, sizeof(payload), "{\"import\":\"%s\"}", id);
    if (!queue_push(app, "imports", "import", payload, id, NULL, NULL, err))
        goto out;
    out = json_object_new_object();
    json_object_object_add(out, "id", json_object_new_string(id));
out:
    if (out == NULL && (u->nchunks > 0 || inserted))
        discard(app, &u->id);
    import_upload_free(u);
    return out;
}

json_object *
imports_get(struct app *app, const struct principal *p, const char *id, struct err *err)
{
    static const char *const keys[] = {"status",  "total",    "processed", "created",
                                       "updated", "skipped",  "failed",    "errors",
                                       "partner", "filename", "createdAt", "finishedAt"};
    bson_oid_t oid;
    bson_t *filter = NULL, *doc = NULL;
    const bson_oid_t *partner_oid;
    bson_iter_t it;
    char partner[OID_STR_SIZE] = "", hex[OID_STR_SIZE];
    bool found = false;
    json_object *out = NULL;

    if (!oid_parse_str(id, &oid)) {
        err_set(err, ERR_NOT_FOUND, "no such import");
        goto out;
    }
    filter = BCON_NEW("_id", BCON_OID(&oid));
    if (!store_find_one(app->db, "imports", filter, NULL, &doc, &found, err))
        goto out;
    if (found && (partner_oid = json_bson_oid(doc, "partner")) != NULL)
        oid_format(partner_oid, partner);
    if (!found || !scope_allows(p, partner)) {
        err_set(err, ERR_NOT_FOUND, "no such import");
        goto out;
    }
    out = json_object_new_object();
    oid_format(&oid, hex);
    json_object_object_add(out, "id", json_object_new_string(hex));
    for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
        if (bson_iter_init_find(&it, doc, keys[i]))
            json_object_object_add(out, keys[i], model_output_value(&it));
out:
    bson_destroy(doc);
    bson_destroy(filter);
    return out;
}

json_object *
imports_list(struct app *app, const struct principal *p, const struct list_params *params,
             struct err *err)
{
    struct list_query q;
    bson_t scope;
    json_object *out = NULL;

    if (model_list_query(&imports_model, params, &q, err)) {
        struct store_list_spec spec = {&imports_model, &scope, &q, p, NULL, NULL};
        scope_filter(p, "partner", &scope);
        out = store_list(app->db, &spec, err);
        bson_destroy(&scope);
    }
    list_query_release(&q);
    return out;
}

json_object *
imports_columns(void)
{
    size_t n;
    const struct import_field_spec *specs = import_field_specs(&n);
    json_object *out = json_object_new_object(), *list = json_object_new_array();

    for (size_t i = 0; i < n; i++) {
        const struct field *f = model_find_field(&leads_model, specs[i].field);
        json_object *c = json_object_new_object(), *headers = json_object_new_array();
        for (size_t j = 0; j < IMPORT_SPELLINGS_MAX && specs[i].headers[j] != NULL; j++)
            json_object_array_add(headers, json_object_new_string(specs[i].headers[j]));
        json_object_object_add(c, "field", json_object_new_string(specs[i].field));
        json_object_object_add(c, "label", json_object_new_string(specs[i].label));
        json_object_object_add(c, "headers", headers);
        json_object_object_add(c, "required",
                               json_object_new_boolean(f != NULL && (f->flags & FIELD_REQUIRED)));
        json_object_object_add(c, "note",
                               specs[i].note ? json_object_new_string(specs[i].note) : NULL);
        json_object_array_add(list, c);
    }
    json_object_object_add(out, "fields", list);
    return out;
}
