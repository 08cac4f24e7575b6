/* store.c - reads and writes of collections: cursor loops with their error check, writes with
 * their error mapping, the shared list page */
#include "db/store.h"

#include <stdio.h>
#include <string.h>

#include "core/clock.h"

/* run fn over the cursor, then check the cursor's error; destroys the cursor */
static bool
drain(mongoc_cursor_t *cursor, store_each_fn *fn, void *ctx, const char *collection,
      const char *what, struct err *err)
{
    const bson_t *doc;
    bson_error_t error;
    bool more = true;

    while (more && mongoc_cursor_next(cursor, &doc))
        more = fn(doc, ctx, err);
    if (!more) { /* fn failed and said why */
        mongoc_cursor_destroy(cursor);
        return false;
    }
    more = !mongoc_cursor_error(cursor, &error);
    mongoc_cursor_destroy(cursor);
    return more ? true : db_fail(err, &error, collection, what);
}

bool
store_each(struct db *db, const char *collection, const bson_t *filter, const bson_t *opts,
           store_each_fn *fn, void *ctx, struct err *err)
{
    mongoc_cursor_t *cursor =
        mongoc_collection_find_with_opts(db_collection(db, collection), filter, opts, NULL);

    return drain(cursor, fn, ctx, collection, "find", err);
}

bool
store_aggregate_each(struct db *db, const char *collection, const bson_t *pipeline,
                     const bson_t *opts, store_each_fn *fn, void *ctx, struct err *err)
{
    mongoc_cursor_t *cursor = mongoc_collection_aggregate(db_collection(db, collection),
                                                          MONGOC_QUERY_NONE, pipeline, opts, NULL);

    return drain(cursor, fn, ctx, collection, "aggregate", err);
}

struct peek {
    store_each_fn *fn;
    void *ctx;
    bool *found;
};

static bool
peek_first(const bson_t *doc, void *ctx, struct err *err)
{
    struct peek *pk = ctx;

    if (*pk->found) /* one document, whatever the server sends */
        return true;
    *pk->found = true;
    return pk->fn(doc, pk->ctx, err);
}

bool
store_peek_one(struct db *db, const char *collection, const bson_t *filter, const bson_t *opts,
               store_each_fn *fn, void *ctx, bool *found, struct err *err)
{
    bson_t limited = BSON_INITIALIZER;
    struct peek pk = {fn, ctx, found};
    bool ok;

    *found = false;
    if (opts != NULL)
        bson_copy_to_excluding_noinit(opts, &limited, "limit", NULL);
    BSON_APPEND_INT64(&limited, "limit", 1);
    BSON_APPEND_BOOL(&limited, "singleBatch", true); /* no cursor left open: one round trip */
    ok = store_each(db, collection, filter, &limited, peek_first, &pk, err);
    bson_destroy(&limited);
    if (!ok)
        *found = false;
    return ok;
}

static bool
copy_doc(const bson_t *doc, void *ctx, struct err *err)
{
    (void)err;
    *(bson_t **)ctx = bson_copy(doc);
    return true;
}

bool
store_find_one(struct db *db, const char *collection, const bson_t *filter, const bson_t *opts,
               bson_t **doc, bool *found, struct err *err)
{
    *doc = NULL;
    if (store_peek_one(db, collection, filter, opts, copy_doc, doc, found, err))
        return true;
    bson_destroy(*doc);
    *doc = NULL;
    return false;
}

/* a count's answer into *n: got, or 0 and the driver's error when got is negative */
static bool
counted(int64_t got, const bson_error_t *error, const char *collection, const char *what,
        int64_t *n, struct err *err)
{
    *n = got >= 0 ? got : 0;
    return got >= 0 ? true : db_fail(err, error, collection, what);
}

bool
store_count(struct db *db, const char *collection, const bson_t *filter, int64_t *n,
            struct err *err)
{
    bson_error_t error;
    int64_t got = mongoc_collection_count_documents(db_collection(db, collection), filter, NULL,
                                                    NULL, NULL, &error);

    return counted(got, &error, collection, "count", n, err);
}

bool
store_estimated_count(struct db *db, const char *collection, int64_t *n, struct err *err)
{
    bson_error_t error;
    int64_t got = mongoc_collection_estimated_document_count(db_collection(db, collection), NULL,
                                                             NULL, NULL, &error);

    return counted(got, &error, collection, "estimated count", n, err);
}

bool
store_insert_one(struct db *db, const char *collection, const bson_t *doc, struct err *err)
{
    bson_error_t error;

    if (mongoc_collection_insert_one(db_collection(db, collection), doc, NULL, NULL, &error))
        return true;
    return db_fail(err, &error, collection, "insert");
}

bool
store_insert_once(struct db *db, const char *collection, const bson_t *doc, struct err *err)
{
    struct err e = ERR_INIT;

    if (store_insert_one(db, collection, doc, &e))
        return true;
    /* a duplicate of another unique value than _id would be a real conflict */
    if (err_is(&e, ERR_CONFLICT) && (e.ndetails == 0 || strcmp(e.details[0].field, "_id") == 0))
        return true;
    *err = e;
    return false;
}

bool
store_insert_many(struct db *db, const char *collection, const bson_t **docs, size_t n,
                  struct err *err)
{
    bson_error_t error;

    if (n == 0
        || mongoc_collection_insert_many(db_collection(db, collection), docs, n, NULL, NULL,
                                         &error))
        return true;
    return db_fail(err, &error, collection, "insert many");
}

/* the integer member key of a write reply, 0 when absent */
static int64_t
reply_count(const bson_t *reply, const char *key)
{
    bson_iter_t it;

    return bson_iter_init_find(&it, reply, key) ? bson_iter_as_int64(&it) : 0;
}

bool
store_update_one(struct db *db, const char *collection, const bson_t *filter, const bson_t *update,
                 const bson_t *opts, bool *matched, struct err *err)
{
    bson_t reply;
    bson_error_t error;
    bool ok = mongoc_collection_update_one(db_collection(db, collection), filter, update, opts,
                                           matched ? &reply : NULL, &error);

    if (matched != NULL) {
        *matched = ok
                   && (reply_count(&reply, "matchedCount") > 0
                       || reply_count(&reply, "upsertedCount") > 0);
        bson_destroy(&reply);
    }
    return ok ? true : db_fail(err, &error, collection, "update");
}

bool
store_update_many(struct db *db, const char *collection, const bson_t *filter, const bson_t *update,
                  struct err *err)
{
    bson_error_t error;

    if (mongoc_collection_update_many(db_collection(db, collection), filter, update, NULL, NULL,
                                      &error))
        return true;
    return db_fail(err, &error, collection, "update many");
}

bool
store_set_by_id(struct db *db, const char *collection, const bson_oid_t *id, const bson_t *set,
                struct err *err)
{
    bson_t update = BSON_INITIALIZER, s;
    bson_t *filter = BCON_NEW("_id", BCON_OID(id));
    bool ok;

    BSON_APPEND_DOCUMENT_BEGIN(&update, "$set", &s);
    bson_concat(&s, set);
    BSON_APPEND_DATE_TIME(&s, "updatedAt", clock_now_ms());
    bson_append_document_end(&update, &s);
    ok = store_update_one(db, collection, filter, &update, NULL, NULL, err);
    bson_destroy(filter);
    bson_destroy(&update);
    return ok;
}

bool
store_find_and_modify(struct db *db, const char *collection, const bson_t *query,
                      const bson_t *update, bson_t **before, struct err *err)
{
    bson_t reply;
    bson_error_t error;
    bson_iter_t it;
    bool ok = mongoc_collection_find_and_modify(db_collection(db, collection), query, NULL, update,
                                                NULL, false, false, false, &reply, &error);

    *before = NULL;
    if (ok && bson_iter_init_find(&it, &reply, "value") && BSON_ITER_HOLDS_DOCUMENT(&it)) {
        const uint8_t *data;
        uint32_t len;
        bson_iter_document(&it, &len, &data);
        *before = bson_new_from_data(data, len);
    }
    bson_destroy(&reply);
    return ok ? true : db_fail(err, &error, collection, "find and modify");
}

/* delete one or every document matching filter; *deleted (may be NULL) counts them */
static bool
delete_where(struct db *db, const char *collection, const bson_t *filter, bool many,
             int64_t *deleted, struct err *err)
{
    mongoc_collection_t *coll = db_collection(db, collection);
    bson_t reply;
    bson_error_t error;
    bool ok =
        many ? mongoc_collection_delete_many(coll, filter, NULL, deleted ? &reply : NULL, &error)
             : mongoc_collection_delete_one(coll, filter, NULL, deleted ? &reply : NULL, &error);

    if (deleted != NULL) {
        *deleted = ok ? reply_count(&reply, "deletedCount") : 0;
        bson_destroy(&reply);
    }
    return ok ? true : db_fail(err, &error, collection, many ? "delete many" : "delete");
}

bool
store_delete_one(struct db *db, const char *collection, const bson_t *filter, bool *deleted,
                 struct err *err)
{
    int64_t n = 0;
    bool ok = delete_where(db, collection, filter, false, deleted ? &n : NULL, err);

    if (deleted != NULL)
        *deleted = n > 0;
    return ok;
}

bool
store_delete_many(struct db *db, const char *collection, const bson_t *filter, int64_t *deleted,
                  struct err *err)
{
    return delete_where(db, collection, filter, true, deleted, err);
}

bool
store_create_index(struct db *db, const char *collection, const char *name, const bson_t *keys,
                   bool unique, struct err *err)
{
    bson_t *cmd = BCON_NEW("createIndexes", BCON_UTF8(collection), "indexes", "[", "{", "key",
                           BCON_DOCUMENT(keys), "name", BCON_UTF8(name), "unique",
                           BCON_BOOL(unique), "}", "]");
    bson_t reply;
    bson_error_t error;
    bool ok = mongoc_database_write_command_with_opts(db_database(db), cmd, NULL, &reply, &error);

    bson_destroy(&reply);
    bson_destroy(cmd);
    return ok ? true : db_fail(err, &error, collection, name);
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

struct outputs {
    const struct model *m;
    const struct principal *p;
    json_object *list;
};

static bool
add_output(const bson_t *doc, void *ctx, struct err *err)
{
    struct outputs *o = ctx;

    (void)err;
    json_object_array_add(o->list, model_output(o->m, doc, o->p));
    return true;
}

json_object *
store_outputs(struct db *db, const struct model *m, const bson_t *filter, const bson_t *opts,
              const struct principal *p, struct err *err)
{
    struct outputs o = {m, p, json_object_new_array()};

    if (store_each(db, m->collection, filter, opts, add_output, &o, err))
        return o.list;
    json_object_put(o.list);
    return NULL;
}

json_object *
store_list(struct db *db, const struct model *m, const bson_t *scope, const struct list_query *q,
           const struct principal *p, struct err *err)
{
    bson_t filter, opts = BSON_INITIALIZER;
    json_object *list, *out = NULL;
    int64_t total;

    combined_filter(scope, &q->filter, &filter);
    if (!store_count(db, m->collection, &filter, &total, err))
        goto out;
    BSON_APPEND_DOCUMENT(&opts, "sort", &q->sort);
    BSON_APPEND_INT64(&opts, "skip", q->skip);
    BSON_APPEND_INT64(&opts, "limit", q->limit);
    /* a page is small: one batch holds it (no getMore, no killCursors); the batch size must be
     * the page's, or the server's default first batch (101 documents) cuts bigger pages short */
    BSON_APPEND_INT64(&opts, "batchSize", q->limit);
    BSON_APPEND_BOOL(&opts, "singleBatch", true);
    list = store_outputs(db, m, &filter, &opts, p, err);
    if (list == NULL)
        goto out;
    out = json_object_new_object();
    json_object_object_add(out, "list", list);
    json_object_object_add(out, "meta", meta_json(total, q));
out:
    bson_destroy(&opts);
    bson_destroy(&filter);
    return out;
}

static bool
add_distinct(const bson_t *doc, void *ctx, struct err *err)
{
    bson_iter_t it;

    (void)err;
    if (bson_iter_init_find(&it, doc, "_id") && BSON_ITER_HOLDS_UTF8(&it)
        && bson_iter_utf8(&it, NULL)[0] != '\0')
        json_object_array_add(ctx, json_object_new_string(bson_iter_utf8(&it, NULL)));
    return true;
}

json_object *
store_distinct_strings(struct db *db, const char *collection, const char *field,
                       const bson_t *match, struct err *err)
{
    char path[128];
    bson_t *pipeline;
    json_object *list = json_object_new_array(), *out = NULL;

    snprintf(path, sizeof(path), "$%s", field);
    pipeline = BCON_NEW("pipeline", "[", "{", "$match", BCON_DOCUMENT(match), "}", "{", "$group",
                        "{", "_id", BCON_UTF8(path), "}", "}", "{", "$sort", "{", "_id",
                        BCON_INT32(1), "}", "}", "]");
    if (store_aggregate_each(db, collection, pipeline, NULL, add_distinct, list, err)) {
        out = json_object_new_object();
        json_object_object_add(out, "list", list);
        list = NULL;
    }
    json_object_put(list);
    bson_destroy(pipeline);
    return out;
}
