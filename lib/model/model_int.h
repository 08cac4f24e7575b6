/* model_int.h - helpers shared by the model_*.c files only; other modules use model.h */
#ifndef PC_MODEL_INT_H
#define PC_MODEL_INT_H

#include "model/model.h"

/* model_trusted - p may see and set staff-only fields (see model.h) */
bool model_trusted(const struct principal *p);

/* field_min, field_max - the field's limits, the type's defaults when both are 0 */
int64_t field_min(const struct field *f);
int64_t field_max(const struct field *f);

/* field_is_textual - string-like types that prefix matching (contains, search) works on */
bool field_is_textual(const struct field *f);

/* model_safe_text - copy at most 40 bytes of s[0..len) into out with every byte that is not
 * printable ASCII replaced by '?', so client text is safe to echo in error details */
void model_safe_text(char *out, size_t cap, const char *s, size_t len);

/* model_value_append - convert the non-null JSON value v per f's type and append it to dst
 * under key; on a problem adds a detail for name and returns false (dst may hold a partial
 * value then) */
bool model_value_append(const struct field *f, json_object *v, bson_t *dst, const char *key,
                        const char *name, struct err *err);

/* model_element_append - one element of a string array (or map value) as f stores it */
bool model_element_append(const struct field *f, json_object *v, bson_t *dst, const char *key,
                          const char *name, struct err *err);

/* model_value_fn - appends one JSON value as f stores it under key; false with a detail */
typedef bool model_value_fn(const struct field *f, json_object *v, bson_t *dst, const char *key,
                            const char *name, struct err *err);

/* model_elements_append - every element of the JSON array v through fn into the BSON array arr
 * (keys "0", "1", ...; details name "<name>[i]"); false when any element failed (all are tried,
 * so every problem gets its detail) */
bool model_elements_append(const struct field *f, json_object *v, bson_t *arr, const char *name,
                           model_value_fn *fn, struct err *err);

/* model_json_string - o is a JSON string without NUL bytes; then *s borrows it (else untouched) */
bool model_json_string(json_object *o, const char **s);

/* model_item_column - the field named by item.column that the caller may see (staff-only ones
 * only when trusted), name set to "<prefix>.column" for the caller's own details; NULL with the
 * detail "is not a known column" otherwise */
const struct field *model_item_column(const struct model *m, json_object *item, const char *prefix,
                                      bool trusted, char *name, size_t name_cap, struct err *err);

/* model_item_keys_ok - every key of the object item is one of keys (NULL-terminated);
 * otherwise adds a detail for prefix and returns false */
bool model_item_keys_ok(json_object *item, const char *const *keys, const char *prefix,
                        struct err *err);

/* model_filter_build - the filter document of a list query from the parsed filter list (may be
 * NULL) and the raw search text (may be NULL); appends to out, which must be empty. Adds one
 * detail per problem and returns false when there is any. */
bool model_filter_build(const struct model *m, json_object *filter, const char *search,
                        bool trusted, bson_t *out, struct err *err);

#endif
