/* model.c - field-table lookups, type defaults, table sanity and the index cover check */
#include <stdio.h>
#include <string.h>

#include "model/model_int.h"

#define SAFE_MAX 40
#define JS_SAFE_INT 9007199254740991LL /* 2^53 - 1: exact in a JavaScript number */

static const struct {
    int64_t min, max;
} defaults[] = {
    [FT_STRING] = {0, 200},
    [FT_TEXT] = {0, 10000},
    [FT_EMAIL] = {3, 254},
    [FT_INT] = {INT32_MIN, INT32_MAX},
    [FT_NUMBER] = {-JS_SAFE_INT, JS_SAFE_INT},
    [FT_MONEY] = {-JS_SAFE_INT, JS_SAFE_INT},
    [FT_DATE] = {0, 0},
    [FT_BOOL] = {0, 0},
    [FT_ENUM] = {0, 0},
    [FT_OBJECTID] = {0, 0},
    [FT_STRING_MAP] = {0, 50},
    [FT_STRING_ARRAY] = {0, 100},
    [FT_OBJECT] = {0, 0},
    [FT_OBJECT_ARRAY] = {0, 1000},
};

bool
model_trusted(const struct principal *p)
{
    return p != NULL && (p->kind == PRINCIPAL_SYSTEM || principal_is_staff(p));
}

int64_t
field_min(const struct field *f)
{
    return (f->min == 0 && f->max == 0) ? defaults[f->type].min : f->min;
}

int64_t
field_max(const struct field *f)
{
    return (f->min == 0 && f->max == 0) ? defaults[f->type].max : f->max;
}

bool
field_is_textual(const struct field *f)
{
    return f->type == FT_STRING || f->type == FT_TEXT || f->type == FT_EMAIL
           || f->type == FT_STRING_ARRAY;
}

const char *
field_bson_name(const struct field *f)
{
    return f->bson != NULL ? f->bson : f->json;
}

const struct field *
model_find_field(const struct model *m, const char *json_name)
{
    for (size_t i = 0; i < m->nfields; i++)
        if (strcmp(m->fields[i].json, json_name) == 0)
            return &m->fields[i];
    return NULL;
}

const struct field *
model_item_column(const struct model *m, json_object *item, const char *prefix, bool trusted,
                  char *name, size_t name_cap, struct err *err)
{
    json_object *col = NULL;
    const char *s = NULL;
    const struct field *f = NULL;

    snprintf(name, name_cap, "%s.column", prefix);
    json_object_object_get_ex(item, "column", &col);
    if (model_json_string(col, &s))
        f = model_find_field(m, s);
    if (f != NULL && (trusted || !(f->flags & FIELD_STAFF_READ)))
        return f;
    err_detail(err, name, "is not a known column");
    return NULL;
}

void
model_safe_text(char *out, size_t cap, const char *s, size_t len)
{
    size_t n = 0;

    if (cap == 0)
        return;
    for (size_t i = 0; i < len && i < SAFE_MAX && n + 1 < cap; i++)
        out[n++] = (s[i] >= 0x20 && s[i] < 0x7F) ? s[i] : '?';
    out[n] = '\0';
}

/* a key we may write to MongoDB and FerretDB: non-empty, no '.', no leading '$' except _id */
static bool
key_ok(const char *k)
{
    return k != NULL && k[0] != '\0' && k[0] != '$' && strchr(k, '.') == NULL;
}

/* the first problem of one field, NULL when it is fine */
static const char *
field_problem(const struct field *f)
{
    if (!key_ok(f->json) || !key_ok(field_bson_name(f)))
        return "bad name";
    if ((unsigned)f->type >= sizeof(defaults) / sizeof(defaults[0]))
        return "unknown type";
    if (field_min(f) > field_max(f))
        return "min above max";
    if (f->type == FT_ENUM && (f->values == NULL || f->values[0] == NULL))
        return "enum without values";
    if ((f->flags & FIELD_READONLY) && (f->flags & FIELD_REQUIRED))
        return "read-only and required";
    if ((f->flags & FIELD_WRITE_ONLY) && (f->flags & (FIELD_READONLY | FIELD_REQUIRED)))
        return "write-only and read-only or required";
    if (f->ops >= (OP_CONTAINS << 1))
        return "unknown operator";
    if ((f->ops & OP_CONTAINS || f->flags & FIELD_SEARCHABLE) && !field_is_textual(f))
        return "prefix match on a non-text type";
    if ((f->ops & OPS_RANGE) && (f->type == FT_BOOL || f->type == FT_STRING_ARRAY))
        return "range operator on a type without order";
    if ((f->ops || f->flags & FIELD_SORTABLE) && f->type == FT_STRING_MAP)
        return "string maps cannot be filtered or sorted";
    if ((f->ops || f->flags & (FIELD_SORTABLE | FIELD_SEARCHABLE))
        && (f->type == FT_OBJECT || f->type == FT_OBJECT_ARRAY))
        return "objects cannot be filtered or sorted";
    if (f->sub != NULL && f->type != FT_OBJECT && f->type != FT_OBJECT_ARRAY)
        return "a sub-table on a type that is not an object";
    return NULL;
}

/* field i repeats the JSON or the BSON name of an earlier one */
static bool
duplicate(const struct model *m, size_t i)
{
    for (size_t j = 0; j < i; j++)
        if (strcmp(m->fields[j].json, m->fields[i].json) == 0
            || strcmp(field_bson_name(&m->fields[j]), field_bson_name(&m->fields[i])) == 0)
            return true;
    return false;
}

bool
model_validate(const struct model *m, char *problem, size_t cap)
{
    const struct field *sort;

    if (m->nfields == 0 || m->nfields > MODEL_MAX_FIELDS) {
        snprintf(problem, cap, "%s: needs 1 to %d fields", m->name, MODEL_MAX_FIELDS);
        return false;
    }
    for (size_t i = 0; i < m->nfields; i++) {
        const struct field *f = &m->fields[i];
        const char *why = field_problem(f);
        if (why == NULL && duplicate(m, i))
            why = "duplicate name";
        if (why != NULL) {
            snprintf(problem, cap, "%s.%s: %s", m->name, f->json ? f->json : "?", why);
            return false;
        }
    }
    sort = m->default_sort ? model_find_field(m, m->default_sort) : NULL;
    if (m->default_sort != NULL && (sort == NULL || !(sort->flags & FIELD_SORTABLE))) {
        snprintf(problem, cap, "%s: default sort %s is not a sortable field", m->name,
                 m->default_sort);
        return false;
    }
    return true;
}

/* key number `pos` (0-based) of an index's keys document, written into out; false if none */
static bool
index_key(const char *keys_json, int pos, char *out, size_t cap)
{
    json_object *keys = json_tokener_parse(keys_json);
    bool found = false;
    int i = 0;

    if (keys == NULL)
        return false;
    if (json_object_is_type(keys, json_type_object)) {
        json_object_object_foreach(keys, k, v)
        {
            (void)v;
            if (i++ == pos) {
                snprintf(out, cap, "%s", k);
                found = true;
                break;
            }
        }
    }
    json_object_put(keys);
    return found;
}

/* some index of the collection starts with name, or with partner then name */
static bool
index_covers(const char *collection, const char *name, const struct index_spec *specs, size_t n)
{
    char first[64], second[64];

    for (size_t i = 0; i < n; i++) {
        if (strcmp(specs[i].collection, collection) != 0
            || !index_key(specs[i].keys, 0, first, sizeof(first)))
            continue;
        if (strcmp(first, name) == 0)
            return true;
        if (strcmp(first, "partner") == 0 && index_key(specs[i].keys, 1, second, sizeof(second))
            && strcmp(second, name) == 0)
            return true;
    }
    return false;
}

bool
model_check_indexes(const struct model *m, const struct index_spec *specs, size_t n, char *problem,
                    size_t cap)
{
    for (size_t i = 0; i < m->nfields; i++) {
        const struct field *f = &m->fields[i];
        const char *name = field_bson_name(f);

        /* with search terms, a searchable field is read through the terms' index */
        unsigned needs = FIELD_SORTABLE | (m->terms == NULL ? FIELD_SEARCHABLE : 0);
        if (f->ops == 0 && !(f->flags & needs))
            continue;
        if (strcmp(name, "_id") == 0)
            continue;
        if (!index_covers(m->collection, name, specs, n)) {
            snprintf(problem, cap, "%s.%s: no index of %s starts with %s (or with partner, %s)",
                     m->name, f->json, m->collection, name, name);
            return false;
        }
    }
    if (m->terms != NULL && !index_covers(m->collection, m->terms, specs, n)) {
        snprintf(problem, cap, "%s.%s: no index of %s starts with it", m->name, m->terms,
                 m->collection);
        return false;
    }
    return true;
}
