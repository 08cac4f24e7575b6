/* store_plan.c - the shape of a list query per engine, and the order of merged pages */
#include "db/store_plan.h"

#include <string.h>

#include "model/model.h"

/* the value types FerretDB's PostgreSQL backend compares in the database */
static bool
pushable(const bson_iter_t *it)
{
    switch (bson_iter_type(it)) {
    case BSON_TYPE_UTF8:
    case BSON_TYPE_OID:
    case BSON_TYPE_BOOL:
    case BSON_TYPE_DATE_TIME:
    case BSON_TYPE_INT32:
    case BSON_TYPE_INT64: return true;
    default: return false;
    }
}

/* it holds {$in: [...]} and nothing else: *n values, all pushable (*all) */
static bool
lone_in(const bson_iter_t *it, bson_iter_t *values, uint32_t *n, bool *all)
{
    bson_iter_t sub, v;

    *n = 0;
    *all = true;
    if (!BSON_ITER_HOLDS_DOCUMENT(it) || !bson_iter_recurse(it, &sub) || !bson_iter_next(&sub)
        || strcmp(bson_iter_key(&sub), "$in") != 0 || !BSON_ITER_HOLDS_ARRAY(&sub))
        return false;
    *values = sub;
    if (bson_iter_next(&sub) || !bson_iter_recurse(values, &v))
        return false;
    while (bson_iter_next(&v)) {
        *all = *all && pushable(&v);
        ++*n;
    }
    return *n > 0;
}

/* filter with its member key replaced by key: value (the value of it) */
static void
with_value(const bson_t *filter, const char *key, const bson_iter_t *value, bson_t *out)
{
    bson_iter_t it;

    bson_init(out);
    bson_iter_init(&it, filter);
    while (bson_iter_next(&it))
        if (strcmp(bson_iter_key(&it), key) == 0)
            bson_append_iter(out, key, -1, value);
        else
            bson_append_iter(out, NULL, 0, &it);
}

/* the first member of filter that is a split candidate: its key and values, else NULL */
static const char *
split_member(const bson_t *filter, bson_iter_t *values, uint32_t *n, bool *all)
{
    bson_iter_t it;

    if (!bson_iter_init(&it, filter))
        return NULL;
    while (bson_iter_next(&it))
        if (bson_iter_key(&it)[0] != '$' && lone_in(&it, values, n, all))
            return bson_iter_key(&it);
    return NULL;
}

static void
split(struct store_plan *plan, const char *key, const bson_iter_t *values)
{
    bson_iter_t v;

    bson_iter_recurse(values, &v);
    while (bson_iter_next(&v) && plan->nparts < STORE_SPLIT_MAX)
        with_value(&plan->filter, key, &v, &plan->parts[plan->nparts++]);
}

bool
store_plan_make(enum db_engine engine, const bson_t *scope, const bson_t *filter, int64_t rows,
                struct store_plan *plan)
{
    const bson_t *both[] = {scope, filter};
    bson_iter_t values, one;
    uint32_t n;
    bool all;
    const char *key;
    char name[128];

    memset(plan, 0, sizeof(*plan));
    bson_init(&plan->filter);
    if (!model_filter_and(both, 2, &plan->filter))
        return false;
    key = split_member(&plan->filter, &values, &n, &all);
    if (key == NULL)
        return true;
    snprintf(name, sizeof(name), "%s", key);
    if (n == 1) { /* {f: {$in: [v]}} is {f: v}, which every engine reads at least as well */
        bson_t flat;
        bson_iter_recurse(&values, &one);
        bson_iter_next(&one);
        with_value(&plan->filter, name, &one, &flat);
        bson_destroy(&plan->filter);
        bson_copy_to(&flat, &plan->filter); /* a bson_t must not be moved: copied */
        bson_destroy(&flat);
        return true;
    }
    if (engine == DB_ENGINE_FERRETDB_POSTGRESQL && all && n <= STORE_SPLIT_MAX
        && rows <= STORE_SPLIT_ROWS)
        split(plan, name, &values);
    return true;
}

void
store_plan_release(struct store_plan *plan)
{
    bson_destroy(&plan->filter);
    for (int i = 0; i < plan->nparts; i++)
        bson_destroy(&plan->parts[i]);
    plan->nparts = 0;
}

/* MongoDB's order of types (missing counts as null) */
static int
type_rank(bson_type_t t)
{
    switch (t) {
    case BSON_TYPE_EOD:
    case BSON_TYPE_UNDEFINED:
    case BSON_TYPE_NULL: return 1;
    case BSON_TYPE_INT32:
    case BSON_TYPE_INT64:
    case BSON_TYPE_DOUBLE:
    case BSON_TYPE_DECIMAL128: return 2;
    case BSON_TYPE_UTF8:
    case BSON_TYPE_SYMBOL: return 3;
    case BSON_TYPE_DOCUMENT: return 4;
    case BSON_TYPE_ARRAY: return 5;
    case BSON_TYPE_BINARY: return 6;
    case BSON_TYPE_OID: return 7;
    case BSON_TYPE_BOOL: return 8;
    case BSON_TYPE_DATE_TIME: return 9;
    case BSON_TYPE_TIMESTAMP: return 10;
    case BSON_TYPE_REGEX: return 11;
    default: return 12;
    }
}

static int
cmp_i64(int64_t a, int64_t b)
{
    return a < b ? -1 : a > b;
}

/* two values of the same rank */
static int
cmp_same(const bson_iter_t *a, const bson_iter_t *b, int rank)
{
    uint32_t la, lb;
    const char *sa, *sb;
    int c;

    switch (rank) {
    case 2: {
        double x = bson_iter_as_double(a), y = bson_iter_as_double(b);
        return x < y ? -1 : x > y;
    }
    case 3:
        sa = bson_iter_utf8(a, &la);
        sb = bson_iter_utf8(b, &lb);
        c = memcmp(sa, sb, la < lb ? la : lb);
        return c != 0 ? c : cmp_i64(la, lb);
    case 7: return bson_oid_compare(bson_iter_oid(a), bson_iter_oid(b));
    case 8: return cmp_i64(bson_iter_bool(a), bson_iter_bool(b));
    case 9: return cmp_i64(bson_iter_date_time(a), bson_iter_date_time(b));
    default: return 0; /* no sortable field of ours holds these */
    }
}

int
store_compare_docs(const bson_t *a, const bson_t *b, const bson_t *sort)
{
    bson_iter_t key, va, vb;

    if (!bson_iter_init(&key, sort))
        return 0;
    while (bson_iter_next(&key)) {
        const char *k = bson_iter_key(&key);
        bool ha = bson_iter_init_find(&va, a, k), hb = bson_iter_init_find(&vb, b, k);
        int ra = type_rank(ha ? bson_iter_type(&va) : BSON_TYPE_EOD);
        int rb = type_rank(hb ? bson_iter_type(&vb) : BSON_TYPE_EOD);
        int c = ra != rb ? cmp_i64(ra, rb) : ra == 1 ? 0 : cmp_same(&va, &vb, ra);
        if (c != 0)
            return bson_iter_as_int64(&key) < 0 ? -c : c;
    }
    return 0;
}
