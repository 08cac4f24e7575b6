/* test_views.c - saved views of the leads list: saved with their query and columns, names
 * unique per owner (ignoring case and spaces), at most 50 per user, readable only by their
 * owner and, when shared, by the owner's circle (the same partner's users; staff for staff),
 * deleted only by their owner */
#include <stdio.h>
#include <string.h>

#include "domain.h"

#define VIEW_BODY                                                                                  \
    "{\"name\":\"%s\",\"query\":{\"status\":\"new,scheduled\",\"sort\":\"company\"},"              \
    "\"columns\":[\"company\",\"source\"],\"shared\":%s}"

/* POST /views as c named name; the status, id receives the new id ("" on failure) */
static long
save_view(struct session_client *c, const char *name, bool shared, char id[25])
{
    char body[512];

    snprintf(body, sizeof(body), VIEW_BODY, name, shared ? "true" : "false");
    return call_status(c, "POST", "/api/v1/views", body, "id", id, 25);
}

static long
view_status(struct session_client *c, const char *method, const char *id)
{
    char path[96], none[4];

    snprintf(path, sizeof(path), "/api/v1/views/%s", id);
    return call_status(c, method, path, NULL, NULL, none, sizeof(none));
}

/* whether GET /views as c lists id */
static bool
listed(struct session_client *c, const char *id)
{
    struct api_res res;
    bool found;

    ck_assert(client_call(c, "GET", "/api/v1/views", NULL, &res));
    ck_assert_int_eq(res.status, 200);
    found = strstr(res.body, id) != NULL;
    api_res_free(&res);
    return found;
}

START_TEST(a_view_keeps_its_query_and_columns_and_a_unique_name)
{
    struct cast k;
    struct api_res res;
    char id[25], other[25], path[96];

    fixture_cast(&k);
    ck_assert_int_eq(save_view(&k.user_a_c, "Open deals", false, id), 201);
    snprintf(path, sizeof(path), "/api/v1/views/%s", id);
    ck_assert(client_call(&k.user_a_c, "GET", path, NULL, &res));
    ck_assert_int_eq(res.status, 200);
    ck_assert_str_eq(api_json_str(&res, "name"), "Open deals");
    ck_assert_str_eq(api_json_str(&res, "query.status"), "new,scheduled");
    ck_assert_str_eq(api_json_str(&res, "owner"), k.user_a.id);
    ck_assert(strstr(res.body, "\"columns\":[\"company\",\"source\"]") != NULL);
    api_res_free(&res);
    ck_assert(listed(&k.user_a_c, id));
    /* the same name with other case and spaces is taken; another user may use it */
    ck_assert_int_eq(save_view(&k.user_a_c, "  open   DEALS ", false, other), 409);
    ck_assert_int_eq(save_view(&k.admin_a_c, "Open deals", false, other), 201);
    ck_assert_int_eq(save_view(&k.user_a_c, "   ", false, other), 422);
    ck_assert_int_eq(save_view(&k.user_a_c, "", false, other), 422);
    ck_assert_int_eq(call_status(&k.user_a_c, "POST", "/api/v1/views",
                                 "{\"name\":\"x\",\"query\":{},\"columns\":[\"password\"]}", NULL,
                                 other, sizeof(other)),
                     422);
    ck_assert_int_eq(call_status(&k.user_a_c, "POST", "/api/v1/views", "{\"name\":\"x\"}", NULL,
                                 other, sizeof(other)),
                     422); /* query is required */
    cast_release(&k);
}
END_TEST

START_TEST(a_view_is_read_by_its_owner_and_if_shared_by_their_partner_only)
{
    struct cast k;
    char mine[25], shared[25];

    fixture_cast(&k);
    ck_assert_int_eq(save_view(&k.admin_a_c, "Private", false, mine), 201);
    ck_assert_int_eq(save_view(&k.admin_a_c, "Team", true, shared), 201);
    /* not shared: nobody else reads it, as if it did not exist */
    ck_assert_int_eq(view_status(&k.user_a_c, "GET", mine), 404);
    ck_assert_int_eq(view_status(&k.admin_b_c, "GET", mine), 404);
    ck_assert(!listed(&k.user_a_c, mine));
    /* shared: the partner's users read and list it; another partner's and staff do not */
    ck_assert_int_eq(view_status(&k.user_a_c, "GET", shared), 200);
    ck_assert(listed(&k.user_a_c, shared));
    ck_assert_int_eq(view_status(&k.admin_b_c, "GET", shared), 404);
    ck_assert(!listed(&k.admin_b_c, shared));
    ck_assert_int_eq(view_status(&k.staff_c, "GET", shared), 404);
    /* only the owner deletes */
    ck_assert_int_eq(view_status(&k.user_a_c, "DELETE", shared), 403);
    ck_assert_int_eq(view_status(&k.admin_b_c, "DELETE", shared), 404);
    ck_assert_int_eq(view_status(&k.admin_a_c, "DELETE", shared), 204);
    ck_assert_int_eq(view_status(&k.user_a_c, "GET", shared), 404);
    ck_assert_int_eq(view_status(&k.admin_a_c, "DELETE", shared), 404);
    ck_assert_int_eq(view_status(&k.admin_a_c, "GET", "not-an-id"), 404);
    cast_release(&k);
}
END_TEST

START_TEST(a_staff_view_is_shared_with_staff_and_no_partner)
{
    struct cast k;
    char id[25], name[64];

    fixture_cast(&k);
    snprintf(name, sizeof(name), "Staff view %s", k.tag);
    ck_assert_int_eq(save_view(&k.staff_c, name, true, id), 201);
    ck_assert_int_eq(view_status(&k.owner, "GET", id), 200);
    ck_assert(listed(&k.owner, id));
    ck_assert_int_eq(view_status(&k.admin_a_c, "GET", id), 404);
    ck_assert_int_eq(view_status(&k.user_a_c, "GET", id), 404);
    ck_assert_int_eq(view_status(&k.owner, "DELETE", id), 403);
    cast_release(&k);
}
END_TEST

START_TEST(a_user_has_at_most_fifty_views)
{
    struct cast k;
    char id[25], name[32];

    fixture_cast(&k);
    for (int i = 0; i < 50; i++) {
        snprintf(name, sizeof(name), "View %d", i);
        ck_assert_int_eq(save_view(&k.user_a_c, name, false, id), 201);
    }
    ck_assert_int_eq(save_view(&k.user_a_c, "One more", false, id), 409);
    ck_assert_int_eq(save_view(&k.admin_a_c, "One more", false, id), 201); /* per user */
    cast_release(&k);
}
END_TEST

Suite *
suite_views(void)
{
    Suite *s = suite_create("views");
    TCase *tc = tcase_create("views");

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, a_view_keeps_its_query_and_columns_and_a_unique_name);
    tcase_add_test(tc, a_view_is_read_by_its_owner_and_if_shared_by_their_partner_only);
    tcase_add_test(tc, a_staff_view_is_shared_with_staff_and_no_partner);
    tcase_add_test(tc, a_user_has_at_most_fifty_views);
    suite_add_tcase(s, tc);
    return s;
}
