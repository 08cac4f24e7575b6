/* test_lead_flow.c - the life of a lead: the status table, staff overrides, won and deal
 * amounts, lost-lead alerts, notes and history (meetings: test_meetings.c; the dashboard:
 * test_dashboard.c) */
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

START_TEST(users_follow_the_transition_table)
{
    struct partner_user pu;
    char id[25], body[96], status[32];

    fixture_partner_user(&pu, "user");
    for (int f = 0; f < 7; f++) {
        for (int t = 0; t < 7; t++) {
            if (f == t)
                continue;
            make_lead_in(&pu, statuses[f], id);
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

    fixture_partner_user(&pu, "admin");
    make_lead_in(&pu, "in_touch", id);
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

    fixture_partner_user(&pu, "user");
    make_lead_in(&pu, "won", id);
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

    fixture_partner_user(&pu, "user");
    snprintf(path, sizeof(path), "/api/v1/partners/%s/billing", pu.partner);
    client_call(owner_session(), "PUT", path,
                "{\"billingType\":\"percentage_of_deal\",\"billingTerms\":[{\"from\":\"2026-01\","
                "\"to\":null,\"value\":1000}]}",
                &res);
    ck_assert_int_eq(api_status_free(&res), 200);
    make_lead_in(&pu, "in_touch", id);
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

    fixture_partner_user(&pu, "user");
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

    fixture_partner_user(&pu, "user");
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

/* the alert names who changed the status and from where, not "a user" (issue 17) */
START_TEST(a_lost_lead_alert_names_who_changed_it_and_from_where)
{
    struct partner_user pu;
    struct api_res res;
    char id[25], email[128], want[400], owner_line[300];

    fixture_partner_user(&pu, "user");
    fresh_email("lost-who", email, sizeof(email));
    make_lead(pu.partner, email, NULL, id);
    ck_assert_int_eq(set_status(&pu.client, id, "{\"status\":\"lost_no_show\"}"), 200);
    ck_assert_msg(wait_alerts(email, 1), "no alert");
    char *text = last_alert_text(email);
    ck_assert_ptr_nonnull(text);
    snprintf(want, sizeof(want), "Changed by: Fixture Person <%s>, Flow user, in Partner Connector",
             pu.user.email);
    ck_assert_msg(strstr(text, want) != NULL, "want \"%s\" in %s", want, text);
    ck_assert_msg(strstr(text, "Fixture Person <") != NULL && strstr(text, "a user") == NULL, "%s",
                  text);
    free(text);
    /* staff: the owner, by name, as the agency's owner */
    client_call(owner_session(), "GET", "/api/v1/auth/me", NULL, &res);
    snprintf(owner_line, sizeof(owner_line),
             "Changed by: %s <%s>, agency owner, in Partner Connector",
             api_json_str(&res, "user.name"), api_json_str(&res, "user.email"));
    api_res_free(&res);
    ck_assert_int_eq(set_status(owner_session(), id, "{\"status\":\"lost_disqualified\"}"), 200);
    ck_assert_msg(wait_alerts(email, 2), "no second alert");
    text = last_alert_text(email);
    ck_assert_ptr_nonnull(text);
    ck_assert_msg(strstr(text, owner_line) != NULL, "want \"%s\" in %s", owner_line, text);
    free(text);
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

    fixture_partner_user(&pu, "user");
    fixture_user("user", pu.partner, &other_u);
    ck_assert_int_eq(client_sign_in(&other, other_u.email, other_u.password), 200);
    make_lead_in(&pu, "new", id);
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
fixture_note_age(const char *note, int minutes)
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
make_note(struct session_client *c, const char *id, const char *text, char note[25])
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

    fixture_partner_user(&pu, "user");
    fixture_partner_user(&stranger, "user"); /* another partner */
    fixture_user("admin", pu.partner, &admin_p);
    fixture_user("admin", NULL, &staff_u);
    ck_assert_int_eq(client_sign_in(&pa, admin_p.email, admin_p.password), 200);
    ck_assert_int_eq(client_sign_in(&staff, staff_u.email, staff_u.password), 200);
    make_lead_in(&pu, "new", id);
    make_note(&pu.client, id, "fourteen minutes", recent);
    make_note(&pu.client, id, "sixteen minutes", old1);
    make_note(&pu.client, id, "an hour", old2);
    make_note(&pu.client, id, "a day", old3);
    fixture_note_age(recent, 14);
    fixture_note_age(old1, 16);
    fixture_note_age(old2, 60);
    fixture_note_age(old3, 24 * 60);
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
    tcase_add_test(tc, a_lost_lead_alert_names_who_changed_it_and_from_where);
    tcase_add_test(tc, notes_show_their_author_and_only_the_author_deletes_them_soon);
    tcase_add_test(tc, notes_older_than_fifteen_minutes_are_the_staffs_to_delete);
    suite_add_tcase(s, tc);
    suite_add_tcase(s, tcase_new_lead_mail());
    return s;
}
