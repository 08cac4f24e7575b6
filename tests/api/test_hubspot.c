/* test_hubspot.c - HubSpot webhooks through nginx: a signed batch changes leads; stale, tampered
 * and wrongly signed deliveries are 401; a repeated eventId has one effect; out of order, the
 * newest value wins; unknown contacts change nothing; deletions anonymise; creations under the
 * lifecycle rule make leads (the contact read from the WireMock stand-in); nginx caps the body */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain.h"
#include "stack_access.h"
#include "webhook_client.h"

#define WAIT_MS 20000

/* a lead of partner linked to HubSpot contact `contact` */
static void
contact_lead(const char *partner, long long contact, char email[128], char id[25])
{
    char extra[96];

    fresh_email("hs", email, 128);
    snprintf(extra, sizeof(extra), "\"hubspotContactId\":\"%lld\",\"firstName\":\"Before\"",
             contact);
    make_lead(partner, email, extra, id);
}

/* post a batch (JSON text of the events, without brackets), expect 200, wait for its verdict */
static json_object *
deliver(const char *events, const char *want_status)
{
    char *body = malloc(strlen(events) + 3), status[32];
    struct api_res res;
    json_object *entry;

    sprintf(body, "[%s]", events);
    hubspot_post(&res, body, NULL, 0, false);
    ck_assert_msg(res.status == 200, "%ld %s", res.status, res.body);
    ck_assert_str_eq(api_json_str(&res, "received"), "true");
    entry = inbox_wait(api_json_str(&res, "id"), status, sizeof(status), WAIT_MS);
    ck_assert_msg(entry != NULL, "no verdict on delivery %s", api_json_str(&res, "id"));
    ck_assert_msg(strcmp(status, want_status) == 0, "%s: %s", status,
                  json_object_to_json_string(entry));
    api_res_free(&res);
    free(body);
    return entry;
}

static const char *
entry_str(json_object *entry, const char *key)
{
    json_object *v;

    return json_object_object_get_ex(entry, key, &v) ? json_object_get_string(v) : "";
}

/* poll the lead's history until n events of action (and source) are there */
static bool
wait_history(const char *lead, const char *action, const char *source, int n)
{
    for (int waited = 0; waited < WAIT_MS; waited += 200) {
        if (history_count(lead, action, source) >= n)
            return history_count(lead, action, source) == n;
        sleep_ms(200);
    }
    return false;
}

START_TEST(a_signed_batch_changes_the_lead)
{
    char p[25], email[128], id[25], got[64], e1[400], e2[400], e3[400], all[1300];
    long long contact = unique_number(), now = wall_ms();
    json_object *entry;

    make_partner("HubSpot", p);
    contact_lead(p, contact, email, id);
    property_event(e1, sizeof(e1), unique_number(), contact, now, "firstname", "Ada");
    property_event(e2, sizeof(e2), unique_number(), contact, now, "company_size_new", "11-50");
    property_event(e3, sizeof(e3), unique_number(), contact, now, "hs_analytics_source", "x");
    snprintf(all, sizeof(all), "%s,%s,%s", e1, e2, e3);
    entry = deliver(all, "processed");
    ck_assert_ptr_nonnull(strstr(entry_str(entry, "summary"), "3 events: 2 applied"));
    ck_assert_str_eq(entry_str(entry, "provider"), "hubspot");
    json_object_put(entry);
    lead_field(id, "firstName", got, sizeof(got));
    ck_assert_str_eq(got, "Ada");
    lead_field(id, "companySize", got, sizeof(got));
    ck_assert_str_eq(got, "11-50");
    ck_assert(wait_history(id, "lead.updated", "hubspot", 1));
}
END_TEST

START_TEST(stale_tampered_and_wrongly_signed_deliveries_are_401)
{
    char p[25], email[128], id[25], got[64], e[400], body[500];
    long long contact = unique_number(), now = wall_ms();
    struct api_res res;

    make_partner("HubSpot", p);
    contact_lead(p, contact, email, id);
    property_event(e, sizeof(e), unique_number(), contact, now, "firstname", "Mallory");
    snprintf(body, sizeof(body), "[%s]", e);
    hubspot_post(&res, body, NULL, now - 6 * 60 * 1000, false); /* 6 minutes old */
    ck_assert_int_eq(res.status, 401);
    ck_assert_str_eq(api_json_str(&res, "error.code"), "unauthenticated");
    api_res_free(&res);
    hubspot_post(&res, body, NULL, now + 6 * 60 * 1000, false); /* from the future */
    ck_assert_int_eq(api_status_free(&res), 401);
    hubspot_post(&res, body, NULL, 0, true); /* the body changed after signing */
    ck_assert_int_eq(api_status_free(&res), 401);
    hubspot_post(&res, body, "not-the-app-secret", 0, false);
    ck_assert_int_eq(api_status_free(&res), 401);
    const char *headers[] = {"Content-Type: application/json", NULL};
    struct api_opts opts = {.headers = headers, .body = body};
    api_call(&res, "POST", "/api/v1/webhooks/hubspot", &opts); /* no signature at all */
    ck_assert_int_eq(api_status_free(&res), 401);
    sleep_ms(1500); /* nothing was queued: nothing changes */
    lead_field(id, "firstName", got, sizeof(got));
    ck_assert_str_eq(got, "Before");
}
END_TEST

START_TEST(a_repeated_event_id_has_one_effect)
{
    char p[25], email[128], id[25], got[64], e[400];
    long long contact = unique_number(), event = unique_number(), now = wall_ms();
    json_object *entry;

    make_partner("HubSpot", p);
    contact_lead(p, contact, email, id);
    property_event(e, sizeof(e), event, contact, now, "firstname", "First");
    json_object_put(deliver(e, "processed"));
    /* HubSpot delivers the same event again (here with another value, to see any effect) */
    property_event(e, sizeof(e), event, contact, now + 1, "firstname", "Second");
    entry = deliver(e, "ignored");
    ck_assert_ptr_nonnull(strstr(entry_str(entry, "summary"), "1 duplicate"));
    json_object_put(entry);
    lead_field(id, "firstName", got, sizeof(got));
    ck_assert_str_eq(got, "First");
    ck_assert(wait_history(id, "lead.updated", "hubspot", 1));
}
END_TEST

START_TEST(out_of_order_events_the_newest_wins)
{
    char p[25], email[128], id[25], got[64], e1[400], e2[400], e3[400], both[1300];
    long long contact = unique_number(), t = wall_ms();
    json_object *entry;

    make_partner("HubSpot", p);
    contact_lead(p, contact, email, id);
    property_event(e1, sizeof(e1), unique_number(), contact, t + 2000, "lastname", "Newer");
    json_object_put(deliver(e1, "processed"));
    /* an older change of lastname arrives later: stale. In one batch, a newer jobtitle listed
     * before an older one: ordered by occurredAt */
    property_event(e1, sizeof(e1), unique_number(), contact, t + 1000, "lastname", "Older");
    property_event(e2, sizeof(e2), unique_number(), contact, t + 900, "jobtitle", "New");
    property_event(e3, sizeof(e3), unique_number(), contact, t + 500, "jobtitle", "Old");
    snprintf(both, sizeof(both), "%s,%s,%s", e1, e2, e3);
    entry = deliver(both, "processed");
    ck_assert_ptr_nonnull(strstr(entry_str(entry, "summary"), "1 stale"));
    json_object_put(entry);
    lead_field(id, "lastName", got, sizeof(got));
    ck_assert_str_eq(got, "Newer");
    lead_field(id, "jobTitle", got, sizeof(got));
    ck_assert_str_eq(got, "New");
}
END_TEST

START_TEST(an_unknown_contact_changes_nothing)
{
    char e[400], filter[96];
    long long contact = unique_number();
    json_object *entry;

    property_event(e, sizeof(e), unique_number(), contact, wall_ms(), "firstname", "Nobody");
    entry = deliver(e, "ignored");
    ck_assert_ptr_nonnull(strstr(entry_str(entry, "summary"), "1 ignored"));
    json_object_put(entry);
    snprintf(filter, sizeof(filter), "{\"hubspotContactId\":\"%lld\"}", contact);
    ck_assert_int_eq(mongo_count("leads", filter), 0);
}
END_TEST

START_TEST(a_deleted_contact_is_anonymised_and_keeps_its_billing_facts)
{
    char p[25], email[128], id[25], got[128], e[400], path[96];
    struct api_res res;
    long long contact = unique_number();

    make_partner("HubSpot", p);
    snprintf(path, sizeof(path), "/api/v1/partners/%s/billing", p); /* a ledger line to erase */
    client_call(owner_session(), "PUT", path,
                "{\"billingType\":\"qualified_lead\",\"billingTerms\":[{\"from\":\"2020-01\","
                "\"to\":null,\"value\":100}]}",
                &res);
    ck_assert_int_eq(api_status_free(&res), 200);
    contact_lead(p, contact, email, id);
    ck_assert_int_eq(set_status(owner_session(), id, "{\"status\":\"in_touch\"}"), 200);
    snprintf(e, sizeof(e),
             "{\"eventId\":%lld,\"subscriptionId\":9,\"portalId\":62515,\"occurredAt\":%lld,"
             "\"subscriptionType\":\"contact.privacyDeletion\",\"attemptNumber\":0,"
             "\"objectId\":%lld}",
             unique_number(), wall_ms(), contact);
    json_object_put(deliver(e, "processed"));
    lead_field(id, "email", got, sizeof(got));
    ck_assert_msg(strncmp(got, "erased-", 7) == 0 && strstr(got, "@anonymised.invalid"), "%s", got);
    lead_field(id, "firstName", got, sizeof(got));
    ck_assert_str_eq(got, "");
    lead_field(id, "dealStatus", got, sizeof(got));
    ck_assert_str_eq(got, "in_touch");
    lead_field(id, "partner", got, sizeof(got));
    ck_assert_str_eq(got, p);
    lead_field(id, "anonymisedAt", got, sizeof(got));
    ck_assert_str_ne(got, "");
    ck_assert(wait_history(id, "lead.anonymised", "hubspot", 1));
    snprintf(path, sizeof(path), "/api/v1/partners/%s/ledger", p); /* the charge stays, unnamed */
    client_call(owner_session(), "GET", path, NULL, &res);
    ck_assert_str_eq(api_json_str(&res, "list.0.amount"), "100");
    ck_assert_ptr_null(strstr(res.body, email));
    api_res_free(&res);
    /* what HubSpot says of the contact afterwards writes nothing personal again */
    property_event(e, sizeof(e), unique_number(), contact, wall_ms() + 10, "firstname", "Back");
    json_object_put(deliver(e, "ignored"));
    lead_field(id, "firstName", got, sizeof(got));
    ck_assert_str_eq(got, "");
}
END_TEST

/* a stub of GET .../contacts/<id> answering the contact's properties */
static void
contact_stub(long long contact, const char *email, const char *stage, const char *type,
             char mapping[64])
{
    char json[1200];

    snprintf(json, sizeof(json),
             "{\"priority\":1,\"request\":{\"method\":\"GET\",\"urlPath\":"
             "\"/hubspot/crm/v3/objects/contacts/%lld\",\"headers\":{\"Authorization\":"
             "{\"equalTo\":\"Bearer %s\"}}},\"response\":{\"status\":200,\"headers\":"
             "{\"Content-Type\":\"application/json\"},\"jsonBody\":{\"id\":\"%lld\","
             "\"properties\":{\"email\":\"%s\",\"firstname\":\"Cleo\",\"company\":\"Crm Co\","
             "\"lifecyclestage\":\"%s\",\"meeting_type_cp__c\":\"%s\"},\"archived\":false}}}",
             contact, harness_env("HUBSPOT_ACCESS_TOKEN"), contact, email, stage, type);
    wiremock_mapping(json, mapping);
}

START_TEST(a_created_contact_becomes_a_lead_when_the_lifecycle_rule_matches)
{
    char p[25], type[48], email[128], other[128], e[600], filter[400], m1[64], m2[64];
    long long sql = unique_number(), cold = unique_number();

    snprintf(type, sizeof(type), "mt-%lld", sql);
    make_partner_typed("HubSpot routed", type, p);
    fresh_email("created", email, sizeof(email));
    fresh_email("cold", other, sizeof(other));
    contact_stub(sql, email, "salesqualifiedlead", type, m1);
    contact_stub(cold, other, "lead", type, m2);
    snprintf(e, sizeof(e),
             "{\"eventId\":%lld,\"occurredAt\":%lld,\"subscriptionType\":\"contact.creation\","
             "\"objectId\":%lld,\"changeFlag\":\"CREATED\"},{\"eventId\":%lld,\"occurredAt\":%lld,"
             "\"subscriptionType\":\"contact.creation\",\"objectId\":%lld}",
             unique_number(), wall_ms(), sql, unique_number(), wall_ms(), cold);
    json_object_put(deliver(e, "processed"));
    snprintf(filter, sizeof(filter),
             "{\"email\":\"%s\",\"hubspotContactId\":\"%lld\",\"source\":\"hubspot\","
             "\"firstName\":\"Cleo\",\"partner\":{\"$oid\":\"%s\"}}",
             email, sql, p);
    ck_assert_int_eq(mongo_count("leads", filter), 1);
    snprintf(filter, sizeof(filter), "{\"email\":\"%s\"}", other); /* not a sales lead yet */
    ck_assert_int_eq(mongo_count("leads", filter), 0);
    wiremock_unmap(m1);
    wiremock_unmap(m2);
}
END_TEST

START_TEST(a_body_over_the_cap_is_413_from_nginx)
{
    size_t len = 2 * 1024 * 1024;
    char *body = malloc(len + 1), rid[64];
    const char *headers[] = {"Content-Type: application/json", NULL};
    struct api_opts opts = {.headers = headers, .body = body, .body_len = len};
    struct api_res res;

    memset(body, ' ', len);
    body[0] = '[';
    body[len - 1] = ']';
    body[len] = '\0';
    api_call(&res, "POST", "/api/v1/webhooks/hubspot", &opts);
    ck_assert_int_eq(res.status, 413);
    ck_assert_str_eq(api_json_str(&res, "error.code"), "payload_too_large");
    ck_assert(!api_header(&res, "X-Request-Id", rid, sizeof(rid))); /* nginx, not pc-api */
    api_res_free(&res);
    free(body);
}
END_TEST

START_TEST(a_body_that_is_no_batch_is_400)
{
    struct api_res res;

    hubspot_post(&res, "{\"eventId\":1}", NULL, 0, false);
    ck_assert_int_eq(res.status, 400);
    ck_assert_str_eq(api_json_str(&res, "error.code"), "bad_json");
    api_res_free(&res);
    hubspot_post(&res, "[1,2]", NULL, 0, false);
    ck_assert_int_eq(api_status_free(&res), 400);
}
END_TEST

Suite *
suite_hubspot(void)
{
    Suite *s = suite_create("hubspot");
    TCase *tc = tcase_create("webhooks");

    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, a_signed_batch_changes_the_lead);
    tcase_add_test(tc, stale_tampered_and_wrongly_signed_deliveries_are_401);
    tcase_add_test(tc, a_repeated_event_id_has_one_effect);
    tcase_add_test(tc, out_of_order_events_the_newest_wins);
    tcase_add_test(tc, an_unknown_contact_changes_nothing);
    tcase_add_test(tc, a_deleted_contact_is_anonymised_and_keeps_its_billing_facts);
    tcase_add_test(tc, a_created_contact_becomes_a_lead_when_the_lifecycle_rule_matches);
    tcase_add_test(tc, a_body_over_the_cap_is_413_from_nginx);
    tcase_add_test(tc, a_body_that_is_no_batch_is_400);
    suite_add_tcase(s, tc);
    suite_add_tcase(s, tcase_hubspot_sync());
    suite_add_tcase(s, tcase_integrations());
    return s;
}
