/* json.h - member getters of json-c objects and BSON documents, one each, one convention:
 * NULL means absent (or not of the type asked for). Results are borrowed from obj or doc and
 * live as long as they do. */
#ifndef PC_JSON_H
#define PC_JSON_H

#include <bson/bson.h>
#include <json-c/json.h>

/* json_member - the member key of obj; NULL when obj is NULL or has no such member */
json_object *json_member(json_object *obj, const char *key);

/* json_str - the string member key of obj; NULL when absent or not a string */
const char *json_str(json_object *obj, const char *key);

/* json_bson_str - the UTF-8 member key of doc; NULL when absent or not a string */
const char *json_bson_str(const bson_t *doc, const char *key);

/* json_bson_oid - the ObjectId member key of doc; NULL when absent or not an ObjectId */
const bson_oid_t *json_bson_oid(const bson_t *doc, const char *key);

/* json_bson_date - the date member key of doc in ms since the epoch; 0 when absent or not a
 * date */
int64_t json_bson_date(const bson_t *doc, const char *key);

/* json_bson_archived - doc's archivedAt holds a date: the record is archived (loads by _id alone
 * check it on the document, so that FerretDB can pass the filter down) */
bool json_bson_archived(const bson_t *doc);

/* json_or_empty - s, or "" for NULL: where an absent string reads as empty */
static inline const char *
json_or_empty(const char *s)
{
    return s != NULL ? s : "";
}

#endif
