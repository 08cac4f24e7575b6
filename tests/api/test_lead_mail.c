/* test_lead_mail.c - the new-lead e-mail: who gets it (a partner's active users), when (a
 * lead created for, moved to or booked for a partner), once per lead and partner, and parked
 * in the outbox while Redis is down. Runs in the "lead flow" suite. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db/db.h"
#include "domain.h"
#include "stack_access.h"

/* new-lead e-mails sent through the Mailgun stand-in to `to` about lead id (the job id is
 * nl.<lead>.<partner>.<user>); subject receives the newest one's subject when non-NULL */
static int
new_lead_mails(const char *to, const char *lead, char *subject, size_t cap)
{
    json_object *list = wiremock_requests_to(to);
    char prefix[40];
    int n = 0;

    snprintf(prefix, sizeof(prefix), "nl.%s.", lead);
    for (size_t i = 0; i < json_object_array_length(list); i++) {
        const char *body = json_object_get_string(
            json_object_object_get(json_object_array_get_idx(list, i), "body"));
        char *tag = form_value(body, "o:tag"), *job = form_value(body, "v:pc-job-id");
        if (tag != NULL && job != NULL && strcmp(tag, "new-lead") == 0
            && strncmp(job, prefix, strlen(prefix)) == 0) {
            n++;
            char *s = form_value(body, "subject"), *t = form_value(body, "text");
            if (subject != NULL)
                snprintf(subject, cap, "%s\n%s", s ? s : "", t ? t : "");
            free(s);
            free(t);
        }
        free(tag);
        free(job);
    }
    json_object_put(list);
    return n;
}

static bool
wait_mails(const char *to, const char *lead, int want)
{
    for (int i = 0; i < 75; i++) {
        if (new_lead_mails(to, lead, NULL, 0) >= want)
            return true;
        sleep_ms(200);
    }
    return false;
}

static long
patch_lead(struct session_client *c, const char *id, const char *body, struct api_res *res)
{
    char path[128];

    snprintf(path, sizeof(path), "/api/v1/leads/%s", id);
    client_call(c, "PATCH", path, body, res);
    return res->status;
}

START_TEST(a_new_lead_is_announced_once_to_the_partners_active_users)
{
    struct fixture_user user, admin, inactive, archived, invited, other;
    char p[25], q[25], id[25], email[128], body[128], mail[4096];
    struct api_res res;

    make_partner("Announced", p);
    make_partner("Elsewhere", q);
    fixture_user("user", p, &user);
    fixture_user("admin", p, &admin);
    fixture_user("user", p, &inactive);
    fixture_user("user", p, &archived);
    fixture_user("user", p, &invited);
    fixture_user("user", q, &other);
    fixture_user_update(inactive.id, "{\"$set\": {\"isActive\": false}}");
    fixture_user_update(archived.id,
                        "{\"$set\": {\"archivedAt\": {\"$date\": \"2026-01-01T00:00:00Z\"}}}");
    fixture_user_update(invited.id, "{\"$set\": {\"status\": \"invited\"}}");
    fresh_email("announce", email, sizeof(email));
    make_lead(p, email, "\"firstName\":\"Nova\",\"lastName\":\"Lead\",\"company\":\"Nova Co\"", id);
    ck_assert_msg(wait_mails(user.email, id, 1), "no new-lead e-mail to the user");
    ck_assert_msg(wait_mails(admin.email, id, 1), "no new-lead e-mail to the partner admin");
    new_lead_mails(user.email, id, mail, sizeof(mail));
    static const char subject[] = "New lead for Announced: Nova Lead at Nova Co\n";
    ck_assert_msg(strncmp(mail, subject, strlen(subject)) == 0, "%s", mail);
    snprintf(body, sizeof(body), "/leads/%s", id);
    ck_assert_ptr_nonnull(strstr(mail, body));
    ck_assert_ptr_nonnull(strstr(mail, email));
    ck_assert_int_eq(patch_lead(owner_session(), id, "{\"company\":\"Nova Corp\"}", &res), 200);
    api_res_free(&res); /* other changes announce nothing */
    snprintf(body, sizeof(body), "{\"partner\":\"%s\"}", q);
    ck_assert_int_eq(patch_lead(owner_session(), id, body, &res), 200);
    api_res_free(&res);
    ck_assert_msg(wait_mails(other.email, id, 1), "no new-lead e-mail after the move");
    snprintf(body, sizeof(body), "{\"partner\":\"%s\"}", p);
    ck_assert_int_eq(patch_lead(owner_session(), id, body, &res), 200); /* and back */
    api_res_free(&res);
    sleep_ms(2500); /* a partner hears of a lead once; nobody else hears at all */
    ck_assert_int_eq(new_lead_mails(user.email, id, NULL, 0), 1);
    ck_assert_int_eq(new_lead_mails(admin.email, id, NULL, 0), 1);
    ck_assert_int_eq(new_lead_mails(other.email, id, NULL, 0), 1);
    ck_assert_int_eq(new_lead_mails(inactive.email, id, NULL, 0), 0);
    ck_assert_int_eq(new_lead_mails(archived.email, id, NULL, 0), 0);
    ck_assert_int_eq(new_lead_mails(invited.email, id, NULL, 0), 0);
}
END_TEST

START_TEST(staff_move_a_lead_with_its_meetings_notes_and_figures)
{
    struct fixture_user ua, ub, pa;
    struct session_client a = {0}, b = {0}, admin = {0};
    char p[25], q[25], id[25], email[128], ext[64], body[128], path[320], meeting[25];
    struct api_res res;

    make_partner("Move from", p);
    make_partner("Move to", q);
    fixture_user("user", p, &ua);
    fixture_user("user", q, &ub);
    fixture_user("admin", p, &pa);
    ck_assert_int_eq(client_sign_in(&a, ua.email, ua.password), 200);
    ck_assert_int_eq(client_sign_in(&b, ub.email, ub.password), 200);
    ck_assert_int_eq(client_sign_in(&admin, pa.email, pa.password), 200);
    fresh_email("move", email, sizeof(email));
    make_lead(p, email, NULL, id);
    snprintf(ext, sizeof(ext), "move-%s", id);
    fixture_booking(ext, email, p, (int64_t)time(NULL) * 1000 + 86400000, false);
    snprintf(path, sizeof(path), "/api/v1/leads/%s/notes", id);
    client_call(&a, "POST", path, "{\"text\":\"goes along\"}", &res);
    ck_assert_int_eq(api_status_free(&res), 201);
    snprintf(body, sizeof(body), "{\"partner\":\"%s\"}", q);
    ck_assert_int_eq(patch_lead(&admin, id, body, &res), 422); /* staff only */
    ck_assert_ptr_nonnull(strstr(res.body, "\"field\":\"partner\""));
    api_res_free(&res);
    ck_assert_int_eq(
        patch_lead(owner_session(), id, "{\"partner\":\"000000000000000000000000\"}", &res), 422);
    ck_assert_ptr_nonnull(strstr(res.body, "\"field\":\"partner\""));
    api_res_free(&res);
    ck_assert_int_eq(patch_lead(owner_session(), id, body, &res), 200);
    ck_assert_str_eq(api_json_str(&res, "partner"), q);
    ck_assert_str_eq(api_json_str(&res, "partnerName"), "Move to");
    json_object *meetings = json_object_object_get(res.json, "meetings");
    ck_assert_int_eq(json_object_array_length(meetings), 1);
    snprintf(meeting, sizeof(meeting), "%s",
             json_object_get_string(
                 json_object_object_get(json_object_array_get_idx(meetings, 0), "id")));
    api_res_free(&res);
    /* the new partner sees the lead, its meeting and note; the old one none of them */
    snprintf(path, sizeof(path), "/api/v1/meetings/%s", meeting);
    client_call(&b, "GET", path, NULL, &res);
    ck_assert_int_eq(res.status, 200);
    ck_assert_str_eq(api_json_str(&res, "partnerName"), "Move to");
    api_res_free(&res);
    client_call(&a, "GET", path, NULL, &res);
    ck_assert_int_eq(api_status_free(&res), 404);
    snprintf(path, sizeof(path), "/api/v1/leads/%s/notes", id);
    client_call(&b, "GET", path, NULL, &res);
    ck_assert_ptr_nonnull(strstr(res.body, "goes along"));
    api_res_free(&res);
    client_call(&a, "GET", path, NULL, &res);
    ck_assert_int_eq(api_status_free(&res), 404);
    snprintf(path, sizeof(path), "/api/v1/partners/%s/stats", p);
    client_call(owner_session(), "GET", path, NULL, &res);
    ck_assert_str_eq(api_json_str(&res, "totalLeads"), "0");
    api_res_free(&res);
    snprintf(path, sizeof(path), "/api/v1/partners/%s/stats", q);
    client_call(owner_session(), "GET", path, NULL, &res);
    ck_assert_str_eq(api_json_str(&res, "totalLeads"), "1");
    ck_assert_str_eq(api_json_str(&res, "totalAppointments"), "1");
    api_res_free(&res);
    /* recorded: partner and its name, before and after */
    snprintf(path, sizeof(path),
             "{\"entityId\":{\"$oid\":\"%s\"},\"action\":\"lead.updated\","
             "\"before.partnerName\":\"Move from\",\"after.partnerName\":\"Move to\","
             "\"after.partner\":\"%s\"}",
             id, q);
    ck_assert(wait_for_count("events", path, 1, 10000));
    client_free(&a);
    client_free(&b);
    client_free(&admin);
}
END_TEST

static long
flush_outbox(void)
{
    struct api_res res;
    char auth[256];
    const char *headers[] = {auth, NULL};
    struct api_opts opts = {.headers = headers};

    snprintf(auth, sizeof(auth), "Authorization: Bearer %s", harness_env("CRON_SECRET"));
    api_call(&res, "POST", "/api/v1/cron/flush-outbox", &opts);
    return api_status_free(&res);
}

START_TEST(a_booked_lead_is_announced_with_its_meeting_even_through_a_redis_outage)
{
    struct fixture_user user;
    char p[25], email[128], ext[96], id[25], path[256], mail[4096], want[64];
    int64_t ms = ((int64_t)time(NULL) + 3 * 86400) / 60 * 60 * 1000;
    time_t secs = (time_t)(ms / 1000);
    struct tm tm;
    struct api_res res;

    make_partner("Booked", p);
    fixture_user("user", p, &user);
    fresh_email("booked", email, sizeof(email));
    snprintf(ext, sizeof(ext), "booked-%s", user.id);
    stack_app();
    long long parked = mongo_count("outbox", "{\"type\":\"new-lead\"}");
    ck_assert_int_eq(harness_service("stop-service", "redis"), 0);
    fixture_booking(ext, email, p, ms, false); /* the booking makes the lead; the e-mail waits */
    ck_assert_int_eq(mongo_count("outbox", "{\"type\":\"new-lead\"}"), parked + 1);
    ck_assert_int_eq(harness_service("start-service", "redis"), 0);
    ck_assert(harness_wait_health(10));
    url_json(email, ext, sizeof(ext));
    snprintf(path, sizeof(path), "/api/v1/leads?search=%s", ext);
    client_call(owner_session(), "GET", path, NULL, &res);
    ck_assert_str_eq(api_json_str(&res, "meta.total"), "1");
    snprintf(id, sizeof(id), "%s",
             json_object_get_string(json_object_object_get(
                 json_object_array_get_idx(json_object_object_get(res.json, "list"), 0), "id")));
    api_res_free(&res);
    ck_assert_int_eq(new_lead_mails(user.email, id, NULL, 0), 0);
    ck_assert_int_eq(flush_outbox(), 200);
    ck_assert_msg(wait_mails(user.email, id, 1), "the parked e-mail was not sent");
    ck_assert_int_eq(flush_outbox(), 200);
    sleep_ms(1500);
    ck_assert_int_eq(new_lead_mails(user.email, id, mail, sizeof(mail)), 1);
    gmtime_r(&secs, &tm);
    strftime(want, sizeof(want), "Meeting: %Y-%m-%d %H:%M UTC", &tm);
    ck_assert_msg(strstr(mail, want) != NULL, "%s not in %s", want, mail);
}
END_TEST

TCase *
tcase_new_lead_mail(void)
{
    TCase *tc = tcase_create("new-lead e-mail");

    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, a_new_lead_is_announced_once_to_the_partners_active_users);
    tcase_add_test(tc, staff_move_a_lead_with_its_meetings_notes_and_figures);
    tcase_add_test(tc, a_booked_lead_is_announced_with_its_meeting_even_through_a_redis_outage);
    return tc;
}
