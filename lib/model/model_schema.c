/* model_schema.c - OpenAPI 3.0 (JSON Schema subset) of a field table, for /api/openapi.json */
#include <ctype.h>
#include <stdio.h>

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
enum_values(const struct field *f)
{
    json_object *values = json_object_new_array();

    for (const char *const *e = f->values; e != NULL && *e != NULL; e++)
        json_object_array_add(values, json_object_new_string(*e));
    return values;
}

static json_object *
enum_schema(const struct field *f)
{
    json_object *s = json_object_new_object();

    put_str(s, "type", "string");
    put(s, "enum", enum_values(f));
    return s;
}

static json_object *simple_schema(const char *type, const char *key, const char *value);

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

/* what one schema walk needs: the mode and how nested tables are written */
struct walk {
    enum model_mode mode;
    model_schema_ref_fn *ref;
    void *ctx;
};

static json_object *
sub_schema(const struct model *sub, const struct walk *w)
{
    if (sub == NULL)
        return simple_schema("object", NULL, NULL);
    if (w->ref != NULL)
        return w->ref(sub, w->mode, w->ctx);
    return model_openapi_schema_ex(sub, w->mode, NULL, NULL);
}

static json_object *
collection_schema(const struct field *f, const struct walk *w)
{
    bool map = f->type == FT_STRING_MAP;
    json_object *s = json_object_new_object(), *items;

    put_str(s, "type", map ? "object" : "array");
    if (f->type == FT_OBJECT_ARRAY) {
        items = sub_schema(f->sub, w);
    } else {
        items = string_schema(0, MODEL_ELEM_MAX);
        if (f->values != NULL)
            put(items, "enum", enum_values(f));
    }
    put(s, map ? "additionalProperties" : "items", items);
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

/* a string field: its limits (no minimum on output, see model.h), format and pattern */
static json_object *
text_schema(const struct field *f, const struct walk *w)
{
    json_object *s = string_schema(w->mode == MODEL_OUTPUT ? 0 : field_min(f), field_max(f));

    if (f->format != NULL)
        put_str(s, "format", f->format);
    if (f->pattern != NULL)
        put_str(s, "pattern", f->pattern);
    return s;
}

/* the schema of one field's value, without the per-field annotations */
static json_object *
type_schema(const struct field *f, const struct walk *w)
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
    case FT_OBJECT: return sub_schema(f->sub, w);
    case FT_STRING_MAP:
    case FT_STRING_ARRAY:
    case FT_OBJECT_ARRAY: return collection_schema(f, w);
    default: /* FT_STRING, FT_TEXT */ return text_schema(f, w);
    }
}

/* OpenAPI 3.0 cannot put siblings next to a $ref: a nullable reference or one with an
 * annotation becomes {allOf: [ref], nullable...} */
static json_object *
wrapped(json_object *s)
{
    json_object *w, *all;

    if (!json_object_object_get_ex(s, "$ref", NULL))
        return s;
    w = json_object_new_object();
    all = json_object_new_array();
    json_object_array_add(all, s);
    put(w, "allOf", all);
    return w;
}

static json_object *
field_schema(const struct field *f, const struct walk *w)
{
    json_object *s = type_schema(f, w);
    bool staff = (w->mode != MODEL_OUTPUT && (f->flags & (FIELD_STAFF_WRITE | FIELD_STAFF_READ)))
                 || (w->mode == MODEL_OUTPUT && (f->flags & FIELD_STAFF_READ));
    bool ro = w->mode == MODEL_OUTPUT && (f->flags & FIELD_READONLY);

    if ((f->flags & FIELD_NULLABLE) || ro || staff)
        s = wrapped(s);
    if (f->flags & FIELD_NULLABLE)
        put(s, "nullable", json_object_new_boolean(1));
    /* OpenAPI 3.0.3: nullable does not widen an enum, the list must name null itself */
    if ((f->flags & FIELD_NULLABLE) && f->type == FT_ENUM)
        json_object_array_add(json_object_object_get(s, "enum"), NULL);
    if (ro)
        put(s, "readOnly", json_object_new_boolean(1));
    /* staff = the owner and admins bound to no partner */
    if (staff)
        put(s, "x-staff-only", json_object_new_boolean(1));
    return s;
}

/* the fields of m (after those of its base) into props and required */
static void
add_fields(const struct model *m, const struct walk *w, json_object *props, json_object *required)
{
    if (m->base != NULL)
        add_fields(m->base, w, props, required);
    for (size_t i = 0; i < m->nfields; i++) {
        const struct field *f = &m->fields[i];
        if (w->mode != MODEL_OUTPUT && (f->flags & FIELD_READONLY))
            continue;
        if (w->mode == MODEL_OUTPUT && (f->flags & FIELD_WRITE_ONLY))
            continue;
        if (w->mode == MODEL_UPDATE && (f->flags & FIELD_CREATE_ONLY))
            continue;
        put(props, f->json, field_schema(f, w));
        if (w->mode != MODEL_UPDATE && (f->flags & FIELD_REQUIRED))
            json_object_array_add(required, json_object_new_string(f->json));
    }
}

json_object *
model_openapi_schema_ex(const struct model *m, enum model_mode mode, model_schema_ref_fn *ref,
                        void *ctx)
{
    json_object *schema = json_object_new_object(), *props = json_object_new_object();
    json_object *required = json_object_new_array();
    const struct walk w = {mode, ref, ctx};

    char title[96];

    /* a collection's body schemas get their own title ("leadCreate"): code generators name
     * their classes after it, and two schemas of one title collide (openapi-python-client) */
    snprintf(title, sizeof(title), "%s%s", m->name,
             m->collection == NULL  ? ""
             : mode == MODEL_CREATE ? "Create"
             : mode == MODEL_UPDATE ? "Update"
                                    : "");
    put_str(schema, "type", "object");
    put_str(schema, "title", title);
    add_fields(m, &w, props, required);
    put(schema, "properties", props);
    if (json_object_array_length(required) > 0)
        put(schema, "required", required);
    else
        json_object_put(required);
    put(schema, "additionalProperties", json_object_new_boolean(0));
    return schema;
}

json_object *
model_openapi_schema(const struct model *m, enum model_mode mode)
{
    return model_openapi_schema_ex(m, mode, NULL, NULL);
}

void
model_schema_name(const struct model *m, enum model_mode mode, char *out, size_t cap)
{
    const char *suffix = m->collection == NULL  ? ""
                         : mode == MODEL_CREATE ? "Create"
                         : mode == MODEL_UPDATE ? "Update"
                                                : "";

    snprintf(out, cap, "%c%s%s", toupper((unsigned char)m->name[0]), m->name + 1, suffix);
}
