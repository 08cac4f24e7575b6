/* test_indexes.c - on MongoDB every query the API makes is an index scan (issue 12 §5): each
 * filter and sort the field tables allow, and the partner + status + sort compounds of the
 * lists, is served by an index of lib/model/indexes.c whose leading keys are the query's */
#include <string.h>

#include "model/indexes.h"
#include "model/tables.h"
#include "unit.h"

/* an index of collection whose first keys are exactly keys[0..n) */
static bool
served(const char *collection, const char *const *keys, int n)
{
    for (size_t i = 0; i < index_specs_count; i++) {
        bson_error_t error;
        bson_t *doc;
        bson_iter_t it;
        int k = 0;

        if (strcmp(index_specs[i].collection, collection) != 0)
            continue;
        doc = bson_new_from_json((const uint8_t *)index_specs[i].keys, -1, &error);
        ck_assert_msg(doc != NULL, "%s: %s", index_specs[i].name, error.message);
        bson_iter_init(&it, doc);
        while (k < n && bson_iter_next(&it) && strcmp(bson_iter_key(&it), keys[k]) == 0)
            k++;
        bson_destroy(doc);
        if (k == n)
            return true;
    }
    return strcmp(keys[0], "_id") == 0 && n == 1; /* MongoDB's own */
}

static void
assert_served(const char *collection, const char *a, const char *b, const char *c)
{
    const char *keys[3] = {a, b, c};
    int n = c ? 3 : b ? 2 : 1;

    ck_assert_msg(served(collection, keys, n), "%s: no index starts with %s%s%s%s%s", collection, a,
                  b ? ", " : "", b ? b : "", c ? ", " : "", c ? c : "");
}

/* the field the data layer scopes m's lists by, NULL when none (partners: by _id; conflicts:
 * staff alone list them, unscoped) */
static const char *
scope_field(const struct model *m)
{
    return m != &partners_model && m != &conflicts_model && model_find_field(m, "partner")
               ? "partner"
               : NULL;
}

START_TEST(every_filter_and_sort_has_an_index_with_its_leading_keys)
{
    for (size_t i = 0; i < models_count; i++) {
        const struct model *m = models_all[i];
        const char *scope = scope_field(m);
        for (size_t j = 0; j < m->nfields; j++) {
            const struct field *f = &m->fields[j];
            const char *key = field_bson_name(f);
            if ((f->ops != 0 || (f->flags & FIELD_SORTABLE)) && strcmp(key, "_id") != 0)
                assert_served(m->collection, key, NULL, NULL); /* staff */
            if ((f->flags & FIELD_SORTABLE) && scope != NULL && strcmp(key, scope) != 0)
                assert_served(m->collection, scope, key, NULL); /* a partner's list, sorted */
        }
    }
}
END_TEST

START_TEST(lead_lists_by_status_have_partner_status_sort_compounds)
{
    for (size_t j = 0; j < leads_model.nfields; j++) {
        const struct field *f = &leads_model.fields[j];
        const char *key = field_bson_name(f);
        if (!(f->flags & FIELD_SORTABLE) || strcmp(key, "dealStatus") == 0)
            continue;
        assert_served("leads", "dealStatus", key, NULL);
        assert_served("leads", "partner", "dealStatus", key);
    }
}
END_TEST

/* the single reads and writes of every request: sign-in, sessions, tokens, a lead's meetings,
 * notes and history, bookings, the dashboard's leads of today, the new-lead e-mail's users */
START_TEST(the_hot_queries_have_their_indexes)
{
    assert_served("users", "email", NULL, NULL);
    assert_served("users", "inviteTokenHash", NULL, NULL);
    assert_served("users", "resetTokenHash", NULL, NULL);
    assert_served("users", "partner", "isActive", NULL);
    assert_served("tokens", "hash", NULL, NULL);
    assert_served("tokens", "family", NULL, NULL);
    assert_served("tokens", "user", NULL, NULL);
    assert_served("meetings", "lead", "scheduledTime", NULL);
    assert_served("meetings", "externalId", NULL, NULL);
    assert_served("meetings", "partner", "scheduledTime", NULL);
    assert_served("notes", "lead", "createdAt", NULL);
    assert_served("events", "entityType", "entityId", "at");
    assert_served("leads", "email", NULL, NULL);
    assert_served("leads", "scheduledDay", NULL, NULL);
    assert_served("leads", "partner", "scheduledDay", NULL);
    assert_served("partners", "slug", NULL, NULL);
}
END_TEST

Suite *
suite_indexes(void)
{
    Suite *s = suite_create("indexes");
    TCase *tc = tcase_create("coverage");

    tcase_add_test(tc, every_filter_and_sort_has_an_index_with_its_leading_keys);
    tcase_add_test(tc, lead_lists_by_status_have_partner_status_sort_compounds);
    tcase_add_test(tc, the_hot_queries_have_their_indexes);
    suite_add_tcase(s, tc);
    return s;
}
