/* test_partners.c - partners through the API: CRUD and slugs, reach, figures, billing */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain.h"
#include "stack_access.h"

static long
owner_call(const char *method, const char *path, const char *json, struct api_res *res)
{
    client_call(owner_session(), method, path, json, res);
    return res->status;
}

START_TEST(partners_are_created_with_slugs_read_changed_and_archived)
{
    struct api_res res;
    char id[25], path[128], name[64], slug[80];

    snprintf(name, sizeof(name), "Growth Co %d %ld", (int)getpid(), (long)time(NULL));
    snprintf(slug, sizeof(slug), "growth-co-%d-%ld", (int)getpid(), (long)time(NULL));
    char body[256];
    snprintf(body, sizeof(body), "{\"name\":\"%s\",\"icp\":{\"Company size\":\"201-500\"}}", name);
    ck_assert_int_eq(owner_call("POST", "/api/v1/partners", body, &res), 201);
    ck_assert_str_eq(api_json_str(&res, "slug"), slug);
    ck_assert_str_eq(api_json_str(&res, "icp.Company size"), "201-500");
    ck_assert_str_eq(api_json_str(&res, "totalLeads"), "0");
    snprintf(id, sizeof(id), "%s", api_json_str(&res, "id"));
    api_res_free(&res);
    /* the same name again: refused unless confirmed (issue 17), then a slug of its own */
    ck_assert_int_eq(owner_call("POST", "/api/v1/partners", body, &res), 409);
    api_res_free(&res);
    snprintf(body, sizeof(body), "{\"name\":\"%s\",\"confirmDuplicateName\":true}", name);
    ck_assert_int_eq(owner_call("POST", "/api/v1/partners", body, &res), 201); /* same name */
    char second[96];
    snprintf(second, sizeof(second), "%s-2", slug);
    ck_assert_str_eq(api_json_str(&res, "slug"), second);
    api_res_free(&res);
    snprintf(body, sizeof(body), "{\"name\":\"Another\",\"slug\":\"%s\"}", slug);
    ck_assert_int_eq(owner_call("POST", "/api/v1/partners", body, &res), 409); /* given slug */
    ck_assert_ptr_nonnull(strstr(res.body, "\"field\":\"slug\""));
    api_res_free(&res);
    snprintf(path, sizeof(path), "/api/v1/partners/%s", slug);
    ck_assert_int_eq(owner_call("GET", path, NULL, &res), 200); /* by slug */
    ck_assert_str_eq(api_json_str(&res, "id"), id);
    api_res_free(&res);
    snprintf(path, sizeof(path), "/api/v1/partners/%s", id);
    ck_assert_int_eq(owner_call("PATCH", path, "{\"meetingTypes\":[\"enterprise\",\"smb\"]}", &res),
                     200);
    ck_assert_ptr_nonnull(strstr(res.body, "\"meetingTypes\":[\"enterprise\",\"smb\"]"));
    api_res_free(&res);
    ck_assert_int_eq(owner_call("PATCH", path, "{\"slug\":\"Not A Slug\"}", &res), 422);
    api_res_free(&res);
    ck_assert_int_eq(owner_call("DELETE", path, NULL, &res), 204);
    api_res_free(&res);
    ck_assert_int_eq(owner_call("GET", path, NULL, &res), 404);
    api_res_free(&res);
}
END_TEST

START_TEST(partner_reach_and_roles)
{
    char a[25], b[25], path[160];
    struct fixture_user staff, admin_a, user_a;
    struct session_client s = {0}, pa = {0}, u = {0};
    struct api_res res;
    json_object *list;
    static const struct {
        const char *method, *suffix, *body;
    } idor[] = {
        {"GET", "", NULL},
        {"PATCH", "", "{\"icp\":{\"Taken\":\"over\"}}"},
        {"DELETE", "", NULL},
        {"GET", "/billing", NULL},
        {"PUT", "/billing", "{\"billingType\":\"qualified_lead\",\"billingTerms\":[]}"},
        {"GET", "/stats", NULL},
    };

    make_partner("Reach A", a);
    make_partner("Reach B", b);
    fixture_user("admin", NULL, &staff);
    fixture_user("admin", a, &admin_a);
    fixture_user("user", a, &user_a);
    ck_assert_int_eq(client_sign_in(&s, staff.email, staff.password), 200);
    ck_assert_int_eq(client_sign_in(&pa, admin_a.email, admin_a.password), 200);
    ck_assert_int_eq(client_sign_in(&u, user_a.email, user_a.password), 200);

    client_call(&pa, "GET", "/api/v1/partners?perPage=200", NULL, &res);
    ck_assert_int_eq(res.status, 200);
    ck_assert(json_object_object_get_ex(res.json, "list", &list));
    ck_assert_int_eq(json_object_array_length(list), 1);
    ck_assert_str_eq(api_json_str(&res, "meta.total"), "1");
    api_res_free(&res);
    /* every id route on another partner: 404 for its admin and its user alike, and no change */
    for (size_t i = 0; i < sizeof(idor) / sizeof(idor[0]); i++) {
        snprintf(path, sizeof(path), "/api/v1/partners/%s%s", b, idor[i].suffix);
        client_call(&pa, idor[i].method, path, idor[i].body, &res);
        ck_assert_msg(res.status == 404, "partner admin %s %s: %ld", idor[i].method, path,
                      res.status);
        api_res_free(&res);
        client_call(&u, idor[i].method, path, idor[i].body, &res);
        ck_assert_msg(res.status == 404, "user %s %s: %ld", idor[i].method, path, res.status);
        api_res_free(&res);
    }
    snprintf(path, sizeof(path), "/api/v1/partners/%s", b);
    ck_assert_int_eq(owner_call("GET", path, NULL, &res), 200); /* B as it was */
    ck_assert_str_eq(api_json_str(&res, "name"), "Reach B");
    ck_assert_ptr_null(strstr(res.body, "Taken"));
    api_res_free(&res);
    snprintf(path, sizeof(path), "/api/v1/partners/%s/billing", b);
    ck_assert_int_eq(owner_call("GET", path, NULL, &res), 200);
    ck_assert_ptr_nonnull(strstr(res.body, "\"billingType\":null"));
    api_res_free(&res);
    snprintf(path, sizeof(path), "/api/v1/partners/%s", a);
    client_call(&u, "GET", path, NULL, &res);
    ck_assert_int_eq(api_status_free(&res), 200);
    client_call(&u, "PATCH", path, "{\"icp\":{\"a\":\"b\"}}", &res);
    ck_assert_int_eq(api_status_free(&res), 403);
    client_call(&pa, "PATCH", path, "{\"icp\":{\"Budget\":\"$5,000+\"}}", &res);
    ck_assert_int_eq(api_status_free(&res), 200);
    client_call(&pa, "PATCH", path, "{\"name\":\"Renamed by partner\"}", &res);
    ck_assert_int_eq(api_status_free(&res), 422); /* staff-only field */
    client_call(&pa, "POST", "/api/v1/partners", "{\"name\":\"Nope\"}", &res);
    ck_assert_int_eq(api_status_free(&res), 403);
    client_call(&s, "DELETE", path, NULL, &res);
    ck_assert_int_eq(api_status_free(&res), 403); /* archiving is the owner's */
    client_call(&pa, "DELETE", path, NULL, &res);
    ck_assert_int_eq(api_status_free(&res), 403); /* their own partner: the role refuses */
    snprintf(path, sizeof(path), "/api/v1/partners/%s/stats", a);
    client_call(&u, "GET", path, NULL, &res);
    ck_assert_int_eq(api_status_free(&res), 403);
    client_call(&pa, "GET", path, NULL, &res);
    ck_assert_int_eq(api_status_free(&res), 200);
    snprintf(path, sizeof(path), "/api/v1/partners/%s/billing", a);
    client_call(&u, "GET", path, NULL, &res);
    ck_assert_int_eq(api_status_free(&res), 403);
    client_call(&u, "PUT", path, "{\"billingType\":\"qualified_lead\",\"billingTerms\":[]}", &res);
    ck_assert_int_eq(api_status_free(&res), 403);
    client_free(&s);
    client_free(&pa);
    client_free(&u);
}
END_TEST

START_TEST(partner_rows_carry_their_figures)
{
    char p[25], l1[25], l2[25], e1[128], e2[128], path[600], ext[64], filter[256], enc[512];
    struct api_res res;
    int64_t t1 = ((int64_t)time(NULL) - 86400 * 3) * 1000, t2 = t1 + 3600 * 1000;

    make_partner("Figures", p);
    fresh_email("fig1", e1, sizeof(e1));
    fresh_email("fig2", e2, sizeof(e2));
    make_lead(p, e1, NULL, l1);
    make_lead(p, e2, NULL, l2);
    snprintf(ext, sizeof(ext), "cp-fig-%s-1", l1);
    fixture_booking(ext, e1, p, t2, false);
    snprintf(ext, sizeof(ext), "cp-fig-%s-2", l2);
    fixture_booking(ext, e2, p, t1, true); /* cancelled meetings count too */
    ck_assert_int_eq(set_status(owner_session(), l2, "{\"status\":\"in_touch\"}"), 200);
    snprintf(filter, sizeof(filter), "[{\"column\":\"id\",\"operator\":\"eq\",\"value\":\"%s\"}]",
             p);
    url_json(filter, enc, sizeof(enc));
    snprintf(path, sizeof(path), "/api/v1/partners?filter=%s", enc);
    ck_assert_int_eq(owner_call("GET", path, NULL, &res), 200);
    ck_assert_str_eq(api_json_str(&res, "meta.total"), "1");
    json_object *row = json_object_array_get_idx(json_object_object_get(res.json, "list"), 0);
    ck_assert_int_eq(json_object_get_int(json_object_object_get(row, "totalLeads")), 2);
    ck_assert_int_eq(json_object_get_int(json_object_object_get(row, "totalAppointments")), 2);
    char want[40];
    time_t secs = (time_t)(t2 / 1000);
    struct tm tm;
    gmtime_r(&secs, &tm);
    strftime(want, sizeof(want), "%Y-%m-%dT%H:%M:%S.000Z", &tm);
    ck_assert_str_eq(json_object_get_string(json_object_object_get(row, "lastAppointmentDate")),
                     want);
    api_res_free(&res);
    snprintf(path, sizeof(path), "/api/v1/partners/%s/stats", p);
    ck_assert_int_eq(owner_call("GET", path, NULL, &res), 200);
    ck_assert_str_eq(api_json_str(&res, "lastAppointmentDate"), want);
    ck_assert_str_eq(api_json_str(&res, "leadsByStatus.scheduled"), "1");
    ck_assert_str_eq(api_json_str(&res, "leadsByStatus.in_touch"), "1");
    ck_assert_str_eq(api_json_str(&res, "leadsByStatus.new"), "0");
    api_res_free(&res);
}
END_TEST

START_TEST(billing_terms_are_checked_and_stored)
{
    char p[25], path[128];
    struct api_res res;
    struct fixture_user admin_p;
    struct session_client pa = {0};

    make_partner("Billing", p);
    snprintf(path, sizeof(path), "/api/v1/partners/%s/billing", p);
    ck_assert_int_eq(owner_call("GET", path, NULL, &res), 200);
    ck_assert_ptr_nonnull(strstr(res.body, "\"billingType\":null"));
    api_res_free(&res);
    ck_assert_int_eq(owner_call("PUT", path,
                                "{\"billingType\":\"qualified_lead\",\"billingTerms\":["
                                "{\"from\":\"2026-01\",\"to\":\"2026-06\",\"value\":15000},"
                                "{\"from\":\"2026-07\",\"to\":null,\"value\":20000}]}",
                                &res),
                     200);
    ck_assert_str_eq(api_json_str(&res, "billingType"), "qualified_lead");
    api_res_free(&res);
    ck_assert_int_eq(owner_call("GET", path, NULL, &res), 200);
    ck_assert_ptr_nonnull(strstr(res.body, "{\"from\":\"2026-07\",\"to\":null,\"value\":20000}"));
    api_res_free(&res);
    ck_assert_int_eq(owner_call("PUT", path,
                                "{\"billingType\":\"percentage_of_deal\",\"billingTerms\":["
                                "{\"from\":\"2026-01\",\"to\":\"2026-06\",\"value\":1000},"
                                "{\"from\":\"2026-05\",\"to\":null,\"value\":20000},"
                                "{\"from\":\"2026-13\",\"value\":-1}],\"extra\":1}",
                                &res),
                     422);
    ck_assert_ptr_nonnull(strstr(res.body, "billingTerms[1]"));
    ck_assert_ptr_nonnull(strstr(res.body, "overlaps"));
    ck_assert_ptr_nonnull(strstr(res.body, "basis points"));
    ck_assert_ptr_nonnull(strstr(res.body, "\"field\":\"extra\""));
    api_res_free(&res);
    fixture_user("admin", p, &admin_p);
    ck_assert_int_eq(client_sign_in(&pa, admin_p.email, admin_p.password), 200);
    client_call(&pa, "GET", path, NULL, &res);
    ck_assert_int_eq(api_status_free(&res), 200);
    client_call(&pa, "PUT", path, "{\"billingType\":\"qualified_lead\",\"billingTerms\":[]}", &res);
    ck_assert_int_eq(api_status_free(&res), 403);
    client_free(&pa);
}
END_TEST

Suite *
suite_partners(void)
{
    Suite *s = suite_create("partners");
    TCase *tc = tcase_create("partners");

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, partners_are_created_with_slugs_read_changed_and_archived);
    tcase_add_test(tc, partner_reach_and_roles);
    tcase_add_test(tc, partner_rows_carry_their_figures);
    tcase_add_test(tc, billing_terms_are_checked_and_stored);
    suite_add_tcase(s, tc);
    partners_names_case(s);
    return s;
}
