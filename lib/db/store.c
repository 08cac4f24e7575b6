/* store.c - the shared find-one and list-page reads */
#include "db/store.h"

#include "db/db.h"

bool
store_find_one(struct db *db, const char *collection, const bson_t *filter, const bson_t *opts,
               bson_t **doc, bool *found, struct err *err)
{
    bson_t limited = BSON_INITIALIZER;
    mongoc_cursor_t *cursor;
    const bson_t *d;
    bson_error_t error;
    bool ok;

    *found = false;
    *doc = NULL;
    if (opts != NULL)
        bson_copy_to_excluding_noinit(opts, &limited, "limit", NULL);
    BSON_APPEND_INT64(&limited, "limit", 1);
    BSON_APPEND_BOOL(&limited, "singleBatch", true); /* no cursor left open: one round trip */
    cursor =
        mongoc_collection_find_with_opts(db_collection(db, collection), filter, &limited, NULL);
    if (mongoc_cursor_next(cursor, &d)) {
        *doc = bson_copy(d);
        *found = true;
    }
    ok = !mongoc_cursor_error(cursor, &error);
    mongoc_cursor_destroy(cursor);
    bson_destroy(&limited);
    if (!ok) {
        bson_destroy(*doc);
        *doc = NULL;
        *found = false;
        return db_fail(err, &error, collection);
    }
    return true;
}

bool
store_set_by_id(struct db *db, const char *collection, const bson_oid_t *id, const bson_t *set,
                int64_t now_ms, bson_error_t *error)
{
    bson_t update = BSON_INITIALIZER, s;
    bson_t *filter = BCON_NEW("_id", BCON_OID(id));
    bool ok;

    BSON_APPEND_DOCUMENT_BEGIN(&update, "$set", &s);
    bson_concat(&s, set);
    BSON_APPEND_DATE_TIME(&s, "updatedAt", now_ms);
    bson_append_document_end(&update, &s);
    ok = mongoc_collection_update_one(db_collection(db, collection), filter, &update, NULL, NULL,
                                      error);
    bson_destroy(filter);
    bson_destroy(&update);
    return ok;
}

/* the client's filter AND the scope */
static void
combined_filter(const bson_t *scope, const bson_t *filter, bson_t *out)
{
    bson_t and_list;

    if (scope == NULL || bson_empty(scope)) {
        bson_copy_to(filter, out);
        return;
    }
    if (bson_empty(filter)) {
        bson_copy_to(scope, out);
        return;
    }
    bson_init(out);
    BSON_APPEND_ARRAY_BEGIN(out, "$and", &and_list);
    BSON_APPEND_DOCUMENT(&and_list, "0", scope);
    BSON_APPEND_DOCUMENT(&and_list, "1", filter);
    bson_append_array_end(out, &and_list);
}

static json_object *
meta_json(int64_t total, const struct list_query *q)
{
    json_object *meta = json_object_new_object();

    json_object_object_add(meta, "total", json_object_new_int64(total));
    json_object_object_add(meta, "page", json_object_new_int64(q->page));
    json_object_object_add(meta, "perPage", json_object_new_int64(q->per_page));
    return meta;
}

json_object *
store_list(struct db *db, const struct model *m, const bson_t *scope, const struct list_query *q,
           const struct principal *p, struct err *err)
{
    mongoc_collection_t *coll = db_collection(db, m->collection);
    bson_t filter, opts = BSON_INITIALIZER;
    bson_error_t error;
    mongoc_cursor_t *cursor = NULL;
    const bson_t *doc;
    json_object *list = NULL, *out = NULL;
    int64_t total;

    combined_filter(scope, &q->filter, &filter);
    total = mongoc_collection_count_documents(coll, &filter, NULL, NULL, NULL, &error);
    if (total < 0) {
        db_fail(err, &error, "count");
        goto out;
    }
    BSON_APPEND_DOCUMENT(&opts, "sort", &q->sort);
    BSON_APPEND_INT64(&opts, "skip", q->skip);
    BSON_APPEND_INT64(&opts, "limit", q->limit);
    /* a page is small: one batch holds it (no getMore, no killCursors); the batch size must be
     * the page's, or the server's default first batch (101 documents) cuts bigger pages short */
    BSON_APPEND_INT64(&opts, "batchSize", q->limit);
    BSON_APPEND_BOOL(&opts, "singleBatch", true);
    cursor = mongoc_collection_find_with_opts(coll, &filter, &opts, NULL);
    list = json_object_new_array();
    while (mongoc_cursor_next(cursor, &doc))
        json_object_array_add(list, model_output(m, doc, p));
    if (mongoc_cursor_error(cursor, &error)) {
        db_fail(err, &error, "list");
        json_object_put(list);
        goto out;
    }
    out = json_object_new_object();
    json_object_object_add(out, "list", list);
    json_object_object_add(out, "meta", meta_json(total, q));
out:
    mongoc_cursor_destroy(cursor);
    bson_destroy(&opts);
    bson_destroy(&filter);
    return out;
}
