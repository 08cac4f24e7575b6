/* test_model.c - the field-table engine on a lead-like sample: input, output, schema, indexes */
#include <string.h>

#include "model_test.h"
#include "unit.h"

static const char *const statuses[] = {"new", "contacted", "qualified", "won", "lost", NULL};

/* every type and flag; the list-query suite (test_model_query.c) uses it too */
static const struct field lead_fields[] = {
    {.json = "id", "_id", FT_OBJECTID, FIELD_READONLY | FIELD_SORTABLE, 0, 0, OP_EQ | OP_IN, NULL},
    {.json = "email",
     NULL,
     FT_EMAIL,
     FIELD_REQUIRED | FIELD_LOWER | FIELD_SORTABLE | FIELD_SEARCHABLE,
     0,
     0,
     OPS_EQUALITY | OP_CONTAINS,
     NULL},
    {.json = "firstName",
     NULL,
     FT_STRING,
     FIELD_NULLABLE | FIELD_SEARCHABLE,
     0,
     0,
     OP_EQ | OP_CONTAINS,
     NULL},
    {.json = "lastName",
     NULL,
     FT_STRING,
     FIELD_NULLABLE | FIELD_SORTABLE,
     1,
     10,
     OPS_EQUALITY | OPS_NULL,
     NULL},
    {.json = "description", NULL, FT_TEXT, FIELD_NULLABLE, 0, 0, 0, NULL},
    {.json = "dealStatus",
     NULL,
     FT_ENUM,
     FIELD_REQUIRED | FIELD_SORTABLE,
     0,
     0,
     OPS_EQUALITY,
     statuses},
    {.json = "partner",
     NULL,
     FT_OBJECTID,
     FIELD_STAFF_WRITE | FIELD_NULLABLE,
     0,
     0,
     OP_EQ | OP_IN | OPS_NULL,
     NULL},
    {.json = "employees",
     NULL,
     FT_INT,
     FIELD_NULLABLE | FIELD_SORTABLE,
     1,
     100000,
     OPS_EQUALITY | OPS_RANGE,
     NULL},
    {.json = "dealAmount",
     NULL,
     FT_MONEY,
     FIELD_NULLABLE | FIELD_SORTABLE,
     0,
     10000000000LL,
     OPS_RANGE | OPS_NULL,
     NULL},
    {.json = "score", NULL, FT_NUMBER, 0, 0, 100, OPS_RANGE, NULL},
    {.json = "scheduledDate",
     NULL,
     FT_DATE,
     FIELD_NULLABLE | FIELD_SORTABLE,
     0,
     0,
     OPS_RANGE | OPS_NULL,
     NULL},
    {.json = "isHot", NULL, FT_BOOL, 0, 0, 0, OP_EQ | OP_NE, NULL},
    {.json = "icp", NULL, FT_STRING_MAP, 0, 0, 3, 0, NULL},
    {.json = "tags", NULL, FT_STRING_ARRAY, FIELD_LOWER, 0, 3, OP_EQ | OP_IN | OP_CONTAINS, NULL},
    {.json = "internalNote", NULL, FT_STRING, FIELD_STAFF_READ, 0, 0, OP_EQ, NULL},
    {.json = "salesManager",
     "sales_manager",
     FT_STRING,
     FIELD_SORTABLE | FIELD_SEARCHABLE,
     0,
     0,
     OP_EQ | OP_CONTAINS,
     NULL},
    {.json = "createdAt", NULL, FT_DATE, FIELD_READONLY | FIELD_SORTABLE, 0, 0, OPS_RANGE, NULL},
};

const struct model test_lead_model = {"lead", "leads", MODEL_FIELDS(lead_fields), "createdAt",
                                      true};

const struct principal test_staff = {.kind = PRINCIPAL_USER, .role = ROLE_OWNER};
const struct principal test_partner_admin = {
    .kind = PRINCIPAL_USER, .role = ROLE_ADMIN, .partner_id = "65a1f0c2e4b0a1b2c3d4e5f6"};
const struct principal test_system = {.kind = PRINCIPAL_SYSTEM};

static const struct model *const M = &test_lead_model;

json_object *
test_json(const char *text)
{
    json_object *o = json_tokener_parse(text);

    ck_assert_msg(o != NULL, "test JSON does not parse: %s", text);
    return o;
}

void
test_assert_bson(const bson_t *b, const char *want)
{
    char *got = bson_as_relaxed_extended_json(b, NULL);

    ck_assert_str_eq(got, want);
    bson_free(got);
}

const char *
test_problem(const struct err *err, const char *field)
{
    for (int i = 0; i < err->ndetails; i++)
        if (strcmp(err->details[i].field, field) == 0)
            return err->details[i].problem;
    return NULL;
}

void
test_assert_problem(const struct err *err, const char *field, const char *want)
{
    const char *got = test_problem(err, field);

    ck_assert_msg(got != NULL, "no detail for %s", field);
    ck_assert_str_eq(got, want);
}

/* model_input on JSON text; returns its result, out and err filled */
static bool
input(const char *text, enum model_mode mode, const struct principal *p, bson_t *out,
      struct err *err)
{
    json_object *in = test_json(text);
    bool ok = model_input(M, in, mode, p, out, err);

    json_object_put(in);
    return ok;
}

/* a single-field update that must fail with exactly one detail */
static void
assert_rejected(const char *text, const char *field, const char *problem)
{
    bson_t out = BSON_INITIALIZER;
    struct err err = ERR_INIT;

    ck_assert_msg(!input(text, MODEL_UPDATE, &test_staff, &out, &err), "accepted %s", text);
    ck_assert_str_eq(err.code, "validation_failed");
    ck_assert_int_eq(err.ndetails, 1);
    test_assert_problem(&err, field, problem);
    ck_assert_uint_eq(out.len, 5); /* emptied */
    bson_destroy(&out);
}

/* a single-field update that must succeed and store exactly want */
static void
assert_stored(const char *text, const char *want)
{
    bson_t out = BSON_INITIALIZER;
    struct err err = ERR_INIT;

    ck_assert_msg(input(text, MODEL_UPDATE, &test_staff, &out, &err), "rejected %s: %s", text,
                  err.ndetails ? err.details[0].problem : err.message);
    test_assert_bson(&out, want);
    bson_destroy(&out);
}

START_TEST(model_sample_table_is_valid)
{
    char problem[160] = "";

    ck_assert_msg(model_validate(M, problem, sizeof(problem)), "%s", problem);
    ck_assert_ptr_eq(model_find_field(M, "salesManager"), &lead_fields[15]);
    ck_assert_str_eq(field_bson_name(model_find_field(M, "salesManager")), "sales_manager");
    ck_assert_str_eq(field_bson_name(model_find_field(M, "email")), "email");
    ck_assert_ptr_null(model_find_field(M, "sales_manager"));
}
END_TEST

START_TEST(model_validate_rejects_broken_tables)
{
    static const struct {
        struct field f;
        const char *want;
    } cases[] = {
        {{.json = "a.b", NULL, FT_STRING, 0, 0, 0, 0, NULL}, "t.a.b: bad name"},
        {{.json = "$a", NULL, FT_STRING, 0, 0, 0, 0, NULL}, "t.$a: bad name"},
        {{.json = "a", "x.y", FT_STRING, 0, 0, 0, 0, NULL}, "t.a: bad name"},
        {{.json = "a", NULL, FT_ENUM, 0, 0, 0, 0, NULL}, "t.a: enum without values"},
        {{.json = "a", NULL, FT_INT, 0, 5, 1, 0, NULL}, "t.a: min above max"},
        {{.json = "a", NULL, FT_INT, 0, 0, 0, OP_CONTAINS, NULL},
         "t.a: prefix match on a non-text type"},
        {{.json = "a", NULL, FT_DATE, FIELD_SEARCHABLE, 0, 0, 0, NULL},
         "t.a: prefix match on a non-text type"},
        {{.json = "a", NULL, FT_BOOL, 0, 0, 0, OP_LT, NULL},
         "t.a: range operator on a type without order"},
        {{.json = "a", NULL, FT_STRING_MAP, FIELD_SORTABLE, 0, 0, 0, NULL},
         "t.a: string maps cannot be filtered or sorted"},
        {{.json = "a", NULL, FT_STRING, FIELD_READONLY | FIELD_REQUIRED, 0, 0, 0, NULL},
         "t.a: read-only and required"},
        {{.json = "a", NULL, FT_STRING, 0, 0, 0, OP_CONTAINS << 1, NULL}, "t.a: unknown operator"},
    };
    char problem[160];

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct model t = {.name = "t", "ts", &cases[i].f, 1, NULL, false};
        ck_assert(!model_validate(&t, problem, sizeof(problem)));
        ck_assert_str_eq(problem, cases[i].want);
    }
}
END_TEST

START_TEST(model_validate_rejects_duplicates_and_bad_default_sort)
{
    static const struct field dup_json[] = {{.json = "a", NULL, FT_STRING, 0, 0, 0, 0, NULL},
                                            {.json = "a", "b", FT_STRING, 0, 0, 0, 0, NULL}};
    static const struct field dup_bson[] = {{.json = "a", NULL, FT_STRING, 0, 0, 0, 0, NULL},
                                            {.json = "b", "a", FT_STRING, 0, 0, 0, 0, NULL}};
    struct model t = {"t", "ts", MODEL_FIELDS(dup_json), NULL, false};
    char problem[160];

    ck_assert(!model_validate(&t, problem, sizeof(problem)));
    ck_assert_str_eq(problem, "t.a: duplicate name");
    t.fields = dup_bson;
    ck_assert(!model_validate(&t, problem, sizeof(problem)));
    ck_assert_str_eq(problem, "t.b: duplicate name");
    t = (struct model){.name = "t", "ts", lead_fields, 2, "email", false};
    ck_assert(model_validate(&t, problem, sizeof(problem)));
    t.default_sort = "firstName"; /* not sortable */
    ck_assert(!model_validate(&t, problem, sizeof(problem)));
    ck_assert_str_eq(problem, "t: default sort firstName is not a sortable field");
    t.default_sort = "nope";
    ck_assert(!model_validate(&t, problem, sizeof(problem)));
}
END_TEST

START_TEST(input_accepts_every_type)
{
    bson_t out = BSON_INITIALIZER;
    struct err err = ERR_INIT;

    ck_assert(input("{\"email\": \"Ann.Lee@Example.COM\", \"firstName\": \"Ann\","
                    " \"lastName\": null, \"description\": \"long text\","
                    " \"dealStatus\": \"qualified\", \"partner\": \"65A1F0C2E4B0A1B2C3D4E5F6\","
                    " \"employees\": 250, \"dealAmount\": 1999, \"score\": 12.5,"
                    " \"scheduledDate\": \"2026-11-24T06:22:53.123+02:00\", \"isHot\": true,"
                    " \"icp\": {\"region\": \"EU\", \"size\": \"50-200\"},"
                    " \"tags\": [\"SaaS\", \"b2b\"], \"internalNote\": \"vip\","
                    " \"salesManager\": \"Bob\"}",
                    MODEL_CREATE, &test_staff, &out, &err));
    ck_assert_ptr_null(err.code);
    ck_assert_int_eq(err.ndetails, 0);
    test_assert_bson(&out,
                     "{ \"email\" : \"ann.lee@example.com\", \"firstName\" : \"Ann\", "
                     "\"lastName\" : null, \"description\" : \"long text\", "
                     "\"dealStatus\" : \"qualified\", "
                     "\"partner\" : { \"$oid\" : \"65a1f0c2e4b0a1b2c3d4e5f6\" }, "
                     "\"employees\" : 250, \"dealAmount\" : 1999, \"score\" : 12.5, "
                     "\"scheduledDate\" : { \"$date\" : \"2026-11-24T04:22:53.123Z\" }, "
                     "\"isHot\" : true, \"icp\" : { \"region\" : \"EU\", \"size\" : \"50-200\" }, "
                     "\"tags\" : [ \"saas\", \"b2b\" ], \"internalNote\" : \"vip\", "
                     "\"sales_manager\" : \"Bob\" }");
    bson_destroy(&out);
}
END_TEST

START_TEST(input_stores_exact_bson_types)
{
    bson_t out = BSON_INITIALIZER;
    struct err err = ERR_INIT;
    bson_iter_t it;

    ck_assert(input("{\"employees\": 7, \"dealAmount\": 5, \"score\": 3,"
                    " \"scheduledDate\": \"2026-11-24\"}",
                    MODEL_UPDATE, &test_staff, &out, &err));
    ck_assert(bson_iter_init_find(&it, &out, "employees") && BSON_ITER_HOLDS_INT32(&it));
    ck_assert(bson_iter_init_find(&it, &out, "dealAmount") && BSON_ITER_HOLDS_INT64(&it));
    ck_assert(bson_iter_init_find(&it, &out, "score") && BSON_ITER_HOLDS_DOUBLE(&it));
    ck_assert(bson_iter_init_find(&it, &out, "scheduledDate") && BSON_ITER_HOLDS_DATE_TIME(&it));
    ck_assert_int_eq(bson_iter_date_time(&it), 1795478400000LL);
    bson_destroy(&out);
}
END_TEST

START_TEST(input_reports_all_problems_at_once)
{
    bson_t out = BSON_INITIALIZER;
    struct err err = ERR_INIT;

    ck_assert(!input("{\"id\": \"65a1f0c2e4b0a1b2c3d4e5f6\", \"nope\": 1,"
                     " \"firstName\": 5, \"lastName\": \"\", \"dealStatus\": \"maybe\","
                     " \"partner\": \"65a1f0c2e4b0a1b2c3d4e5f6\", \"employees\": 0,"
                     " \"dealAmount\": 10.5, \"score\": \"high\", \"scheduledDate\": \"soon\","
                     " \"isHot\": \"yes\", \"icp\": [], \"tags\": \"x\","
                     " \"internalNote\": \"x\", \"createdAt\": \"2026-01-01\"}",
                     MODEL_CREATE, &test_partner_admin, &out, &err));
    ck_assert_str_eq(err.code, "validation_failed");
    ck_assert_str_eq(err.message, "the lead has invalid fields");
    ck_assert_int_eq(err.ndetails, 16);
    test_assert_problem(&err, "id", "is read-only");
    test_assert_problem(&err, "nope", "is not a known field");
    test_assert_problem(&err, "firstName", "must be a string");
    test_assert_problem(&err, "lastName", "must not be empty");
    test_assert_problem(&err, "dealStatus", "must be one of: new, contacted, qualified, won, lost");
    test_assert_problem(&err, "partner", "may be set only by staff");
    test_assert_problem(&err, "employees", "must be between 1 and 100000");
    test_assert_problem(&err, "dealAmount", "must be a whole number of cents");
    test_assert_problem(&err, "score", "must be a number");
    test_assert_problem(&err, "scheduledDate",
                        "must be a date like 2026-11-24 or 2026-11-24T06:22:53Z");
    test_assert_problem(&err, "isHot", "must be true or false");
    test_assert_problem(&err, "icp", "must be an object of strings");
    test_assert_problem(&err, "tags", "must be a list of strings");
    test_assert_problem(&err, "internalNote", "may be set only by staff");
    test_assert_problem(&err, "createdAt", "is read-only");
    test_assert_problem(&err, "email", "is required"); /* required come last, in table order */
    ck_assert_str_eq(err.details[15].field, "email");
    ck_assert_uint_eq(out.len, 5);
    bson_destroy(&out);
}
END_TEST

START_TEST(input_staff_only_fields_follow_the_principal)
{
    static const char body[] = "{\"partner\": \"65a1f0c2e4b0a1b2c3d4e5f6\"}";
    const struct principal user = {.kind = PRINCIPAL_USER, .role = ROLE_USER};
    const struct principal token = {.kind = PRINCIPAL_PARTNER_TOKEN};
    const struct principal *refused[] = {&test_partner_admin, &user, &token, NULL};
    const struct principal *allowed[] = {&test_staff, &test_system};

    for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
        bson_t out = BSON_INITIALIZER;
        struct err err = ERR_INIT;
        ck_assert(!input(body, MODEL_UPDATE, refused[i], &out, &err));
        test_assert_problem(&err, "partner", "may be set only by staff");
        bson_destroy(&out);
    }
    for (size_t i = 0; i < sizeof(allowed) / sizeof(allowed[0]); i++) {
        bson_t out = BSON_INITIALIZER;
        struct err err = ERR_INIT;
        ck_assert(input(body, MODEL_UPDATE, allowed[i], &out, &err));
        test_assert_bson(&out, "{ \"partner\" : { \"$oid\" : \"65a1f0c2e4b0a1b2c3d4e5f6\" } }");
        bson_destroy(&out);
    }
}
END_TEST

START_TEST(input_requires_fields_on_create_only)
{
    bson_t out = BSON_INITIALIZER;
    struct err err = ERR_INIT;

    ck_assert(!input("{}", MODEL_CREATE, &test_staff, &out, &err));
    ck_assert_int_eq(err.ndetails, 2);
    ck_assert_str_eq(err.details[0].field, "email");
    ck_assert_str_eq(err.details[0].problem, "is required");
    ck_assert_str_eq(err.details[1].field, "dealStatus");
    bson_destroy(&out);
    bson_init(&out);
    err_reset(&err);
    ck_assert(input("{}", MODEL_UPDATE, &test_staff, &out, &err));
    test_assert_bson(&out, "{ }");
    ck_assert(input("{\"email\": \"a@b.co\", \"dealStatus\": \"new\"}", MODEL_CREATE,
                    &test_partner_admin, &out, &err));
    bson_destroy(&out);
}
END_TEST

START_TEST(input_accepts_null_only_for_nullable_fields)
{
    assert_stored("{\"firstName\": null}", "{ \"firstName\" : null }");
    assert_stored("{\"scheduledDate\": null}", "{ \"scheduledDate\" : null }");
    assert_stored("{\"dealAmount\": null}", "{ \"dealAmount\" : null }");
    assert_rejected("{\"email\": null}", "email", "must not be null");
    assert_rejected("{\"isHot\": null}", "isHot", "must not be null");
    assert_rejected("{\"tags\": null}", "tags", "must not be null");
}
END_TEST

START_TEST(input_counts_code_points_and_rejects_bad_utf8_and_nul)
{
    /* lastName: 1..10 code points */
    assert_stored("{\"lastName\": \"\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
                  "\xc3\xa9\xc3\xa9\xc3\xa9\"}",
                  "{ \"lastName\" : \"\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
                  "\xc3\xa9\xc3\xa9\xc3\xa9\" }");
    assert_stored("{\"lastName\": \"\xf0\x9f\x98\x80\"}",
                  "{ \"lastName\" : \"\xf0\x9f\x98\x80\" }");
    assert_rejected("{\"lastName\": \"\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
                    "\xc3\xa9\xc3\xa9\xc3\xa9x\"}",
                    "lastName", "must be at most 10 characters");
    assert_rejected("{\"lastName\": \"abcdefghijk\"}", "lastName", "must be at most 10 characters");
    assert_rejected("{\"lastName\": \"bad\xc3(\"}", "lastName", "is not valid UTF-8");
    assert_rejected("{\"lastName\": \"\xed\xa0\x80\"}", "lastName", "is not valid UTF-8");
    assert_rejected("{\"lastName\": \"a\\u0000b\"}", "lastName", "must not contain NUL characters");
    assert_rejected("{\"email\": \"a\\u0000@b.co\"}", "email", "must not contain NUL characters");
    assert_rejected("{\"tags\": [\"ok\", \"n\\u0000ul\"]}", "tags[1]",
                    "must not contain NUL characters");
    assert_rejected("{\"icp\": {\"k\": \"\xff\"}}", "icp.k", "is not valid UTF-8");
}
END_TEST

START_TEST(input_checks_email_syntax_and_lower_cases)
{
    static const char *const good[] = {"a@b.co", "first.last+tag@sub.example.org", "X@Y.Z.COM",
                                       "o'neil@example.ie"};
    static const char *const bad[] = {
        "",         "plain",   "@example.com", "a@",      "a@b",     "a@@b.co",   "a@b@c.co",
        "a b@c.co", "a@b .co", "a@.b.co",      "a@b.co.", "a@b..co", "a\\t@b.co", "a@b.c\\u007f"};
    char body[512], want[512];

    for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
        bson_t out = BSON_INITIALIZER;
        struct err err = ERR_INIT;
        snprintf(body, sizeof(body), "{\"email\": \"%s\"}", good[i]);
        ck_assert_msg(input(body, MODEL_UPDATE, &test_staff, &out, &err), "refused %s", good[i]);
        bson_destroy(&out);
    }
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        snprintf(body, sizeof(body), "{\"email\": \"%s\"}", bad[i]);
        assert_rejected(body, "email", "must be an e-mail address like name@example.com");
    }
    assert_stored("{\"email\": \"Ann.LEE@Example.Com\"}",
                  "{ \"email\" : \"ann.lee@example.com\" }");
    /* 65-character local part, and a 255-byte address */
    snprintf(body, sizeof(body), "{\"email\": \"%065d@b.co\"}", 0);
    assert_rejected(body, "email", "must be an e-mail address like name@example.com");
    snprintf(body, sizeof(body), "{\"email\": \"a@%0249d.com\"}", 0);
    assert_rejected(body, "email", "must be at most 254 characters");
    snprintf(body, sizeof(body), "{\"email\": \"a@%0248d.com\"}", 0);
    snprintf(want, sizeof(want), "{ \"email\" : \"a@%0248d.com\" }", 0);
    assert_stored(body, want);
}
END_TEST

START_TEST(input_money_and_ints_are_integers_in_range)
{
    assert_stored("{\"dealAmount\": 0}", "{ \"dealAmount\" : 0 }");
    assert_stored("{\"dealAmount\": 10000000000}", "{ \"dealAmount\" : 10000000000 }");
    assert_rejected("{\"dealAmount\": 19.99}", "dealAmount", "must be a whole number of cents");
    assert_rejected("{\"dealAmount\": 100.0}", "dealAmount", "must be a whole number of cents");
    assert_rejected("{\"dealAmount\": 1e3}", "dealAmount", "must be a whole number of cents");
    assert_rejected("{\"dealAmount\": \"100\"}", "dealAmount", "must be a whole number of cents");
    assert_rejected("{\"dealAmount\": -1}", "dealAmount", "must be between 0 and 10000000000");
    assert_rejected("{\"dealAmount\": 10000000001}", "dealAmount",
                    "must be between 0 and 10000000000");
    assert_rejected("{\"dealAmount\": 99999999999999999999999}", "dealAmount",
                    "must be between 0 and 10000000000");
    assert_stored("{\"employees\": 100000}", "{ \"employees\" : 100000 }");
    assert_rejected("{\"employees\": 100001}", "employees", "must be between 1 and 100000");
    assert_rejected("{\"employees\": 2.5}", "employees", "must be an integer");
    assert_rejected("{\"employees\": true}", "employees", "must be an integer");
    assert_stored("{\"score\": 100}", "{ \"score\" : 100.0 }");
    assert_rejected("{\"score\": 100.5}", "score", "must be between 0 and 100");
    assert_rejected("{\"score\": -0.1}", "score", "must be between 0 and 100");
}
END_TEST

START_TEST(input_dates_enums_bools_and_ids)
{
    assert_stored("{\"scheduledDate\": \"2024-02-29\"}",
                  "{ \"scheduledDate\" : { \"$date\" : \"2024-02-29T00:00:00Z\" } }");
    assert_stored("{\"scheduledDate\": \"2026-11-24T06:22:53Z\"}",
                  "{ \"scheduledDate\" : { \"$date\" : \"2026-11-24T06:22:53Z\" } }");
    assert_rejected("{\"scheduledDate\": \"2023-02-29\"}", "scheduledDate",
                    "must be a date like 2026-11-24 or 2026-11-24T06:22:53Z");
    assert_rejected("{\"scheduledDate\": 1795478400000}", "scheduledDate",
                    "must be a date like 2026-11-24 or 2026-11-24T06:22:53Z");
    assert_stored("{\"dealStatus\": \"won\"}", "{ \"dealStatus\" : \"won\" }");
    assert_rejected("{\"dealStatus\": \"Won\"}", "dealStatus",
                    "must be one of: new, contacted, qualified, won, lost");
    assert_rejected("{\"dealStatus\": \"won\\u0000x\"}", "dealStatus",
                    "must be one of: new, contacted, qualified, won, lost");
    assert_rejected("{\"dealStatus\": 1}", "dealStatus",
                    "must be one of: new, contacted, qualified, won, lost");
    assert_stored("{\"isHot\": false}", "{ \"isHot\" : false }");
    assert_rejected("{\"isHot\": 0}", "isHot", "must be true or false");
    assert_rejected("{\"partner\": \"65a1f0c2e4b0a1b2c3d4e5f\"}", "partner",
                    "must be an id of 24 hex characters");
    assert_rejected("{\"partner\": {\"$oid\": \"65a1f0c2e4b0a1b2c3d4e5f6\"}}", "partner",
                    "must be an id of 24 hex characters");
}
END_TEST

START_TEST(input_string_maps_and_arrays)
{
    assert_stored("{\"icp\": {}}", "{ \"icp\" : {  } }"); /* libbson prints {  } */
    assert_stored("{\"icp\": {\"Region\": \"EU\"}}", "{ \"icp\" : { \"Region\" : \"EU\" } }");
    assert_rejected("{\"icp\": {\"a.b\": \"x\"}}", "icp",
                    "key \"a.b\" must not contain '.' or '$'");
    assert_rejected("{\"icp\": {\"$where\": \"x\"}}", "icp",
                    "key \"$where\" must not contain '.' or '$'");
    assert_rejected("{\"icp\": {\"\": \"x\"}}", "icp", "keys must not be empty");
    assert_rejected("{\"icp\": {\"k\": 1}}", "icp.k", "must be a string");
    assert_rejected("{\"icp\": {\"k\": null}}", "icp.k", "must be a string");
    assert_rejected("{\"icp\": {\"a\": \"1\", \"b\": \"2\", \"c\": \"3\", \"d\": \"4\"}}", "icp",
                    "must have 0 to 3 entries");
    assert_stored("{\"tags\": []}", "{ \"tags\" : [  ] }");
    assert_stored("{\"tags\": [\"A\", \"b\", \"C\"]}", "{ \"tags\" : [ \"a\", \"b\", \"c\" ] }");
    assert_rejected("{\"tags\": [\"a\", \"b\", \"c\", \"d\"]}", "tags",
                    "must have 0 to 3 elements");
    assert_rejected("{\"tags\": [\"a\", 2]}", "tags[1]", "must be a string");
    assert_rejected("{\"tags\": [[\"a\"]]}", "tags[0]", "must be a string");
}
END_TEST

START_TEST(input_refuses_non_objects_and_echoes_names_safely)
{
    bson_t out = BSON_INITIALIZER;
    struct err err = ERR_INIT;
    json_object *arr = test_json("[1]");

    ck_assert(!model_input(M, arr, MODEL_UPDATE, &test_staff, &out, &err));
    test_assert_problem(&err, "body", "must be a JSON object");
    ck_assert(!model_input(M, NULL, MODEL_UPDATE, &test_staff, &out, &err));
    err_reset(&err);
    ck_assert(!model_input(M, arr, MODEL_OUTPUT, &test_staff, &out, &err)); /* schema only */
    ck_assert_str_eq(err.code, "internal");
    json_object_put(arr);
    /* a key that is not printable ASCII is echoed with '?' so the error stays valid UTF-8 */
    assert_rejected("{\"\xc3\xa9vil\\n\": 1}", "??vil?", "is not a known field");
    bson_destroy(&out);
}
END_TEST

START_TEST(body_enum_takes_one_known_value_and_nothing_else)
{
    static const char *const values[] = {"keep", "move", NULL};
    struct err err = ERR_INIT;
    json_object *in = json_tokener_parse("{\"action\":\"move\"}");

    ck_assert_ptr_eq(model_body_enum(in, "action", values, "must be keep or move", "bad", &err),
                     values[1]);
    json_object_put(in);
    in = json_tokener_parse("{\"action\":\"drop\",\"extra\":1}");
    ck_assert_ptr_null(model_body_enum(in, "action", values, "must be keep or move", "bad", &err));
    ck_assert(err_is(&err, ERR_VALIDATION_FAILED));
    ck_assert_int_eq(err.ndetails, 2); /* the unknown member and the value */
    json_object_put(in);
    err_reset(&err);
    in = json_tokener_parse("{\"action\":1}");
    ck_assert_ptr_null(model_body_enum(in, "action", values, "must be keep or move", "bad", &err));
    ck_assert_str_eq(err.details[0].field, "action");
    json_object_put(in);
}
END_TEST

Suite *
suite_model(void)
{
    Suite *s = suite_create("model");
    TCase *tc = tcase_create("input");

    tcase_add_test(tc, model_sample_table_is_valid);
    tcase_add_test(tc, body_enum_takes_one_known_value_and_nothing_else);
    tcase_add_test(tc, model_validate_rejects_broken_tables);
    tcase_add_test(tc, model_validate_rejects_duplicates_and_bad_default_sort);
    tcase_add_test(tc, input_accepts_every_type);
    tcase_add_test(tc, input_stores_exact_bson_types);
    tcase_add_test(tc, input_reports_all_problems_at_once);
    tcase_add_test(tc, input_staff_only_fields_follow_the_principal);
    tcase_add_test(tc, input_requires_fields_on_create_only);
    tcase_add_test(tc, input_accepts_null_only_for_nullable_fields);
    tcase_add_test(tc, input_counts_code_points_and_rejects_bad_utf8_and_nul);
    tcase_add_test(tc, input_checks_email_syntax_and_lower_cases);
    tcase_add_test(tc, input_money_and_ints_are_integers_in_range);
    tcase_add_test(tc, input_dates_enums_bools_and_ids);
    tcase_add_test(tc, input_string_maps_and_arrays);
    tcase_add_test(tc, input_refuses_non_objects_and_echoes_names_safely);
    suite_add_tcase(s, tc);
    return s;
}
