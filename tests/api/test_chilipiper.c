/* test_chilipiper.c - ChiliPiper bookings through nginx onto meetings: created, rescheduled and
 * canceled are one meeting whose times drive scheduledDate, with one new-lead e-mail; another
 * partner's lead keeps its assignment (a conflict is recorded); a booking nobody takes fails and
 * is replayed after the fix; the reconciliation fills a meeting whose webhook never came */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "domain.h"
#include "stack_access.h"
#include "webhook_client.h"

#define WAIT_MS 20000

/* tomorrow at h:00 UTC plus offset minutes, as ISO text and as ms */
static long long
tomorrow(int hour, int minutes, char iso[32])
{
    time_t t = time(NULL) / 86400 * 86400 + 86400 + hour * 3600 + minutes * 60;
    struct tm tm;

    gmtime_r(&t, &tm);
    strftime(iso, 32, "%Y-%m-%dT%H:%M:%S.000Z", &tm);
    return (long long)t * 1000;
}

static void
booking(char *out, size_t cap, const char *id, const char *type, const char *start,
        const char *guest, const char *meeting_type)
{
    snprintf(out, cap,
             "{\"meetingIdChili\":\"%s\",\"meetingTitle\":\"Intro with %s\",\"meetingStartTime\":"
             "\"%s\",\"primaryGuestEmail\":\"%s\",\"primaryGuestDataFields\":{\"FirstName\":"
             "\"Gus\",\"Company\":\"Guest Co\"},\"assigneeEmail\":\"rep@agency.test\","
             "\"hostEmail\":\"rep@agency.test\",\"meetingTypeName\":\"%s\",\"type\":\"%s\"}",
             id, guest, start, guest, meeting_type, type);
}

/* post a booking, expect 200 and the worker's verdict want; the inbox entry (caller puts) */
static json_object *
book(const char *body, const char *path_type, const char *want)
{
    struct api_res res;
    char status[32];
    json_object *entry;

    chilipiper_post(&res, body, NULL, path_type);
    ck_assert_msg(res.status == 200, "%ld %s", res.status, res.body);
    entry = inbox_wait(api_json_str(&res, "id"), status, sizeof(status), WAIT_MS);
    ck_assert_msg(entry != NULL && strcmp(status, want) == 0, "%s: %s", status,
                  entry ? json_object_to_json_string(entry) : "no verdict");
    api_res_free(&res);
    return entry;
}

/* the one meeting of a ChiliPiper id (whatever happened to it) has status */
static void
meeting_is(const char *external, const char *status)
{
    char filter[256];

    snprintf(filter, sizeof(filter), "{\"externalId\":\"%s\"}", external);
    ck_assert_int_eq(mongo_count("meetings", filter), 1);
    snprintf(filter, sizeof(filter), "{\"externalId\":\"%s\",\"status\":\"%s\"}", external, status);
    ck_assert_msg(mongo_count("meetings", filter) == 1, "meeting %s is not %s", external, status);
}

/* the lead of an e-mail (GET /leads?search=) */
static void
lead_of(const char *email, char id[25])
{
    struct api_res res;
    char path[256], q[200];
    json_object *list;

    url_json(email, q, sizeof(q));
    snprintf(path, sizeof(path), "/api/v1/leads?search=%s", q);
    client_call(owner_session(), "GET", path, NULL, &res);
    ck_assert(json_object_object_get_ex(res.json, "list", &list));
    ck_assert_int_eq(json_object_array_length(list), 1);
    snprintf(
        id, 25, "%s",
        json_object_get_string(json_object_object_get(json_object_array_get_idx(list, 0), "id")));
    api_res_free(&res);
}

START_TEST(created_rescheduled_canceled_is_one_meeting_and_one_new_lead_mail)
{
    char p[25], type[48], guest[128], ext[64], body[1024], t1[32], t2[32], lead[25], got[40];

    long long n = unique_number();
    struct fixture_user u;
    json_object *mails;

    snprintf(type, sizeof(type), "cp-%lld", n);
    snprintf(ext, sizeof(ext), "cp-meeting-%lld", n);
    make_partner_typed("Booked", type, p);
    fixture_user("user", p, &u); /* the partner's active user hears of the new lead */
    fresh_email("guest", guest, sizeof(guest));
    tomorrow(10, 0, t1);
    tomorrow(12, 0, t2);
    booking(body, sizeof(body), ext, "Created", t1, guest, type);
    json_object_put(book(body, NULL, "processed"));
    meeting_is(ext, "created");
    lead_of(guest, lead);
    lead_field(lead, "partner", got, sizeof(got));
    ck_assert_str_eq(got, p);
    lead_field(lead, "dealStatus", got, sizeof(got));
    ck_assert_str_eq(got, "scheduled");
    lead_field(lead, "scheduledDate", got, sizeof(got));
    ck_assert_str_eq(got, t1);
    booking(body, sizeof(body), ext, "Updated", t2, guest, type); /* rescheduled */
    json_object_put(book(body, NULL, "processed"));
    meeting_is(ext, "rescheduled");
    lead_field(lead, "scheduledDate", got, sizeof(got));
    ck_assert_str_eq(got, t2);
    booking(body, sizeof(body), ext, "x", t2, guest, type);
    json_object_put(book(body, "canceled", "processed")); /* the per-type path's type */
    meeting_is(ext, "canceled");
    lead_field(lead, "scheduledDate", got, sizeof(got)); /* a cancelled meeting still counts */
    ck_assert_str_eq(got, t2);
    booking(body, sizeof(body), ext, "Created", t1, guest, type); /* late news */
    json_object_put(book(body, NULL, "ignored"));
    meeting_is(ext, "canceled");
    sleep_ms(3000); /* the e-mail worker has sent what it was given */
    mails = wiremock_requests_to(u.email);
    ck_assert_int_eq(json_object_array_length(mails), 1);
    json_object_put(mails);
}
END_TEST

START_TEST(a_booking_for_another_partners_lead_keeps_its_assignment)
{
    char a[25], b[25], type[48], guest[128], ext[64], body[1024], t1[32], lead[25], got[40];
    long long n = unique_number();

    make_partner("Owner of the lead", a);
    snprintf(type, sizeof(type), "cp-b-%lld", n);
    make_partner_typed("Routed elsewhere", type, b);
    fresh_email("taken", guest, sizeof(guest));
    make_lead(a, guest, NULL, lead);
    snprintf(ext, sizeof(ext), "cp-conflict-%lld", n);
    tomorrow(9, 30, t1);
    booking(body, sizeof(body), ext, "Created", t1, guest, type);
    json_object_put(book(body, NULL, "processed"));
    lead_field(lead, "partner", got, sizeof(got));
    ck_assert_str_eq(got, a);
    char filter[256];
    snprintf(filter, sizeof(filter), "{\"externalId\":\"%s\",\"partner\":{\"$oid\":\"%s\"}}", ext,
             a);
    ck_assert_int_eq(mongo_count("meetings", filter), 1);
    for (int i = 0; i < 100 && history_count(lead, "lead.assignment_conflict", "chilipiper") == 0;
         i++)
        sleep_ms(200);
    ck_assert_int_eq(history_count(lead, "lead.assignment_conflict", "chilipiper"), 1);
}
END_TEST

START_TEST(a_booking_nobody_takes_fails_and_is_replayed_after_the_fix)
{
    char type[48], guest[128], ext[64], body[1024], t1[32], p[25], path[128], id[32], status[32];
    long long n = unique_number();
    struct api_res res;
    json_object *entry;

    snprintf(type, sizeof(type), "cp-none-%lld", n);
    snprintf(ext, sizeof(ext), "cp-unrouted-%lld", n);
    fresh_email("unrouted", guest, sizeof(guest));
    tomorrow(11, 0, t1);
    booking(body, sizeof(body), ext, "Created", t1, guest, type);
    entry = book(body, NULL, "failed");
    ck_assert_ptr_nonnull(
        strstr(json_object_to_json_string(entry), "no partner takes meeting type"));
    snprintf(id, sizeof(id), "%s", json_object_get_string(json_object_object_get(entry, "id")));
    json_object_put(entry);
    make_partner_typed("Takes it now", type, p);
    snprintf(path, sizeof(path), "/api/v1/webhook-inbox/%s/replay", id);
    client_call(owner_session(), "POST", path, NULL, &res);
    ck_assert_msg(res.status == 202, "%ld %s", res.status, res.body);
    api_res_free(&res);
    entry = inbox_wait(id, status, sizeof(status), WAIT_MS);
    ck_assert_str_eq(status, "processed");
    ck_assert_int_eq(json_object_get_int(json_object_object_get(entry, "replays")), 1);
    json_object_put(entry);
    meeting_is(ext, "created");
}
END_TEST

/* POST /cron/chilipiper-reconcile, then its task until done; the task (caller puts) */
static json_object *
reconcile(void)
{
    char auth[128], path[96], task[32];
    const char *headers[] = {auth, NULL};
    struct api_opts opts = {.headers = headers};
    struct api_res res;

    snprintf(auth, sizeof(auth), "Authorization: Bearer %s", harness_env("CRON_SECRET"));
    api_call(&res, "POST", "/api/v1/cron/chilipiper-reconcile", &opts);
    ck_assert_msg(res.status == 200 && api_json_str(&res, "task"), "%ld %s", res.status, res.body);
    snprintf(task, sizeof(task), "%s", api_json_str(&res, "task"));
    api_res_free(&res);
    snprintf(path, sizeof(path), "/api/v1/sync-tasks/%s", task);
    for (int i = 0; i < 150; i++) {
        client_call(owner_session(), "GET", path, NULL, &res);
        if (strcmp(api_json_str(&res, "status"), "done") == 0
            || strcmp(api_json_str(&res, "status"), "failed") == 0) {
            ck_assert_str_eq(api_json_str(&res, "status"), "done");
            json_object *out = json_object_get(res.json);
            api_res_free(&res);
            return out;
        }
        api_res_free(&res);
        sleep_ms(200);
    }
    ck_abort_msg("reconciliation %s did not end", task);
    return NULL;
}

START_TEST(reconciliation_fills_a_meeting_whose_webhook_never_came)
{
    char p[25], type[48], guest[128], ext[64], t1[32], stub[2048], mapping[64];
    long long n = unique_number();
    json_object *task;

    snprintf(type, sizeof(type), "cp-r-%lld", n);
    snprintf(ext, sizeof(ext), "cp-missed-%lld", n);
    make_partner_typed("Reconciled", type, p);
    fresh_email("missed", guest, sizeof(guest));
    tomorrow(15, 0, t1);
    snprintf(stub, sizeof(stub),
             "{\"priority\":1,\"request\":{\"method\":\"PUT\",\"urlPath\":"
             "\"/chilipiper/v2/org/meetings/meetings\",\"headers\":{\"Authorization\":{\"equalTo\":"
             "\"Bearer %s\"}},\"bodyPatterns\":[{\"matchesJsonPath\":\"$.start\"},"
             "{\"matchesJsonPath\":\"$.end\"},{\"contains\":\"\\\"page\\\":1\"}]},"
             "\"response\":{\"status\":200,\"headers\":{\"Content-Type\":\"application/json\"},"
             "\"jsonBody\":{\"data\":{\"results\":[{\"meetingId\":\"%s\",\"status\":\"Active\","
             "\"scheduledAt\":\"%s\",\"attendees\":[{\"email\":\"rep@agency.test\"},"
             "{\"email\":\"%s\"}],\"assigneeEmail\":\"rep@agency.test\",\"meetingTypeName\":"
             "\"%s\"}]},\"hasMore\":\"No\"}}}",
             harness_env("CHILIPIPER_API_KEY"), ext, t1, guest, type);
    wiremock_mapping(stub, mapping);
    task = reconcile();
    /* both windows (the last and the next 7 days) list it: made once, then unchanged */
    ck_assert_int_eq(json_object_get_int(json_object_object_get(task, "created")), 1);
    ck_assert_int_eq(json_object_get_int(json_object_object_get(task, "unchanged")), 1);
    json_object_put(task);
    meeting_is(ext, "created");
    task = reconcile(); /* idempotent */
    ck_assert_int_eq(json_object_get_int(json_object_object_get(task, "created")), 0);
    ck_assert_int_eq(json_object_get_int(json_object_object_get(task, "unchanged")), 2);
    json_object_put(task);
    meeting_is(ext, "created");
    wiremock_unmap(mapping);
}
END_TEST

START_TEST(the_path_token_and_type_are_checked)
{
    char body[1024], t1[32];
    struct api_res res;

    tomorrow(8, 0, t1);
    booking(body, sizeof(body), "cp-token", "Created", t1, "token@test.local", "none");
    chilipiper_post(&res, body, "not-the-token-0123456789abcdef0123456789", NULL);
    ck_assert_int_eq(res.status, 401);
    ck_assert_str_eq(api_json_str(&res, "error.code"), "unauthenticated");
    api_res_free(&res);
    chilipiper_post(&res, body, NULL, "deleted");
    ck_assert_int_eq(api_status_free(&res), 404);
    chilipiper_post(&res, "[1]", NULL, NULL);
    ck_assert_int_eq(api_status_free(&res), 400);
    api_get(&res, "/api/v1/webhooks/chilipiper/x"); /* the nginx shield: POST only */
    ck_assert_int_eq(api_status_free(&res), 405);
}
END_TEST

Suite *
suite_chilipiper(void)
{
    Suite *s = suite_create("chilipiper");
    TCase *tc = tcase_create("bookings");

    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, created_rescheduled_canceled_is_one_meeting_and_one_new_lead_mail);
    tcase_add_test(tc, a_booking_for_another_partners_lead_keeps_its_assignment);
    tcase_add_test(tc, a_booking_nobody_takes_fails_and_is_replayed_after_the_fix);
    tcase_add_test(tc, reconciliation_fills_a_meeting_whose_webhook_never_came);
    tcase_add_test(tc, the_path_token_and_type_are_checked);
    suite_add_tcase(s, tc);
    return s;
}
