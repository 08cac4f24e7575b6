/* test_hubspot_sync.c - the bulk contact sync against the WireMock stand-in of HubSpot's search
 * API (case "sync" of suite "hubspot"): two pages by the `after` cursor onto leads by contact id
 * and e-mail, paced by the rate-limit headers; a 429 with Retry-After and a 500 each retried
 * once; a worker killed between pages, and the run goes on from its last page */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain.h"
#include "stack_access.h"
#include "webhook_client.h"

#define SEARCH "/hubspot/crm/v3/objects/contacts/search"
#define SYNC_WAIT_MS 30000

/* one contact of a search answer */
static void
contact_json(char *out, size_t cap, long long id, const char *email, const char *first,
             const char *type)
{
    snprintf(out, cap,
             "{\"id\":\"%lld\",\"properties\":{\"email\":\"%s\",\"firstname\":\"%s\","
             "\"lifecyclestage\":\"salesqualifiedlead\",\"meeting_type_cp__c\":\"%s\","
             "\"lastmodifieddate\":\"2026-06-01T10:00:00.000Z\"},\"createdAt\":"
             "\"2026-05-01T10:00:00.000Z\",\"updatedAt\":\"2026-06-01T10:00:00.000Z\","
             "\"archived\":false}",
             id, email, first, type);
}

/* JSON text escaped for a string member (a stub's body) */
static char *
escaped(const char *s)
{
    char *out = malloc(strlen(s) * 2 + 1), *o = out;

    for (; *s != '\0'; s++) {
        if (*s == '"' || *s == '\\')
            *o++ = '\\';
        *o++ = *s;
    }
    *o = '\0';
    return out;
}

/* a stub of the search: fields before the request (a scenario, or ""), the page's cursor the
 * request must carry (NULL: any request), the answer's status, extra headers (",\"Name\":..."
 * or ""), its body (escaped JSON text) and more of the response (",\"fixedDelayMilliseconds\":
 * ..." or "") */
static void
stub(const char *prefix, const char *after, int status, const char *headers, const char *body,
     const char *response_extra, char mapping[64])
{
    char *json = malloc(16384), match[256] = "";

    if (after != NULL)
        snprintf(match, sizeof(match),
                 ",\"bodyPatterns\":[{\"contains\":\"\\\"after\\\":\\\"%s\\\"\"},"
                 "{\"contains\":\"\\\"limit\\\":100\"}]",
                 after);
    snprintf(json, 16384,
             "{\"priority\":1,%s\"request\":{\"method\":\"POST\",\"urlPath\":\"" SEARCH "\","
             "\"headers\":{\"Authorization\":{\"equalTo\":\"Bearer %s\"}}%s},"
             "\"response\":{\"status\":%d,\"headers\":{\"Content-Type\":\"application/json\"%s},"
             "\"body\":\"%s\"%s}}",
             prefix, harness_env("HUBSPOT_ACCESS_TOKEN"), match, status, headers, body,
             response_extra);
    wiremock_mapping(json, mapping);
    free(json);
}

/* a page of contacts (JSON text of the results) and the cursor of the next page (or NULL) */
static void
page_stub(const char *prefix, const char *after, const char *results, const char *next,
          const char *headers, const char *response_extra, char mapping[64])
{
    char *page = malloc(strlen(results) + 256), *e;

    if (next != NULL)
        sprintf(page, "{\"total\":3,\"results\":[%s],\"paging\":{\"next\":{\"after\":\"%s\"}}}",
                results, next);
    else
        sprintf(page, "{\"total\":3,\"results\":[%s]}", results);
    e = escaped(page);
    stub(prefix, after, 200, headers, e, response_extra, mapping);
    free(e);
    free(page);
}

/* POST /leads/sync as the owner; the task id */
static void
start_sync(char id[25])
{
    struct api_res res;

    client_call(owner_session(), "POST", "/api/v1/leads/sync", NULL, &res);
    ck_assert_msg(res.status == 202, "%ld %s", res.status, res.body);
    ck_assert_str_eq(api_json_str(&res, "alreadyRunning"), "false");
    snprintf(id, 25, "%s", api_json_str(&res, "id"));
    api_res_free(&res);
}

/* the task as GET /sync-tasks/:id shows it once it is done or failed (timeout: fails) */
static json_object *
wait_task(const char *id, const char *want, int timeout_ms)
{
    char path[96];
    struct api_res res;

    snprintf(path, sizeof(path), "/api/v1/sync-tasks/%s", id);
    for (int waited = 0; waited <= timeout_ms; waited += 250) {
        client_call(owner_session(), "GET", path, NULL, &res);
        ck_assert_int_eq(res.status, 200);
        const char *st = api_json_str(&res, "status");
        if (strcmp(st, "done") == 0 || strcmp(st, "failed") == 0) {
            ck_assert_msg(strcmp(st, want) == 0, "task %s: %s", st, res.body);
            json_object *task = json_object_get(res.json);
            api_res_free(&res);
            return task;
        }
        api_res_free(&res);
        sleep_ms(250);
    }
    ck_abort_msg("sync task %s did not end", id);
    return NULL;
}

static long long
num(json_object *o, const char *key)
{
    json_object *v;

    return json_object_object_get_ex(o, key, &v) ? json_object_get_int64(v) : -1;
}

/* the search requests since t carrying after, oldest first by their logged times */
static json_object *
searches(long long since, const char *after)
{
    char pattern[256];

    snprintf(pattern, sizeof(pattern),
             "{\"method\":\"POST\",\"url\":\"" SEARCH "\",\"bodyPatterns\":[{\"contains\":"
             "\"\\\"after\\\":\\\"%s\\\"\"}]}",
             after);
    return wiremock_find(pattern, since);
}

static long long
logged(json_object *requests, size_t i)
{
    return num(json_object_array_get_idx(requests, i), "loggedDate");
}

START_TEST(two_pages_make_and_update_leads_by_contact_id_then_email)
{
    char p[25], type[48], known[128], fresh[128], linked[128], c1[600], c2[600], c3[600];
    char page1[1300], m1[64], m2[64], task[25], filter[256], lead_known[25], lead_linked[25];
    char extra[96], got[64];
    long long t0 = wall_ms(), id1 = unique_number(), id2 = unique_number(), id3 = unique_number();
    json_object *done, *r0, *r1;

    snprintf(type, sizeof(type), "sync-%lld", id1);
    make_partner_typed("Synced", type, p);
    fresh_email("sync-known", known, sizeof(known));    /* a lead of contact id1 */
    fresh_email("sync-fresh", fresh, sizeof(fresh));    /* no lead: made */
    fresh_email("sync-linked", linked, sizeof(linked)); /* a lead by e-mail only: linked */
    snprintf(extra, sizeof(extra), "\"hubspotContactId\":\"%lld\"", id1);
    make_lead(p, known, extra, lead_known);
    make_lead(p, linked, NULL, lead_linked);
    contact_json(c1, sizeof(c1), id1, known, "Known", type);
    contact_json(c2, sizeof(c2), id2, fresh, "Fresh", type);
    contact_json(c3, sizeof(c3), id3, linked, "Linked", type);
    snprintf(page1, sizeof(page1), "%s,%s", c1, c2);
    /* page 1 says the rate limit's window is used up: the next call waits 1.5 s */
    page_stub("", "0", page1, "100",
              ",\"X-HubSpot-RateLimit-Remaining\":\"0\","
              "\"X-HubSpot-RateLimit-Interval-Milliseconds\":\"1500\"",
              "", m1);
    page_stub("", "100", c3, NULL, "", "", m2);
    start_sync(task);
    done = wait_task(task, "done", SYNC_WAIT_MS);
    ck_assert_int_eq(num(done, "total"), 3);
    ck_assert_int_eq(num(done, "processed"), 3);
    ck_assert_int_eq(num(done, "pages"), 2);
    ck_assert_int_eq(num(done, "created"), 1);
    ck_assert_int_eq(num(done, "updated"), 2);
    json_object_put(done);
    lead_field(lead_known, "firstName", got, sizeof(got));
    ck_assert_str_eq(got, "Known");
    lead_field(lead_linked, "hubspotContactId", got, sizeof(got));
    snprintf(filter, sizeof(filter), "%lld", id3);
    ck_assert_str_eq(got, filter);
    snprintf(filter, sizeof(filter),
             "{\"email\":\"%s\",\"hubspotContactId\":\"%lld\",\"partner\":{\"$oid\":\"%s\"}}",
             fresh, id2, p);
    ck_assert_int_eq(mongo_count("leads", filter), 1);
    r0 = searches(t0, "0");
    r1 = searches(t0, "100");
    ck_assert_int_eq(json_object_array_length(r0), 1);
    ck_assert_int_eq(json_object_array_length(r1), 1);
    ck_assert_msg(logged(r1, 0) - logged(r0, 0) >= 1400, "paced %lld ms",
                  logged(r1, 0) - logged(r0, 0));
    json_object_put(r0);
    json_object_put(r1);
    wiremock_unmap(m1);
    wiremock_unmap(m2);
}
END_TEST

/* one page answered first with status (and its headers), then 200 */
static void
retried_once(int status, const char *headers, long long min_gap_ms)
{
    char p[25], type[48], email[128], c[600], m1[64], m2[64], task[25], scenario[160];
    long long t0 = wall_ms(), id = unique_number();
    json_object *done, *r;

    snprintf(type, sizeof(type), "retry-%lld", id);
    make_partner_typed("Retried", type, p);
    fresh_email("sync-retry", email, sizeof(email));
    contact_json(c, sizeof(c), id, email, "Retry", type);
    snprintf(scenario, sizeof(scenario),
             "\"scenarioName\":\"s-%lld\",\"requiredScenarioState\":\"Started\","
             "\"newScenarioState\":\"answered\",",
             id);
    stub(scenario, "0", status, headers,
         "{\\\"status\\\":\\\"error\\\",\\\"message\\\":\\\"You have reached your secondly "
         "limit.\\\",\\\"errorType\\\":\\\"RATE_LIMIT\\\"}",
         "", m1);
    snprintf(scenario, sizeof(scenario),
             "\"scenarioName\":\"s-%lld\",\"requiredScenarioState\":\"answered\",", id);
    page_stub(scenario, "0", c, NULL, "", "", m2);
    start_sync(task);
    done = wait_task(task, "done", SYNC_WAIT_MS);
    ck_assert_int_eq(num(done, "created"), 1);
    json_object_put(done);
    r = searches(t0, "0");
    ck_assert_int_eq(json_object_array_length(r), 2); /* exactly one retry */
    ck_assert_msg(llabs(logged(r, 0) - logged(r, 1)) >= min_gap_ms, "retried after %lld ms",
                  llabs(logged(r, 0) - logged(r, 1)));
    json_object_put(r);
    wiremock_unmap(m1);
    wiremock_unmap(m2);
}

START_TEST(a_429_with_retry_after_is_waited_out_and_retried_once)
{
    retried_once(429, ",\"Retry-After\":\"1\"", 950);
}
END_TEST

START_TEST(a_500_is_retried_once)
{
    retried_once(500, "", 150);
}
END_TEST

START_TEST(a_worker_killed_between_pages_resumes_without_duplicates)
{
    char p[25], type[48], a[128], b[128], c[128], c1[600], c2[600], c3[600], page1[1300];
    char m1[64], m2[64], task[25], path[96], filter[160];
    long long t0 = wall_ms(), id1 = unique_number(), id2 = unique_number(), id3 = unique_number();
    struct api_res res;
    json_object *done, *r0;
    pid_t worker;

    snprintf(type, sizeof(type), "kill-%lld", id1);
    make_partner_typed("Killed", type, p);
    fresh_email("kill-a", a, sizeof(a));
    fresh_email("kill-b", b, sizeof(b));
    fresh_email("kill-c", c, sizeof(c));
    contact_json(c1, sizeof(c1), id1, a, "A", type);
    contact_json(c2, sizeof(c2), id2, b, "B", type);
    contact_json(c3, sizeof(c3), id3, c, "C", type);
    snprintf(page1, sizeof(page1), "%s,%s", c1, c2);
    page_stub("", "0", page1, "100", "", "", m1);
    page_stub("", "100", c3, NULL, "", ",\"fixedDelayMilliseconds\":4000", m2);
    start_sync(task);
    snprintf(path, sizeof(path), "/api/v1/sync-tasks/%s", task);
    for (int i = 0; i < 100; i++) { /* until page 1 is saved */
        client_call(owner_session(), "GET", path, NULL, &res);
        long long pages = atoll(api_json_str(&res, "pages") ? api_json_str(&res, "pages") : "0");
        api_res_free(&res);
        if (pages >= 1)
            break;
        sleep_ms(100);
    }
    sleep_ms(500); /* the worker waits for page 2 now */
    worker = worker_child_pid("sync-leads");
    ck_assert_int_gt(worker, 0);
    ck_assert_int_eq(kill(worker, SIGKILL), 0);
    /* the supervisor starts a new worker; it takes the job over after the visibility timeout */
    done = wait_task(task, "done", 150000);
    ck_assert_int_eq(num(done, "processed"), 3);
    ck_assert_int_eq(num(done, "created"), 3);
    ck_assert_int_eq(num(done, "pages"), 2);
    json_object_put(done);
    r0 = searches(t0, "0");
    ck_assert_int_eq(json_object_array_length(r0), 1); /* page 1 was not fetched again */
    json_object_put(r0);
    const char *emails[] = {a, b, c};
    for (int i = 0; i < 3; i++) {
        snprintf(filter, sizeof(filter), "{\"email\":\"%s\"}", emails[i]);
        ck_assert_int_eq(mongo_count("leads", filter), 1);
    }
    wiremock_unmap(m1);
    wiremock_unmap(m2);
}
END_TEST

START_TEST(sync_routes_are_for_staff_and_list_the_runs)
{
    struct partner_user pu;
    struct api_res res;
    json_object *list;

    fixture_partner_user(&pu, "admin");
    client_call(&pu.client, "POST", "/api/v1/leads/sync", NULL, &res);
    ck_assert_int_eq(api_status_free(&res), 403);
    client_call(&pu.client, "GET", "/api/v1/sync-tasks", NULL, &res);
    ck_assert_int_eq(api_status_free(&res), 403);
    client_call(owner_session(), "POST", "/api/v1/leads/sync", "{\"fast\":true}", &res);
    ck_assert_int_eq(api_status_free(&res), 422);
    client_call(owner_session(), "GET", "/api/v1/sync-tasks?kind=hubspot-contacts&perPage=5", NULL,
                &res);
    ck_assert_int_eq(res.status, 200);
    ck_assert(json_object_object_get_ex(res.json, "list", &list));
    ck_assert_int_gt(json_object_array_length(list), 0);
    ck_assert_str_eq(
        json_object_get_string(json_object_object_get(json_object_array_get_idx(list, 0), "kind")),
        "hubspot-contacts");
    api_res_free(&res);
    client_call(owner_session(), "GET", "/api/v1/sync-tasks?kind=salesforce", NULL, &res);
    ck_assert_int_eq(api_status_free(&res), 422);
    client_call(owner_session(), "GET", "/api/v1/sync-tasks/0123456789abcdef01234567", NULL, &res);
    ck_assert_int_eq(api_status_free(&res), 404);
    client_free(&pu.client);
}
END_TEST

TCase *
tcase_hubspot_sync(void)
{
    TCase *tc = tcase_create("sync");

    tcase_set_timeout(tc, 240);
    tcase_add_test(tc, two_pages_make_and_update_leads_by_contact_id_then_email);
    tcase_add_test(tc, a_429_with_retry_after_is_waited_out_and_retried_once);
    tcase_add_test(tc, a_500_is_retried_once);
    tcase_add_test(tc, a_worker_killed_between_pages_resumes_without_duplicates);
    tcase_add_test(tc, sync_routes_are_for_staff_and_list_the_runs);
    return tc;
}
