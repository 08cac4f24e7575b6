/* test_lead_search.c - search= by the start of any word: a last name, the parts of an e-mail's
 * domain, a word inside a company's name, a phone's digits; in leads and users; within reach;
 * kept up to date by an edit */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "db/db.h"
#include "domain.h"
#include "domain/setup.h"
#include "stack_access.h"

/* the total of GET path as c */
static int
total(struct session_client *c, const char *path)
{
    struct api_res res;
    json_object *meta;
    int n = -1;

    ck_assert(client_call(c, "GET", path, NULL, &res));
    ck_assert_msg(res.status == 200, "%s: %ld %s", path, res.status, res.body);
    if (json_object_object_get_ex(res.json, "meta", &meta))
        n = json_object_get_int(json_object_object_get(meta, "total"));
    api_res_free(&res);
    return n;
}

/* leads of partner matching search (percent-encoded here) as c */
static int
leads_found(struct session_client *c, const char *partner, const char *search)
{
    char filter[128], enc_f[384], enc_s[256], path[1024];

    snprintf(filter, sizeof(filter),
             "[{\"column\":\"partner\",\"operator\":\"eq\",\"value\":\"%s\"}]", partner);
    url_json(filter, enc_f, sizeof(enc_f));
    url_json(search, enc_s, sizeof(enc_s));
    snprintf(path, sizeof(path), "/api/v1/leads?filter=%s&search=%s", enc_f, enc_s);
    return total(c, path);
}

START_TEST(search_finds_the_start_of_any_word)
{
    char partner[25], id[25], email[160];
    int pid = (int)getpid();

    make_partner("Word search", partner);
    snprintf(email, sizeof(email), "anna.keller%d@helix-saas.bluefin.example", pid);
    make_lead(partner, email,
              "\"firstName\":\"Anna\",\"lastName\":\"Keller\",\"company\":\"Nordlicht Systeme "
              "GmbH\",\"phone\":\"+49 30 1234567\"",
              id);
    snprintf(email, sizeof(email), "bo%d@other.example", pid);
    make_lead(partner, email,
              "\"firstName\":\"Bo\",\"lastName\":\"Kellerman\",\"company\":\"Acme Ltd\"", id);
    struct session_client *o = owner_session();
    ck_assert_int_eq(leads_found(o, partner, "Keller"), 2); /* a last name, and a longer one */
    ck_assert_int_eq(leads_found(o, partner, "kellerm"), 1);
    ck_assert_int_eq(leads_found(o, partner, "helix-saas"), 1); /* e-mail domain parts */
    ck_assert_int_eq(leads_found(o, partner, "bluefin"), 1);
    ck_assert_int_eq(leads_found(o, partner, "GmbH"), 1); /* a word inside the company */
    ck_assert_int_eq(leads_found(o, partner, "syst"), 1);
    ck_assert_int_eq(leads_found(o, partner, "+49"), 1); /* phone digits */
    ck_assert_int_eq(leads_found(o, partner, "4930123"), 1);
    ck_assert_int_eq(leads_found(o, partner, "Anna Keller"), 1); /* every word must match */
    ck_assert_int_eq(leads_found(o, partner, "eller"), 0);       /* a start, not anywhere */
    ck_assert_int_eq(leads_found(o, partner, "@-."), 0);         /* no word: nothing */
    ck_assert_int_eq(leads_found(o, partner, ".*"), 0);          /* no regex */
}
END_TEST

START_TEST(search_follows_an_edit_and_stays_within_reach)
{
    struct partner_user pu;
    char other[25], id[25], email[160], path[128], body[128];
    struct api_res res;
    int pid = (int)getpid();

    fixture_partner_user(&pu, "user");
    make_partner("Word search other", other);
    snprintf(email, sizeof(email), "first%d@quokka%d.example", pid, pid);
    make_lead(pu.partner, email, "\"lastName\":\"Brandt\"", id);
    snprintf(email, sizeof(email), "second%d@quokka%d.example", pid, pid);
    make_lead(other, email, "\"lastName\":\"Brandt\"", path);
    snprintf(path, sizeof(path), "/api/v1/leads/%s", id);
    snprintf(body, sizeof(body), "{\"lastName\":\"Zimmermann%d\",\"company\":\"Ostwind AG\"}", pid);
    ck_assert(client_call(owner_session(), "PATCH", path, body, &res));
    ck_assert_int_eq(res.status, 200);
    api_res_free(&res);
    snprintf(body, sizeof(body), "zimmermann%d", pid);
    ck_assert_int_eq(leads_found(owner_session(), pu.partner, body), 1);
    ck_assert_int_eq(leads_found(owner_session(), pu.partner, "ostwind"), 1);
    ck_assert_int_eq(leads_found(owner_session(), pu.partner, "brandt"), 0); /* the old name */
    /* the partner's user finds its lead by the domain, never the other partner's */
    snprintf(body, sizeof(body), "/api/v1/leads?search=quokka%d", pid);
    ck_assert_int_eq(total(&pu.client, body), 1);
    ck_assert_int_eq(total(owner_session(), body), 2);
}
END_TEST

START_TEST(user_search_finds_any_word_of_name_and_email)
{
    char partner[25], path[256];
    struct api_res res;
    int pid = (int)getpid();
    char body[256];

    make_partner("User word search", partner);
    snprintf(body, sizeof(body),
             "{\"email\":\"j.schreiber%d@falcon-crm.example\",\"role\":\"user\",\"partner\":\"%s\","
             "\"name\":\"Julia Schreiber\"}",
             pid, partner);
    ck_assert(client_call(owner_session(), "POST", "/api/v1/users", body, &res));
    ck_assert_msg(res.status == 201, "%ld %s", res.status, res.body);
    api_res_free(&res);
    const char *words[] = {"Schreiber", "julia", "falcon", "crm"};
    for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
        snprintf(path, sizeof(path),
                 "/api/v1/users?search=%s&filter=%%5B%%7B%%22column%%22%%3A%%22partner%%22%%2C%%22"
                 "operator%%22%%3A%%22eq%%22%%2C%%22value%%22%%3A%%22%s%%22%%7D%%5D",
                 words[i], partner);
        ck_assert_msg(total(owner_session(), path) == 1, "%s", words[i]);
    }
}
END_TEST

START_TEST(setup_gives_old_leads_their_terms)
{
    char partner[25], email[128];
    bson_oid_t oid, p;
    bson_error_t error;
    struct err err = ERR_INIT;
    long n = 0;
    bson_t *doc;

    make_partner("Word search backfill", partner);
    snprintf(email, sizeof(email), "old%d@wombat-legacy.example", (int)getpid());
    bson_oid_init(&oid, NULL);
    bson_oid_init_from_string(&p, partner);
    /* a lead as the app wrote it before the terms: no searchTerms */
    doc = BCON_NEW("_id", BCON_OID(&oid), "email", BCON_UTF8(email), "partner", BCON_OID(&p),
                   "partnerName", BCON_UTF8("Backfill"), "dealStatus", BCON_UTF8("new"), "lastName",
                   BCON_UTF8("Oldfield"), "scheduledDate", BCON_NULL, "source", BCON_UTF8("manual"),
                   "archivedAt", BCON_NULL, "createdAt", BCON_DATE_TIME(0), "updatedAt",
                   BCON_DATE_TIME(0));
    ck_assert_msg(mongoc_collection_insert_one(db_collection(stack_app()->db, "leads"), doc, NULL,
                                               NULL, &error),
                  "%s", error.message);
    fixture_count_lead(doc); /* as the app counted it then: the recount suite finds no drift */
    bson_destroy(doc);
    ck_assert_int_eq(leads_found(owner_session(), partner, "oldfield"), 0);
    ck_assert(setup_search_terms(stack_app(), &n, &err)); /* what pc-api --setup runs */
    ck_assert(n >= 1);
    ck_assert_int_eq(leads_found(owner_session(), partner, "oldfield"), 1);
    ck_assert_int_eq(leads_found(owner_session(), partner, "wombat"), 1);
    ck_assert(setup_search_terms(stack_app(), &n, &err)); /* once: nothing left to do */
    ck_assert_int_eq(n, 0);
}
END_TEST

Suite *
suite_lead_search(void)
{
    Suite *s = suite_create("lead_search");
    TCase *tc = tcase_create("words");

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, search_finds_the_start_of_any_word);
    tcase_add_test(tc, search_follows_an_edit_and_stays_within_reach);
    tcase_add_test(tc, user_search_finds_any_word_of_name_and_email);
    tcase_add_test(tc, setup_gives_old_leads_their_terms);
    suite_add_tcase(s, tc);
    return s;
}
