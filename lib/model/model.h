/* model.h - field tables (one per collection): input checks, BSON<->JSON, list queries, schemas */
#ifndef PC_MODEL_H
#define PC_MODEL_H

#include <bson/bson.h>
#include <json-c/json.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/principal.h"
#include "model/indexes.h"

enum field_type {
    FT_STRING,       /* one-line text; default max 200 code points */
    FT_TEXT,         /* long text; default max 10000 code points */
    FT_EMAIL,        /* sane e-mail syntax, at most 254 bytes */
    FT_INT,          /* JSON integer; default range int32; stored int32 when it fits */
    FT_NUMBER,       /* JSON number (integer or fraction), stored as double */
    FT_MONEY,        /* JSON integer of cents, stored int64; default range +-(2^53 - 1) */
    FT_DATE,         /* ISO 8601 string (see isotime.h), stored as a BSON date */
    FT_BOOL,         /* true or false */
    FT_ENUM,         /* one of field.values */
    FT_OBJECTID,     /* 24 hex characters, stored as an ObjectId */
    FT_STRING_MAP,   /* object of string -> string; min/max = number of entries (default 50) */
    FT_STRING_ARRAY, /* list of strings; min/max = number of elements (default 100); with
                        .values each element is one of them */
    /* the two below describe answers and bodies for the OpenAPI document only: model_input
     * refuses them, model_output does not write them (their handlers build the JSON) */
    FT_OBJECT,       /* an object of the table .sub; without .sub any object */
    FT_OBJECT_ARRAY, /* a list of .sub objects (any objects without .sub); min/max elements */
};

/* field.flags */
#define FIELD_REQUIRED (1u << 0)      /* must be present on create */
#define FIELD_NULLABLE (1u << 1)      /* JSON null accepted (stored as BSON null) */
#define FIELD_SORTABLE (1u << 2)      /* may appear in sort= */
#define FIELD_READONLY (1u << 3)      /* output only: ids, createdAt, derived fields */
#define FIELD_STAFF_WRITE (1u << 4)   /* only staff may set it (principal_is_staff) */
#define FIELD_STAFF_READ (1u << 5)    /* hidden from non-staff on output; implies staff write */
#define FIELD_LOWER (1u << 6)         /* stored lower-cased (ASCII letters), e.g. e-mail */
#define FIELD_SEARCHABLE (1u << 7)    /* one of the prefix matches of search= */
#define FIELD_CREATE_ONLY (1u << 8)   /* set on create, refused on update */
#define FIELD_SEARCH_DIGITS (1u << 9) /* its digits are one more search word (a phone number) */
#define FIELD_WRITE_ONLY                                                                           \
    (1u << 10) /* a flag of the request, never stored nor in an answer                             \
                  (the domain takes it out of model_input's result) */

/* field.ops: the filter operators allowed on a field; 0 = not filterable */
#define OP_EQ (1u << 0)
#define OP_NE (1u << 1)
#define OP_LT (1u << 2)
#define OP_LTE (1u << 3)
#define OP_GT (1u << 4)
#define OP_GTE (1u << 5)
#define OP_IN (1u << 6)
#define OP_NOT_IN (1u << 7)
#define OP_IS_NULL (1u << 8)
#define OP_IS_NOT_NULL (1u << 9)
#define OP_CONTAINS (1u << 10) /* prefix match; string-like fields only */
#define OPS_EQUALITY (OP_EQ | OP_NE | OP_IN | OP_NOT_IN)
#define OPS_RANGE (OP_LT | OP_LTE | OP_GT | OP_GTE)
#define OPS_NULL (OP_IS_NULL | OP_IS_NOT_NULL)

/* limits of elements inside maps and arrays, and of list queries */
#define MODEL_MAX_FIELDS 64
#define MODEL_MAP_KEY_MAX 100  /* code points of a string-map key */
#define MODEL_ELEM_MAX 500     /* code points of a map value or array element */
#define MODEL_IN_MAX 100       /* values of in / not_in */
#define MODEL_FILTER_MAX 20    /* items of filter= */
#define MODEL_SORT_MAX 5       /* items of sort= */
#define MODEL_SEARCH_MAX 100   /* code points of search= */
#define MODEL_PAGE_MAX 1000000 /* highest page= */
#define MODEL_TERM_MAX 20      /* code points of a stored search prefix */
#define MODEL_TERMS_CAP 400    /* search terms of one document */
#define MODEL_TERMS_BYTES 8192 /* their bytes */
#define MODEL_QUERY_WORDS 8    /* words of search= that must all match */

/* One line of a table. min/max: code points for strings, value for numbers, entries for
 * maps and arrays; min == max == 0 selects the type's default limits. */
struct field {
    const char *json; /* name in the API */
    const char *bson; /* name in the database; NULL = same as json */
    enum field_type type;
    unsigned flags;
    int64_t min, max;
    unsigned ops;
    const char *const *values; /* FT_ENUM: NULL-terminated allowed values */
    const struct model *sub;   /* FT_OBJECT, FT_OBJECT_ARRAY: the table of the members */
    const char *format;        /* an OpenAPI format beyond the type's ("date" for a day) */
    const char *pattern;       /* an OpenAPI pattern of a string ("^[0-9]{4}-[0-9]{2}$") */
};

struct model {
    const char *name;       /* "lead": messages and schema titles */
    const char *collection; /* "leads" */
    const struct field *fields;
    size_t nfields;
    const char *default_sort; /* JSON name of a sortable field; NULL = "_id" only */
    bool default_desc;
    const struct model *base; /* the schema also has every field of base, first (LeadDetail) */
    const char *terms; /* the array of search terms (model_terms.c); NULL: search= matches the
                          start of each searchable field */
};

#define MODEL_FIELDS(table) .fields = (table), .nfields = (sizeof(table) / sizeof((table)[0]))

enum model_mode { MODEL_CREATE, MODEL_UPDATE, MODEL_OUTPUT /* model_openapi_schema only */ };

/* Trusted with staff-only fields: PRINCIPAL_SYSTEM (cron, webhooks, workers) and
 * principal_is_staff(p). Everyone else is not, and p == NULL fails closed (not trusted). */

/* model_input - check the JSON object `in` against m and append the converted values to out
 * (an initialised, empty bson_t the caller owns), ready for $set. Checks everything and
 * reports every problem at once as err details (code validation_failed): unknown, read-only
 * and staff-only fields, JSON types, lengths, syntax, ranges, null, required (create only).
 * Returns false with err set and out emptied on any problem. `in` is borrowed. */
bool model_input(const struct model *m, json_object *in, enum model_mode mode,
                 const struct principal *p, bson_t *out, struct err *err);

/* The one rule of every string a client sends (bodies, query values, files): valid UTF-8
 * (RFC 3629), no NUL, and a length counted in characters (code points), never bytes. */

/* model_check_string - s[0..len) is valid UTF-8 without NUL and has min..max code points;
 * otherwise adds a detail for name ("must not contain NUL characters", "is not valid UTF-8",
 * "must be at most N characters", "must not be empty") and returns false */
bool model_check_string(const char *s, size_t len, int64_t min, int64_t max, const char *name,
                        struct err *err);

/* model_string - the string member key of the JSON object in under that rule with min..max
 * characters: true with *out borrowed from in, or NULL when absent (or null) and not required;
 * false with a detail for key when it is absent and required ("is required"), not a string or
 * breaks the rule. The caller sets err's code once all members are checked. */
bool model_string(json_object *in, const char *key, int64_t min, int64_t max, bool required,
                  const char **out, struct err *err);

/* model_field_string - model_string with the limits of the text field key of m (internal when
 * m has no such field) */
bool model_field_string(const struct model *m, json_object *in, const char *key, bool required,
                        const char **out, struct err *err);

/* model_body_check - the rules every JSON request body meets, on its raw text (len bytes,
 * NUL-terminated at len) once json-c has parsed it, because json-c hides what breaks them: it
 * keeps the last of two equal keys, cuts a key at "\u0000" and turns a lone surrogate escape
 * into U+FFFD. bad_json with a detail naming the key ("terms[0].from") when an object has a key
 * twice or a key that is not text; validation_failed with a detail per string value (named by
 * its path) that is not valid UTF-8 or holds NUL. */
bool model_body_check(const char *text, size_t len, struct err *err);

/* model_refuse_unknown - a detail "is not a known field" for each member of the JSON object in
 * whose name is not in known (NULL-terminated), for bodies checked without a field table.
 * Returns whether every member is known. */
bool model_refuse_unknown(json_object *in, const char *const *known, struct err *err);

/* model_body_enum - the one member key of a body {key: value} whose value is one of values
 * (NULL-terminated): the matching entry of values (static, the caller's table). NULL with err
 * validation_failed (message, a detail "key: problem", and "is not a known field" for every
 * other member) otherwise. in is borrowed. */
const char *model_body_enum(json_object *in, const char *key, const char *const *values,
                            const char *problem, const char *message, struct err *err);

/* model_output - the API's JSON for doc: fields of the table only (in table order), renamed
 * to their JSON names, staff-read fields hidden from untrusted principals, missing fields
 * omitted. ObjectIds as 24 hex, dates as ISO 8601 UTC with ms. Returns a new object the
 * caller owns, NULL only when out of memory. */
json_object *model_output(const struct model *m, const bson_t *doc, const struct principal *p);

/* model_output_value - one BSON value as our JSON (same rules as model_output; documents and
 * arrays recursively, up to 8 levels; types the API never stores become null). Returns a new
 * reference (json-c represents null as NULL). */
json_object *model_output_value(const bson_iter_t *it);

/* raw query parameters of a list route; any string may be NULL (absent) */
struct list_params {
    const char *page, *per_page, *sort, *filter, *search; /* "" counts as absent */
    const struct principal *principal; /* staff-read fields are off limits to the untrusted */
    int64_t max_per_page;              /* 0 = 200 */
    int64_t default_per_page;          /* 0 = 50 */
};

struct list_query {
    bson_t filter; /* {} or flat conditions (model_filter_and) */
    bson_t sort;   /* ends with _id as the tie-breaker */
    int64_t page, per_page, skip, limit;
};

/* model_list_query - validate params against m and build q. q is initialised on every path
 * (always call list_query_release). Malformed JSON in sort/filter -> bad_request naming the
 * parameter; other problems -> validation_failed with one detail each ("filter[1].operator").
 * Filter values go through the same typed conversion as input, so no operator or object from
 * the client can reach the query. */
bool model_list_query(const struct model *m, const struct list_params *params, struct list_query *q,
                      struct err *err);

/* model_filter_and - the conjunction of the n filter documents of list (each may be NULL or
 * empty), as flat as it can be, appended to out (initialised, empty): a condition on a field no
 * earlier one names is a top-level member, in order; conditions on one field with different
 * operators share one operator document ({createdAt: {$gte: a, $lt: b}}); anything else (the
 * same operator twice, a plain value and an operator document, a second $or) goes into one
 * $and at the end. The members of {$and: [...]} in an input count as conditions of their own.
 * The answer is MongoDB's for the $and of the inputs. False when there are more than 48
 * conditions. */
bool model_filter_and(const bson_t *const *list, size_t n, bson_t *out);

/* list_query_release - free q's documents; safe to call twice */
void list_query_release(struct list_query *q);

/* model_openapi_schema - JSON Schema (OpenAPI 3.0) of m: MODEL_CREATE / MODEL_UPDATE describe
 * the input (writable fields, required on create, create-only fields left out of update),
 * MODEL_OUTPUT the output (all fields, readOnly marked, required = FIELD_REQUIRED, no minimum
 * length: stored values include what the system made, such as an invited user's empty name).
 * Both forbid members the table does not name (additionalProperties false). The fields of
 * m->base come first. Nested tables (.sub) are written through ref(sub, mode, ctx), which returns
 * the schema (or $ref) to put there; ref NULL writes them inline. Returns a new object the caller
 * owns. */
typedef json_object *model_schema_ref_fn(const struct model *sub, enum model_mode mode, void *ctx);
json_object *model_openapi_schema_ex(const struct model *m, enum model_mode mode,
                                     model_schema_ref_fn *ref, void *ctx);
json_object *model_openapi_schema(const struct model *m, enum model_mode mode);

/* model_schema_name - the component name of m in mode: "Lead", "LeadCreate", "LeadUpdate" for
 * a collection's table; a table of no collection keeps its name in every mode ("SignInBody").
 * Writes into out (cap bytes). */
void model_schema_name(const struct model *m, enum model_mode mode, char *out, size_t cap);

/* model_find_field - the field with this JSON name, NULL when none */
const struct field *model_find_field(const struct model *m, const char *json_name);

/* field_bson_name - the database name of f */
const char *field_bson_name(const struct field *f);

/* model_validate - sanity of a table (a unit test runs it on every table): names, flags,
 * operators that fit the type, enum values, default sort. Returns false and writes the first
 * problem into problem (cap bytes). */
bool model_validate(const struct model *m, char *problem, size_t cap);

/* model_terms_append - the search terms of a document (an array m->terms appended to out): the
 * lower-cased prefixes, up to MODEL_TERM_MAX characters, of every word (runs of ASCII letters,
 * digits and non-ASCII characters; so e-mails split at . - _ @ +) of every searchable field that
 * is not staff-read, and of the digits of a FIELD_SEARCH_DIGITS field as one word. A field's
 * value is taken from set, else from doc (either may be NULL). Nothing when m has no terms. */
bool model_terms_append(const struct model *m, const bson_t *doc, const bson_t *set, bson_t *out);

/* model_terms_touched - whether set names a field that feeds m's search terms */
bool model_terms_touched(const struct model *m, const bson_t *set);

/* model_terms_refresh - when set (a $set being built) names a field that feeds m's terms, the
 * terms of doc overlaid by set appended to set (unless set has them already); doc may be NULL */
bool model_terms_refresh(const struct model *m, const bson_t *doc, bson_t *set);

/* model_terms_query - one condition {terms: word} per word of the search text s[0..len) (at
 * most MODEL_QUERY_WORDS, each cut to MODEL_TERM_MAX characters) appended to the array conds
 * under the keys *n, *n + 1, ...; returns how many (0: no word in s) */
int model_terms_query(const struct model *m, const char *s, size_t len, bson_t *conds, uint32_t *n);

/* model_check_indexes - every sortable, filterable or searchable field (except _id) must be
 * the first key of an index of m's collection among specs, or the second key after "partner".
 * Returns false and names the first offending field in problem (cap bytes). */
bool model_check_indexes(const struct model *m, const struct index_spec *specs, size_t n,
                         char *problem, size_t cap);

#endif
