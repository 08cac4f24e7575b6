/* test_lead_actions.c - the one-click actions of the reminder e-mail through nginx: the links
 * in the e-mail (read back from the Mailgun stand-in), check changes nothing, apply once with
 * the app's transition rules and source email, the deal amount of a percentage partner, notes
 * and lost reasons, meeting outcomes, and the refusals: used, expired, tampered, another
 * kind's token, a deactivated user, a user moved out of reach, a transition no longer allowed.
 * Each test runs the reminder on a day of its own (the test clock): the run lock of one day
 * never hides another test's run. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/store.h"
#include "domain.h"
#include "stack_access.h"

#define DAY (24LL * 3600 * 1000)
#define TEXT_CAP 65536

/* one partner, a user of it, one overdue lead (company names it in the e-mail) */
struct world {
    char partner[25], lead[25], company[64];
    struct fixture_user user;
};

/* the newest lead-reminder e-mail to `to`, text (or html) into out; false when none */
static bool
newest_reminder(const char *to, const char *part, char *out, size_t cap)
{
    json_object *list = wiremock_requests_to(to);
    bool found = false;

    for (size_t i = 0; i < json_object_array_length(list); i++) {
        const char *body = json_object_get_string(
            json_object_object_get(json_object_array_get_idx(list, i), "body"));
        char *tag = form_value(body, "o:tag");
        if (tag != NULL && strcmp(tag, "lead-reminder") == 0) {
            char *t = form_value(body, part);
            snprintf(out, cap, "%s", t ? t : "");
            free(t);
            found = true;
        }
        free(tag);
    }
    json_object_put(list);
    return found;
}

static void
wait_reminder(const char *to, const char *part, char *out, size_t cap)
{
    for (int i = 0; i < 75; i++) {
        if (newest_reminder(to, part, out, cap))
            return;
        sleep_ms(200);
    }
    ck_abort_msg("no lead-reminder e-mail to %s", to);
}

/* the partner, its user and an overdue lead (a meeting a day before at), then the reminder of
 * the day at; text receives the user's e-mail */
static void
world_up(struct world *w, const char *name, int64_t at, char *text, size_t cap)
{
    char email[128], extra[128], meeting[25];

    make_partner(name, w->partner);
    fixture_user("user", w->partner, &w->user);
    fresh_email("act", email, sizeof(email));
    snprintf(w->company, sizeof(w->company), "Act%s Co", w->partner + 16);
    snprintf(extra, sizeof(extra), "\"company\":\"%s\",\"firstName\":\"Ada\"", w->company);
    make_lead(w->partner, email, extra, w->lead);
    ck_assert_int_eq(log_meeting(owner_session(), w->lead, at - DAY, 30, NULL, meeting), 201);
    ck_assert_int_eq(run_cron("daily-reminders", at - now_minute_ms(), NULL, NULL), 200);
    wait_reminder(w->user.email, "text", text, cap);
}

/* the URL of the action labelled label under the item whose line holds `item` */
static void
action_url(const char *text, const char *item, const char *label, char *url, size_t cap)
{
    const char *at = strstr(text, item), *end;
    char key[80];

    ck_assert_msg(at != NULL, "%s not in the e-mail: %.2000s", item, text);
    end = strstr(at + 1, "\n- ");
    snprintf(key, sizeof(key), "\n    %s: ", label);
    at = strstr(at, key);
    ck_assert_msg(at != NULL && (end == NULL || at < end), "no %s link for %s", label, item);
    at += strlen(key);
    snprintf(url, cap, "%.*s", (int)strcspn(at, "\r\n"), at);
}

/* the token of that link */
static void
action_token(const char *text, const char *item, const char *label, char *token, size_t cap)
{
    char url[600];
    const char *t;

    action_url(text, item, label, url, sizeof(url));
    t = strstr(url, "/action?token=");
    ck_assert_msg(t != NULL && strncmp(url, "https://", 8) == 0, "not an absolute link: %s", url);
    snprintf(token, cap, "%s", t + strlen("/action?token="));
}

/* POST /actions/<route> {token, extra members}; the caller frees res */
static long
act(const char *route, const char *token, const char *extra, struct api_res *res)
{
    char path[64], body[1024];

    snprintf(path, sizeof(path), "/api/v1/actions/%s", route);
    snprintf(body, sizeof(body), "{\"token\":\"%s\"%s%s}", token, extra ? "," : "",
             extra ? extra : "");
    json_call("POST", path, body, res);
    return res->status;
}

static long
act_status(const char *route, const char *token, const char *extra, const char *code)
{
    struct api_res res;
    long st = act(route, token, extra, &res);

    if (code != NULL)
        ck_assert_msg(api_json_str(&res, "error.code") != NULL
                          && strcmp(api_json_str(&res, "error.code"), code) == 0,
                      "%ld %s (want %s)", st, res.body, code);
    api_res_free(&res);
    return st;
}

/* the audit events of a lead with action and source, waited for (the events worker writes
 * them a moment after the request) */
static int
wait_history(const char *lead, const char *action, const char *source, int want)
{
    int n = 0;

    for (int i = 0; i < 50 && (n = history_count(lead, action, source)) < want; i++)
        sleep_ms(200);
    return n;
}

START_TEST(the_reminder_links_every_action_of_every_lead)
{
    const int64_t at = now_minute_ms() + 13 * DAY;
    static const char *const labels[] = {"In touch",
                                         "Won",
                                         "Lost \xe2\x80\x93 no show",
                                         "Lost \xe2\x80\x93 disqualified",
                                         "Lost \xe2\x80\x93 no potential",
                                         "Add a note"};
    struct world w;
    char *text = malloc(TEXT_CAP), *html = malloc(TEXT_CAP), url[600], tok[128];

    world_up(&w, "Linked", at, text, TEXT_CAP);
    for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]); i++) {
        action_token(text, w.company, labels[i], tok, sizeof(tok));
        ck_assert_msg(strncmp(tok, "pca_", 4) == 0 && strlen(tok) == 47, "%s", tok);
        action_url(text, w.company, labels[i], url, sizeof(url));
        ck_assert_msg(strchr(url, ' ') == NULL, "%s", url);
    }
    /* each link is its own token */
    {
        char a[128], b[128];
        action_token(text, w.company, "Won", a, sizeof(a));
        action_token(text, w.company, "In touch", b, sizeof(b));
        ck_assert_str_ne(a, b);
        /* the HTML part carries the same links, absolute, and no remote image */
        ck_assert(newest_reminder(w.user.email, "html", html, TEXT_CAP));
        ck_assert_ptr_nonnull(strstr(html, a));
        ck_assert_ptr_null(strstr(html, "<img"));
    }
    ck_assert_ptr_nonnull(strstr(text, "/magic?token=pcm_"));
    free(text);
    free(html);
}
END_TEST

START_TEST(check_tells_what_the_link_does_and_changes_nothing)
{
    const int64_t at = now_minute_ms() + 15 * DAY;
    struct world w;
    struct api_res res;
    char *text = malloc(TEXT_CAP), tok[128], status[32];
    int before;

    world_up(&w, "Checked", at, text, TEXT_CAP);
    action_token(text, w.company, "In touch", tok, sizeof(tok));
    before = history_count(w.lead, "lead.status_changed", NULL);
    for (int i = 0; i < 2; i++) {
        ck_assert_int_eq(act("check", tok, NULL, &res), 200);
        ck_assert_str_eq(api_json_str(&res, "action"), "in_touch");
        ck_assert_str_eq(api_json_str(&res, "leadId"), w.lead);
        ck_assert_str_eq(api_json_str(&res, "leadName"), "Ada");
        ck_assert_str_eq(api_json_str(&res, "company"), w.company);
        ck_assert_str_eq(api_json_str(&res, "dealStatus"), "scheduled");
        ck_assert_str_eq(api_json_str(&res, "applied"), "false");
        api_res_free(&res);
    }
    /* a GET does nothing either (the page itself is the browser suite's) */
    {
        struct api_res get;
        api_get(&get, "/api/v1/actions/apply");
        ck_assert_int_eq(api_status_free(&get), 405);
    }
    lead_field(w.lead, "dealStatus", status, sizeof(status));
    ck_assert_str_eq(status, "scheduled");
    sleep_ms(500);
    ck_assert_int_eq(history_count(w.lead, "lead.status_changed", NULL), before);
    /* still usable: apply does it, once, audited with source email */
    ck_assert_int_eq(act("apply", tok, NULL, &res), 200);
    ck_assert_str_eq(api_json_str(&res, "dealStatus"), "in_touch");
    ck_assert_str_eq(api_json_str(&res, "applied"), "true");
    api_res_free(&res);
    lead_field(w.lead, "dealStatus", status, sizeof(status));
    ck_assert_str_eq(status, "in_touch");
    ck_assert_int_eq(wait_history(w.lead, "lead.status_changed", "email", 1), 1);
    ck_assert_int_eq(act_status("apply", tok, NULL, "invalid_token"), 400); /* single use */
    ck_assert_int_eq(act_status("check", tok, NULL, "invalid_token"), 400);
    free(text);
}
END_TEST

START_TEST(a_transition_no_longer_allowed_is_409_naming_it)
{
    const int64_t at = now_minute_ms() + 17 * DAY;
    struct world w;
    struct api_res res;
    char *text = malloc(TEXT_CAP), won[128], touch[128], lost[128], status[32];

    world_up(&w, "Moved", at, text, TEXT_CAP);
    action_token(text, w.company, "Won", won, sizeof(won));
    action_token(text, w.company, "In touch", touch, sizeof(touch));
    action_token(text, w.company, "Lost \xe2\x80\x93 no show", lost, sizeof(lost));
    /* a member the action does not take: 422, and the link still works */
    ck_assert_int_eq(act_status("apply", won, "\"note\":\"x\"", "validation_failed"), 422);
    ck_assert_int_eq(act_status("apply", won, "\"lead\":\"x\"", "validation_failed"), 422);
    ck_assert_int_eq(act_status("apply", won, NULL, NULL), 200);
    lead_field(w.lead, "dealStatus", status, sizeof(status));
    ck_assert_str_eq(status, "won");
    /* won is final for a partner user: the other links are refused, naming the transition */
    ck_assert_int_eq(act("check", touch, NULL, &res), 409);
    ck_assert_str_eq(api_json_str(&res, "error.code"), "invalid_transition");
    ck_assert_msg(strstr(res.body, "Won") && strstr(res.body, "In Touch"), "%s", res.body);
    api_res_free(&res);
    ck_assert_int_eq(act_status("apply", touch, NULL, "invalid_transition"), 409);
    ck_assert_int_eq(act_status("apply", lost, "\"reason\":\"gone\"", "invalid_transition"), 409);
    lead_field(w.lead, "dealStatus", status, sizeof(status));
    ck_assert_str_eq(status, "won");
    free(text);
}
END_TEST

START_TEST(won_asks_the_deal_amount_of_a_percentage_partner_and_notes_need_text)
{
    const int64_t at = now_minute_ms() + 19 * DAY;
    struct world w;
    struct api_res res;
    char *text = malloc(TEXT_CAP), won[128], note[128], path[96], amount[32];

    world_up(&w, "Percent", at, text, TEXT_CAP);
    snprintf(path, sizeof(path), "/api/v1/partners/%s/billing", w.partner);
    client_call(owner_session(), "PUT", path,
                "{\"billingType\":\"percentage_of_deal\",\"billingTerms\":[{\"from\":\"2020-01\","
                "\"to\":null,\"value\":1000}]}",
                &res);
    ck_assert_msg(res.status == 200, "%ld %s", res.status, res.body);
    api_res_free(&res);
    action_token(text, w.company, "Won", won, sizeof(won));
    ck_assert_int_eq(act("check", won, NULL, &res), 200);
    ck_assert_str_eq(api_json_str(&res, "dealAmountRequired"), "true");
    api_res_free(&res);
    ck_assert_int_eq(act("apply", won, NULL, &res), 422);
    ck_assert_str_eq(api_json_str(&res, "error.details.0.field"), "dealAmount");
    api_res_free(&res);
    ck_assert_int_eq(act_status("apply", won, "\"dealAmount\":-5", "validation_failed"), 422);
    ck_assert_int_eq(act_status("apply", won, "\"dealAmount\":1250000", NULL), 200);
    lead_field(w.lead, "dealAmount", amount, sizeof(amount));
    ck_assert_str_eq(amount, "1250000");
    /* a note: its text is required, then it is the token user's note, source email */
    action_token(text, w.company, "Add a note", note, sizeof(note));
    ck_assert_int_eq(act_status("apply", note, NULL, "validation_failed"), 422);
    ck_assert_int_eq(act_status("apply", note, "\"note\":\"Called, signed on the spot\"", NULL),
                     200);
    snprintf(path, sizeof(path), "/api/v1/leads/%s/notes", w.lead);
    client_call(owner_session(), "GET", path, NULL, &res);
    ck_assert_str_eq(api_json_str(&res, "list.0.text"), "Called, signed on the spot");
    ck_assert_str_eq(api_json_str(&res, "list.0.author.id"), w.user.id);
    api_res_free(&res);
    ck_assert_int_eq(wait_history(w.lead, "lead.note_added", "email", 1), 1);
    ck_assert_int_eq(wait_history(w.lead, "lead.status_changed", "email", 1), 1);
    free(text);
}
END_TEST

START_TEST(used_expired_tampered_and_foreign_tokens_are_invalid)
{
    const int64_t at = now_minute_ms() + 23 * DAY;
    struct world w;
    char *text = malloc(TEXT_CAP), tok[128], magic[128], filter[200];
    const char *m;

    world_up(&w, "Refused", at, text, TEXT_CAP);
    action_token(text, w.company, "In touch", tok, sizeof(tok));
    tok[strlen(tok) - 1] = tok[strlen(tok) - 1] == 'A' ? 'B' : 'A';
    ck_assert_int_eq(act_status("check", tok, NULL, "invalid_token"), 400);
    ck_assert_int_eq(act_status("apply", tok, NULL, "invalid_token"), 400);
    ck_assert_int_eq(act_status("apply", "pca_short", NULL, "invalid_token"), 400);
    ck_assert_int_eq(act_status("apply", "", NULL, "validation_failed"), 422);
    /* the magic link's token is no action token */
    m = strstr(text, "/magic?token=") + strlen("/magic?token=");
    snprintf(magic, sizeof(magic), "%.*s", (int)strcspn(m, " \r\n"), m);
    ck_assert_int_eq(act_status("apply", magic, NULL, "invalid_token"), 400);
    /* expired: every action link of the user */
    action_token(text, w.company, "Won", tok, sizeof(tok));
    ck_assert_int_eq(act_status("check", tok, NULL, NULL), 200);
    snprintf(filter, sizeof(filter), "{\"user\": {\"$oid\": \"%s\"}, \"kind\": \"action\"}",
             w.user.id);
    mongo_update("link_tokens", filter,
                 "{\"$set\": {\"expiresAt\": {\"$date\": \"2026-01-01T00:00:00Z\"}}}");
    ck_assert_int_eq(act_status("check", tok, NULL, "invalid_token"), 400);
    ck_assert_int_eq(act_status("apply", tok, NULL, "invalid_token"), 400);
    free(text);
}
END_TEST

START_TEST(a_deactivated_or_moved_user_is_refused)
{
    const int64_t at = now_minute_ms() + 25 * DAY;
    struct world w;
    struct fixture_user other;
    struct session_client b = {0};
    struct api_res res;
    char *text = malloc(TEXT_CAP), note[128], touch[128], q[25], update[256], path[96];

    make_partner("Elsewhere", q);
    world_up(&w, "Gone", at, text, TEXT_CAP);
    fixture_user("user", w.partner, &other);
    action_token(text, w.company, "Add a note", note, sizeof(note));
    action_token(text, w.company, "In touch", touch, sizeof(touch));
    /* another user signed in who uses the link: it acts for the link's user, not theirs */
    ck_assert_int_eq(client_sign_in(&b, other.email, other.password), 200);
    snprintf(update, sizeof(update), "{\"token\":\"%s\",\"note\":\"via a colleague\"}", note);
    client_call(&b, "POST", "/api/v1/actions/apply", update, &res);
    ck_assert_msg(res.status == 200, "%ld %s", res.status, res.body);
    api_res_free(&res);
    snprintf(path, sizeof(path), "/api/v1/leads/%s/notes", w.lead);
    client_call(owner_session(), "GET", path, NULL, &res);
    ck_assert_str_eq(api_json_str(&res, "list.0.author.id"), w.user.id);
    api_res_free(&res);
    client_free(&b);
    /* the user moved to another partner: the lead is out of their reach */
    snprintf(update, sizeof(update), "{\"$set\": {\"partner\": {\"$oid\": \"%s\"}}}", q);
    fixture_user_update(w.user.id, update);
    sleep_ms(5500); /* the user-state cache */
    ck_assert_int_eq(act_status("check", touch, NULL, "not_found"), 404);
    ck_assert_int_eq(act_status("apply", touch, NULL, "not_found"), 404);
    /* deactivated: 403 account_deactivated */
    snprintf(update, sizeof(update), "{\"$set\": {\"partner\": {\"$oid\": \"%s\"}}}", w.partner);
    fixture_user_update(w.user.id, update);
    fixture_user_update(w.user.id, "{\"$set\": {\"isActive\": false}}");
    sleep_ms(5500);
    ck_assert_int_eq(act_status("check", touch, NULL, "account_deactivated"), 403);
    ck_assert_int_eq(act_status("apply", touch, NULL, "account_deactivated"), 403);
    free(text);
}
END_TEST

START_TEST(a_meeting_without_an_outcome_gets_held_and_no_show_links)
{
    const int64_t at = now_minute_ms() + 5 * DAY;
    struct world w;
    struct api_res res;
    char *text = malloc(TEXT_CAP), email[128], meeting[25], held[128], noshow[128], path[96];
    char item[200];

    make_partner("Outcomes", w.partner);
    client_call(owner_session(), "PATCH",
                (snprintf(path, sizeof(path), "/api/v1/partners/%s", w.partner), path),
                "{\"outcomeCutoffHours\":720}", &res);
    ck_assert_msg(res.status == 200, "%ld %s", res.status, res.body);
    api_res_free(&res);
    fixture_user("user", w.partner, &w.user);
    fresh_email("mtg", email, sizeof(email));
    make_lead(w.partner, email, NULL, w.lead);
    ck_assert_int_eq(
        log_meeting(owner_session(), w.lead, now_minute_ms() - 3 * 3600 * 1000, 30, NULL, meeting),
        201);
    ck_assert_int_eq(run_cron("daily-reminders", at - now_minute_ms(), NULL, NULL), 200);
    wait_reminder(w.user.email, "text", text, TEXT_CAP);
    snprintf(item, sizeof(item), "with %s", email);
    action_token(text, item, "Held", held, sizeof(held));
    action_token(text, item, "No-show", noshow, sizeof(noshow));
    ck_assert_int_eq(act("check", held, NULL, &res), 200);
    ck_assert_str_eq(api_json_str(&res, "action"), "held");
    ck_assert_str_eq(api_json_str(&res, "meetingId"), meeting);
    ck_assert_ptr_nonnull(api_json_str(&res, "meetingTime"));
    api_res_free(&res);
    ck_assert_int_eq(act_status("apply", held, NULL, NULL), 200);
    snprintf(path, sizeof(path), "/api/v1/meetings/%s", meeting);
    client_call(owner_session(), "GET", path, NULL, &res);
    ck_assert_str_eq(api_json_str(&res, "outcome"), "held");
    api_res_free(&res);
    ck_assert_int_eq(wait_history(w.lead, "meeting.outcome_set", "email", 1), 1);
    /* the other link of the meeting: its outcome is recorded already */
    ck_assert_int_eq(act("apply", noshow, NULL, &res), 409);
    ck_assert_ptr_nonnull(strstr(res.body, "already recorded"));
    api_res_free(&res);
    free(text);
}
END_TEST

START_TEST(a_partner_with_only_meetings_to_answer_gets_the_reminder_too)
{
    const int64_t at = now_minute_ms() + 7 * DAY;
    struct world w;
    struct api_res res;
    char *text = malloc(TEXT_CAP), email[128], meeting[25], path[96], item[200], tok[128];

    make_partner("OnlyMeetings", w.partner);
    snprintf(path, sizeof(path), "/api/v1/partners/%s", w.partner);
    client_call(owner_session(), "PATCH", path, "{\"outcomeCutoffHours\":720}", &res);
    ck_assert_int_eq(api_status_free(&res), 200);
    fixture_user("user", w.partner, &w.user);
    fresh_email("won", email, sizeof(email));
    make_lead(w.partner, email, NULL, w.lead);
    ck_assert_int_eq(
        log_meeting(owner_session(), w.lead, now_minute_ms() - 3 * 3600 * 1000, 30, NULL, meeting),
        201);
    ck_assert_int_eq(set_status(owner_session(), w.lead, "{\"status\":\"won\"}"), 200);
    ck_assert_int_eq(run_cron("daily-reminders", at - now_minute_ms(), NULL, NULL), 200);
    wait_reminder(w.user.email, "subject", text, TEXT_CAP);
    ck_assert_str_eq(text, "1 meeting needs an outcome");
    newest_reminder(w.user.email, "text", text, TEXT_CAP);
    ck_assert_ptr_null(strstr(text, "still wait for an update")); /* no lead listed */
    snprintf(item, sizeof(item), "with %s", email);
    action_token(text, item, "No-show", tok, sizeof(tok));
    ck_assert_int_eq(act_status("apply", tok, NULL, NULL), 200);
    snprintf(path, sizeof(path), "/api/v1/meetings/%s", meeting);
    client_call(owner_session(), "GET", path, NULL, &res);
    ck_assert_str_eq(api_json_str(&res, "outcome"), "no_show");
    api_res_free(&res);
    free(text);
}
END_TEST

START_TEST(the_cleanup_purges_used_and_expired_tokens)
{
    struct fixture_user reset, invited, kept;
    struct err err = ERR_INIT;
    struct api_res res;
    bson_oid_t id;
    char hex[25], filter[200], hash[80];
    const int64_t now = now_minute_ms();
    long long n = -1;
    bson_t *doc;

    fixture_user("user", NULL, &reset);
    fixture_user("user", NULL, &invited);
    fixture_user("user", NULL, &kept);
    fixture_user_update(reset.id, "{\"$set\": {\"resetTokenHash\": \"x\", \"resetExpiresAt\": "
                                  "{\"$date\": \"2026-01-01T00:00:00Z\"}}}");
    fixture_user_update(invited.id, "{\"$set\": {\"inviteTokenHash\": \"y\", \"inviteExpiresAt\": "
                                    "{\"$date\": \"2026-01-01T00:00:00Z\"}}}");
    fixture_user_update(kept.id, "{\"$set\": {\"resetTokenHash\": \"z\", \"resetExpiresAt\": "
                                 "{\"$date\": \"2099-01-01T00:00:00Z\"}}}");
    /* a used action link that has not expired yet */
    bson_oid_init(&id, NULL);
    bson_oid_to_string(&id, hex);
    snprintf(hash, sizeof(hash), "test-used-%s", hex);
    doc = BCON_NEW("_id", BCON_OID(&id), "hash", BCON_UTF8(hash), "kind", BCON_UTF8("action"),
                   "createdAt", BCON_DATE_TIME(now - 60000), "expiresAt", BCON_DATE_TIME(now + DAY),
                   "usedAt", BCON_DATE_TIME(now - 60000));
    ck_assert_msg(store_insert_one(stack_app()->db, "link_tokens", doc, &err), "%s", err.cause);
    bson_destroy(doc);
    ck_assert_int_eq(run_cron("purge-expired", 0, "usedLinkTokens", &n), 200);
    ck_assert_int_ge(n, 1);
    snprintf(filter, sizeof(filter), "{\"_id\": {\"$oid\": \"%s\"}}", hex);
    ck_assert_int_eq(mongo_count("link_tokens", filter), 0);
    snprintf(filter, sizeof(filter), "{\"_id\": {\"$oid\": \"%s\"}, \"resetTokenHash\": null}",
             reset.id);
    ck_assert_int_eq(mongo_count("users", filter), 1);
    snprintf(filter, sizeof(filter), "{\"_id\": {\"$oid\": \"%s\"}, \"inviteTokenHash\": null}",
             invited.id);
    ck_assert_int_eq(mongo_count("users", filter), 1);
    snprintf(filter, sizeof(filter), "{\"_id\": {\"$oid\": \"%s\"}, \"resetTokenHash\": \"z\"}",
             kept.id);
    ck_assert_int_eq(mongo_count("users", filter), 1); /* not expired: kept */
    /* the figures are in the run record */
    client_call(owner_session(), "GET", "/api/v1/admin/cron-runs?job=purge-expired&perPage=1", NULL,
                &res);
    ck_assert_int_eq(res.status, 200);
    ck_assert_ptr_nonnull(api_json_str(&res, "list.0.counts.resetTokens"));
    ck_assert_ptr_nonnull(api_json_str(&res, "list.0.counts.inviteTokens"));
    ck_assert_ptr_nonnull(api_json_str(&res, "list.0.counts.usedLinkTokens"));
    api_res_free(&res);
}
END_TEST

Suite *
suite_lead_actions(void)
{
    Suite *s = suite_create("lead_actions");
    TCase *tc = tcase_create("lead_actions");

    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, the_reminder_links_every_action_of_every_lead);
    tcase_add_test(tc, check_tells_what_the_link_does_and_changes_nothing);
    tcase_add_test(tc, a_transition_no_longer_allowed_is_409_naming_it);
    tcase_add_test(tc, won_asks_the_deal_amount_of_a_percentage_partner_and_notes_need_text);
    tcase_add_test(tc, used_expired_tampered_and_foreign_tokens_are_invalid);
    tcase_add_test(tc, a_deactivated_or_moved_user_is_refused);
    tcase_add_test(tc, a_meeting_without_an_outcome_gets_held_and_no_show_links);
    tcase_add_test(tc, a_partner_with_only_meetings_to_answer_gets_the_reminder_too);
    tcase_add_test(tc, the_cleanup_purges_used_and_expired_tokens);
    suite_add_tcase(s, tc);
    return s;
}
