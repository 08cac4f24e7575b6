/* model_schema.c - OpenAPI 3.0 (JSON Schema subset) of a field table, for /api/openapi.json */
#include "model/model_int.h"

static void
put(json_object *obj, const char *key, json_object *v)
{
    if (json_object_object_add(obj, key, v) != 0)
        json_object_put(v);
}

static void
put_str(json_object *obj, const char *key, const char *s)
{
    put(obj, key, json_object_new_string(s));
}

static void
put_int(json_object *obj, const char *key, int64_t n)
{
    put(obj, key, json_object_new_int64(n));
}

/* {type: string, minLength, maxLength} for a string of lo..hi code points */
static json_object *
string_schema(int64_t lo, int64_t hi)
{
    json_object *s = json_object_new_object();

    put_str(s, "type", "string");
    if (lo > 0)
        put_int(s, "minLength", lo);
    put_int(s, "maxLength", hi);
    return s;
}

static json_object *
enum_schema(const struct field *f)
{
    json_object *s = json_object_new_object(), *values = json_object_new_array();

    put_str(s, "type", "string");
    for (const char *const *e = f->values; e != NULL && *e != NULL; e++)
        json_object_array_add(values, json_object_new_string(*e));
    put(s, "enum", values);
    return s;
}

static json_object *
number_schema(const struct field *f, const char *type, const char *format)
{
    json_object *s = json_object_new_object();

    put_str(s, "type", type);
    if (format != NULL)
        put_str(s, "format", format);
    put_int(s, "minimum", field_min(f));
    put_int(s, "maximum", field_max(f));
    return s;
}

static json_object *
collection_schema(const struct field *f)
{
    bool map = f->type == FT_STRING_MAP;
    json_object *s = json_object_new_object();

    put_str(s, "type", map ? "object" : "array");
    put(s, map ? "additionalProperties" : "items", string_schema(0, MODEL_ELEM_MAX));
    if (field_min(f) > 0)
        put_int(s, map ? "minProperties" : "minItems", field_min(f));
    put_int(s, map ? "maxProperties" : "maxItems", field_max(f));
    return s;
}

/* {type: type} plus one optional string annotation */
static json_object *
simple_schema(const char *type, const char *key, const char *value)
{
    json_object *s = json_object_new_object();

    put_str(s, "type", type);
    if (key != NULL)
        put_str(s, key, value);
    return s;
}

/* the schema of one field's value, without the per-field annotations */
static json_object *
type_schema(const struct field *f)
{
    json_object *s;

    switch (f->type) {
    case FT_EMAIL:
        s = string_schema(0, 254);
        put_str(s, "format", "email");
        return s;
    case FT_INT: return number_schema(f, "integer", field_max(f) > INT32_MAX ? "int64" : "int32");
    case FT_MONEY:
        s = number_schema(f, "integer", "int64");
        put_str(s, "description", "amount in cents");
        return s;
    case FT_NUMBER: return number_schema(f, "number", "double");
    case FT_DATE: return simple_schema("string", "format", "date-time");
    case FT_BOOL: return simple_schema("boolean", NULL, NULL);
    case FT_ENUM: return enum_schema(f);
    case FT_OBJECTID: return simple_schema("string", "pattern", "^[0-9a-fA-F]{24}$");
    case FT_STRING_MAP:
    case FT_STRING_ARRAY: return collection_schema(f);
    default: /* FT_STRING, FT_TEXT */ return string_schema(field_min(f), field_max(f));
    }
}

static json_object *
field_schema(const struct field *f, enum model_mode mode)
{
    json_object *s = type_schema(f);

    if (f->flags & FIELD_NULLABLE)
        put(s, "nullable", json_object_new_boolean(1));
    if (mode == MODEL_OUTPUT && (f->flags & FIELD_READONLY))
        put(s, "readOnly", json_object_new_boolean(1));
    /* staff = the owner and admins bound to no partner */
    if ((mode != MODEL_OUTPUT && (f->flags & (FIELD_STAFF_WRITE | FIELD_STAFF_READ)))
        || (mode == MODEL_OUTPUT && (f->flags & FIELD_STAFF_READ)))
        put(s, "x-staff-only", json_object_new_boolean(1));
    return s;
}

json_object *
model_openapi_schema(const struct model *m, enum model_mode mode)
{
    json_object *schema = json_object_new_object(), *props = json_object_new_object();
    json_object *required = json_object_new_array();

    put_str(schema, "type", "object");
    put_str(schema, "title", m->name);
    for (size_t i = 0; i < m->nfields; i++) {
        const struct field *f = &m->fields[i];
        if (mode != MODEL_OUTPUT && (f->flags & FIELD_READONLY))
            continue;
        put(props, f->json, field_schema(f, mode));
        if (mode == MODEL_CREATE && (f->flags & FIELD_REQUIRED))
            json_object_array_add(required, json_object_new_string(f->json));
    }
    put(schema, "properties", props);
    if (json_object_array_length(required) > 0)
        put(schema, "required", required);
    else
        json_object_put(required);
    if (mode != MODEL_OUTPUT)
        put(schema, "additionalProperties", json_object_new_boolean(0));
    return schema;
}
