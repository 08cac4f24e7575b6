/* test_action_links.c - the one-click actions of the reminder (lib/domain/lead_actions.c): the
 * document's list of actions is the domain's, and each lead or meeting gets its own links, each
 * an absolute /action URL with a token of its own whose document names user, lead and action */
#include <check.h>
#include <string.h>

#include "domain/lead_actions.h"
#include "domain/lead_actions_int.h"
#include "model/tables.h"
#include "unit.h"

START_TEST(the_documents_actions_are_the_domains)
{
    int n = 0;

    for (; lead_action_names[n] != NULL; n++)
        ck_assert_msg(lead_action_find(lead_action_names[n]) != NULL, "%s", lead_action_names[n]);
    ck_assert_int_eq(n, 8);
    ck_assert_ptr_null(lead_action_find("delete"));
    ck_assert_ptr_null(lead_action_find(NULL));
}
END_TEST

START_TEST(each_action_gets_its_own_absolute_link_and_token)
{
    bson_oid_t user, partner, lead, meeting;
    struct link_claim who = {.user = &user, .partner = &partner, .lead = &lead};
    struct link_batch batch = {0};
    struct err err = ERR_INIT;
    json_object *links = json_object_new_array();

    bson_oid_init(&user, NULL);
    bson_oid_init(&partner, NULL);
    bson_oid_init(&lead, NULL);
    bson_oid_init(&meeting, NULL);
    ck_assert(lead_actions_links("https://pc.test", &who, false, 1000, links, &batch, &err));
    ck_assert_uint_eq(json_object_array_length(links), 6);
    who.meeting = &meeting;
    ck_assert(lead_actions_links("https://pc.test", &who, true, 1000, links, &batch, &err));
    ck_assert_uint_eq(json_object_array_length(links), 8);
    ck_assert_uint_eq(batch.n, 8);
    for (size_t i = 0; i < 8; i++) {
        json_object *l = json_object_array_get_idx(links, i);
        const char *url = json_object_get_string(json_object_object_get(l, "url"));
        const char *action = json_object_get_string(json_object_object_get(l, "action"));
        bson_iter_t it;

        ck_assert_msg(strncmp(url, "https://pc.test/action?token=pca_", 33) == 0, "%s", url);
        ck_assert_uint_eq(strlen(url), strlen("https://pc.test/action?token=") + 47);
        ck_assert(bson_iter_init_find(&it, batch.docs[i], "action"));
        ck_assert_str_eq(bson_iter_utf8(&it, NULL), action);
        ck_assert(bson_iter_init_find(&it, batch.docs[i], "kind"));
        ck_assert_str_eq(bson_iter_utf8(&it, NULL), "action");
        ck_assert(bson_iter_init_find(&it, batch.docs[i], "expiresAt"));
        ck_assert_int_eq(bson_iter_date_time(&it), 1000 + (int64_t)LINK_ACTION_TTL_S * 1000);
        ck_assert(bson_iter_init_find(&it, batch.docs[i], "hash"));
        ck_assert_ptr_null(strstr(url, bson_iter_utf8(&it, NULL))); /* stored hashed */
        ck_assert(bson_has_field(batch.docs[i], "meeting") == (i >= 6));
        for (size_t j = 0; j < i; j++)
            ck_assert_str_ne(url, json_object_get_string(json_object_object_get(
                                      json_object_array_get_idx(links, j), "url")));
    }
    link_batch_release(&batch);
    ck_assert_uint_eq(batch.n, 0);
    json_object_put(links);
}
END_TEST

Suite *
suite_action_links(void)
{
    Suite *s = suite_create("action_links");
    TCase *tc = tcase_create("action_links");

    tcase_add_test(tc, the_documents_actions_are_the_domains);
    tcase_add_test(tc, each_action_gets_its_own_absolute_link_and_token);
    suite_add_tcase(s, tc);
    return s;
}
