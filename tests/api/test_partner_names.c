/* test_partner_names.c - a second partner with the name of another (ignoring case and outer or
 * repeated spaces) is refused with 409 duplicate_name unless the body confirms it, on create and
 * on rename; keeping one's name needs no confirmation; an archived partner's name is free again */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "domain.h"

static long
partner_call(const char *method, const char *path, const char *body, struct api_res *res)
{
    client_call(owner_session(), method, path, body, res);
    return res->status;
}

START_TEST(a_second_partner_of_a_name_needs_a_confirmation)
{
    struct api_res res;
    char name[64], body[256], first[25], other[25], path[96];

    snprintf(name, sizeof(name), "Dup Name %d %ld", (int)getpid(), random() % 1000000);
    snprintf(body, sizeof(body), "{\"name\":\"%s\"}", name);
    ck_assert_int_eq(partner_call("POST", "/api/v1/partners", body, &res), 201);
    snprintf(first, sizeof(first), "%s", api_json_str(&res, "id"));
    ck_assert(strstr(res.body, "confirmDuplicateName") == NULL); /* never in an answer */
    api_res_free(&res);

    /* another case and spaces: still the same name */
    for (char *c = name; *c; c++)
        *c = (char)(*c >= 'a' && *c <= 'z' ? *c - 32 : *c);
    snprintf(body, sizeof(body), "{\"name\":\"  %s \"}", name);
    ck_assert_int_eq(partner_call("POST", "/api/v1/partners", body, &res), 409);
    ck_assert_str_eq(api_json_str(&res, "error.code"), "duplicate_name");
    ck_assert_str_eq(api_json_str(&res, "error.details.0.field"), "name");
    api_res_free(&res);
    snprintf(body, sizeof(body), "{\"name\":\"%s\",\"confirmDuplicateName\":\"yes\"}", name);
    ck_assert_int_eq(partner_call("POST", "/api/v1/partners", body, &res), 422);
    api_res_free(&res);
    snprintf(body, sizeof(body), "{\"name\":\"%s\",\"confirmDuplicateName\":true}", name);
    ck_assert_int_eq(partner_call("POST", "/api/v1/partners", body, &res), 201);
    ck_assert(strstr(res.body, "confirmDuplicateName") == NULL);
    api_res_free(&res);

    /* a rename to a taken name, then confirmed; a partner keeps its own name */
    make_partner("Dup Other", other);
    snprintf(path, sizeof(path), "/api/v1/partners/%s", other);
    snprintf(body, sizeof(body), "{\"name\":\"%s\"}", name);
    ck_assert_int_eq(partner_call("PATCH", path, body, &res), 409);
    ck_assert_str_eq(api_json_str(&res, "error.code"), "duplicate_name");
    api_res_free(&res);
    snprintf(body, sizeof(body), "{\"name\":\"%s\",\"confirmDuplicateName\":true}", name);
    ck_assert_int_eq(partner_call("PATCH", path, body, &res), 200);
    ck_assert_str_eq(api_json_str(&res, "name"), name);
    api_res_free(&res);
    snprintf(path, sizeof(path), "/api/v1/partners/%s", first);
    ck_assert_int_eq(partner_call("PATCH", path, "{\"confirmDuplicateName\":true}", &res), 422);
    api_res_free(&res); /* the flag alone changes nothing */
}
END_TEST

START_TEST(a_partner_may_keep_its_name_and_an_archived_one_frees_it)
{
    struct api_res res;
    char name[64], body[256], id[25], path[96], twin[96];

    snprintf(name, sizeof(name), "Dup Keep %d %ld", (int)getpid(), random() % 1000000);
    snprintf(body, sizeof(body), "{\"name\":\"%s\"}", name);
    ck_assert_int_eq(partner_call("POST", "/api/v1/partners", body, &res), 201);
    snprintf(id, sizeof(id), "%s", api_json_str(&res, "id"));
    api_res_free(&res);
    snprintf(path, sizeof(path), "/api/v1/partners/%s", id);
    ck_assert_int_eq(partner_call("PATCH", path, body, &res), 200); /* its own name again */
    api_res_free(&res);
    /* a confirmed twin saves its settings with the (unchanged) name without a new confirmation */
    snprintf(body, sizeof(body), "{\"name\":\"%s\",\"confirmDuplicateName\":true}", name);
    ck_assert_int_eq(partner_call("POST", "/api/v1/partners", body, &res), 201);
    snprintf(twin, sizeof(twin), "/api/v1/partners/%s", api_json_str(&res, "id"));
    api_res_free(&res);
    snprintf(body, sizeof(body), "{\"name\":\"%s\",\"meetingTypes\":[\"smb\"]}", name);
    ck_assert_int_eq(partner_call("PATCH", twin, body, &res), 200);
    api_res_free(&res);
    ck_assert_int_eq(partner_call("DELETE", twin, NULL, &res), 204);
    api_res_free(&res);
    snprintf(body, sizeof(body), "{\"name\":\"%s\"}", name);
    ck_assert_int_eq(partner_call("DELETE", path, NULL, &res), 204);
    api_res_free(&res);
    ck_assert_int_eq(partner_call("POST", "/api/v1/partners", body, &res), 201);
    api_res_free(&res);
}
END_TEST

void
partners_names_case(Suite *s)
{
    TCase *tc = tcase_create("names");

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, a_second_partner_of_a_name_needs_a_confirmation);
    tcase_add_test(tc, a_partner_may_keep_its_name_and_an_archived_one_frees_it);
    suite_add_tcase(s, tc);
}
