/* test_lead_flow.c - the life of a lead: the status table, staff overrides, won and deal
 * amounts, lost-lead alerts, notes, history, meetings and scheduledDate, the dashboard */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db/db.h"
#include "domain.h"
#include "stack_access.h"

static const char *const statuses[] = {
    "new",          "scheduled",         "in_touch",         "won",
    "lost_no_show", "lost_disqualified", "lost_no_potential"};

/* the table of domain.md §9 as the test sees it: allowed[from][to] */
static const bool allowed[7][7] = {
    /* to:      new    sched  touch  won    l_ns   l_dq   l_np */
    /* new */ {false, true, true, true, true, true, true},
    /* sch */ {true, false, true, true, true, true, true},
    /* it  */ {false, true, false, true, true, true, true},
    /* won */ {false, false, false, false, false, false, false},
    /* lns */ {false, true, true, false, false, true, true},
    /* ldq */ {false, true, true, false, true, false, true},
    /* lnp */ {false, true, true, false, true, true, false},
};

struct partner_user {
    char partner[25];
    struct fixture_user user;
    struct session_client client;
};

static void
partner_user_up(struct partner_user *pu, const char *role)
{
    memset(pu, 0, sizeof(*pu));
    make_partner("Flow", pu->partner);
    fixture_user_make(role, pu->partner, &pu->user);
    ck_assert_int_eq(client_sign_in(&pu->client, pu->user.email, pu->user.password), 200);
}

/* a lead of pu's partner already in status `from` (set by the owner, with a reason) */
static void
lead_in(struct partner_user *pu, const char *from, char id[25])
{
    char email[128], body[160];

    fresh_email("flow", email, sizeof(email));
    make_lead(pu->partner, email, NULL, id);
    if (strcmp(from, "new") != 0) {
        snprintf(body, sizeof(body), "{\"status\":\"%s\",\"reason\":\"test setup\"}", from);
        ck_assert_int_eq(set_status(owner_session(), id, body), 200);
    }
}

START_TEST(users_follow_the_transition_table)
{
    struct partner_user pu;
    char id[25], body[96], status[32];

    partner_user_up(&pu, "user");
    for (int f = 0; f < 7; f++) {
        for (int t = 0; t < 7; t++) {
            if (f == t)
                continue;
            lead_in(&pu, statuses[f], id);
            snprintf(body, sizeof(body), "{\"status\":\"%s\"}", statuses[t]);
            long got = set_status(&pu.client, id, body);
            ck_assert_msg(got == (allowed[f][t] ? 200 : 409), "%s -> %s: %ld", statuses[f],
                          statuses[t], got);
            lead_field(id, "dealStatus", status, sizeof(status));
            ck_assert_str_eq(status, allowed[f][t] ? statuses[t] : statuses[f]);
        }
    }
    client_free(&pu.client);
}
END_TEST

START_TEST(a_refused_transition_names_the_allowed_ones)
{
    struct partner_user pu;
    char id[25], path[128];
    struct api_res res;

    partner_user_up(&pu, "admin");
    lead_in(&pu, "in_touch", id);
    snprintf(path, sizeof(path), "/api/v1/leads/%s/status", id);
    client_call(&pu.client, "PATCH", path, "{\"status\":\"new\"}", &res);
    ck_assert_int_eq(res.status, 409);
    ck_assert_str_eq(api_json_str(&res, "error.code"), "invalid_transition");
    ck_assert_ptr_nonnull(strstr(res.body, "allowed: scheduled"));
    ck_assert_ptr_nonnull(strstr(res.body, "allowed: won"));
    api_res_free(&res);
    client_call(&pu.client, "PATCH", path, "{\"status\":\"archived\"}", &res);
    ck_assert_int_eq(api_status_free(&res), 422);
    client_call(&pu.client, "GET", "/api/v1/leads/000000000000000000000000", NULL, &res);
    ck_assert_int_eq(api_status_free(&res), 404);
    client_free(&pu.client);
}
END_TEST

START_TEST(staff_override_needs_a_reason_and_is_recorded)
{
    struct partner_user pu;
    char id[25], path[128], filter[256];
    struct api_res res;

    partner_user_up(&pu, "user");
    lead_in(&pu, "won", id);
    ck_assert_int_eq(set_status(owner_session(), id, "{\"status\":\"new\"}"), 422);
    ck_assert_int_eq(
        set_status(owner_session(), id, "{\"status\":\"new\",\"reason\":\"won by mistake\"}"), 200);
    snprintf(filter, sizeof(filter),
             "{\"entityId\":{\"$oid\":\"%s\"},\"action\":\"lead.status_changed\","
             "\"reason\":\"won by mistake\",\"before.dealStatus\":\"won\"}",
             id);
    ck_assert(wait_for_count("events", filter, 1, 10000));
    char owner_name[160];
    client_call(owner_session(), "GET", "/api/v1/auth/me", NULL, &res);
    snprintf(owner_name, sizeof(owner_name), "\"name\":\"%s\"", api_json_str(&res, "user.name"));
    api_res_free(&res);
    snprintf(path, sizeof(path), "/api/v1/leads/%s/history", id);
    client_call(&pu.client, "GET", path, NULL, &res);
    ck_assert_int_eq(res.status, 200);
    ck_assert_ptr_nonnull(strstr(res.body, "won by mistake"));
    ck_assert_msg(strstr(res.body, owner_name) != NULL, "no actor name %s in %s", owner_name,
                  res.body);
    api_res_free(&res);
    client_free(&pu.client);
}
END_TEST

START_TEST(won_sets_won_at_and_percentage_partners_need_an_amount)
{
    struct partner_user pu;
    char id[25], path[128], won_at[40];
    struct api_res res;

    partner_user_up(&pu, "user");
    snprintf(path, sizeof(path), "/api/v1/partners/%s/billing", pu.partner);
    client_call(owner_session(), "PUT", path,
                "{\"billingType\":\"percentage_of_deal\",\"billingTerms\":[{\"from\":\"2026-01\","
                "\"to\":null,\"value\":1000}]}",
                &res);
    ck_assert_int_eq(api_status_free(&res), 200);
    lead_in(&pu, "in_touch", id);
    snprintf(path, sizeof(path), "/api/v1/leads/%s/status", id);
    client_call(&pu.client, "PATCH", path, "{\"status\":\"won\"}", &res);
    ck_assert_int_eq(res.status, 422);
    ck_assert_ptr_nonnull(strstr(res.body, "\"field\":\"dealAmount\""));
    api_res_free(&res);
    client_call(&pu.client, "PATCH", path, "{\"status\":\"won\",\"dealAmount\":1250000}", &res);
    ck_assert_int_eq(res.status, 200);
    ck_assert_str_eq(api_json_str(&res, "dealAmount"), "1250000");
    ck_assert_ptr_nonnull(api_json_str(&res, "wonAt"));
    api_res_free(&res);
    ck_assert_int_eq(set_status(owner_session(), id,
                                "{\"status\":\"in_touch\",\"reason\":\"deal fell through\"}"),
                     200);
    lead_field(id, "wonAt", won_at, sizeof(won_at));
    ck_assert_str_eq(won_at, ""); /* no longer won */
    client_free(&pu.client);
}
END_TEST

static int
alerts_for(const char *lead_email)
{
    json_object *list = wiremock_requests_to("alerts@example.com");
    int n = 0;

    for (size_t i = 0; i < json_object_array_length(list); i++) {
        json_object *body = json_object_object_get(json_object_array_get_idx(list, i), "body");
        char *subject = form_value(json_object_get_string(body), "subject");
        if (subject != NULL && strstr(subject, lead_email) != NULL)
            n++;
        free(subject);
    }
    json_object_put(list);
    return n;
}

static bool
wait_alerts(const char *email, int want)
{
    for (int i = 0; i < 75; i++) {
        if (alerts_for(email) >= want)
            return true;
        sleep_ms(200);
    }
    return false;
}

START_TEST(one_lost_lead_alert_per_move_into_lost)
{
    struct partner_user pu;
    char id[25], email[128], path[128];
    struct api_res res;

    partner_user_up(&pu, "user");
    fresh_email("lost", email, sizeof(email));
    make_lead(pu.partner, email, "\"company\":\"Gone Ltd\"", id);
    ck_assert_int_eq(set_status(&pu.client, id, "{\"status\":\"lost_no_show\"}"), 200);
    ck_assert_msg(wait_alerts(email, 1), "no alert");
    ck_assert_int_eq(set_status(&pu.client, id, "{\"status\":\"lost_no_show\"}"), 200); /* same */
    ck_assert_int_eq(set_status(&pu.client, id, "{\"status\":\"scheduled\"}"), 200);
    ck_assert_int_eq(set_status(&pu.client, id, "{\"status\":\"lost_disqualified\"}"), 200);
    ck_assert_msg(wait_alerts(email, 2), "no second alert");
    sleep_ms(2000);
    ck_assert_int_eq(alerts_for(email), 2);
    snprintf(path, sizeof(path), "/api/v1/leads/%s", id);
    client_call(&pu.client, "GET", path, NULL, &res);
    ck_assert_str_eq(api_json_str(&res, "dealStatus"), "lost_disqualified");
    api_res_free(&res);
    client_free(&pu.client);
}
END_TEST

/* the text body of the newest alert about lead_email (caller frees), NULL when none */
static char *
last_alert_text(const char *lead_email)
{
    json_object *list = wiremock_requests_to("alerts@example.com");
    char *text = NULL;

    for (size_t i = 0; i < json_object_array_length(list); i++) {
        const char *body = json_object_get_string(
            json_object_object_get(json_object_array_get_idx(list, i), "body"));
        char *subject = form_value(body, "subject");
        if (subject != NULL && strstr(subject, lead_email) != NULL) {
            free(text);
            text = form_value(body, "text");
        }
        free(subject);
    }
    json_object_put(list);
    return text;
}

START_TEST(a_move_between_lost_statuses_alerts_once_more)
{
    struct partner_user pu;
    char id[25], email[128];

    partner_user_up(&pu, "user");
    fresh_email("lost-lost", email, sizeof(email));
    make_lead(pu.partner, email, NULL, id);
    ck_assert_int_eq(set_status(&pu.client, id, "{\"status\":\"lost_no_show\"}"), 200);
    ck_assert_msg(wait_alerts(email, 1), "no alert");
    ck_assert_int_eq(set_status(&pu.client, id, "{\"status\":\"lost_disqualified\"}"), 200);
    ck_assert_msg(wait_alerts(email, 2), "no alert for the change of lost reason");
    char *text = last_alert_text(email);
    ck_assert_ptr_nonnull(text);
    ck_assert_msg(strstr(text, "Status: Lost - No Show -> Lost - Disqualified") != NULL, "%s",
                  text);
    free(text);
    sleep_ms(2000); /* and no more than one */
    ck_assert_int_eq(alerts_for(email), 2);
    client_free(&pu.client);
}
END_TEST

START_TEST(notes_show_their_author_and_only_the_author_deletes_them_soon)
{
    struct partner_user pu;
    struct fixture_user other_u;
    struct session_client other = {0};
    char id[25], path[160], note[25];
    struct api_res res;

    partner_user_up(&pu, "user");
    fixture_user_make("user", pu.partner, &other_u);
    ck_assert_int_eq(client_sign_in(&other, other_u.email, other_u.password), 200);
    lead_in(&pu, "new", id);
    snprintf(path, sizeof(path), "/api/v1/leads/%s/notes", id);
    client_call(&pu.client, "POST", path, "{\"text\":\"Spoke to the CFO\"}", &res);
    ck_assert_int_eq(res.status, 201);
    ck_assert_str_eq(api_json_str(&res, "author.name"), "Fixture Person");
    snprintf(note, sizeof(note), "%s", api_json_str(&res, "id"));
    api_res_free(&res);
    client_call(&other, "GET", path, NULL, &res);
    ck_assert_int_eq(res.status, 200);
    ck_assert_ptr_nonnull(strstr(res.body, "Spoke to the CFO"));
    ck_assert_ptr_nonnull(strstr(res.body, "\"deletable\":false"));
    api_res_free(&res);
    client_call(&pu.client, "POST", path, "{\"text\":\"\"}", &res);
    ck_assert_int_eq(api_status_free(&res), 422);
    snprintf(path, sizeof(path), "/api/v1/leads/%s/notes/%s", id, note);
    client_call(&other, "DELETE", path, NULL, &res);
    ck_assert_int_eq(api_status_free(&res), 403);
    client_call(&pu.client, "DELETE", path, NULL, &res);
    ck_assert_int_eq(api_status_free(&res), 204);
    client_call(&pu.client, "DELETE", path, NULL, &res);
    ck_assert_int_eq(api_status_free(&res), 404);
    client_free(&pu.client);
    client_free(&other);
}
END_TEST

/* move a note's createdAt minutes into the past, as if written then */
static void
age_note(const char *note, int minutes)
{
    bson_oid_t oid;
    bson_t *filter, *update;
    bson_error_t error;

    bson_oid_init_from_string(&oid, note);
    filter = BCON_NEW("_id", BCON_OID(&oid));
    update = BCON_NEW("$set", "{", "createdAt",
                      BCON_DATE_TIME(((int64_t)time(NULL) - minutes * 60) * 1000), "}");
    ck_assert(mongoc_collection_update_one(db_collection(stack_app()->db, "notes"), filter, update,
                                           NULL, NULL, &error));
    bson_destroy(filter);
    bson_destroy(update);
}

/* POST a note on lead id as c; note receives its id */
static void
add_note(struct session_client *c, const char *id, const char *text, char note[25])
{
    struct api_res res;
    char path[128], body[128];

    snprintf(path, sizeof(path), "/api/v1/leads/%s/notes", id);
    snprintf(body, sizeof(body), "{\"text\":\"%s\"}", text);
    client_call(c, "POST", path, body, &res);
    ck_assert_int_eq(res.status, 201);
    snprintf(note, 25, "%s", api_json_str(&res, "id"));
    api_res_free(&res);
}

static long
delete_note(struct session_client *c, const char *id, const char *note)
{
    struct api_res res;
    char path[160];

    snprintf(path, sizeof(path), "/api/v1/leads/%s/notes/%s", id, note);
    client_call(c, "DELETE", path, NULL, &res);
    return api_status_free(&res);
}

START_TEST(notes_older_than_fifteen_minutes_are_the_staffs_to_delete)
{
    struct partner_user pu, stranger;
    struct fixture_user admin_p, staff_u;
    struct session_client pa = {0}, staff = {0};
    char id[25], path[128], recent[25], old1[25], old2[25], old3[25];
    struct api_res res;

    partner_user_up(&pu, "user");
    partner_user_up(&stranger, "user"); /* another partner */
    fixture_user_make("admin", pu.partner, &admin_p);
    fixture_user_make("admin", NULL, &staff_u);
    ck_assert_int_eq(client_sign_in(&pa, admin_p.email, admin_p.password), 200);
    ck_assert_int_eq(client_sign_in(&staff, staff_u.email, staff_u.password), 200);
    lead_in(&pu, "new", id);
    add_note(&pu.client, id, "fourteen minutes", recent);
    add_note(&pu.client, id, "sixteen minutes", old1);
    add_note(&pu.client, id, "an hour", old2);
    add_note(&pu.client, id, "a day", old3);
    age_note(recent, 14);
    age_note(old1, 16);
    age_note(old2, 60);
    age_note(old3, 24 * 60);
    snprintf(path, sizeof(path), "/api/v1/leads/%s/notes", id);
    client_call(&pu.client, "GET", path, NULL, &res); /* the author sees which ones are left */
    ck_assert_int_eq(res.status, 200);
    json_object *list = json_object_object_get(res.json, "list");
    ck_assert_int_eq(json_object_array_length(list), 4);
    for (size_t i = 0; i < 4; i++) {
        json_object *n = json_object_array_get_idx(list, i);
        bool want = strcmp(json_object_get_string(json_object_object_get(n, "id")), recent) == 0;
        ck_assert_int_eq(json_object_get_boolean(json_object_object_get(n, "deletable")), want);
    }
    api_res_free(&res);
    ck_assert_int_eq(delete_note(&pu.client, id, old1), 403); /* the author, too late */
    ck_assert_int_eq(delete_note(&pa, id, old1), 403);        /* a partner admin is not staff */
    ck_assert_int_eq(delete_note(&stranger.client, id, old1), 404); /* another partner's lead */
    ck_assert_int_eq(delete_note(&pu.client, id, recent), 204);     /* still in the window */
    ck_assert_int_eq(delete_note(&staff, id, old1), 204);           /* staff: any age */
    ck_assert_int_eq(delete_note(owner_session(), id, old3), 204);
    client_call(&pu.client, "GET", path, NULL, &res);
    list = json_object_object_get(res.json, "list");
    ck_assert_int_eq(json_object_array_length(list), 1); /* only the hour-old note is left */
    ck_assert_str_eq(
        json_object_get_string(json_object_object_get(json_object_array_get_idx(list, 0), "id")),
        old2);
    api_res_free(&res);
    client_free(&pu.client);
    client_free(&stranger.client);
    client_free(&pa);
    client_free(&staff);
}
END_TEST

START_TEST(scheduled_date_is_the_latest_meeting_cancelled_ones_included)
{
    char p[25], id[25], email[128], got[40], want[40], ext1[64], ext2[64];
    int64_t base = ((int64_t)time(NULL) + 86400) / 60 * 60 * 1000; /* tomorrow, whole minute */
    time_t secs;
    struct tm tm;

    make_partner("Meetings", p);
    fresh_email("meet", email, sizeof(email));
    make_lead(p, email, NULL, id);
    lead_field(id, "scheduledDate", got, sizeof(got));
    ck_assert_str_eq(got, ""); /* no meetings: null */
    snprintf(ext1, sizeof(ext1), "m1-%s", id);
    snprintf(ext2, sizeof(ext2), "m2-%s", id);
    book(ext1, email, p, base, false);
    lead_field(id, "dealStatus", got, sizeof(got));
    ck_assert_str_eq(got, "scheduled"); /* a booking moves a new lead */
    book(ext2, email, p, base + 7200000, false);
    book(ext2, email, p, base - 7200000, false); /* rescheduled earlier */
    book(ext1, email, p, base, true);            /* cancelled: still counts */
    lead_field(id, "scheduledDate", got, sizeof(got));
    secs = (time_t)(base / 1000);
    gmtime_r(&secs, &tm);
    strftime(want, sizeof(want), "%Y-%m-%dT%H:%M:%S.000Z", &tm);
    ck_assert_str_eq(got, want);
    char filter[200];
    snprintf(filter, sizeof(filter), "{\"externalId\":\"%s\",\"status\":\"rescheduled\"}", ext2);
    ck_assert_int_eq(mongo_count("meetings", filter), 1);
    snprintf(filter, sizeof(filter), "{\"externalId\":\"%s\",\"status\":\"canceled\"}", ext1);
    ck_assert_int_eq(mongo_count("meetings", filter), 1);
}
END_TEST

START_TEST(meetings_are_scoped_and_newest_first)
{
    struct partner_user a;
    char b[25], email_a[128], email_b[128], lead_a[25], lead_b[25], ext[64], path[128];
    int64_t now = (int64_t)time(NULL) * 1000;
    struct api_res res;
    json_object *list;

    struct fixture_user admin_u;
    struct session_client admin = {0};

    partner_user_up(&a, "user");
    fixture_user_make("admin", a.partner, &admin_u);
    ck_assert_int_eq(client_sign_in(&admin, admin_u.email, admin_u.password), 200);
    make_partner("Other", b);
    fresh_email("ma", email_a, sizeof(email_a));
    fresh_email("mb", email_b, sizeof(email_b));
    make_lead(a.partner, email_a, NULL, lead_a);
    make_lead(b, email_b, NULL, lead_b);
    for (int i = 0; i < 3; i++) {
        snprintf(ext, sizeof(ext), "ma-%d-%s", i, lead_a);
        book(ext, email_a, a.partner, now + (int64_t)i * 3600000, false);
    }
    snprintf(ext, sizeof(ext), "mb-%s", lead_b);
    book(ext, email_b, b, now, false);
    client_call(&a.client, "GET", "/api/v1/meetings", NULL, &res);
    ck_assert_int_eq(res.status, 200);
    ck_assert_str_eq(api_json_str(&res, "meta.total"), "3");
    ck_assert(json_object_object_get_ex(res.json, "list", &list));
    for (size_t i = 1; i < json_object_array_length(list); i++)
        ck_assert_int_gt(strcmp(json_object_get_string(json_object_object_get(
                                    json_object_array_get_idx(list, i - 1), "scheduledTime")),
                                json_object_get_string(json_object_object_get(
                                    json_object_array_get_idx(list, i), "scheduledTime"))),
                         0);
    ck_assert_ptr_null(strstr(res.body, "externalId")); /* staff only */
    api_res_free(&res);
    snprintf(path, sizeof(path), "/api/v1/leads/%s", lead_b);
    client_call(owner_session(), "GET", path, NULL, &res);
    const char *meeting_b = json_object_get_string(json_object_object_get(
        json_object_array_get_idx(json_object_object_get(res.json, "meetings"), 0), "id"));
    snprintf(path, sizeof(path), "/api/v1/meetings/%s", meeting_b);
    api_res_free(&res);
    client_call(&a.client, "GET", path, NULL, &res);
    ck_assert_int_eq(api_status_free(&res), 404);
    client_call(&admin, "GET", path, NULL, &res); /* the partner's admin: no further */
    ck_assert_int_eq(api_status_free(&res), 404);
    client_call(&admin, "GET", "/api/v1/meetings", NULL, &res);
    ck_assert_str_eq(api_json_str(&res, "meta.total"), "3");
    api_res_free(&res);
    client_call(owner_session(), "GET", path, NULL, &res);
    ck_assert_int_eq(api_status_free(&res), 200);
    client_free(&a.client);
    client_free(&admin);
}
END_TEST

START_TEST(a_booking_keeps_an_existing_leads_partner)
{
    char a[25], b[25], email[128], id[25], ext[64], got[32], filter[256];

    make_partner("Owner of the lead", a);
    make_partner("Routed elsewhere", b);
    fresh_email("conflict", email, sizeof(email));
    make_lead(a, email, NULL, id);
    snprintf(ext, sizeof(ext), "conflict-%s", id);
    book(ext, email, b, (int64_t)time(NULL) * 1000, false);
    lead_field(id, "partner", got, sizeof(got));
    ck_assert_str_eq(got, a);
    snprintf(filter, sizeof(filter),
             "{\"entityId\":{\"$oid\":\"%s\"},\"action\":\"lead.assignment_conflict\"}", id);
    ck_assert(wait_for_count("events", filter, 1, 10000));
}
END_TEST

START_TEST(the_dashboard_counts_what_the_user_may_see)
{
    struct partner_user pu;
    char id[25], email[128], ext[64];
    struct api_res res;
    int64_t now = (int64_t)time(NULL) * 1000;

    partner_user_up(&pu, "user");
    lead_in(&pu, "in_touch", id);
    fresh_email("dash", email, sizeof(email));
    make_lead(pu.partner, email, NULL, id);
    snprintf(ext, sizeof(ext), "dash-%s", id);
    book(ext, email, pu.partner, now - 2 * 86400000LL, false); /* in the past: overdue */
    client_call(&pu.client, "GET", "/api/v1/dashboard", NULL, &res);
    ck_assert_int_eq(res.status, 200);
    ck_assert_str_eq(api_json_str(&res, "leadsByStatus.in_touch"), "1");
    ck_assert_str_eq(api_json_str(&res, "leadsByStatus.scheduled"), "1");
    ck_assert_str_eq(api_json_str(&res, "leadsByStatus.won"), "0");
    ck_assert_str_eq(api_json_str(&res, "overdueLeads"), "1");
    json_object *weeks = json_object_object_get(res.json, "leadsPerWeek");
    ck_assert_int_eq(json_object_array_length(weeks), 12);
    ck_assert_int_eq(
        json_object_get_int(json_object_object_get(json_object_array_get_idx(weeks, 11), "count")),
        2);
    api_res_free(&res);
    client_free(&pu.client);
}
END_TEST

Suite *
suite_lead_flow(void)
{
    Suite *s = suite_create("lead flow");
    TCase *tc = tcase_create("flow");

    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, users_follow_the_transition_table);
    tcase_add_test(tc, a_refused_transition_names_the_allowed_ones);
    tcase_add_test(tc, staff_override_needs_a_reason_and_is_recorded);
    tcase_add_test(tc, won_sets_won_at_and_percentage_partners_need_an_amount);
    tcase_add_test(tc, one_lost_lead_alert_per_move_into_lost);
    tcase_add_test(tc, a_move_between_lost_statuses_alerts_once_more);
    tcase_add_test(tc, notes_show_their_author_and_only_the_author_deletes_them_soon);
    tcase_add_test(tc, notes_older_than_fifteen_minutes_are_the_staffs_to_delete);
    tcase_add_test(tc, scheduled_date_is_the_latest_meeting_cancelled_ones_included);
    tcase_add_test(tc, meetings_are_scoped_and_newest_first);
    tcase_add_test(tc, a_booking_keeps_an_existing_leads_partner);
    tcase_add_test(tc, the_dashboard_counts_what_the_user_may_see);
    suite_add_tcase(s, tc);
    suite_add_tcase(s, tcase_new_lead_mail());
    return s;
}
