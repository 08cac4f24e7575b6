/* store.h - generic reads every resource shares: one document, a scoped page of a list */
#ifndef PC_STORE_H
#define PC_STORE_H

#include <json-c/json.h>
#include <stdbool.h>

#include "core/err.h"
#include "db/db.h"
#include "model/model.h"

/* store_find_one - the first document of collection matching filter (borrowed) with opts
 * (projection, sort; may be NULL) copied into *doc (caller bson_destroy's it when *found) */
bool store_find_one(struct db *db, const char *collection, const bson_t *filter, const bson_t *opts,
                    bson_t **doc, bool *found, struct err *err);

/* store_set_by_id - $set set (borrowed) and updatedAt = now_ms on the document _id = id of
 * collection; false with *error filled when the update failed (duplicate keys included) */
bool store_set_by_id(struct db *db, const char *collection, const bson_oid_t *id, const bson_t *set,
                     int64_t now_ms, bson_error_t *error);

/* store_list - one page of m's collection: the client's query q (built by model_list_query)
 * AND scope (borrowed; the data layer's partner restriction, may be NULL). Two round trips:
 * the count and the page. Returns {list: [model_output...], meta: {total, page, perPage}}. */
json_object *store_list(struct db *db, const struct model *m, const bson_t *scope,
                        const struct list_query *q, const struct principal *p, struct err *err);

#endif
