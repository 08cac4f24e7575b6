/* test_lead_bulk.c - POST /leads/bulk: a status change of chosen leads with a refused
 * transition and a lead out of reach reported per lead, one audit event each; an assignment by
 * filter, paged with after; the roles; bad bodies refused before any lead changes */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "domain.h"

/* POST /leads/bulk body as c: the status; the answer's JSON kept in *out (the caller puts it) */
static long
bulk(struct session_client *c, const char *body, json_object **out)
{
    struct api_res res;
    long st;

    ck_assert(client_call(c, "POST", "/api/v1/leads/bulk", body, &res));
    st = res.status;
    if (out != NULL)
        *out = json_object_get(res.json);
    api_res_free(&res);
    return st;
}

/* the result for id in the answer */
static json_object *
result_of(json_object *out, const char *id)
{
    json_object *list = json_object_object_get(out, "results");

    for (size_t i = 0; i < json_object_array_length(list); i++) {
        json_object *r = json_object_array_get_idx(list, i);
        if (strcmp(json_object_get_string(json_object_object_get(r, "id")), id) == 0)
            return r;
    }
    ck_abort_msg("no result for %s", id);
    return NULL;
}

static const char *
error_code(json_object *r)
{
    json_object *e = json_object_object_get(r, "error");

    return e ? json_object_get_string(json_object_object_get(e, "code")) : "";
}

/* the lead's history has n events of action, once the events worker wrote them */
static void
wait_events(const char *lead, const char *action, int n)
{
    for (int i = 0; i < 100 && history_count(lead, action, NULL) < n; i++)
        usleep(50000);
    ck_assert_int_eq(history_count(lead, action, NULL), n);
}

START_TEST(bulk_status_reports_each_lead_and_records_one_event_each)
{
    struct partner_user pu;
    char a[25], b[25], won[25], other[25], theirs[25], email[128], body[512], st[32];
    json_object *out = NULL;

    fixture_partner_user(&pu, "user");
    make_lead_in(&pu, "new", a);
    make_lead_in(&pu, "new", b);
    make_lead_in(&pu, "won", won);
    make_partner("Bulk other", other);
    fresh_email("bulk-theirs", email, sizeof(email));
    make_lead(other, email, NULL, theirs);
    snprintf(body, sizeof(body),
             "{\"action\":\"status\",\"status\":\"in_touch\",\"ids\":[\"%s\",\"%s\",\"%s\",\"%s\","
             "\"%s\"]}",
             a, b, won, theirs, a);
    ck_assert_int_eq(bulk(&pu.client, body, &out), 200);
    ck_assert_int_eq(json_object_array_length(json_object_object_get(out, "results")), 4);
    ck_assert_int_eq(json_object_get_int(json_object_object_get(out, "succeeded")), 2);
    ck_assert_int_eq(json_object_get_int(json_object_object_get(out, "failed")), 2);
    ck_assert(json_object_get_boolean(json_object_object_get(result_of(out, a), "ok")));
    ck_assert(json_object_get_boolean(json_object_object_get(result_of(out, b), "ok")));
    ck_assert_str_eq(error_code(result_of(out, won)), "invalid_transition");
    ck_assert_str_eq(error_code(result_of(out, theirs)), "not_found"); /* out of reach */
    json_object_put(out);
    lead_field(a, "dealStatus", st, sizeof(st));
    ck_assert_str_eq(st, "in_touch");
    lead_field(won, "dealStatus", st, sizeof(st));
    ck_assert_str_eq(st, "won");
    lead_field(theirs, "dealStatus", st, sizeof(st));
    ck_assert_str_eq(st, "new");
    wait_events(a, "lead.status_changed", 1);
    wait_events(b, "lead.status_changed", 1);
}
END_TEST

START_TEST(bulk_by_filter_assigns_every_matching_lead_and_pages_with_after)
{
    char partner[25], ids[3][25], email[128], body[768], filter[160], name[32], sm[64];
    json_object *out = NULL;
    int pid = (int)getpid();

    make_partner("Bulk filter", partner);
    for (int i = 0; i < 3; i++) {
        fresh_email("bulk-filter", email, sizeof(email));
        make_lead(partner, email, "\"company\":\"Tangerine Works\"", ids[i]);
    }
    fresh_email("bulk-filter", email, sizeof(email));
    make_lead(partner, email, "\"company\":\"Other Co\"", sm); /* not matched by the search */
    snprintf(filter, sizeof(filter),
             "[{\"column\":\"partner\",\"operator\":\"eq\",\"value\":\"%s\"}]", partner);
    snprintf(name, sizeof(name), "Mgr %d", pid);
    snprintf(body, sizeof(body),
             "{\"action\":\"assign_sales_manager\",\"salesManager\":\"%s\",\"filter\":%s,"
             "\"search\":\"tangerine\"}",
             name, filter);
    ck_assert_int_eq(bulk(owner_session(), body, &out), 200);
    ck_assert_int_eq(json_object_get_int(json_object_object_get(out, "succeeded")), 3);
    ck_assert(json_object_object_get(out, "next") == NULL);
    json_object_put(out);
    for (int i = 0; i < 3; i++) {
        char got[64];
        lead_field(ids[i], "salesManager", got, sizeof(got));
        ck_assert_str_eq(got, name);
    }
    lead_field(sm, "salesManager", email, sizeof(email));
    ck_assert_str_eq(email, "");
    /* after the second-highest id only the highest is left */
    const char *hi = ids[0], *mid = NULL;
    for (int i = 1; i < 3; i++)
        if (strcmp(ids[i], hi) > 0)
            hi = ids[i];
    for (int i = 0; i < 3; i++)
        if (ids[i] != hi && (mid == NULL || strcmp(ids[i], mid) > 0))
            mid = ids[i];
    snprintf(body, sizeof(body),
             "{\"action\":\"assign_sales_manager\",\"salesManager\":null,\"filter\":%s,"
             "\"search\":\"tangerine\",\"after\":\"%s\"}",
             filter, mid);
    ck_assert_int_eq(bulk(owner_session(), body, &out), 200);
    ck_assert_int_eq(json_object_array_length(json_object_object_get(out, "results")), 1);
    ck_assert(json_object_get_boolean(json_object_object_get(result_of(out, hi), "ok")));
    json_object_put(out);
}
END_TEST

START_TEST(bulk_refuses_bad_bodies_and_actions_beyond_the_role)
{
    struct partner_user pu;
    char a[25], body[256], st[32];
    json_object *out = NULL;

    fixture_partner_user(&pu, "user");
    make_lead_in(&pu, "new", a);
    snprintf(body, sizeof(body), "{\"action\":\"archive\",\"ids\":[\"%s\"]}", a);
    ck_assert_int_eq(bulk(&pu.client, body, NULL), 403); /* users change statuses only */
    struct partner_user pa;
    fixture_partner_user(&pa, "admin");
    snprintf(body, sizeof(body),
             "{\"action\":\"assign_partner\",\"partner\":\"%s\",\"ids\":[\"%s\"]}", pu.partner, a);
    ck_assert_int_eq(bulk(&pa.client, body, NULL), 403); /* partners are staff's */
    snprintf(body, sizeof(body), "{\"action\":\"explode\",\"ids\":[\"%s\"]}", a);
    ck_assert_int_eq(bulk(&pu.client, body, NULL), 422);
    snprintf(body, sizeof(body), "{\"action\":\"status\",\"status\":\"nope\",\"ids\":[\"%s\"]}", a);
    ck_assert_int_eq(bulk(&pu.client, body, NULL), 422);
    ck_assert_int_eq(
        bulk(&pu.client, "{\"action\":\"status\",\"status\":\"won\",\"ids\":[]}", NULL), 422);
    snprintf(body, sizeof(body),
             "{\"action\":\"status\",\"status\":\"won\",\"ids\":[\"%s\"],\"search\":\"x\"}", a);
    ck_assert_int_eq(bulk(&pu.client, body, NULL), 422);
    snprintf(body, sizeof(body),
             "{\"action\":\"assign_partner\",\"partner\":\"%s\",\"ids\":[\"%s\"]}",
             "0123456789abcdef01234567", a);
    ck_assert_int_eq(bulk(owner_session(), body, &out), 422); /* no such partner */
    json_object_put(out);
    lead_field(a, "dealStatus", st, sizeof(st));
    ck_assert_str_eq(st, "new");
    /* 501 ids */
    char big[501 * 27 + 128];
    size_t n =
        (size_t)snprintf(big, sizeof(big), "{\"action\":\"status\",\"status\":\"won\",\"ids\":[");
    for (int i = 0; i < 501; i++)
        n += (size_t)snprintf(big + n, sizeof(big) - n, "%s\"%s\"", i ? "," : "", a);
    snprintf(big + n, sizeof(big) - n, "]}");
    ck_assert_int_eq(bulk(&pu.client, big, NULL), 422);
}
END_TEST

START_TEST(bulk_of_500_finishes_over_requests_when_time_runs_out)
{
    char partner[25], email[128], body[500 * 27 + 128], st[32];
    static char ids[500][25];
    json_object *out = NULL;
    int left = 500, rounds = 0, done = 0;

    make_partner("Bulk 500", partner);
    for (int i = 0; i < 500; i++) {
        fresh_email("bulk500", email, sizeof(email));
        fixture_lead(email, partner, NULL, NULL, ids[i]);
    }
    /* each answer does what fits in its time and names the rest not_processed: send them again */
    while (left > 0 && rounds++ < 20) {
        size_t n = (size_t)snprintf(body, sizeof(body),
                                    "{\"action\":\"status\",\"status\":"
                                    "\"in_touch\",\"ids\":[");
        for (int i = 0; i < left; i++)
            n += (size_t)snprintf(body + n, sizeof(body) - n, "%s\"%s\"", i ? "," : "", ids[i]);
        snprintf(body + n, sizeof(body) - n, "]}");
        ck_assert_int_eq(bulk(owner_session(), body, &out), 200);
        json_object *list = json_object_object_get(out, "results");
        ck_assert_int_eq(json_object_array_length(list), left);
        int again = 0;
        for (size_t i = 0; i < json_object_array_length(list); i++) {
            json_object *r = json_object_array_get_idx(list, i);
            if (json_object_get_boolean(json_object_object_get(r, "ok")))
                done++;
            else {
                ck_assert_str_eq(error_code(r), "not_processed");
                snprintf(ids[again++], 25, "%s",
                         json_object_get_string(json_object_object_get(r, "id")));
            }
        }
        ck_assert_int_lt(again, left); /* progress on every request */
        left = again;
        json_object_put(out);
    }
    ck_assert_int_eq(left, 0);
    ck_assert_int_eq(done, 500);
    lead_field(ids[0], "dealStatus", st, sizeof(st));
    ck_assert_str_eq(st, "in_touch");
}
END_TEST

Suite *
suite_lead_bulk(void)
{
    Suite *s = suite_create("lead_bulk");
    TCase *tc = tcase_create("bulk");

    tcase_set_timeout(tc, 240);
    tcase_add_test(tc, bulk_status_reports_each_lead_and_records_one_event_each);
    tcase_add_test(tc, bulk_by_filter_assigns_every_matching_lead_and_pages_with_after);
    tcase_add_test(tc, bulk_refuses_bad_bodies_and_actions_beyond_the_role);
    tcase_add_test(tc, bulk_of_500_finishes_over_requests_when_time_runs_out);
    suite_add_tcase(s, tc);
    return s;
}
