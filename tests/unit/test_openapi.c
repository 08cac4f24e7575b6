/* test_openapi.c - the document of THE route table: test-only rows, references, bodies */
#include <string.h>

#include "openapi.h"
#include "router.h"
#include "unit.h"

/* every {"$ref": "#/components/schemas/X"} under node names a schema of doc */
static void
assert_refs_resolve(json_object *doc, json_object *node)
{
    json_object *schemas =
        json_object_object_get(json_object_object_get(doc, "components"), "schemas");
    json_object *responses =
        json_object_object_get(json_object_object_get(doc, "components"), "responses");

    if (json_object_is_type(node, json_type_array)) {
        for (size_t i = 0; i < json_object_array_length(node); i++)
            assert_refs_resolve(doc, json_object_array_get_idx(node, i));
        return;
    }
    if (!json_object_is_type(node, json_type_object))
        return;
    json_object_object_foreach(node, key, val)
    {
        if (strcmp(key, "$ref") == 0) {
            const char *ref = json_object_get_string(val);
            bool schema = strncmp(ref, "#/components/schemas/", 21) == 0;
            bool response = strncmp(ref, "#/components/responses/", 23) == 0;
            ck_assert_msg((schema && json_object_object_get_ex(schemas, ref + 21, NULL))
                              || (response && json_object_object_get_ex(responses, ref + 23, NULL)),
                          "dangling %s", ref);
        } else {
            assert_refs_resolve(doc, val);
        }
    }
}

START_TEST(openapi_lists_test_routes_only_with_the_hooks)
{
    json_object *with = openapi_document(routes, routes_count, true);
    json_object *without = openapi_document(routes, routes_count, false);
    json_object *paths;

    ck_assert(json_object_object_get_ex(with, "paths", &paths));
    ck_assert(json_object_object_get_ex(paths, "/api/v1/test/sleep", NULL));
    ck_assert(json_object_object_get_ex(without, "paths", &paths));
    ck_assert(!json_object_object_get_ex(paths, "/api/v1/test/sleep", NULL));
    ck_assert(json_object_object_get_ex(paths, "/api/v1/health", NULL));
    json_object_put(with);
    json_object_put(without);
}
END_TEST

START_TEST(openapi_references_resolve_and_bodies_have_members)
{
    json_object *doc = openapi_document(routes, routes_count, true), *paths, *schemas;

    assert_refs_resolve(doc, doc);
    ck_assert(json_object_object_get_ex(doc, "paths", &paths));
    schemas = json_object_object_get(json_object_object_get(doc, "components"), "schemas");
    json_object_object_foreach(paths, path, item)
    {
        json_object_object_foreach(item, method, op)
        {
            json_object *body, *content, *responses;
            ck_assert_msg(json_object_object_get_ex(op, "responses", &responses)
                              && !json_object_object_get_ex(responses, "default", NULL),
                          "%s %s: a default answer hides undeclared statuses", method, path);
            if (!json_object_object_get_ex(op, "requestBody", &body))
                continue;
            ck_assert(json_object_object_get_ex(body, "content", &content));
            json_object_object_foreach(content, media, m)
            {
                const char *ref = json_object_get_string(
                    json_object_object_get(json_object_object_get(m, "schema"), "$ref"));
                json_object *s = ref ? json_object_object_get(schemas, ref + 21) : NULL;
                ck_assert_msg(
                    s != NULL
                        && json_object_object_length(json_object_object_get(s, "properties")) > 0,
                    "%s %s %s: a body without members", method, path, media);
            }
        }
    }
    json_object_put(doc);
}
END_TEST

Suite *
suite_openapi(void)
{
    Suite *s = suite_create("openapi");
    TCase *tc = tcase_create("document");

    tcase_add_test(tc, openapi_lists_test_routes_only_with_the_hooks);
    tcase_add_test(tc, openapi_references_resolve_and_bodies_have_members);
    suite_add_tcase(s, tc);
    return s;
}
