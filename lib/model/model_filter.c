/* model_filter.c - filter= items and search= turned into a FerretDB-safe MongoDB filter */
#include <stdio.h>
#include <string.h>

#include "model/model_int.h"

struct op_def {
    const char *name;
    unsigned bit;
    const char *mongo; /* the query operator; NULL for the null checks */
};

static const struct op_def op_defs[] = {
    {"eq", OP_EQ, "$eq"},
    {"ne", OP_NE, "$ne"},
    {"lt", OP_LT, "$lt"},
    {"lte", OP_LTE, "$lte"},
    {"gt", OP_GT, "$gt"},
    {"gte", OP_GTE, "$gte"},
    {"in", OP_IN, "$in"},
    {"not_in", OP_NOT_IN, "$nin"},
    {"is_null", OP_IS_NULL, NULL},
    {"is_not_null", OP_IS_NOT_NULL, NULL},
    {"contains", OP_CONTAINS, "$regex"},
};

#define NOPS (sizeof(op_defs) / sizeof(op_defs[0]))
#define REGEX_CAP (MODEL_SEARCH_MAX * 4 * 2 + 2) /* '^', each byte escaped, NUL */

static const char *const item_keys[] = {"column", "operator", "value", NULL};

static const struct op_def *
op_find(const char *name)
{
    for (size_t i = 0; i < NOPS; i++)
        if (strcmp(op_defs[i].name, name) == 0)
            return &op_defs[i];
    return NULL;
}

/* "eq, ne, in" for the operators in mask */
static void
ops_list(unsigned mask, char *out, size_t cap)
{
    size_t n = 0;

    out[0] = '\0';
    for (size_t i = 0; i < NOPS && n < cap; i++)
        if (mask & op_defs[i].bit)
            n += (size_t)snprintf(out + n, cap - n, "%s%s", n ? ", " : "", op_defs[i].name);
}

/* "^" + s with regex metacharacters escaped; ASCII letters lower-cased when lower */
static void
prefix_regex(const char *s, size_t len, bool lower, char *out)
{
    size_t n = 0;

    out[n++] = '^';
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (strchr("\\^$.|?*+()[]{}", c) != NULL)
            out[n++] = '\\';
        out[n++] = (lower && c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
    }
    out[n] = '\0';
}

/* {key: {$regex: "^s"}} for a lower-case field (an index can serve it), else with $options i */
static bool
append_prefix_match(const struct field *f, const char *s, size_t len, bson_t *dst)
{
    char re[REGEX_CAP];
    bson_t inner;
    bool lower = (f->flags & FIELD_LOWER) != 0;

    prefix_regex(s, len, lower, re);
    return bson_append_document_begin(dst, field_bson_name(f), -1, &inner)
           && BSON_APPEND_UTF8(&inner, "$regex", re)
           && (lower || BSON_APPEND_UTF8(&inner, "$options", "i"))
           && bson_append_document_end(dst, &inner);
}

/* the field named by item.column, NULL (with a detail) when it is not filterable */
static const struct field *
item_column(const struct model *m, json_object *item, const char *prefix, bool trusted,
            struct err *err)
{
    char name[64];
    const struct field *f = model_item_column(m, item, prefix, trusted, name, sizeof(name), err);

    if (f == NULL)
        return NULL;
    if (f->ops == 0) {
        err_detail(err, name, "cannot be filtered on");
        return NULL;
    }
    return f;
}

/* the operator named by item.operator if f allows it (any known one when f is NULL) */
static const struct op_def *
item_operator(const struct field *f, json_object *item, const char *prefix, struct err *err)
{
    json_object *opj = NULL;
    const char *s = NULL;
    const struct op_def *op = NULL;
    unsigned allowed = f ? f->ops : ~0u;
    char name[64], list[128];

    json_object_object_get_ex(item, "operator", &opj);
    if (model_json_string(opj, &s))
        op = op_find(s);
    if (op != NULL && (allowed & op->bit))
        return op;
    snprintf(name, sizeof(name), "%s.operator", prefix);
    ops_list(allowed, list, sizeof(list));
    if (op != NULL)
        err_detail(err, name, "%s is not allowed on %s; use one of: %s", op->name, f->json, list);
    else
        err_detail(err, name, "must be one of: %s", list);
    return NULL;
}

/* one comparison value, converted exactly as input is (array fields: one element) */
static bool
filter_value(const struct field *f, json_object *v, bson_t *dst, const char *key, const char *name,
             struct err *err)
{
    if (v == NULL) {
        err_detail(err, name, "must not be null (use is_null or is_not_null)");
        return false;
    }
    if (f->type == FT_STRING_ARRAY)
        return model_element_append(f, v, dst, key, name, err);
    return model_value_append(f, v, dst, key, name, err);
}

/* {field: {$in: [v...]}} from a JSON list of 1..MODEL_IN_MAX values */
static bool
in_values(const struct field *f, const struct op_def *op, json_object *v, bson_t *cond,
          const char *name, struct err *err)
{
    bson_t inner, arr;
    bool is_array = json_object_is_type(v, json_type_array);
    size_t n = is_array ? json_object_array_length(v) : 0; /* json-c asserts on non-arrays */
    bool ok;

    if (!is_array || n < 1 || n > MODEL_IN_MAX) {
        err_detail(err, name, "must be a list of 1 to %d values", MODEL_IN_MAX);
        return false;
    }
    bson_append_document_begin(cond, field_bson_name(f), -1, &inner);
    bson_append_array_begin(&inner, op->mongo, -1, &arr);
    ok = model_elements_append(f, v, &arr, name, filter_value, err);
    bson_append_array_end(&inner, &arr);
    bson_append_document_end(cond, &inner);
    return ok;
}

static bool
contains_value(const struct field *f, json_object *v, bson_t *cond, const char *name,
               struct err *err)
{
    if (!json_object_is_type(v, json_type_string)) {
        err_detail(err, name, "must be a string");
        return false;
    }
    if (!model_check_string(json_object_get_string(v), (size_t)json_object_get_string_len(v), 1,
                            MODEL_SEARCH_MAX, name, err))
        return false;
    return append_prefix_match(f, json_object_get_string(v), (size_t)json_object_get_string_len(v),
                               cond);
}

/* {field: null} or {field: {$ne: null}}: the forms FerretDB 1.24 and MongoDB agree on */
static bool
null_check(const struct field *f, const struct op_def *op, json_object *v, bson_t *cond,
           const char *name, struct err *err)
{
    bson_t inner;

    if (v != NULL) {
        err_detail(err, name, "must be left out for %s", op->name);
        return false;
    }
    if (op->bit == OP_IS_NULL)
        return bson_append_null(cond, field_bson_name(f), -1);
    return bson_append_document_begin(cond, field_bson_name(f), -1, &inner)
           && BSON_APPEND_NULL(&inner, "$ne") && bson_append_document_end(cond, &inner);
}

/* the condition of one item with a valid column and operator */
static bool
item_cond(const struct field *f, const struct op_def *op, json_object *item, const char *prefix,
          bson_t *cond, struct err *err)
{
    json_object *v = NULL;
    bool has = json_object_object_get_ex(item, "value", &v), ok;
    char name[64];
    bson_t inner;

    snprintf(name, sizeof(name), "%s.value", prefix);
    if (op->mongo == NULL)
        return null_check(f, op, v, cond, name, err);
    if (!has) {
        err_detail(err, name, "is required");
        return false;
    }
    if (op->bit == OP_IN || op->bit == OP_NOT_IN)
        return in_values(f, op, v, cond, name, err);
    if (op->bit == OP_CONTAINS)
        return contains_value(f, v, cond, name, err);
    bson_append_document_begin(cond, field_bson_name(f), -1, &inner);
    ok = filter_value(f, v, &inner, op->mongo, name, err);
    bson_append_document_end(cond, &inner);
    return ok;
}

/* one item appended to conds as condition number *n */
static bool
filter_item(const struct model *m, json_object *item, size_t i, bool trusted, bson_t *conds,
            uint32_t *n, struct err *err)
{
    const struct field *f;
    const struct op_def *op;
    bson_t cond = BSON_INITIALIZER;
    char prefix[32], key[16];
    const char *k;
    bool ok;

    snprintf(prefix, sizeof(prefix), "filter[%zu]", i);
    if (!json_object_is_type(item, json_type_object)) {
        err_detail(err, prefix, "must be an object {column, operator, value}");
        return false;
    }
    ok = model_item_keys_ok(item, item_keys, prefix, err);
    f = item_column(m, item, prefix, trusted, err);
    op = item_operator(f, item, prefix, err);
    if (f == NULL || op == NULL)
        ok = false;
    else
        ok &= item_cond(f, op, item, prefix, &cond, err);
    if (ok) {
        bson_uint32_to_string((*n)++, &k, key, sizeof(key));
        ok = BSON_APPEND_DOCUMENT(conds, k, &cond);
    }
    bson_destroy(&cond);
    return ok;
}

/* every item of the filter list, each appended to conds as one condition */
static bool
filter_items(const struct model *m, json_object *filter, bool trusted, bson_t *conds, uint32_t *n,
             struct err *err)
{
    bool is_array = json_object_is_type(filter, json_type_array);
    size_t len = is_array ? json_object_array_length(filter) : 0;
    bool ok = true;

    if (!is_array || len > MODEL_FILTER_MAX) {
        err_detail(err, "filter", "must be a list of at most %d {column, operator, value}",
                   MODEL_FILTER_MAX);
        return false;
    }
    for (size_t i = 0; i < len; i++)
        ok &= filter_item(m, json_object_array_get_idx(filter, i), i, trusted, conds, n, err);
    return ok;
}

/* s[0..*len) without leading and trailing blanks */
static const char *
trim(const char *s, size_t *len)
{
    while (*len > 0 && (*s == ' ' || *s == '\t'))
        s++, --*len;
    while (*len > 0 && (s[*len - 1] == ' ' || s[*len - 1] == '\t'))
        --*len;
    return s;
}

/* {$or: [{field: prefix match}, ...]} over the searchable fields the principal may see */
static uint32_t
search_or(const struct model *m, const char *s, size_t len, bool trusted, bson_t *cond)
{
    bson_t arr, elem;
    uint32_t nf = 0;
    char key[16];
    const char *k;

    bson_append_array_begin(cond, "$or", -1, &arr);
    for (size_t i = 0; i < m->nfields; i++) {
        const struct field *f = &m->fields[i];
        if (!(f->flags & FIELD_SEARCHABLE) || (!trusted && (f->flags & FIELD_STAFF_READ)))
            continue;
        bson_uint32_to_string(nf++, &k, key, sizeof(key));
        bson_append_document_begin(&arr, k, -1, &elem);
        append_prefix_match(f, s, len, &elem);
        bson_append_document_end(&arr, &elem);
    }
    bson_append_array_end(cond, &arr);
    return nf;
}

/* search= as one more condition; nothing when it is absent or blank */
static bool
search_clause(const struct model *m, const char *search, bool trusted, bson_t *conds, uint32_t *n,
              struct err *err)
{
    size_t len = search ? strlen(search) : 0;
    const char *s = trim(search, &len);
    bson_t cond = BSON_INITIALIZER;
    char key[16];
    const char *k;
    bool ok = false;

    if (len == 0)
        return true;
    if (!model_check_string(s, len, 1, MODEL_SEARCH_MAX, "search", err))
        goto out;
    if (m->terms != NULL) { /* every word the start of a word of the lead */
        if (model_terms_query(m, s, len, conds, n) == 0) {
            BSON_APPEND_UTF8(&cond, m->terms, ""); /* no word: matches nothing */
            bson_uint32_to_string((*n)++, &k, key, sizeof(key));
            ok = BSON_APPEND_DOCUMENT(conds, k, &cond);
        } else
            ok = true;
        goto out;
    }
    if (search_or(m, s, len, trusted, &cond) == 0) {
        err_detail(err, "search", "is not supported for %s lists", m->name);
        goto out;
    }
    bson_uint32_to_string((*n)++, &k, key, sizeof(key));
    ok = BSON_APPEND_DOCUMENT(conds, k, &cond);
out:
    bson_destroy(&cond);
    return ok;
}

/* conds holds n conditions: their conjunction, as flat as model_filter_and makes it */
static bool
combine(const bson_t *conds, uint32_t n, bson_t *out)
{
    bson_t all = BSON_INITIALIZER;
    const bson_t *list[1] = {&all};
    bool ok;

    if (n == 0)
        return true;
    ok = BSON_APPEND_ARRAY(&all, "$and", conds) && model_filter_and(list, 1, out);
    bson_destroy(&all);
    return ok;
}

bool
model_filter_build(const struct model *m, json_object *filter, const char *search, bool trusted,
                   bson_t *out, struct err *err)
{
    bson_t conds = BSON_INITIALIZER;
    uint32_t n = 0;
    bool ok = true;

    if (filter != NULL)
        ok &= filter_items(m, filter, trusted, &conds, &n, err);
    ok &= search_clause(m, search, trusted, &conds, &n, err);
    ok = ok && combine(&conds, n, out);
    bson_destroy(&conds);
    return ok;
}
