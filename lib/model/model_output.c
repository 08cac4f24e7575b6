/* model_output.c - our own BSON -> JSON writer: table fields only, ids as hex, dates ISO 8601 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/isotime.h"
#include "core/oid.h"
#include "model/model_int.h"

#define MAX_DEPTH 8

static json_object *value_at(const bson_iter_t *it, int depth);

/* the shortest of %.15g..%.17g that reads back as d, so 0.1 prints as 0.1 */
static json_object *
new_double(double d)
{
    char buf[32];

    if (!isfinite(d))
        return NULL;
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, sizeof(buf), "%.*g", prec, d);
        if (strtod(buf, NULL) == d)
            break;
    }
    return json_object_new_double_s(d, buf);
}

static json_object *
new_date(int64_t ms)
{
    char buf[ISOTIME_LEN + 1];

    if (!isotime_format(ms, buf, sizeof(buf)))
        return NULL;
    return json_object_new_string_len(buf, ISOTIME_LEN);
}

static json_object *
new_oid(const bson_oid_t *oid)
{
    char buf[OID_STR_SIZE];

    oid_format(oid, buf);
    return json_object_new_string_len(buf, OID_HEX_LEN);
}

static json_object *
new_utf8(const bson_iter_t *it)
{
    uint32_t len = 0;
    const char *s = bson_iter_utf8(it, &len);

    return json_object_new_string_len(s, (int)len);
}

/* a document (as an object) or an array (as an array), one level deeper */
static json_object *
new_container(const bson_iter_t *it, bool is_array, int depth)
{
    bson_iter_t child;
    json_object *out;

    if (depth >= MAX_DEPTH || !bson_iter_recurse(it, &child))
        return NULL;
    out = is_array ? json_object_new_array() : json_object_new_object();
    if (out == NULL)
        return NULL;
    while (bson_iter_next(&child)) {
        json_object *v = value_at(&child, depth + 1);
        int rc = is_array ? json_object_array_add(out, v)
                          : json_object_object_add(out, bson_iter_key(&child), v);
        if (rc != 0)
            json_object_put(v);
    }
    return out;
}

static json_object *
value_at(const bson_iter_t *it, int depth)
{
    switch (bson_iter_type(it)) {
    case BSON_TYPE_UTF8: return new_utf8(it);
    case BSON_TYPE_INT32: return json_object_new_int(bson_iter_int32(it));
    case BSON_TYPE_INT64: return json_object_new_int64(bson_iter_int64(it));
    case BSON_TYPE_DOUBLE: return new_double(bson_iter_double(it));
    case BSON_TYPE_BOOL: return json_object_new_boolean(bson_iter_bool(it));
    case BSON_TYPE_DATE_TIME: return new_date(bson_iter_date_time(it));
    case BSON_TYPE_OID: return new_oid(bson_iter_oid(it));
    case BSON_TYPE_DOCUMENT: return new_container(it, false, depth);
    case BSON_TYPE_ARRAY: return new_container(it, true, depth);
    default: return NULL; /* null, undefined, and types the API never stores */
    }
}

json_object *
model_output_value(const bson_iter_t *it)
{
    return value_at(it, 0);
}

/* index of the field stored under key, -1 when the table has none */
static int
field_index(const struct model *m, const char *key)
{
    for (size_t i = 0; i < m->nfields; i++)
        if (strcmp(field_bson_name(&m->fields[i]), key) == 0)
            return (int)i;
    return -1;
}

/* out[f->json] = the value at it */
static void
add_field(json_object *out, const struct field *f, const bson_iter_t *it)
{
    json_object *v = value_at(it, 0);

    /* table names are static and unique: json-c may keep the pointer and skip the lookup */
    if (json_object_object_add_ex(out, f->json, v,
                                  JSON_C_OBJECT_ADD_KEY_IS_NEW | JSON_C_OBJECT_ADD_CONSTANT_KEY)
        != 0)
        json_object_put(v);
}

json_object *
model_output(const struct model *m, const bson_t *doc, const struct principal *p)
{
    bson_iter_t it;
    uint32_t off[MODEL_MAX_FIELDS], keylen[MODEL_MAX_FIELDS];
    uint64_t present = 0;
    bool trusted = model_trusted(p);
    json_object *out = json_object_new_object();

    if (out == NULL || m->nfields > MODEL_MAX_FIELDS || !bson_iter_init(&it, doc))
        return out;
    /* one pass over the document, remembering where each table field sits */
    while (bson_iter_next(&it)) {
        int i = field_index(m, bson_iter_key(&it));
        if (i >= 0 && !(present & (1ULL << i))) {
            off[i] = bson_iter_offset(&it);
            keylen[i] = bson_iter_key_len(&it);
            present |= 1ULL << i;
        }
    }
    /* then the output in table order */
    for (size_t i = 0; i < m->nfields; i++) {
        const struct field *f = &m->fields[i];
        if (!(present & (1ULL << i)) || (!trusted && (f->flags & FIELD_STAFF_READ))
            || (f->flags & FIELD_WRITE_ONLY))
            continue;
        if (bson_iter_init_from_data_at_offset(&it, bson_get_data(doc), doc->len, off[i],
                                               keylen[i]))
            add_field(out, f, &it);
    }
    return out;
}
