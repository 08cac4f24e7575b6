/* store_plan.h - how store_list runs a list query: the filter as FerretDB can push it down, and
 * a filter on several values of one field split into one equality query per value where the
 * engine serves equalities only (DESIGN §8). Pure: no I/O, unit-tested. */
#ifndef PC_STORE_PLAN_H
#define PC_STORE_PLAN_H

#include <bson/bson.h>
#include <stdbool.h>
#include <stdint.h>

#include "db/db.h"

#define STORE_SPLIT_MAX 8     /* values of a split $in (the seven lead statuses fit) */
#define STORE_SPLIT_ROWS 1000 /* skip + limit of a split query at most: each part sends as many */
#define STORE_COUNT_CAP 1000  /* a count that the counters cannot answer stops here */

struct store_plan {
    bson_t filter; /* scope AND the client's filter, flat (model_filter_and) */
    int nparts;    /* 0: filter as one query; else one query per value of the split field */
    bson_t parts[STORE_SPLIT_MAX];
};

/* store_plan_make - the plan for scope (may be NULL) AND filter on engine, for a page that
 * needs rows (skip + limit) documents in sort order. A member {field: {$in: [v]}} with one
 * value becomes {field: v} on every engine; with 2..STORE_SPLIT_MAX values of types FerretDB
 * pushes down (strings, ids, booleans, dates, integers), on ferretdb-postgresql and when rows <=
 * STORE_SPLIT_ROWS, each value gets a part (the filter with {field: value}): the parts' pages,
 * merged in sort order, are the filter's page. Always initialises plan (store_plan_release);
 * false only when the filter is too large to merge. */
bool store_plan_make(enum db_engine engine, const bson_t *scope, const bson_t *filter, int64_t rows,
                     struct store_plan *plan);

void store_plan_release(struct store_plan *plan);

/* store_compare_docs - a's and b's order under sort ({key: 1|-1, ...}), MongoDB's order of
 * values (missing = null < numbers < strings < documents < arrays < binary < ids < booleans <
 * dates); <0, 0 or >0 */
int store_compare_docs(const bson_t *a, const bson_t *b, const bson_t *sort);

#endif
