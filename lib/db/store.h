/* store.h - the database behind one module: every read and write of a collection in lib/ and
 * workers/ goes through here, so the cursor loop and its one error check, and the mapping of
 * driver errors, exist once.
 *
 * Ownership and failure: filters, options, updates and documents passed in are borrowed; a
 * document handed back (*doc) is the caller's to bson_destroy. A false return means err is
 * set, with one of: unavailable (503, the server cannot be reached), conflict (409, a unique
 * index refused the write: the detail names the field), internal (500, anything else, the
 * driver's words in err->cause only) -- or whatever a store_each_fn set. */
#ifndef PC_STORE_H
#define PC_STORE_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"
#include "db/db.h"
#include "db/store_plan.h"
#include "model/model.h"

/* store_each_fn - called with each document (borrowed until it returns); true for the next
 * one, false (with err set) ends the loop as its failure */
typedef bool store_each_fn(const bson_t *doc, void *ctx, struct err *err);

/* store_find_one - the first document of collection matching filter, with opts (projection,
 * sort; may be NULL), copied into *doc (NULL when *found is false). One round trip. */
bool store_find_one(struct db *db, const char *collection, const bson_t *filter, const bson_t *opts,
                    bson_t **doc, bool *found, struct err *err);

/* store_peek_one - store_find_one without the copy: fn reads the document while it is
 * borrowed (the sign-in and per-request paths) */
bool store_peek_one(struct db *db, const char *collection, const bson_t *filter, const bson_t *opts,
                    store_each_fn *fn, void *ctx, bool *found, struct err *err);

/* store_each - fn for every document matching filter with opts (sort, limit, projection) */
bool store_each(struct db *db, const char *collection, const bson_t *filter, const bson_t *opts,
                store_each_fn *fn, void *ctx, struct err *err);

/* store_aggregate_each - fn for every document the pipeline ({pipeline: [...]}) yields; only
 * the FerretDB-safe stages (DESIGN §8) */
bool store_aggregate_each(struct db *db, const char *collection, const bson_t *pipeline,
                          const bson_t *opts, store_each_fn *fn, void *ctx, struct err *err);

/* store_distinct_strings - {list: [...]} of the distinct non-empty string values of field
 * among the documents of collection matching match, sorted (one $group; the caller's) */
json_object *store_distinct_strings(struct db *db, const char *collection, const char *field,
                                    const bson_t *match, struct err *err);

/* store_count - *n = the documents matching filter */
bool store_count(struct db *db, const char *collection, const bson_t *filter, int64_t *n,
                 struct err *err);

/* store_count_upto - *n = the documents matching filter, counting stops at cap (0: no cap) */
bool store_count_upto(struct db *db, const char *collection, const bson_t *filter, int64_t cap,
                      int64_t *n, struct err *err);

/* store_estimated_count - *n = the collection's size from its metadata (no scan) */
bool store_estimated_count(struct db *db, const char *collection, int64_t *n, struct err *err);

/* store_insert_one - insert doc; conflict naming the field when a unique value is taken */
bool store_insert_one(struct db *db, const char *collection, const bson_t *doc, struct err *err);

/* store_insert_once - insert doc whose _id is an idempotency key: a document with that _id
 * already there was written by an earlier run, and that is success */
bool store_insert_once(struct db *db, const char *collection, const bson_t *doc, struct err *err);

/* store_insert_many - insert n documents in one command (seeding) */
bool store_insert_many(struct db *db, const char *collection, const bson_t **docs, size_t n,
                       struct err *err);

/* store_update_one - apply update to the first document matching filter; opts may ask for an
 * upsert. *matched (may be NULL) tells whether a document matched: the answer of a
 * compare-and-set. conflict naming the field when the change takes a unique value. */
bool store_update_one(struct db *db, const char *collection, const bson_t *filter,
                      const bson_t *update, const bson_t *opts, bool *matched, struct err *err);

/* store_update_many - apply update to every document matching filter */
bool store_update_many(struct db *db, const char *collection, const bson_t *filter,
                       const bson_t *update, struct err *err);

/* store_set_by_id - $set set and updatedAt = now on the document _id = id */
bool store_set_by_id(struct db *db, const char *collection, const bson_oid_t *id, const bson_t *set,
                     struct err *err);

/* store_string_by_id - the string field of the document of collection with _id id into out
 * ("" when id is NULL, the document is gone, the field is no string or the read fails: for
 * names shown beside a record, which stays without them) */
void store_string_by_id(struct db *db, const char *collection, const bson_oid_t *id,
                        const char *field, char *out, size_t cap);

/* store_find_and_modify - apply update to the first document matching query in one atomic
 * step; *before receives that document as it was (NULL when none matched) */
bool store_find_and_modify(struct db *db, const char *collection, const bson_t *query,
                           const bson_t *update, bson_t **before, struct err *err);

/* store_update_and_get - store_find_and_modify, but *after receives the document as the update
 * left it (NULL when none matched): a compare-and-set and the read of its result in one trip */
bool store_update_and_get(struct db *db, const char *collection, const bson_t *query,
                          const bson_t *update, bson_t **after, struct err *err);

/* store_delete_one - delete the first document matching filter; *deleted (may be NULL) tells
 * whether there was one */
bool store_delete_one(struct db *db, const char *collection, const bson_t *filter, bool *deleted,
                      struct err *err);

/* store_delete_many - delete every document matching filter; *deleted (may be NULL) counts them
 */
bool store_delete_many(struct db *db, const char *collection, const bson_t *filter,
                       int64_t *deleted, struct err *err);

/* store_create_index - create the index name on keys (safe to repeat) */
bool store_create_index(struct db *db, const char *collection, const char *name, const bson_t *keys,
                        bool unique, struct err *err);

/* store_outputs - [model_output of every document of m's collection matching filter, with
 * opts], the caller's; NULL with err set */
json_object *store_outputs(struct db *db, const struct model *m, const bson_t *filter,
                           const bson_t *opts, const struct principal *p, struct err *err);

/* store_total_fn - a list's total from something cheaper than counting (maintained counters)
 * for the flat filter (scope AND the client's filter); *answered false when it cannot tell */
typedef bool store_total_fn(struct db *db, const bson_t *filter, void *ctx, int64_t *total,
                            bool *answered, struct err *err);

struct store_list_spec {
    const struct model *m;
    const bson_t *scope;        /* the data layer's partner restriction; may be NULL */
    const struct list_query *q; /* the client's query (model_list_query) */
    const struct principal *p;  /* for model_output */
    store_total_fn *total;      /* may be NULL: count */
    void *total_ctx;
};

/* store_list - one page of m's collection: scope AND the client's filter, as one flat filter
 * (store_plan.h: split into one query per value where that is cheaper). The total comes from
 * spec->total when it can tell, else from a count that stops after STORE_COUNT_CAP (or the end
 * of this page): then total is that cap and totalIsLowerBound true. Two round trips when the
 * counters answer or one query runs (the total and the page). Returns {list: [model_output...],
 * meta: {total, totalIsLowerBound, page, perPage}}, the caller's; NULL with err set. */
json_object *store_list(struct db *db, const struct store_list_spec *spec, struct err *err);

#endif
