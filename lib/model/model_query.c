/* model_query.c - list queries: page, perPage and sort=; filter= and search= via model_filter.c */
#include <stdio.h>
#include <string.h>

#include "model/model_int.h"

#define PARAM_DEPTH 6 /* [ {column, operator, value: [ ... ]} ] needs 3 */

static const char *const sort_keys[] = {"column", "direction", NULL};

bool
model_json_string(json_object *o, const char **s)
{
    const char *str;

    if (!json_object_is_type(o, json_type_string))
        return false;
    str = json_object_get_string(o);
    if (strlen(str) != (size_t)json_object_get_string_len(o))
        return false; /* an embedded NUL: "desc\u0000x" must not pass as "desc" */
    *s = str;
    return true;
}

bool
model_item_keys_ok(json_object *item, const char *const *keys, const char *prefix, struct err *err)
{
    bool ok = true;

    json_object_object_foreach(item, k, v)
    {
        const char *const *known = keys;
        char safe[48];
        (void)v;
        while (*known != NULL && strcmp(*known, k) != 0)
            known++;
        if (*known == NULL) {
            model_safe_text(safe, sizeof(safe), k, strlen(k));
            err_detail(err, prefix, "has an unknown key \"%s\"", safe);
            ok = false;
        }
    }
    return ok;
}

/* strict JSON of a whole query parameter; absent or "" leaves *out NULL */
static bool
parse_param(const char *name, const char *text, json_object **out, struct err *err)
{
    json_tokener *tok;
    size_t len = text ? strlen(text) : 0;
    bool ok;

    *out = NULL;
    if (len == 0)
        return true;
    tok = json_tokener_new_ex(PARAM_DEPTH);
    if (tok == NULL)
        return err_set(err, ERR_INTERNAL, "out of memory");
    json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
    *out = json_tokener_parse_ex(tok, text, (int)len);
    ok = *out != NULL && json_tokener_get_error(tok) == json_tokener_success
         && json_tokener_get_parse_end(tok) == len;
    json_tokener_free(tok);
    if (ok)
        return true;
    json_object_put(*out);
    *out = NULL;
    err_detail(err, name, "is not valid JSON");
    return err_set(err, ERR_BAD_REQUEST, "%s is not valid JSON", name);
}

/* a plain decimal number in [min, max]; absent or "" gives def */
static bool
parse_count(const char *s, int64_t def, int64_t min, int64_t max, int64_t *out)
{
    int64_t n = 0;

    if (s == NULL || *s == '\0') {
        *out = def;
        return true;
    }
    for (; *s != '\0'; s++) {
        if (*s < '0' || *s > '9')
            return false;
        n = n * 10 + (*s - '0');
        if (n > max)
            return false;
    }
    if (n < min)
        return false;
    *out = n;
    return true;
}

static bool
paging(const struct list_params *params, struct list_query *q, struct err *err)
{
    int64_t max = params->max_per_page > 0 ? params->max_per_page : 200;
    int64_t def = params->default_per_page > 0 ? params->default_per_page : 50;
    bool ok = true;

    if (def > max)
        def = max;
    if (!parse_count(params->page, 0, 0, MODEL_PAGE_MAX, &q->page)) {
        err_detail(err, "page", "must be a whole number from 0 to %d", MODEL_PAGE_MAX);
        ok = false;
    }
    if (!parse_count(params->per_page, def, 1, max, &q->per_page)) {
        err_detail(err, "perPage", "must be a whole number from 1 to %lld", (long long)max);
        ok = false;
    }
    q->skip = q->page * q->per_page;
    q->limit = q->per_page;
    return ok;
}

/* the sortable field named by item.column, NULL with a detail otherwise */
static const struct field *
sort_column(const struct model *m, json_object *item, const char *prefix, bool trusted,
            const bson_t *sort, struct err *err)
{
    char name[64];
    const struct field *f = model_item_column(m, item, prefix, trusted, name, sizeof(name), err);

    if (f == NULL)
        return NULL;
    if (!(f->flags & FIELD_SORTABLE))
        err_detail(err, name, "cannot be sorted on");
    else if (bson_has_field(sort, field_bson_name(f)))
        err_detail(err, name, "is already sorted on");
    else
        return f;
    return NULL;
}

/* 1 for "asc", -1 for "desc", 0 (with a detail) otherwise */
static int
sort_direction(json_object *item, const char *prefix, struct err *err)
{
    json_object *dir = NULL;
    const char *s = NULL;
    char name[64];

    json_object_object_get_ex(item, "direction", &dir);
    if (model_json_string(dir, &s) && strcmp(s, "asc") == 0)
        return 1;
    if (s != NULL && strcmp(s, "desc") == 0)
        return -1;
    snprintf(name, sizeof(name), "%s.direction", prefix);
    err_detail(err, name, "must be asc or desc");
    return 0;
}

static bool
sort_item(const struct model *m, json_object *item, size_t i, bool trusted, bson_t *sort,
          int *last_dir, struct err *err)
{
    const struct field *f;
    char prefix[32];
    int dir;
    bool ok;

    snprintf(prefix, sizeof(prefix), "sort[%zu]", i);
    if (!json_object_is_type(item, json_type_object)) {
        err_detail(err, prefix, "must be an object {column, direction}");
        return false;
    }
    ok = model_item_keys_ok(item, sort_keys, prefix, err);
    f = sort_column(m, item, prefix, trusted, sort, err);
    dir = sort_direction(item, prefix, err);
    if (!ok || f == NULL || dir == 0)
        return false;
    *last_dir = dir;
    return BSON_APPEND_INT32(sort, field_bson_name(f), dir);
}

/* the sort document: the client's items or the model's default, then _id as tie-breaker
 * in the direction of the last key */
static bool
sort_build(const struct model *m, json_object *list, bool trusted, bson_t *sort, struct err *err)
{
    bool is_array = json_object_is_type(list, json_type_array);
    size_t n = is_array ? json_object_array_length(list) : 0; /* json-c asserts on non-arrays */
    int last = m->default_desc ? -1 : 1;
    bool ok = true;

    if (list != NULL && (!is_array || n > MODEL_SORT_MAX)) {
        err_detail(err, "sort", "must be a list of at most %d {column, direction}", MODEL_SORT_MAX);
        return false;
    }
    for (size_t i = 0; i < n; i++)
        ok &= sort_item(m, json_object_array_get_idx(list, i), i, trusted, sort, &last, err);
    if (!ok)
        return false;
    if (n == 0 && m->default_sort != NULL) {
        const struct field *f = model_find_field(m, m->default_sort);
        if (f != NULL && !BSON_APPEND_INT32(sort, field_bson_name(f), last))
            return false;
    }
    return bson_has_field(sort, "_id") || BSON_APPEND_INT32(sort, "_id", last);
}

bool
model_list_query(const struct model *m, const struct list_params *params, struct list_query *q,
                 struct err *err)
{
    json_object *sort = NULL, *filter = NULL;
    bool trusted = model_trusted(params->principal), ok;

    memset(q, 0, sizeof(*q));
    bson_init(&q->filter);
    bson_init(&q->sort);
    ok = parse_param("sort", params->sort, &sort, err);
    ok &= parse_param("filter", params->filter, &filter, err);
    if (!ok)
        goto out; /* bad_request, set by parse_param */
    ok &= paging(params, q, err);
    ok &= model_filter_build(m, filter, params->search, trusted, &q->filter, err);
    ok &= sort_build(m, sort, trusted, &q->sort, err);
    if (!ok)
        err_set(err, ERR_VALIDATION_FAILED, "the list query is not valid");
out:
    json_object_put(sort);
    json_object_put(filter);
    return ok;
}

void
list_query_release(struct list_query *q)
{
    bson_destroy(&q->filter);
    bson_destroy(&q->sort);
    bson_init(&q->filter);
    bson_init(&q->sort);
}
