/* test_scope.c - partner scoping (lib/auth/scope.c): which principals are trusted, the filter
 * every query gets and the per-record check, over the kind x role x partner matrix */
#include <string.h>

#include "auth/scope.h"
#include "unit.h"

#define PARTNER_A "65a000000000000000000001"
#define PARTNER_B "65b000000000000000000002"
#define NOTHING "000000000000000000000000"

enum reach { ALL, OWN, NONE }; /* the filter: {}, {partner: own}, or one that matches nothing */

static const struct {
    enum principal_kind kind;
    enum role role;
    const char *partner;
    bool trusted;
    enum reach reach;
} matrix[] = {
    {PRINCIPAL_ANONYMOUS, ROLE_NONE, "", false, NONE},
    {PRINCIPAL_USER, ROLE_OWNER, "", true, ALL},  /* staff */
    {PRINCIPAL_USER, ROLE_ADMIN, "", true, ALL},  /* staff */
    {PRINCIPAL_USER, ROLE_USER, "", false, NONE}, /* a user bound to no partner sees nothing */
    {PRINCIPAL_USER, ROLE_NONE, "", false, NONE}, /* an unknown role neither */
    {PRINCIPAL_USER, ROLE_OWNER, PARTNER_A, false, OWN}, /* bound to a partner: not staff */
    {PRINCIPAL_USER, ROLE_ADMIN, PARTNER_A, false, OWN}, /* a partner admin */
    {PRINCIPAL_USER, ROLE_USER, PARTNER_A, false, OWN},
    {PRINCIPAL_USER, ROLE_ADMIN, "not-an-object-id", false, NONE}, /* fails closed */
    {PRINCIPAL_PARTNER_TOKEN, ROLE_NONE, PARTNER_A, false, OWN},
    {PRINCIPAL_PARTNER_TOKEN, ROLE_OWNER, "", false, NONE}, /* a token is never staff */
    {PRINCIPAL_PARTNER_TOKEN, ROLE_ADMIN, "", false, NONE},
    {PRINCIPAL_SYSTEM, ROLE_NONE, "", true, ALL},
    {PRINCIPAL_SYSTEM, ROLE_NONE, PARTNER_A, true, ALL},
};

static void
principal_of(size_t i, struct principal *p)
{
    memset(p, 0, sizeof(*p));
    p->kind = matrix[i].kind;
    p->role = matrix[i].role;
    memcpy(p->partner_id, matrix[i].partner, strlen(matrix[i].partner) + 1);
}

/* the single ObjectId condition of filter under key, as hex; "" when filter is not that */
static void
only_oid(const bson_t *filter, const char *key, char out[25])
{
    bson_iter_t it;

    out[0] = '\0';
    if (bson_count_keys(filter) == 1 && bson_iter_init_find(&it, filter, key)
        && BSON_ITER_HOLDS_OID(&it))
        bson_oid_to_string(bson_iter_oid(&it), out);
}

START_TEST(scope_trusts_staff_and_the_system_only)
{
    struct principal p;

    for (size_t i = 0; i < sizeof(matrix) / sizeof(matrix[0]); i++) {
        principal_of(i, &p);
        ck_assert_msg(scope_trusted(&p) == matrix[i].trusted, "row %zu: trusted %d", i,
                      scope_trusted(&p));
    }
}
END_TEST

START_TEST(scope_filter_is_all_own_partner_or_nothing)
{
    struct principal p;
    char got[25];
    bson_t filter;

    for (size_t i = 0; i < sizeof(matrix) / sizeof(matrix[0]); i++) {
        principal_of(i, &p);
        scope_filter(&p, "partner", &filter);
        switch (matrix[i].reach) {
        case ALL: ck_assert_msg(bson_empty(&filter), "row %zu: not {}", i); break;
        case OWN:
            only_oid(&filter, "partner", got);
            ck_assert_msg(strcmp(got, matrix[i].partner) == 0, "row %zu: partner %s", i, got);
            break;
        case NONE:
            only_oid(&filter, "_id", got);
            ck_assert_msg(strcmp(got, NOTHING) == 0, "row %zu: not the match-nothing filter", i);
            break;
        }
        bson_destroy(&filter);
    }
}
END_TEST

START_TEST(scope_filter_names_the_callers_field)
{
    struct principal p = {.kind = PRINCIPAL_USER, .role = ROLE_USER, .partner_id = PARTNER_B};
    char got[25];
    bson_t filter;

    scope_filter(&p, "partnerId", &filter);
    only_oid(&filter, "partnerId", got);
    ck_assert_str_eq(got, PARTNER_B);
    bson_destroy(&filter);
}
END_TEST

START_TEST(scope_allows_a_record_of_the_own_partner_only)
{
    struct principal p;

    for (size_t i = 0; i < sizeof(matrix) / sizeof(matrix[0]); i++) {
        bool own = matrix[i].reach == OWN;
        bool all = matrix[i].reach == ALL;

        principal_of(i, &p);
        if (matrix[i].kind == PRINCIPAL_ANONYMOUS)
            continue; /* never bound to a partner (access.c fills partners for users only) */
        ck_assert_msg(scope_allows(&p, PARTNER_A) == (all || own), "row %zu: partner A", i);
        ck_assert_msg(scope_allows(&p, PARTNER_B) == all, "row %zu: partner B", i);
        ck_assert_msg(scope_allows(&p, "") == all, "row %zu: no partner", i);
        ck_assert_msg(scope_allows(&p, NULL) == all, "row %zu: NULL", i);
    }
}
END_TEST

START_TEST(scope_allows_compares_whole_ids)
{
    struct principal p = {.kind = PRINCIPAL_USER, .role = ROLE_ADMIN, .partner_id = PARTNER_A};

    ck_assert(!scope_allows(&p, "65a00000000000000000000"));  /* a prefix */
    ck_assert(!scope_allows(&p, PARTNER_A "0"));              /* longer */
    ck_assert(!scope_allows(&p, "65A000000000000000000001")); /* ids are lower-case hex */
}
END_TEST

Suite *
suite_scope(void)
{
    Suite *s = suite_create("scope");
    TCase *tc = tcase_create("matrix");

    tcase_add_test(tc, scope_trusts_staff_and_the_system_only);
    tcase_add_test(tc, scope_filter_is_all_own_partner_or_nothing);
    tcase_add_test(tc, scope_filter_names_the_callers_field);
    tcase_add_test(tc, scope_allows_a_record_of_the_own_partner_only);
    tcase_add_test(tc, scope_allows_compares_whole_ids);
    suite_add_tcase(s, tc);
    return s;
}
