/* openapi.h - the OpenAPI 3.0 document of a route table (GET /api/openapi.json, pc-api tools) */
#ifndef PC_OPENAPI_H
#define PC_OPENAPI_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stddef.h>

struct route;

/* openapi_document - the document of the n rows of table; rows marked test_only appear only
 * when with_test (PC_TEST_HOOKS). Returns a new object the caller owns. */
json_object *openapi_document(const struct route *table, size_t n, bool with_test);

/* openapi_knows_query_param - the document has a schema for this query parameter name (the
 * len bytes at name); the route table may name only those */
bool openapi_knows_query_param(const char *name, size_t len);

#endif
