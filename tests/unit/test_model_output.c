/* test_model_output.c - our BSON -> JSON writer, the OpenAPI schemas, the index cover check */
#include <math.h>
#include <string.h>

#include "model_test.h"
#include "unit.h"

#define PLAIN (JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE)

static const struct model *const M = &test_lead_model;

static void
assert_json(json_object *o, const char *want)
{
    ck_assert_str_eq(json_object_to_json_string_ext(o, PLAIN), want);
}

static void
oid(bson_oid_t *o, const char *hex)
{
    bson_oid_init_from_string(o, hex);
}

/* a stored lead with a secret, an unknown field and every type */
static void
full_doc(bson_t *doc)
{
    bson_oid_t id, partner;
    bson_t icp, tags;

    oid(&id, "65a1f0c2e4b0a1b2c3d4e5f6");
    oid(&partner, "0123456789abcdef01234567");
    bson_init(doc);
    BSON_APPEND_OID(doc, "_id", &id);
    BSON_APPEND_UTF8(doc, "passwordHash", "$argon2id$secret");
    BSON_APPEND_UTF8(doc, "email", "ann@example.com");
    BSON_APPEND_UTF8(doc, "salesManager", "not the stored name");
    BSON_APPEND_UTF8(doc, "sales_manager", "Bob/Smith");
    BSON_APPEND_INT64(doc, "dealAmount", 1999);
    BSON_APPEND_INT32(doc, "employees", 250);
    BSON_APPEND_DOUBLE(doc, "score", 12.5);
    BSON_APPEND_DATE_TIME(doc, "scheduledDate", 1795501373123LL);
    BSON_APPEND_BOOL(doc, "isHot", true);
    BSON_APPEND_NULL(doc, "lastName");
    BSON_APPEND_DOCUMENT_BEGIN(doc, "icp", &icp);
    BSON_APPEND_UTF8(&icp, "region", "EU");
    bson_append_document_end(doc, &icp);
    BSON_APPEND_ARRAY_BEGIN(doc, "tags", &tags);
    BSON_APPEND_UTF8(&tags, "0", "saas");
    BSON_APPEND_UTF8(&tags, "1", "b2b");
    bson_append_array_end(doc, &tags);
    BSON_APPEND_OID(doc, "partner", &partner);
    BSON_APPEND_UTF8(doc, "internalNote", "vip");
    BSON_APPEND_DATE_TIME(doc, "createdAt", 0);
    BSON_APPEND_UTF8(doc, "extra", "never shown");
    BSON_APPEND_UTF8(doc, "dealStatus", "won");
}

START_TEST(output_whitelists_renames_and_formats)
{
    bson_t doc;
    json_object *out;

    full_doc(&doc);
    out = model_output(M, &doc, &test_staff);
    assert_json(out, "{\"id\":\"65a1f0c2e4b0a1b2c3d4e5f6\",\"email\":\"ann@example.com\","
                     "\"lastName\":null,\"dealStatus\":\"won\","
                     "\"partner\":\"0123456789abcdef01234567\",\"employees\":250,"
                     "\"dealAmount\":1999,\"score\":12.5,"
                     "\"scheduledDate\":\"2026-11-24T06:22:53.123Z\",\"isHot\":true,"
                     "\"icp\":{\"region\":\"EU\"},\"tags\":[\"saas\",\"b2b\"],"
                     "\"internalNote\":\"vip\",\"salesManager\":\"Bob/Smith\","
                     "\"createdAt\":\"1970-01-01T00:00:00.000Z\"}");
    json_object_put(out);
    bson_destroy(&doc);
}
END_TEST

START_TEST(output_hides_staff_read_fields_from_others)
{
    const struct principal *others[] = {&test_partner_admin, NULL};
    bson_t doc;

    full_doc(&doc);
    for (size_t i = 0; i < 2; i++) {
        json_object *out = model_output(M, &doc, others[i]), *v = NULL;
        ck_assert(!json_object_object_get_ex(out, "internalNote", &v));
        ck_assert(json_object_object_get_ex(out, "email", &v));
        ck_assert_int_eq(json_object_object_length(out), 14);
        json_object_put(out);
    }
    bson_destroy(&doc);
}
END_TEST

START_TEST(output_omits_missing_fields_and_keeps_the_first_duplicate)
{
    bson_t doc = BSON_INITIALIZER;
    bson_oid_t id;
    json_object *out;

    oid(&id, "65a1f0c2e4b0a1b2c3d4e5f6");
    BSON_APPEND_UTF8(&doc, "dealStatus", "new");
    BSON_APPEND_OID(&doc, "_id", &id);
    BSON_APPEND_UTF8(&doc, "email", "first@example.com");
    BSON_APPEND_UTF8(&doc, "email", "second@example.com");
    out = model_output(M, &doc, &test_staff);
    assert_json(out, "{\"id\":\"65a1f0c2e4b0a1b2c3d4e5f6\",\"email\":\"first@example.com\","
                     "\"dealStatus\":\"new\"}");
    json_object_put(out);
    bson_destroy(&doc);
    bson_init(&doc);
    out = model_output(M, &doc, &test_staff);
    assert_json(out, "{}");
    json_object_put(out);
    bson_destroy(&doc);
}
END_TEST

/* model_output_value of the only element of doc, as plain JSON ("null" for NULL) */
static void
assert_value(const bson_t *doc, const char *want)
{
    bson_iter_t it;
    json_object *v;

    ck_assert(bson_iter_init(&it, doc) && bson_iter_next(&it));
    v = model_output_value(&it);
    ck_assert_str_eq(v ? json_object_to_json_string_ext(v, PLAIN) : "null", want);
    json_object_put(v);
}

START_TEST(output_value_numbers_dates_and_odd_types)
{
    static const struct {
        double d;
        const char *want;
    } doubles[] = {{0.1, "0.1"},     {12.5, "12.5"},    {3.0, "3"},
                   {-0.25, "-0.25"}, {1e300, "1e+300"}, {1.0 / 3, "0.3333333333333333"},
                   {NAN, "null"},    {INFINITY, "null"}};
    bson_t doc;
    uint8_t bin[2] = {1, 2};

    for (size_t i = 0; i < sizeof(doubles) / sizeof(doubles[0]); i++) {
        bson_init(&doc);
        BSON_APPEND_DOUBLE(&doc, "v", doubles[i].d);
        assert_value(&doc, doubles[i].want);
        bson_destroy(&doc);
    }
    bson_init(&doc);
    BSON_APPEND_INT64(&doc, "v", INT64_MAX);
    assert_value(&doc, "9223372036854775807");
    bson_reinit(&doc);
    BSON_APPEND_DATE_TIME(&doc, "v", -1);
    assert_value(&doc, "\"1969-12-31T23:59:59.999Z\"");
    bson_reinit(&doc);
    BSON_APPEND_DATE_TIME(&doc, "v", INT64_MIN); /* not writable as ISO 8601 */
    assert_value(&doc, "null");
    bson_reinit(&doc);
    BSON_APPEND_BINARY(&doc, "v", BSON_SUBTYPE_BINARY, bin, sizeof(bin));
    assert_value(&doc, "null");
    bson_reinit(&doc);
    BSON_APPEND_REGEX(&doc, "v", "^a", "i");
    assert_value(&doc, "null");
    bson_reinit(&doc);
    BSON_APPEND_UTF8(&doc, "v", "quote\" and \n");
    assert_value(&doc, "\"quote\\\" and \\n\"");
    bson_destroy(&doc);
}
END_TEST

START_TEST(output_value_stops_at_depth_eight)
{
    bson_t *doc = bson_new();

    /* 10 nested documents: {v: {v: ... {v: 1}}}, built from the inside out */
    for (int depth = 0; depth < 10; depth++) {
        bson_t *outer = bson_new();
        if (depth == 0)
            BSON_APPEND_INT32(outer, "v", 1);
        else
            BSON_APPEND_DOCUMENT(outer, "v", doc);
        bson_destroy(doc);
        doc = outer;
    }
    assert_value(doc, "{\"v\":{\"v\":{\"v\":{\"v\":{\"v\":{\"v\":{\"v\":{\"v\":null}}}}}}}}");
    bson_destroy(doc);
}
END_TEST

static json_object *
prop(json_object *schema, const char *name)
{
    json_object *props = NULL, *p = NULL;

    ck_assert(json_object_object_get_ex(schema, "properties", &props));
    if (!json_object_object_get_ex(props, name, &p))
        return NULL;
    return p;
}

START_TEST(schema_for_create_is_strict_and_lists_required)
{
    json_object *s = model_openapi_schema(M, MODEL_CREATE), *v = NULL;

    ck_assert(json_object_object_get_ex(s, "additionalProperties", &v));
    assert_json(v, "false");
    ck_assert(json_object_object_get_ex(s, "required", &v));
    assert_json(v, "[\"email\",\"dealStatus\"]");
    ck_assert_ptr_null(prop(s, "id"));
    ck_assert_ptr_null(prop(s, "createdAt"));
    assert_json(prop(s, "email"), "{\"type\":\"string\",\"maxLength\":254,\"format\":\"email\"}");
    assert_json(prop(s, "lastName"),
                "{\"type\":\"string\",\"minLength\":1,\"maxLength\":10,\"nullable\":true}");
    assert_json(prop(s, "description"),
                "{\"type\":\"string\",\"maxLength\":10000,\"nullable\":true}");
    assert_json(prop(s, "dealStatus"),
                "{\"type\":\"string\",\"enum\":[\"new\",\"contacted\",\"qualified\",\"won\","
                "\"lost\"]}");
    assert_json(prop(s, "partner"), "{\"type\":\"string\",\"pattern\":\"^[0-9a-fA-F]{24}$\","
                                    "\"nullable\":true,\"x-staff-only\":true}");
    assert_json(prop(s, "employees"), "{\"type\":\"integer\",\"format\":\"int32\","
                                      "\"minimum\":1,\"maximum\":100000,\"nullable\":true}");
    assert_json(prop(s, "dealAmount"),
                "{\"type\":\"integer\",\"format\":\"int64\",\"minimum\":0,"
                "\"maximum\":10000000000,\"description\":\"amount in cents\",\"nullable\":true}");
    assert_json(prop(s, "score"), "{\"type\":\"number\",\"format\":\"double\",\"minimum\":0,"
                                  "\"maximum\":100}");
    assert_json(prop(s, "scheduledDate"),
                "{\"type\":\"string\",\"format\":\"date-time\",\"nullable\":true}");
    assert_json(prop(s, "isHot"), "{\"type\":\"boolean\"}");
    assert_json(prop(s, "icp"), "{\"type\":\"object\",\"additionalProperties\":{\"type\":"
                                "\"string\",\"maxLength\":500},\"maxProperties\":3}");
    assert_json(prop(s, "tags"), "{\"type\":\"array\",\"items\":{\"type\":\"string\","
                                 "\"maxLength\":500},\"maxItems\":3}");
    assert_json(prop(s, "internalNote"),
                "{\"type\":\"string\",\"maxLength\":200,\"x-staff-only\":true}");
    json_object_put(s);
}
END_TEST

START_TEST(schema_for_update_and_output)
{
    json_object *s = model_openapi_schema(M, MODEL_UPDATE), *v = NULL;

    ck_assert(!json_object_object_get_ex(s, "required", &v));
    ck_assert(json_object_object_get_ex(s, "additionalProperties", &v));
    ck_assert_ptr_null(prop(s, "id"));
    ck_assert_ptr_nonnull(prop(s, "email"));
    json_object_put(s);
    /* the output names what is always there and nothing more (issue 11: a document tools can
     * trust; the API suite checks every answer against it) */
    s = model_openapi_schema(M, MODEL_OUTPUT);
    ck_assert(json_object_object_get_ex(s, "required", &v));
    assert_json(v, "[\"email\",\"dealStatus\"]");
    ck_assert(json_object_object_get_ex(s, "additionalProperties", &v));
    assert_json(v, "false");
    ck_assert(json_object_object_get_ex(s, "title", &v));
    assert_json(v, "\"lead\"");
    assert_json(prop(s, "id"), "{\"type\":\"string\",\"pattern\":\"^[0-9a-fA-F]{24}$\","
                               "\"readOnly\":true}");
    assert_json(prop(s, "createdAt"),
                "{\"type\":\"string\",\"format\":\"date-time\",\"readOnly\":true}");
    assert_json(prop(s, "partner"), "{\"type\":\"string\",\"pattern\":\"^[0-9a-fA-F]{24}$\","
                                    "\"nullable\":true}");
    ck_assert_int_eq(json_object_object_length(json_object_object_get(s, "properties")), 17);
    json_object_put(s);
}
END_TEST

static const struct index_spec lead_indexes[] = {
    {"leads", "email_unique", "{\"email\": 1}", true},
    {"leads", "partner_first", "{\"partner\": 1, \"firstName\": 1}", false},
    {"leads", "partner_last", "{\"partner\": 1, \"lastName\": 1, \"email\": 1}", false},
    {"leads", "status", "{\"dealStatus\": 1}", false},
    {"leads", "employees", "{\"employees\": 1}", false},
    {"leads", "amount", "{\"dealAmount\": -1}", false},
    {"leads", "score", "{\"score\": 1}", false},
    {"leads", "scheduled", "{\"scheduledDate\": 1, \"_id\": 1}", false},
    {"leads", "hot", "{\"isHot\": 1}", false},
    {"leads", "tags", "{\"tags\": 1}", false},
    {"leads", "note", "{\"internalNote\": 1}", false},
    {"leads", "manager", "{\"sales_manager\": 1}", false},
    {"leads", "created", "{\"createdAt\": -1}", false},
};

START_TEST(indexes_cover_every_filter_and_sort)
{
    char problem[200] = "";
    size_t n = sizeof(lead_indexes) / sizeof(lead_indexes[0]);
    struct index_spec specs[sizeof(lead_indexes) / sizeof(lead_indexes[0])];

    ck_assert_msg(model_check_indexes(M, lead_indexes, n, problem, sizeof(problem)), "%s", problem);
    /* without the createdAt index */
    ck_assert(!model_check_indexes(M, lead_indexes, n - 1, problem, sizeof(problem)));
    ck_assert_str_eq(problem, "lead.createdAt: no index of leads starts with createdAt "
                              "(or with partner, createdAt)");
    /* the stored name counts, not the JSON name */
    memcpy(specs, lead_indexes, sizeof(specs));
    specs[11].keys = "{\"salesManager\": 1}";
    ck_assert(!model_check_indexes(M, specs, n, problem, sizeof(problem)));
    ck_assert_str_eq(problem, "lead.salesManager: no index of leads starts with sales_manager "
                              "(or with partner, sales_manager)");
    /* another collection's index, a second key after something else, or a third key: no */
    memcpy(specs, lead_indexes, sizeof(specs));
    specs[3].collection = "users";
    ck_assert(!model_check_indexes(M, specs, n, problem, sizeof(problem)));
    ck_assert_ptr_nonnull(strstr(problem, "lead.dealStatus:"));
    specs[3] = (struct index_spec){"leads", "x", "{\"email\": 1, \"dealStatus\": 1}", false};
    ck_assert(!model_check_indexes(M, specs, n, problem, sizeof(problem)));
    ck_assert_ptr_nonnull(strstr(problem, "lead.dealStatus:"));
    specs[3].keys = "{\"partner\": 1, \"email\": 1, \"dealStatus\": 1}";
    ck_assert(!model_check_indexes(M, specs, n, problem, sizeof(problem)));
    ck_assert_ptr_nonnull(strstr(problem, "lead.dealStatus:"));
    specs[3].keys = "not json";
    ck_assert(!model_check_indexes(M, specs, n, problem, sizeof(problem)));
}
END_TEST

Suite *
suite_model_output(void)
{
    Suite *s = suite_create("model_output");
    TCase *tc = tcase_create("output");

    tcase_add_test(tc, output_whitelists_renames_and_formats);
    tcase_add_test(tc, output_hides_staff_read_fields_from_others);
    tcase_add_test(tc, output_omits_missing_fields_and_keeps_the_first_duplicate);
    tcase_add_test(tc, output_value_numbers_dates_and_odd_types);
    tcase_add_test(tc, output_value_stops_at_depth_eight);
    tcase_add_test(tc, schema_for_create_is_strict_and_lists_required);
    tcase_add_test(tc, schema_for_update_and_output);
    tcase_add_test(tc, indexes_cover_every_filter_and_sort);
    suite_add_tcase(s, tc);
    return s;
}
