/* test_routes.c - walks THE route table: every row complete, valid and unique */
#include <stdio.h>
#include <string.h>

#include "openapi.h"
#include "router.h"
#include "unit.h"

static bool
known_method(const char *m)
{
    static const char *const methods[] = {"GET", "POST", "PUT", "PATCH", "DELETE"};

    for (size_t i = 0; i < sizeof(methods) / sizeof(methods[0]); i++)
        if (strcmp(methods[i], m) == 0)
            return true;
    return false;
}

START_TEST(routes_rows_are_complete_and_valid)
{
    ck_assert_int_gt(routes_count, 0);
    for (size_t i = 0; i < routes_count; i++) {
        const struct route *r = &routes[i];
        ck_assert_msg(r->handler != NULL, "%s %s has no handler", r->method, r->pattern);
        ck_assert_msg(known_method(r->method), "%s: bad method %s", r->pattern, r->method);
        ck_assert_msg(router_pattern_valid(r->pattern), "bad pattern %s", r->pattern);
        ck_assert_msg(strncmp(r->pattern, "/api/", 5) == 0, "%s not under /api/", r->pattern);
        ck_assert_msg(r->summary != NULL && r->summary[0] != '\0', "%s has no summary", r->pattern);
    }
}
END_TEST

START_TEST(routes_have_no_duplicates)
{
    for (size_t i = 0; i < routes_count; i++)
        for (size_t j = i + 1; j < routes_count; j++)
            ck_assert_msg(strcmp(routes[i].method, routes[j].method) != 0
                              || strcmp(routes[i].pattern, routes[j].pattern) != 0,
                          "duplicate %s %s", routes[i].method, routes[i].pattern);
}
END_TEST

START_TEST(routes_webhooks_and_cron_are_post_only)
{
    for (size_t i = 0; i < routes_count; i++) {
        const struct route *r = &routes[i];
        if (strncmp(r->pattern, "/api/v1/webhooks/", 17) == 0
            || strncmp(r->pattern, "/api/v1/cron/", 13) == 0)
            ck_assert_msg(strcmp(r->method, "POST") == 0, "%s must be POST", r->pattern);
        if (strncmp(r->pattern, "/api/v1/cron/", 13) == 0)
            ck_assert_int_eq(r->access, ACCESS_CRON);
    }
}
END_TEST

/* IDOR: a role check must not answer 403 where another partner's id answers 404 elsewhere */
START_TEST(routes_on_partner_records_check_the_reach_before_the_role)
{
    static const char *const scoped[] = {"/api/v1/leads/:id", "/api/v1/partners/:id",
                                         "/api/v1/meetings/:id"};

    for (size_t i = 0; i < routes_count; i++) {
        const struct route *r = &routes[i];
        for (size_t k = 0; k < sizeof(scoped) / sizeof(scoped[0]); k++)
            if (strncmp(r->pattern, scoped[k], strlen(scoped[k])) == 0 && r->access > ACCESS_USER)
                ck_assert_msg(r->reach != NULL, "%s %s needs a reach check", r->method, r->pattern);
    }
}
END_TEST

/* the row of method + pattern, which must exist */
static const struct route *
row(const char *method, const char *pattern)
{
    for (size_t i = 0; i < routes_count; i++)
        if (strcmp(routes[i].method, method) == 0 && strcmp(routes[i].pattern, pattern) == 0)
            return &routes[i];
    ck_abort_msg("no route %s %s", method, pattern);
    return NULL;
}

/* every allow-list is a comma-separated list of distinct names without blanks */
START_TEST(routes_query_lists_are_well_formed)
{
    for (size_t i = 0; i < routes_count; i++) {
        char copy[256], *names[16], *save = NULL;
        int n = 0;

        if (routes[i].query == NULL)
            continue;
        snprintf(copy, sizeof(copy), ",%s,", routes[i].query);
        ck_assert_msg(strstr(copy, ",,") == NULL && strpbrk(copy, " =&?") == NULL, "%s: \"%s\"",
                      routes[i].pattern, routes[i].query);
        for (char *t = strtok_r(copy, ",", &save); t != NULL; t = strtok_r(NULL, ",", &save)) {
            ck_assert_int_lt(n, 16);
            for (int k = 0; k < n; k++)
                ck_assert_msg(strcmp(names[k], t) != 0, "%s: %s twice", routes[i].pattern, t);
            names[n++] = t;
        }
    }
}
END_TEST

/* the parameters the handlers read today (req_query, list_params.c) stay allowed */
START_TEST(routes_allow_the_parameters_their_handlers_read)
{
    static const char *const lists[] = {"/api/v1/leads", "/api/v1/meetings", "/api/v1/partners",
                                        "/api/v1/users"};
    struct err err = ERR_INIT;

    for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++)
        ck_assert_msg(router_query_check(row("GET", lists[i]),
                                         "page=0&perPage=50&sort=%5B%5D&filter=%5B%5D&search=a",
                                         &err),
                      "%s: %s", lists[i], err.message);
    ck_assert(router_query_check(row("GET", "/api/v1/health"), "deep=1", &err));
    ck_assert(router_query_check(row("POST", "/api/v1/leads/import"), "dryRun=1", &err));
    ck_assert(router_query_check(row("GET", "/api/v1/test/sleep"), "s=20", &err));
    /* and no more than that */
    ck_assert(!router_query_check(row("GET", "/api/v1/leads/:id"), "page=1", &err));
    ck_assert(!router_query_check(row("GET", "/api/v1/dashboard"), "deep=1", &err));
}
END_TEST

/* what /api/openapi.json says of each row follows from columns that fit together */
START_TEST(routes_declare_their_answers_and_bodies)
{
    for (size_t i = 0; i < routes_count; i++) {
        const struct route *r = &routes[i];
        int ok = r->ok ? r->ok : 200;
        bool takes = strcmp(r->method, "POST") == 0 || strcmp(r->method, "PUT") == 0
                     || strcmp(r->method, "PATCH") == 0;
        ck_assert_msg(ok == 200 || ok == 201 || ok == 202 || ok == 204, "%s: .ok %d", r->pattern,
                      ok);
        ck_assert_msg(ok != 204 || r->out == NULL, "%s %s: a 204 has no body", r->method,
                      r->pattern);
        ck_assert_msg(r->in == NULL || takes, "%s %s: a body on a method without one", r->method,
                      r->pattern);
        ck_assert_msg(r->body != BODY_MULTIPART || r->in != NULL, "%s: the upload's fields",
                      r->pattern);
        ck_assert_msg(r->reply != REPLY_PAGE || r->query != NULL, "%s: a page without a query",
                      r->pattern);
        for (int k = 0; k < ROUTE_MAX_FAILS; k++)
            ck_assert_msg(r->fails[k] == 0 || (r->fails[k] >= 400 && r->fails[k] < 600),
                          "%s: .fails %d", r->pattern, r->fails[k]);
        for (const char *q = r->query; q != NULL && *q != '\0'; q += *q == ',') {
            size_t len = strcspn(q, ",");
            ck_assert_msg(openapi_knows_query_param(q, len), "%s: no schema for ?%.*s", r->pattern,
                          (int)len, q);
            q += len;
        }
    }
}
END_TEST

Suite *
suite_routes(void)
{
    Suite *s = suite_create("routes");
    TCase *tc = tcase_create("table");

    tcase_add_test(tc, routes_rows_are_complete_and_valid);
    tcase_add_test(tc, routes_have_no_duplicates);
    tcase_add_test(tc, routes_webhooks_and_cron_are_post_only);
    tcase_add_test(tc, routes_on_partner_records_check_the_reach_before_the_role);
    tcase_add_test(tc, routes_query_lists_are_well_formed);
    tcase_add_test(tc, routes_allow_the_parameters_their_handlers_read);
    tcase_add_test(tc, routes_declare_their_answers_and_bodies);
    suite_add_tcase(s, tc);
    return s;
}
