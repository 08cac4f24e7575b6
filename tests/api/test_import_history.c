/* test_import_history.c - GET /imports (the history: who started an import, its file, partner,
 * status and counters, within reach, newest first) and GET /imports/columns (the fields and
 * the header spellings the mapping accepts); the case "history" of suite "imports" */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain.h"
#include "uploads.h"

/* an import of one good and one bad row by c for partner (NULL: the caller's own); id set */
static void
start_done(struct session_client *c, const char *tag, const char *name, const char *partner,
           char id[25])
{
    struct api_res res;
    char csv[256];

    snprintf(csv, sizeof(csv), "Email,First name\n%s-%s@test.local,Ann\nnot-an-email,Bob\n", name,
             tag);
    ck_assert_int_eq(import_upload(c, false, name, csv, strlen(csv), partner, &res), 202);
    snprintf(id, 25, "%s", api_json_str(&res, "id"));
    api_res_free(&res);
    json_object_put(import_wait_done(c, id, 30, NULL));
}

/* GET path as c: status want; on 200 res is kept for the caller (else freed) */
static void
get(struct session_client *c, const char *path, long want, struct api_res *res)
{
    client_call(c, "GET", path, NULL, res);
    ck_assert_msg(res->status == want, "GET %s: %ld %s", path, res->status, res->body);
}

static void
assert_own_import(struct api_res *res, const char *id, const struct fixture_user *by,
                  const char *partner, const char *filename)
{
    ck_assert_str_eq(api_json_str(res, "meta.total"), "1");
    ck_assert_str_eq(api_json_str(res, "list.0.id"), id);
    ck_assert_str_eq(api_json_str(res, "list.0.startedBy"), by->id);
    ck_assert_str_eq(api_json_str(res, "list.0.startedByName"), "Fixture Person");
    ck_assert_str_eq(api_json_str(res, "list.0.partner"), partner);
    ck_assert_str_eq(api_json_str(res, "list.0.partnerName"), "Partner A");
    ck_assert_str_eq(api_json_str(res, "list.0.filename"), filename);
    ck_assert_str_eq(api_json_str(res, "list.0.status"), "done");
    ck_assert_str_eq(api_json_str(res, "list.0.total"), "2");
    ck_assert_str_eq(api_json_str(res, "list.0.created"), "1");
    ck_assert_str_eq(api_json_str(res, "list.0.updated"), "0");
    ck_assert_str_eq(api_json_str(res, "list.0.skipped"), "0");
    ck_assert_str_eq(api_json_str(res, "list.0.failed"), "1");
    ck_assert_ptr_nonnull(api_json_str(res, "list.0.createdAt"));
    ck_assert_ptr_nonnull(api_json_str(res, "list.0.finishedAt"));
    ck_assert_ptr_null(api_json_str(res, "list.0.errors")); /* the list stays small */
}

START_TEST(each_partner_admin_lists_only_their_imports_and_staff_see_all)
{
    struct cast k;
    struct api_res res;
    char id_a[25], id_b[25], id_staff[25], filter[256], enc[512], path[768];
    const char *pa, *pb, *ps;

    fixture_cast(&k);
    start_done(&k.admin_a_c, k.tag, "a.csv", NULL, id_a);
    start_done(&k.admin_b_c, k.tag, "b.csv", NULL, id_b);
    start_done(&k.staff_c, k.tag, "staff-for-b.csv", k.partner_b, id_staff);
    /* partner A's admin: their one import, with who, file, partner, status and counts */
    get(&k.admin_a_c, "/api/v1/imports", 200, &res);
    assert_own_import(&res, id_a, &k.admin_a, k.partner_a, "a.csv");
    ck_assert_ptr_null(strstr(res.body, id_b));
    ck_assert_ptr_null(strstr(res.body, id_staff));
    api_res_free(&res);
    /* partner B's admin: their own and staff's import for B, newest first, not A's */
    get(&k.admin_b_c, "/api/v1/imports", 200, &res);
    ck_assert_str_eq(api_json_str(&res, "meta.total"), "2");
    ck_assert_str_eq(api_json_str(&res, "list.0.id"), id_staff);
    ck_assert_str_eq(api_json_str(&res, "list.0.startedBy"), k.staff.id);
    ck_assert_str_eq(api_json_str(&res, "list.1.id"), id_b);
    ck_assert_str_eq(api_json_str(&res, "list.1.partnerName"), "Partner B");
    ck_assert_ptr_null(strstr(res.body, id_a));
    api_res_free(&res);
    /* a filter cannot widen the reach */
    snprintf(filter, sizeof(filter),
             "[{\"column\":\"partner\",\"operator\":\"eq\",\"value\":\"%s\"}]", k.partner_a);
    url_json(filter, enc, sizeof(enc));
    snprintf(path, sizeof(path), "/api/v1/imports?filter=%s", enc);
    get(&k.admin_b_c, path, 200, &res);
    ck_assert_str_eq(api_json_str(&res, "meta.total"), "0");
    api_res_free(&res);
    /* staff: everyone's, newest first; filtered to a partner */
    get(&k.staff_c, "/api/v1/imports?perPage=100", 200, &res);
    pa = strstr(res.body, id_a);
    pb = strstr(res.body, id_b);
    ps = strstr(res.body, id_staff);
    ck_assert(pa != NULL && pb != NULL && ps != NULL);
    ck_assert(ps < pb && pb < pa);
    api_res_free(&res);
    get(&k.staff_c, path, 200, &res);
    assert_own_import(&res, id_a, &k.admin_a, k.partner_a, "a.csv");
    api_res_free(&res);
    /* users and the anonymous may not read the history */
    get(&k.user_a_c, "/api/v1/imports", 403, &res);
    api_res_free(&res);
    get(&k.anon, "/api/v1/imports", 401, &res);
    api_res_free(&res);
    cast_release(&k);
}
END_TEST

START_TEST(the_columns_route_lists_labels_and_spellings_the_mapping_accepts)
{
    struct cast k;
    struct api_res res, prev;
    char csv[2048] = "", key[64];
    size_t n = 0;
    json_object *fields, *cols;

    fixture_cast(&k);
    get(&k.admin_a_c, "/api/v1/imports/columns", 200, &res);
    ck_assert_str_eq(api_json_str(&res, "fields.0.field"), "email");
    ck_assert_str_eq(api_json_str(&res, "fields.0.label"), "E-mail");
    ck_assert_str_eq(api_json_str(&res, "fields.0.headers.0"), "Email");
    ck_assert_str_eq(api_json_str(&res, "fields.0.headers.2"), "Email address");
    ck_assert_str_eq(api_json_str(&res, "fields.0.required"), "true");
    ck_assert_str_eq(api_json_str(&res, "fields.1.required"), "false");
    ck_assert(json_object_object_get_ex(res.json, "fields", &fields));
    n = json_object_array_length(fields);
    ck_assert_int_eq(n, 13);
    /* every spelling listed maps to its field: one header row of them all, as a dry run */
    for (size_t i = 0; i < n; i++) {
        json_object *h = json_object_object_get(json_object_array_get_idx(fields, i), "headers");
        for (size_t j = 0; j < json_object_array_length(h); j++) {
            strcat(csv, csv[0] ? "," : "");
            strcat(csv, json_object_get_string(json_object_array_get_idx(h, j)));
        }
    }
    snprintf(csv + strlen(csv), sizeof(csv) - strlen(csv), "\ncols-%s@test.local\n", k.tag);
    ck_assert_int_eq(
        import_upload(&k.staff_c, true, "all.csv", csv, strlen(csv), k.partner_a, &prev), 200);
    ck_assert(json_object_object_get_ex(prev.json, "columns", &cols));
    for (size_t c = 0, i = 0; i < n; i++) {
        json_object *spec = json_object_array_get_idx(fields, i);
        const char *want = json_object_get_string(json_object_object_get(spec, "field"));
        json_object *h = json_object_object_get(spec, "headers");
        for (size_t j = 0; j < json_object_array_length(h); j++, c++) {
            json_object *col = json_object_array_get_idx(cols, c);
            json_object *got = json_object_object_get(col, "field");
            /* the first spelling fills the field; later ones are repeats, ignored */
            snprintf(key, sizeof(key), "%s",
                     json_object_get_string(json_object_array_get_idx(h, j)));
            if (j == 0)
                ck_assert_msg(got != NULL && strcmp(json_object_get_string(got), want) == 0,
                              "%s -> %s", key, got ? json_object_get_string(got) : "null");
            else
                ck_assert_msg(got == NULL, "%s: a repeat of %s", key, want);
        }
    }
    api_res_free(&prev);
    api_res_free(&res);
    get(&k.staff_c, "/api/v1/imports/columns", 200, &res);
    api_res_free(&res);
    get(&k.user_a_c, "/api/v1/imports/columns", 403, &res);
    api_res_free(&res);
    cast_release(&k);
}
END_TEST

TCase *
tcase_import_history(void)
{
    TCase *tc = tcase_create("history");

    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, each_partner_admin_lists_only_their_imports_and_staff_see_all);
    tcase_add_test(tc, the_columns_route_lists_labels_and_spellings_the_mapping_accepts);
    return tc;
}
