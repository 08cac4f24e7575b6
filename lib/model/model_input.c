/* model_input.c - a request body checked against a field table and converted to BSON for $set */
#include <string.h>

#include "model/model_int.h"

bool
model_refuse_unknown(json_object *in, const char *const *known, struct err *err)
{
    char safe[48];
    bool ok = true;

    json_object_object_foreach(in, key, val)
    {
        bool found = false;
        (void)val;
        for (const char *const *k = known; *k != NULL && !found; k++)
            found = strcmp(*k, key) == 0;
        if (!found) {
            model_safe_text(safe, sizeof(safe), key, strlen(key));
            err_detail(err, safe, "is not a known field");
            ok = false;
        }
    }
    return ok;
}

const char *
model_body_enum(json_object *in, const char *key, const char *const *values, const char *problem,
                const char *message, struct err *err)
{
    const char *const known[] = {key, NULL};
    const char *found = NULL;
    json_object *v;

    model_refuse_unknown(in, known, err);
    if (json_object_object_get_ex(in, key, &v) && json_object_is_type(v, json_type_string))
        for (const char *const *e = values; *e != NULL && found == NULL; e++)
            if (strcmp(*e, json_object_get_string(v)) == 0)
                found = *e;
    if (found == NULL)
        err_detail(err, key, "%s", problem);
    if (err->ndetails == 0)
        return found;
    err_set(err, ERR_VALIDATION_FAILED, "%s", message);
    return NULL;
}

/* one member of the body; false (with a detail) when it is refused */
static bool
input_member(const struct model *m, const char *key, json_object *val, bool trusted, bool update,
             bson_t *out, bool *seen, struct err *err)
{
    const struct field *f = model_find_field(m, key);
    char safe[48];

    if (f == NULL) {
        model_safe_text(safe, sizeof(safe), key, strlen(key));
        err_detail(err, safe, "is not a known field");
        return false;
    }
    seen[f - m->fields] = true;
    if (f->flags & FIELD_READONLY) {
        err_detail(err, f->json, "is read-only");
        return false;
    }
    if (update && (f->flags & FIELD_CREATE_ONLY)) {
        err_detail(err, f->json, "cannot be changed");
        return false;
    }
    if (!trusted && (f->flags & (FIELD_STAFF_WRITE | FIELD_STAFF_READ))) {
        err_detail(err, f->json, "may be set only by staff");
        return false;
    }
    if (val == NULL) {
        if (f->flags & FIELD_NULLABLE)
            return bson_append_null(out, field_bson_name(f), -1);
        err_detail(err, f->json, "must not be null");
        return false;
    }
    return model_value_append(f, val, out, field_bson_name(f), f->json, err);
}

/* required fields absent from the body (create only) */
static bool
check_required(const struct model *m, const bool *seen, struct err *err)
{
    bool ok = true;

    for (size_t i = 0; i < m->nfields; i++) {
        if ((m->fields[i].flags & FIELD_REQUIRED) && !seen[i]) {
            err_detail(err, m->fields[i].json, "is required");
            ok = false;
        }
    }
    return ok;
}

bool
model_input(const struct model *m, json_object *in, enum model_mode mode, const struct principal *p,
            bson_t *out, struct err *err)
{
    bool seen[MODEL_MAX_FIELDS] = {false};
    bool trusted = model_trusted(p), ok = true;

    if (m->nfields > MODEL_MAX_FIELDS || mode == MODEL_OUTPUT)
        return err_set(err, ERR_INTERNAL, "model_input: bad model or mode");
    if (!json_object_is_type(in, json_type_object)) {
        err_detail(err, "body", "must be a JSON object");
        ok = false;
    } else {
        json_object_object_foreach(in, key, val)
        {
            ok &= input_member(m, key, val, trusted, mode == MODEL_UPDATE, out, seen, err);
        }
        if (mode == MODEL_CREATE)
            ok &= check_required(m, seen, err);
    }
    if (ok)
        return true;
    bson_reinit(out);
    return err_set(err, ERR_VALIDATION_FAILED, "the %s has invalid fields", m->name);
}
