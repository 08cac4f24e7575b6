/* json.c - member getters of json-c objects and BSON documents (NULL = absent) */
#include "core/json.h"

json_object *
json_member(json_object *obj, const char *key)
{
    json_object *v = NULL;

    if (obj == NULL || !json_object_object_get_ex(obj, key, &v))
        return NULL;
    return v;
}

const char *
json_str(json_object *obj, const char *key)
{
    json_object *v = json_member(obj, key);

    return v != NULL && json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;
}

const char *
json_bson_str(const bson_t *doc, const char *key)
{
    bson_iter_t it;

    return bson_iter_init_find(&it, doc, key) && BSON_ITER_HOLDS_UTF8(&it)
               ? bson_iter_utf8(&it, NULL)
               : NULL;
}

const bson_oid_t *
json_bson_oid(const bson_t *doc, const char *key)
{
    bson_iter_t it;

    return bson_iter_init_find(&it, doc, key) && BSON_ITER_HOLDS_OID(&it) ? bson_iter_oid(&it)
                                                                          : NULL;
}

int64_t
json_bson_date(const bson_t *doc, const char *key)
{
    bson_iter_t it;

    return bson_iter_init_find(&it, doc, key) && BSON_ITER_HOLDS_DATE_TIME(&it)
               ? bson_iter_date_time(&it)
               : 0;
}

bool
json_bson_archived(const bson_t *doc)
{
    bson_iter_t it;

    return doc != NULL && bson_iter_init_find(&it, doc, "archivedAt")
           && BSON_ITER_HOLDS_DATE_TIME(&it);
}
