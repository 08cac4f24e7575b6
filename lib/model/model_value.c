/* model_value.c - typed JSON -> BSON conversion of one value, shared by input and list filters */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/email.h"
#include "core/isotime.h"
#include "core/oid.h"
#include "core/utf8.h"
#include "model/model_int.h"

typedef bool convert_fn(const struct field *f, json_object *v, bson_t *dst, const char *key,
                        const char *name, struct err *err);

bool
model_check_string(const char *s, size_t len, int64_t min, int64_t max, const char *name,
                   struct err *err)
{
    size_t n = 0;

    switch (utf8_check(s, len, &n)) {
    case UTF8_NUL: err_detail(err, name, "must not contain NUL characters"); return false;
    case UTF8_INVALID: err_detail(err, name, "is not valid UTF-8"); return false;
    case UTF8_OK: break;
    }
    if ((int64_t)n > max) {
        err_detail(err, name, "must be at most %lld characters", (long long)max);
        return false;
    }
    if ((int64_t)n < min) {
        if (min == 1)
            err_detail(err, name, "must not be empty");
        else
            err_detail(err, name, "must be at least %lld characters", (long long)min);
        return false;
    }
    return true;
}

/* append s as f stores strings: lower-cased (ASCII letters) for FIELD_LOWER */
static bool
append_text(const struct field *f, const char *s, size_t len, bson_t *dst, const char *key)
{
    char *low;
    bool ok;

    if (!(f->flags & FIELD_LOWER))
        return bson_append_utf8(dst, key, -1, s, (int)len);
    low = malloc(len + 1);
    if (low == NULL)
        return false;
    for (size_t i = 0; i < len; i++)
        low[i] = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] - 'A' + 'a') : s[i];
    ok = bson_append_utf8(dst, key, -1, low, (int)len);
    free(low);
    return ok;
}

/* v as a string of min..max characters (the one string rule) into s/len; false with a detail */
static bool
checked_string(json_object *v, int64_t min, int64_t max, const char *name, const char **s,
               size_t *len, struct err *err)
{
    if (!json_object_is_type(v, json_type_string)) {
        err_detail(err, name, "must be a string");
        return false;
    }
    *s = json_object_get_string(v);
    *len = (size_t)json_object_get_string_len(v);
    return model_check_string(*s, *len, min, max, name, err);
}

static bool
conv_string(const struct field *f, json_object *v, bson_t *dst, const char *key, const char *name,
            struct err *err)
{
    const char *s;
    size_t len;

    return checked_string(v, field_min(f), field_max(f), name, &s, &len, err)
           && append_text(f, s, len, dst, key);
}

static bool
conv_email(const struct field *f, json_object *v, bson_t *dst, const char *key, const char *name,
           struct err *err)
{
    const char *s;
    size_t len;

    if (!checked_string(v, 0, 254, name, &s, &len, err))
        return false;
    if (!email_valid(s, len)) {
        err_detail(err, name, "must be an e-mail address like name@example.com");
        return false;
    }
    return append_text(f, s, len, dst, key);
}

static bool
in_range(const struct field *f, int64_t n, const char *name, struct err *err)
{
    if (n >= field_min(f) && n <= field_max(f))
        return true;
    err_detail(err, name, "must be between %lld and %lld", (long long)field_min(f),
               (long long)field_max(f));
    return false;
}

/* v as an integer (what) within f's range into n; false with a detail otherwise */
static bool
int_in_range(const struct field *f, json_object *v, const char *what, const char *name, int64_t *n,
             struct err *err)
{
    if (!json_object_is_type(v, json_type_int)) {
        err_detail(err, name, "must be %s", what);
        return false;
    }
    *n = json_object_get_int64(v);
    return in_range(f, *n, name, err);
}

static bool
conv_int(const struct field *f, json_object *v, bson_t *dst, const char *key, const char *name,
         struct err *err)
{
    int64_t n;

    if (!int_in_range(f, v, "an integer", name, &n, err))
        return false;
    if (n >= INT32_MIN && n <= INT32_MAX)
        return bson_append_int32(dst, key, -1, (int32_t)n);
    return bson_append_int64(dst, key, -1, n);
}

static bool
conv_money(const struct field *f, json_object *v, bson_t *dst, const char *key, const char *name,
           struct err *err)
{
    int64_t n;

    return int_in_range(f, v, "a whole number of cents", name, &n, err)
           && bson_append_int64(dst, key, -1, n);
}

static bool
conv_number(const struct field *f, json_object *v, bson_t *dst, const char *key, const char *name,
            struct err *err)
{
    double d;

    if (!json_object_is_type(v, json_type_int) && !json_object_is_type(v, json_type_double)) {
        err_detail(err, name, "must be a number");
        return false;
    }
    d = json_object_get_double(v);
    if (!isfinite(d) || d < (double)field_min(f) || d > (double)field_max(f)) {
        err_detail(err, name, "must be between %lld and %lld", (long long)field_min(f),
                   (long long)field_max(f));
        return false;
    }
    return bson_append_double(dst, key, -1, d);
}

static bool
conv_date(const struct field *f, json_object *v, bson_t *dst, const char *key, const char *name,
          struct err *err)
{
    int64_t ms;

    (void)f;
    if (!json_object_is_type(v, json_type_string)
        || !isotime_parse(json_object_get_string(v), (size_t)json_object_get_string_len(v), &ms)) {
        err_detail(err, name, "must be a date like 2026-11-24 or 2026-11-24T06:22:53Z");
        return false;
    }
    return bson_append_date_time(dst, key, -1, ms);
}

static bool
conv_bool(const struct field *f, json_object *v, bson_t *dst, const char *key, const char *name,
          struct err *err)
{
    (void)f;
    if (!json_object_is_type(v, json_type_boolean)) {
        err_detail(err, name, "must be true or false");
        return false;
    }
    return bson_append_bool(dst, key, -1, json_object_get_boolean(v));
}

static bool
conv_enum(const struct field *f, json_object *v, bson_t *dst, const char *key, const char *name,
          struct err *err)
{
    char allowed[160];
    size_t n = 0;

    if (json_object_is_type(v, json_type_string)) {
        const char *s = json_object_get_string(v);
        size_t len = (size_t)json_object_get_string_len(v);
        for (const char *const *e = f->values; e != NULL && *e != NULL; e++)
            if (strlen(*e) == len && memcmp(*e, s, len) == 0)
                return bson_append_utf8(dst, key, -1, s, (int)len);
    }
    allowed[0] = '\0';
    for (const char *const *e = f->values; e && *e && n < sizeof(allowed); e++)
        n += (size_t)snprintf(allowed + n, sizeof(allowed) - n, "%s%s", e == f->values ? "" : ", ",
                              *e);
    err_detail(err, name, "must be one of: %s", allowed);
    return false;
}

static bool
conv_objectid(const struct field *f, json_object *v, bson_t *dst, const char *key, const char *name,
              struct err *err)
{
    bson_oid_t oid;

    (void)f;
    if (!json_object_is_type(v, json_type_string)
        || !oid_parse(json_object_get_string(v), (size_t)json_object_get_string_len(v), &oid)) {
        err_detail(err, name, "must be an id of 24 hex characters");
        return false;
    }
    return bson_append_oid(dst, key, -1, &oid);
}

bool
model_element_append(const struct field *f, json_object *v, bson_t *dst, const char *key,
                     const char *name, struct err *err)
{
    const char *s;
    size_t len;

    if (f->type == FT_STRING_ARRAY && f->values != NULL) /* each element one of the values */
        return conv_enum(f, v, dst, key, name, err);
    return checked_string(v, 0, MODEL_ELEM_MAX, name, &s, &len, err)
           && append_text(f, s, len, dst, key);
}

static bool
count_ok(const struct field *f, size_t n, const char *what, const char *name, struct err *err)
{
    if ((int64_t)n <= field_max(f) && (int64_t)n >= field_min(f))
        return true;
    err_detail(err, name, "must have %lld to %lld %s", (long long)field_min(f),
               (long long)field_max(f), what);
    return false;
}

static bool
conv_array(const struct field *f, json_object *v, bson_t *dst, const char *key, const char *name,
           struct err *err)
{
    bson_t arr;
    size_t n;
    bool ok;

    if (!json_object_is_type(v, json_type_array)) {
        err_detail(err, name, "must be a list of strings");
        return false;
    }
    n = json_object_array_length(v);
    if (!count_ok(f, n, "elements", name, err))
        return false;
    if (!bson_append_array_begin(dst, key, -1, &arr))
        return false;
    ok = model_elements_append(f, v, &arr, name, model_element_append, err);
    return bson_append_array_end(dst, &arr) && ok;
}

bool
model_elements_append(const struct field *f, json_object *v, bson_t *arr, const char *name,
                      model_value_fn *fn, struct err *err)
{
    size_t n = json_object_array_length(v);
    bool ok = true;

    for (size_t i = 0; i < n; i++) {
        char ikey[16], iname[96];
        const char *k;
        bson_uint32_to_string((uint32_t)i, &k, ikey, sizeof(ikey));
        snprintf(iname, sizeof(iname), "%s[%zu]", name, i);
        ok &= fn(f, json_object_array_get_idx(v, i), arr, k, iname, err);
    }
    return ok;
}

/* a map key must be usable as a BSON key on FerretDB: non-empty, no '.' or '$' */
static bool
map_key_ok(const char *k, const char *name, struct err *err)
{
    char safe[48];
    size_t len = strlen(k), n = 0;

    model_safe_text(safe, sizeof(safe), k, len);
    if (len == 0)
        err_detail(err, name, "keys must not be empty");
    else if (utf8_check(k, len, &n) != UTF8_OK)
        err_detail(err, name, "key \"%s\" is not valid UTF-8", safe);
    else if (n > MODEL_MAP_KEY_MAX)
        err_detail(err, name, "keys must be at most %d characters", MODEL_MAP_KEY_MAX);
    else if (strpbrk(k, ".$") != NULL)
        err_detail(err, name, "key \"%s\" must not contain '.' or '$'", safe);
    else
        return true;
    return false;
}

static bool
conv_map(const struct field *f, json_object *v, bson_t *dst, const char *key, const char *name,
         struct err *err)
{
    bson_t doc;
    bool ok = true;

    if (!json_object_is_type(v, json_type_object)) {
        err_detail(err, name, "must be an object of strings");
        return false;
    }
    if (!count_ok(f, (size_t)json_object_object_length(v), "entries", name, err))
        return false;
    if (!bson_append_document_begin(dst, key, -1, &doc))
        return false;
    json_object_object_foreach(v, k, val)
    {
        char kname[64], safe[48];
        if (!map_key_ok(k, name, err)) {
            ok = false;
            continue;
        }
        model_safe_text(safe, sizeof(safe), k, strlen(k));
        snprintf(kname, sizeof(kname), "%s.%s", name, safe);
        ok &= model_element_append(f, val, &doc, k, kname, err);
    }
    return bson_append_document_end(dst, &doc) && ok;
}

/* FT_OBJECT, FT_OBJECT_ARRAY: tables with them describe the OpenAPI document, not input */
static bool
conv_refused(const struct field *f, json_object *v, bson_t *dst, const char *key, const char *name,
             struct err *err)
{
    (void)f, (void)v, (void)dst, (void)key;
    err_detail(err, name, "cannot be written");
    return false;
}

static convert_fn *const converters[] = {
    [FT_STRING] = conv_string,  [FT_TEXT] = conv_string,
    [FT_EMAIL] = conv_email,    [FT_INT] = conv_int,
    [FT_NUMBER] = conv_number,  [FT_MONEY] = conv_money,
    [FT_DATE] = conv_date,      [FT_BOOL] = conv_bool,
    [FT_ENUM] = conv_enum,      [FT_OBJECTID] = conv_objectid,
    [FT_STRING_MAP] = conv_map, [FT_STRING_ARRAY] = conv_array,
    [FT_OBJECT] = conv_refused, [FT_OBJECT_ARRAY] = conv_refused,
};

bool
model_value_append(const struct field *f, json_object *v, bson_t *dst, const char *key,
                   const char *name, struct err *err)
{
    return converters[f->type](f, v, dst, key, name, err);
}
