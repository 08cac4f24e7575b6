/* test_hubspot_props.c - the property map of domain.md §5.1 and its overrides, the lifecycle
 * rule, and a patch of properties onto a lead: mapped fields checked by the leads table, newest
 * value wins per property, unmapped ones ignored */
#include <string.h>

#include "core/hubspot_props.h"
#include "domain/hubspot_patch.h"
#include "unit.h"

START_TEST(default_map_is_domain_5_1)
{
    static const char *const pairs[][2] = {
        {"email", "email"},
        {"firstname", "firstName"},
        {"lastname", "lastName"},
        {"phone", "phone"},
        {"company", "company"},
        {"jobtitle", "jobTitle"},
        {"country_all", "country"},
        {"industry_website", "industry"},
        {"company_size_new", "companySize"},
        {"meeting_type_cp__c", "meetingType"},
    };
    struct hubspot_props m;
    char problem[160];

    ck_assert(hubspot_props_build(NULL, &m, problem, sizeof(problem)));
    ck_assert_int_eq(m.n, 10);
    for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++)
        ck_assert_str_eq(hubspot_props_field(&m, pairs[i][0]), pairs[i][1]);
    ck_assert_ptr_null(hubspot_props_field(&m, "hs_lead_status"));
    ck_assert_ptr_null(hubspot_props_field(&m, "FirstName")); /* internal names are exact */
}
END_TEST

START_TEST(overrides_add_replace_and_drop)
{
    struct hubspot_props m;
    char problem[160];

    ck_assert(
        hubspot_props_build(" sales_rep = salesManager ,country_all=,industry_website=company", &m,
                            problem, sizeof(problem)));
    ck_assert_str_eq(hubspot_props_field(&m, "sales_rep"), "salesManager");
    ck_assert_ptr_null(hubspot_props_field(&m, "country_all"));
    ck_assert_str_eq(hubspot_props_field(&m, "industry_website"), "company");
    ck_assert_str_eq(hubspot_props_field(&m, "email"), "email");
}
END_TEST

START_TEST(overrides_refuse_what_they_cannot_map)
{
    struct hubspot_props m;
    char problem[160];

    ck_assert(!hubspot_props_build("dealamount=dealAmount", &m, problem, sizeof(problem)));
    ck_assert_ptr_nonnull(strstr(problem, "dealAmount"));
    ck_assert(!hubspot_props_build("firstname", &m, problem, sizeof(problem)));
    ck_assert(!hubspot_props_build("first name=firstName", &m, problem, sizeof(problem)));
    ck_assert(!hubspot_props_build("a.b=company", &m, problem, sizeof(problem)));
}
END_TEST

START_TEST(lifecycle_rule_parses_and_matches)
{
    struct hubspot_rule r;
    char problem[160];

    ck_assert(hubspot_rule_parse(NULL, &r, problem, sizeof(problem)));
    ck_assert(!hubspot_rule_matches(&r, "salesqualifiedlead"));
    ck_assert(hubspot_rule_parse("lifecyclestage=salesqualifiedlead|opportunity", &r, problem,
                                 sizeof(problem)));
    ck_assert_str_eq(r.property, "lifecyclestage");
    ck_assert(hubspot_rule_matches(&r, "opportunity"));
    ck_assert(hubspot_rule_matches(&r, "salesqualifiedlead"));
    ck_assert(!hubspot_rule_matches(&r, "lead"));
    ck_assert(!hubspot_rule_matches(&r, NULL));
    ck_assert(!hubspot_rule_parse("lifecyclestage", &r, problem, sizeof(problem)));
    ck_assert(!hubspot_rule_parse("lifecyclestage=", &r, problem, sizeof(problem)));
    ck_assert(!hubspot_rule_parse("lifecyclestage=a||b", &r, problem, sizeof(problem)));
}
END_TEST

static void
ctx(struct hubspot_ctx *h)
{
    char problem[160];

    memset(h, 0, sizeof(*h));
    h->system.kind = PRINCIPAL_SYSTEM;
    ck_assert(hubspot_props_build(NULL, &h->props, problem, sizeof(problem)));
}

START_TEST(patch_maps_properties_onto_checked_lead_fields)
{
    struct hubspot_ctx h;
    struct hubspot_patch patch;
    bson_t out = BSON_INITIALIZER;
    json_object *problems = json_object_new_array();
    char *json;
    char long_name[160];

    ctx(&h);
    memset(long_name, 'x', sizeof(long_name) - 1);
    long_name[sizeof(long_name) - 1] = '\0';
    hubspot_patch_init(&patch, NULL);
    ck_assert_int_eq(hubspot_patch_set(&h, &patch, "email", "Ann@Example.COM", 10), PATCH_SET);
    ck_assert_int_eq(hubspot_patch_set(&h, &patch, "company_size_new", "11-50", 10), PATCH_SET);
    ck_assert_int_eq(hubspot_patch_set(&h, &patch, "phone", "", 10), PATCH_SET); /* cleared */
    ck_assert_int_eq(hubspot_patch_set(&h, &patch, "lastname", long_name, 10), PATCH_SET);
    ck_assert_int_eq(hubspot_patch_set(&h, &patch, "hs_analytics_source", "x", 10), PATCH_UNMAPPED);
    hubspot_patch_fields(&h, &patch, problems, true, &out);
    json = bson_as_relaxed_extended_json(&out, NULL);
    ck_assert_msg(strcmp(json, "{ \"email\" : \"ann@example.com\", \"companySize\" : \"11-50\", "
                               "\"phone\" : null }")
                      == 0,
                  "%s", json);
    /* a value the table refuses (lastName is at most 100) is named, not written */
    ck_assert_int_eq(json_object_array_length(problems), 1);
    ck_assert_ptr_nonnull(
        strstr(json_object_get_string(json_object_array_get_idx(problems, 0)), "lastName"));
    bson_free(json);
    bson_destroy(&out);
    json_object_put(problems);
    hubspot_patch_release(&patch);
}
END_TEST

START_TEST(patch_keeps_the_newest_value_per_property)
{
    struct hubspot_ctx h;
    struct hubspot_patch patch;
    bson_t *lead = BCON_NEW("_id", BCON_INT32(1), "hubspotPropertyAt", "{", "firstname",
                            BCON_INT64(2000), "}");
    bson_t out = BSON_INITIALIZER;
    char *json;

    ctx(&h);
    ck_assert_int_eq(hubspot_lead_at(lead, "firstname"), 2000);
    ck_assert_int_eq(hubspot_lead_at(lead, "lastname"), 0);
    hubspot_patch_init(&patch, lead);
    /* older than what the lead applied: stale; newer: set; an older one after it: stale */
    ck_assert_int_eq(hubspot_patch_set(&h, &patch, "firstname", "Old", 1999), PATCH_STALE);
    ck_assert_int_eq(hubspot_patch_set(&h, &patch, "firstname", "New", 3000), PATCH_SET);
    ck_assert_int_eq(hubspot_patch_set(&h, &patch, "firstname", "Older", 2500), PATCH_STALE);
    ck_assert_int_eq(hubspot_patch_set(&h, &patch, "lastname", "Lee", 1), PATCH_SET);
    ck_assert(hubspot_patch_times(&patch, lead, &out));
    json = bson_as_relaxed_extended_json(&out, NULL);
    ck_assert_msg(strstr(json, "\"firstname\" : 3000") && strstr(json, "\"lastname\" : 1"), "%s",
                  json);
    bson_free(json);
    bson_destroy(&out);
    hubspot_patch_release(&patch);
    bson_destroy(lead);
}
END_TEST

START_TEST(patch_for_a_new_lead_leaves_empty_values_out)
{
    struct hubspot_ctx h;
    struct hubspot_patch patch;
    bson_t out = BSON_INITIALIZER;
    char *json;

    ctx(&h);
    hubspot_patch_init(&patch, NULL);
    hubspot_patch_set(&h, &patch, "email", "", 1);
    hubspot_patch_set(&h, &patch, "firstname", "Bo", 1);
    hubspot_patch_set(&h, &patch, "meeting_type_cp__c", "Demo", 1);
    hubspot_patch_fields(&h, &patch, NULL, false, &out);
    json = bson_as_relaxed_extended_json(&out, NULL);
    ck_assert_str_eq(json, "{ \"firstName\" : \"Bo\", \"meetingType\" : \"Demo\" }");
    bson_free(json);
    bson_destroy(&out);
    hubspot_patch_release(&patch);
}
END_TEST

Suite *
suite_hubspot_props(void)
{
    Suite *s = suite_create("hubspot_props");
    TCase *tc = tcase_create("map");

    tcase_add_test(tc, default_map_is_domain_5_1);
    tcase_add_test(tc, overrides_add_replace_and_drop);
    tcase_add_test(tc, overrides_refuse_what_they_cannot_map);
    tcase_add_test(tc, lifecycle_rule_parses_and_matches);
    tcase_add_test(tc, patch_maps_properties_onto_checked_lead_fields);
    tcase_add_test(tc, patch_keeps_the_newest_value_per_property);
    tcase_add_test(tc, patch_for_a_new_lead_leaves_empty_values_out);
    suite_add_tcase(s, tc);
    return s;
}
