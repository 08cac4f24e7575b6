/* store.c - reads and writes of collections: cursor loops with their error check, writes with
 * their error mapping, the shared list page */
#include "db/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "db/store_plan.h"

/* opts (may be NULL) with the command's maxTimeMS (db_max_time_ms) into out, initialised here;
 * false (503) when the request has no time left */
static bool
timed(struct db *db, const bson_t *opts, bson_t *out, struct err *err)
{
    int64_t ms;

    bson_init(out);
    if (opts != NULL)
        bson_copy_to_excluding_noinit(opts, out, "maxTimeMS", NULL);
    if (!db_max_time_ms(db, &ms, err))
        return false;
    return BSON_APPEND_INT64(out, "maxTimeMS", ms);
}

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
    bson_t o;
    mongoc_cursor_t *cursor;
    bool ok = timed(db, opts, &o, err);

    if (ok) {
        cursor = mongoc_collection_find_with_opts(db_collection(db, collection), filter, &o, NULL);
        ok = drain(cursor, fn, ctx, collection, "find", err);
    }
    bson_destroy(&o);
    return ok;
}

bool
store_aggregate_each(struct db *db, const char *collection, const bson_t *pipeline,
                     const bson_t *opts, store_each_fn *fn, void *ctx, struct err *err)
{
    bson_t o;
    mongoc_cursor_t *cursor;
    bool ok = timed(db, opts, &o, err);

    if (ok) {
        cursor = mongoc_collection_aggregate(db_collection(db, collection), MONGOC_QUERY_NONE,
                                             pipeline, &o, NULL);
        ok = drain(cursor, fn, ctx, collection, "aggregate", err);
    }
    bson_destroy(&o);
    return ok;
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
store_count_upto(struct db *db, const char *collection, const bson_t *filter, int64_t cap,
                 int64_t *n, struct err *err)
{
    bson_error_t error;
    bson_t o, *limit = cap > 0 ? BCON_NEW("limit", BCON_INT64(cap)) : NULL;
    int64_t got = -1;
    bool ok = timed(db, limit, &o, err);

    *n = 0;
    if (ok) {
        got = mongoc_collection_count_documents(db_collection(db, collection), filter, &o, NULL,
                                                NULL, &error);
        ok = counted(got, &error, collection, "count", n, err);
    }
    bson_destroy(&o);
    bson_destroy(limit);
    return ok;
}

bool
store_count(struct db *db, const char *collection, const bson_t *filter, int64_t *n,
            struct err *err)
{
    return store_count_upto(db, collection, filter, 0, n, err);
}

bool
store_estimated_count(struct db *db, const char *collection, int64_t *n, struct err *err)
{
    bson_error_t error;
    bson_t o;
    int64_t got;
    bool ok = timed(db, NULL, &o, err);

    *n = 0;
    if (ok) {
        got = mongoc_collection_estimated_document_count(db_collection(db, collection), &o, NULL,
                                                         NULL, &error);
        ok = counted(got, &error, collection, "estimated count", n, err);
    }
    bson_destroy(&o);
    return ok;
}

bool
store_insert_one(struct db *db, const char *collection, const bson_t *doc, struct err *err)
{
    bson_error_t error;
    bson_t o;
    bool ok = timed(db, NULL, &o, err);

    if (ok && !mongoc_collection_insert_one(db_collection(db, collection), doc, &o, NULL, &error))
        ok = db_fail(err, &error, collection, "insert");
    bson_destroy(&o);
    return ok;
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
    bson_t o;
    bool ok;

    if (n == 0)
        return true;
    ok = timed(db, NULL, &o, err);
    if (ok
        && !mongoc_collection_insert_many(db_collection(db, collection), docs, n, &o, NULL, &error))
        ok = db_fail(err, &error, collection, "insert many");
    bson_destroy(&o);
    return ok;
}

struct modify_args {
    bool after, upsert;
    bool *matched;
};

static bool modify(struct db *db, const char *collection, const bson_t *query, const bson_t *update,
                   const struct modify_args *a, bson_t **doc, struct err *err);

/* the integer member key of a write reply, 0 when absent */
static int64_t
reply_count(const bson_t *reply, const char *key)
{
    bson_iter_t it;

    return bson_iter_init_find(&it, reply, key) ? bson_iter_as_int64(&it) : 0;
}

/* update_one through findAndModify: the update command's maxTimeMS cannot be set through
 * libmongoc 1.23 (its update options go into each statement, where servers refuse them), and
 * FerretDB honours maxTimeMS on findAndModify only */
bool
store_update_one(struct db *db, const char *collection, const bson_t *filter, const bson_t *update,
                 const bson_t *opts, bool *matched, struct err *err)
{
    bson_iter_t it;
    struct modify_args a = {.upsert = opts != NULL && bson_iter_init_find(&it, opts, "upsert")
                                      && bson_iter_as_bool(&it),
                            .matched = matched};
    bson_t *doc = NULL;
    bool ok = modify(db, collection, filter, update, &a, &doc, err);

    bson_destroy(doc);
    return ok;
}

bool
store_update_many(struct db *db, const char *collection, const bson_t *filter, const bson_t *update,
                  struct err *err)
{
    bson_error_t error;
    int64_t ms;

    /* no maxTimeMS (libmongoc 1.23 cannot put it on an update command): bounded by the
     * socket timeout, and refused when the request has no time left */
    if (!db_max_time_ms(db, &ms, err))
        return false;
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

void
store_string_by_id(struct db *db, const char *collection, const bson_oid_t *id, const char *field,
                   char *out, size_t cap)
{
    bson_t *filter, *opts, *doc = NULL;
    bson_iter_t it;
    bool found = false;
    struct err err = ERR_INIT;

    out[0] = '\0';
    if (id == NULL)
        return;
    filter = BCON_NEW("_id", BCON_OID(id));
    opts = BCON_NEW("projection", "{", field, BCON_INT32(1), "}");
    if (store_find_one(db, collection, filter, opts, &doc, &found, &err) && found
        && bson_iter_init_find(&it, doc, field) && BSON_ITER_HOLDS_UTF8(&it))
        snprintf(out, cap, "%s", bson_iter_utf8(&it, NULL));
    bson_destroy(doc);
    bson_destroy(opts);
    bson_destroy(filter);
}

/* findAndModify of query with update: *doc receives the document as it was (after: as it is
 * now), NULL when none matched; *matched (may be NULL) whether one did or was upserted.
 * (FerretDB 1.24 refuses findAndModify's "fields": the whole document comes back.) */
static bool
modify(struct db *db, const char *collection, const bson_t *query, const bson_t *update,
       const struct modify_args *a, bson_t **doc, struct err *err)
{
    mongoc_find_and_modify_opts_t *opts = mongoc_find_and_modify_opts_new();
    bson_t reply;
    bson_error_t error;
    bson_iter_t it;
    int64_t ms;
    bool ok = db_max_time_ms(db, &ms, err);

    *doc = NULL;
    if (a->matched != NULL)
        *a->matched = false;
    if (!ok)
        goto out;
    mongoc_find_and_modify_opts_set_update(opts, update);
    mongoc_find_and_modify_opts_set_max_time_ms(opts, (uint32_t)ms);
    mongoc_find_and_modify_opts_set_flags(
        opts, (a->after ? MONGOC_FIND_AND_MODIFY_RETURN_NEW : MONGOC_FIND_AND_MODIFY_NONE)
                  | (a->upsert ? MONGOC_FIND_AND_MODIFY_UPSERT : MONGOC_FIND_AND_MODIFY_NONE));
    ok = mongoc_collection_find_and_modify_with_opts(db_collection(db, collection), query, opts,
                                                     &reply, &error);
    if (ok && bson_iter_init_find(&it, &reply, "value") && BSON_ITER_HOLDS_DOCUMENT(&it)) {
        const uint8_t *data;
        uint32_t len;
        bson_iter_document(&it, &len, &data);
        *doc = bson_new_from_data(data, len);
    }
    if (ok && a->matched != NULL)
        *a->matched = *doc != NULL || bson_has_field(&reply, "lastErrorObject.upserted");
    bson_destroy(&reply);
    if (!ok)
        db_fail(err, &error, collection, "find and modify");
out:
    mongoc_find_and_modify_opts_destroy(opts);
    return ok;
}

bool
store_find_and_modify(struct db *db, const char *collection, const bson_t *query,
                      const bson_t *update, bson_t **before, struct err *err)
{
    struct modify_args a = {0};

    return modify(db, collection, query, update, &a, before, err);
}

bool
store_update_and_get(struct db *db, const char *collection, const bson_t *query,
                     const bson_t *update, bson_t **after, struct err *err)
{
    struct modify_args a = {.after = true};

    return modify(db, collection, query, update, &a, after, err);
}

/* delete one or every document matching filter; *deleted (may be NULL) counts them */
static bool
delete_where(struct db *db, const char *collection, const bson_t *filter, bool many,
             int64_t *deleted, struct err *err)
{
    mongoc_collection_t *coll = db_collection(db, collection);
    bson_t reply;
    bson_error_t error;
    int64_t ms;
    bool ok;

    if (deleted != NULL)
        *deleted = 0;
    /* as update_many: the socket timeout bounds it, the request's time is checked first */
    if (!db_max_time_ms(db, &ms, err))
        return false;
    ok = many ? mongoc_collection_delete_many(coll, filter, NULL, deleted ? &reply : NULL, &error)
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

/* the documents of one page query, copied, in the order the server sent them */
struct rows {
    bson_t **docs;
    size_t n, cap;
};

static bool
keep_row(const bson_t *doc, void *ctx, struct err *err)
{
    struct rows *r = ctx;

    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 64;
        bson_t **docs = realloc(r->docs, cap * sizeof(*docs));
        if (docs == NULL)
            return err_set(err, ERR_INTERNAL, "out of memory");
        r->docs = docs;
        r->cap = cap;
    }
    r->docs[r->n++] = bson_copy(doc);
    return true;
}

static void
rows_release(struct rows *r)
{
    for (size_t i = 0; i < r->n; i++)
        bson_destroy(r->docs[i]);
    free(r->docs);
    memset(r, 0, sizeof(*r));
}

/* find options of a page: sort, skip, limit; one batch holds it (no getMore, no killCursors),
 * and the batch size must be the page's, or the server's default first batch (101
 * documents) cuts bigger pages short */
static bson_t *
page_opts(const bson_t *sort, int64_t skip, int64_t limit)
{
    return BCON_NEW("sort", BCON_DOCUMENT(sort), "skip", BCON_INT64(skip), "limit",
                    BCON_INT64(limit), "batchSize", BCON_INT64(limit), "singleBatch",
                    BCON_BOOL(true));
}

/* the page of a split plan: the first skip + limit of each part, merged in sort order, then
 * the page's slice of that */
static bool
merged_page(struct db *db, const struct store_plan *plan, const struct list_query *q,
            struct outputs *o, struct err *err)
{
    struct rows parts[STORE_SPLIT_MAX] = {0};
    size_t at[STORE_SPLIT_MAX] = {0};
    bson_t *opts = page_opts(&q->sort, 0, q->skip + q->limit);
    bool ok = true;

    for (int i = 0; ok && i < plan->nparts; i++)
        ok = store_each(db, o->m->collection, &plan->parts[i], opts, keep_row, &parts[i], err);
    for (int64_t k = 0; ok && k < q->skip + q->limit; k++) {
        int best = -1;
        for (int i = 0; i < plan->nparts; i++)
            if (at[i] < parts[i].n
                && (best < 0
                    || store_compare_docs(parts[i].docs[at[i]], parts[best].docs[at[best]],
                                          &q->sort)
                           < 0))
                best = i;
        if (best < 0)
            break;
        if (k >= q->skip)
            add_output(parts[best].docs[at[best]], o, err);
        at[best]++;
    }
    for (int i = 0; i < plan->nparts; i++)
        rows_release(&parts[i]);
    bson_destroy(opts);
    return ok;
}

/* the total of a plan's filter, counted up to cap + 1: the parts' counts summed */
static bool
count_plan(struct db *db, const char *collection, const struct store_plan *plan, int64_t cap,
           int64_t *total, struct err *err)
{
    int64_t n = 0;
    bool ok = true;

    *total = 0;
    if (plan->nparts == 0)
        return store_count_upto(db, collection, &plan->filter, cap + 1, total, err);
    for (int i = 0; ok && i < plan->nparts && *total <= cap; i++) {
        ok = store_count_upto(db, collection, &plan->parts[i], cap + 1 - *total, &n, err);
        *total += n;
    }
    return ok;
}

/* the list's total: from spec->total (counters) when it can tell, else counted up to the cap
 * (STORE_COUNT_CAP, or the end of this page when that is further): *lower_bound when there
 * are more */
static bool
list_total(struct db *db, const struct store_list_spec *spec, const struct store_plan *plan,
           int64_t *total, bool *lower_bound, struct err *err)
{
    const struct list_query *q = spec->q;
    int64_t cap = q->skip + q->limit > STORE_COUNT_CAP ? q->skip + q->limit : STORE_COUNT_CAP;
    bool answered = false;

    *lower_bound = false;
    if (spec->total != NULL
        && !spec->total(db, &plan->filter, spec->total_ctx, total, &answered, err))
        return false;
    if (answered)
        return true;
    if (!count_plan(db, spec->m->collection, plan, cap, total, err))
        return false;
    if (*total > cap) {
        *total = cap;
        *lower_bound = true;
    }
    return true;
}

static json_object *
meta_json(int64_t total, bool lower_bound, const struct list_query *q)
{
    json_object *meta = json_object_new_object();

    json_object_object_add(meta, "total", json_object_new_int64(total));
    json_object_object_add(meta, "totalIsLowerBound", json_object_new_boolean(lower_bound));
    json_object_object_add(meta, "page", json_object_new_int64(q->page));
    json_object_object_add(meta, "perPage", json_object_new_int64(q->per_page));
    return meta;
}

json_object *
store_list(struct db *db, const struct store_list_spec *spec, struct err *err)
{
    const struct list_query *q = spec->q;
    struct store_plan plan;
    struct outputs o = {spec->m, spec->p, json_object_new_array()};
    bson_t *opts = NULL;
    json_object *out = NULL;
    int64_t total = 0;
    bool lower = false, ok;

    ok = store_plan_make(db_engine(db), spec->scope, &q->filter, q->skip + q->limit, &plan);
    if (!ok)
        err_set(err, ERR_VALIDATION_FAILED, "the list query has too many conditions");
    ok = ok && list_total(db, spec, &plan, &total, &lower, err);
    if (ok && plan.nparts > 0) {
        ok = merged_page(db, &plan, q, &o, err);
    } else if (ok) {
        opts = page_opts(&q->sort, q->skip, q->limit);
        ok = store_each(db, spec->m->collection, &plan.filter, opts, add_output, &o, err);
    }
    if (ok) {
        out = json_object_new_object();
        json_object_object_add(out, "list", o.list);
        json_object_object_add(out, "meta", meta_json(total, lower, q));
        o.list = NULL;
    }
    json_object_put(o.list);
    bson_destroy(opts);
    store_plan_release(&plan);
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
