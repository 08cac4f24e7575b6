/* test_leads.c - leads through the API: table queries (pagination, every sort column both ways,
 * every filter operator, search), writes, reach (IDOR) and bad input */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/oid.h"
#include "db/db.h"
#include "db/store.h"
#include "domain.h"
#include "stack_access.h"

#define SEEDS 12

struct seed {
    char partner[25];
    char ids[SEEDS][25];
    char emails[SEEDS][128];
};

static const char *const companies[] = {"Acme", "Bolt", "Crane", "Delta"};
static const char *const managers[] = {"Ann", "Bob", "Cid"};

/* twelve leads on a fresh partner: companies, managers (a quarter without), statuses and
 * meetings at different days */
static void
fixture_seed(struct seed *s)
{
    char extra[256], ext[96];
    int64_t now = (int64_t)time(NULL) * 1000;

    make_partner("Seeded", s->partner);
    for (int i = 0; i < SEEDS; i++) {
        snprintf(s->emails[i], sizeof(s->emails[i]), "seed%02d-%d-%ld@list.test", i, (int)getpid(),
                 (long)time(NULL));
        if (i % 4 == 3)
            snprintf(extra, sizeof(extra), "\"company\":\"%s %d\"", companies[i % 4], i);
        else
            snprintf(extra, sizeof(extra), "\"company\":\"%s %d\",\"salesManager\":\"%s\"",
                     companies[i % 4], i, managers[i % 3]);
        make_lead(s->partner, s->emails[i], extra, s->ids[i]);
    }
    for (int i = 0; i < 6; i++) { /* meetings at now - i days for the first six */
        snprintf(ext, sizeof(ext), "seed-%s", s->ids[i]);
        fixture_booking(ext, s->emails[i], s->partner, now - (int64_t)i * 86400000, false);
    }
    ck_assert_int_eq(set_status(owner_session(), s->ids[7], "{\"status\":\"in_touch\"}"), 200);
    ck_assert_int_eq(set_status(owner_session(), s->ids[8], "{\"status\":\"lost_no_show\"}"), 200);
}

/* GET /leads with the seed's partner filter plus more filter items, sort, page, perPage */
static json_object *
query(const struct seed *s, const char *more_filter, const char *sort, int page, int per_page,
      const char *search, long want_status)
{
    char filter[1024], enc_f[3072], enc_s[512] = "", path[4096];
    struct api_res res;
    json_object *out;

    snprintf(filter, sizeof(filter),
             "[{\"column\":\"partner\",\"operator\":\"eq\",\"value\":\"%s\"}%s%s]", s->partner,
             more_filter ? "," : "", more_filter ? more_filter : "");
    url_json(filter, enc_f, sizeof(enc_f));
    if (sort != NULL)
        url_json(sort, enc_s, sizeof(enc_s));
    snprintf(path, sizeof(path), "/api/v1/leads?filter=%s&page=%d&perPage=%d%s%s%s%s", enc_f, page,
             per_page, sort ? "&sort=" : "", enc_s, search ? "&search=" : "", search ? search : "");
    client_call(owner_session(), "GET", path, NULL, &res);
    ck_assert_msg(res.status == want_status, "%s -> %ld %s", path, res.status, res.body);
    out = res.json ? json_object_get(res.json) : NULL;
    api_res_free(&res);
    return out;
}

static int
total_of(json_object *page)
{
    return json_object_get_int(
        json_object_object_get(json_object_object_get(page, "meta"), "total"));
}

static json_object *
list_of(json_object *page)
{
    return json_object_object_get(page, "list");
}

START_TEST(lead_lists_page_without_overlap)
{
    struct seed s;
    char seen[SEEDS][25];
    int n = 0;

    fixture_seed(&s);
    for (int page = 0; page < 3; page++) {
        json_object *p = query(&s, NULL, NULL, page, 5, NULL, 200);
        ck_assert_int_eq(total_of(p), SEEDS);
        ck_assert_int_eq(json_object_array_length(list_of(p)), page < 2 ? 5 : 2);
        for (size_t i = 0; i < json_object_array_length(list_of(p)); i++) {
            const char *id = json_object_get_string(
                json_object_object_get(json_object_array_get_idx(list_of(p), i), "id"));
            for (int k = 0; k < n; k++)
                ck_assert_str_ne(seen[k], id);
            snprintf(seen[n++], 25, "%s", id);
        }
        json_object_put(p);
    }
    ck_assert_int_eq(n, SEEDS);
    json_object_put(query(&s, NULL, NULL, 0, 201, NULL, 422));
    json_object_put(query(&s, NULL, NULL, -1, 5, NULL, 422));
}
END_TEST

/* a page of 200 (the largest) comes back whole: one batch must hold it, not the server's
 * default first batch of 101 documents */
START_TEST(the_largest_page_comes_back_whole)
{
    struct seed s;
    bson_oid_t partner, oid;
    bson_error_t error;
    bson_t *docs[205];
    const bson_t *cdocs[205];
    char email[96];
    int64_t now = (int64_t)time(NULL) * 1000;

    make_partner("Big page", s.partner);
    bson_oid_init_from_string(&partner, s.partner);
    for (int i = 0; i < 205; i++) {
        bson_oid_init(&oid, NULL);
        snprintf(email, sizeof(email), "big%03d-%d-%ld@list.test", i, (int)getpid(),
                 (long)time(NULL));
        docs[i] = BCON_NEW("_id", BCON_OID(&oid), "email", BCON_UTF8(email), "partner",
                           BCON_OID(&partner), "partnerName", BCON_UTF8("Big page"), "dealStatus",
                           BCON_UTF8("new"), "scheduledDate", BCON_NULL, "source",
                           BCON_UTF8("manual"), "archivedAt", BCON_NULL, "createdAt",
                           BCON_DATE_TIME(now), "updatedAt", BCON_DATE_TIME(now));
        cdocs[i] = docs[i];
    }
    ck_assert_msg(mongoc_collection_insert_many(db_collection(stack_app()->db, "leads"), cdocs, 205,
                                                NULL, NULL, &error),
                  "%s", error.message);
    for (int i = 0; i < 205; i++) {
        fixture_count_lead(docs[i]); /* as the API counts each lead it writes */
        bson_destroy(docs[i]);
    }
    json_object *p = query(&s, NULL, NULL, 0, 200, NULL, 200);
    ck_assert_int_eq(total_of(p), 205);
    ck_assert_int_eq(json_object_array_length(list_of(p)), 200);
    json_object_put(p);
    p = query(&s, NULL, NULL, 1, 200, NULL, 200);
    ck_assert_int_eq(json_object_array_length(list_of(p)), 5);
    json_object_put(p);
}
END_TEST

/* compare two JSON values of one column: strings lexically, nulls first */
static int
cmp_values(json_object *a, json_object *b)
{
    if (a == NULL || b == NULL)
        return (a != NULL) - (b != NULL);
    return strcmp(json_object_get_string(a), json_object_get_string(b));
}

START_TEST(every_sort_column_sorts_both_ways)
{
    static const char *const columns[] = {"id",           "email",      "company",
                                          "salesManager", "dealStatus", "scheduledDate",
                                          "createdAt",    "updatedAt"};
    struct seed s;
    char sort[128];

    fixture_seed(&s);
    for (size_t c = 0; c < sizeof(columns) / sizeof(columns[0]); c++) {
        for (int dir = 0; dir < 2; dir++) {
            snprintf(sort, sizeof(sort), "[{\"column\":\"%s\",\"direction\":\"%s\"}]", columns[c],
                     dir ? "desc" : "asc");
            json_object *p = query(&s, NULL, sort, 0, 50, NULL, 200), *list = list_of(p);
            ck_assert_int_eq(json_object_array_length(list), SEEDS);
            for (size_t i = 1; i < json_object_array_length(list); i++) {
                json_object *prev =
                    json_object_object_get(json_object_array_get_idx(list, i - 1), columns[c]);
                json_object *cur =
                    json_object_object_get(json_object_array_get_idx(list, i), columns[c]);
                int order = cmp_values(prev, cur);
                ck_assert_msg(dir ? order >= 0 : order <= 0, "%s %s: row %zu out of order",
                              columns[c], dir ? "desc" : "asc", i);
            }
            json_object_put(p);
        }
    }
    json_object_put(query(&s, NULL, "[{\"column\":\"phone\",\"direction\":\"asc\"}]", 0, 5, NULL,
                          422)); /* not sortable */
}
END_TEST

static int
count_where(const struct seed *s, const char *item)
{
    json_object *p = query(s, item, NULL, 0, 50, NULL, 200);
    int n = total_of(p);

    json_object_put(p);
    return n;
}

START_TEST(every_filter_operator_filters)
{
    struct seed s;
    char item[512], day[40];
    time_t cut = time(NULL) - 2 * 86400 - 3600; /* between the meetings of day 2 and day 3 */
    struct tm tm;

    fixture_seed(&s);
    gmtime_r(&cut, &tm);
    strftime(day, sizeof(day), "%Y-%m-%dT%H:%M:%SZ", &tm);
    ck_assert_int_eq(
        count_where(&s, "{\"column\":\"dealStatus\",\"operator\":\"eq\",\"value\":\"scheduled\"}"),
        6);
    ck_assert_int_eq(
        count_where(&s, "{\"column\":\"dealStatus\",\"operator\":\"ne\",\"value\":\"new\"}"), 8);
    ck_assert_int_eq(count_where(&s, "{\"column\":\"dealStatus\",\"operator\":\"in\",\"value\":["
                                     "\"in_touch\",\"lost_no_show\"]}"),
                     2);
    ck_assert_int_eq(
        count_where(
            &s,
            "{\"column\":\"salesManager\",\"operator\":\"not_in\",\"value\":[\"Ann\",\"Bob\"]}"),
        6); /* Cid and none */
    ck_assert_int_eq(count_where(&s, "{\"column\":\"salesManager\",\"operator\":\"is_null\"}"), 3);
    ck_assert_int_eq(count_where(&s, "{\"column\":\"salesManager\",\"operator\":\"is_not_null\"}"),
                     9);
    ck_assert_int_eq(
        count_where(&s, "{\"column\":\"company\",\"operator\":\"contains\",\"value\":\"acm\"}"), 3);
    ck_assert_int_eq(count_where(&s, "{\"column\":\"scheduledDate\",\"operator\":\"is_null\"}"), 6);
    snprintf(item, sizeof(item),
             "{\"column\":\"scheduledDate\",\"operator\":\"gt\",\"value\":\"%s\"}", day);
    ck_assert_int_eq(count_where(&s, item), 3);
    snprintf(item, sizeof(item),
             "{\"column\":\"scheduledDate\",\"operator\":\"gte\",\"value\":\"%s\"}", day);
    ck_assert_int_eq(count_where(&s, item), 3);
    snprintf(item, sizeof(item),
             "{\"column\":\"scheduledDate\",\"operator\":\"lt\",\"value\":\"%s\"}", day);
    ck_assert_int_eq(count_where(&s, item), 3);
    snprintf(item, sizeof(item),
             "{\"column\":\"scheduledDate\",\"operator\":\"lte\",\"value\":\"%s\"}", day);
    ck_assert_int_eq(count_where(&s, item), 3);
    /* injection and unknown columns never reach the database */
    json_object_put(query(&s, "{\"column\":\"email\",\"operator\":\"eq\",\"value\":{\"$ne\":null}}",
                          NULL, 0, 5, NULL, 422));
    json_object_put(query(&s, "{\"column\":\"$where\",\"operator\":\"eq\",\"value\":\"1\"}", NULL,
                          0, 5, NULL, 422));
    json_object_put(query(&s, "{\"column\":\"email\",\"operator\":\"regex\",\"value\":\".*\"}",
                          NULL, 0, 5, NULL, 422));
}
END_TEST

START_TEST(search_matches_prefixes_of_email_and_company)
{
    struct seed s;
    json_object *p;

    fixture_seed(&s);
    p = query(&s, NULL, NULL, 0, 50, NULL, 200);
    json_object_put(p);
    p = query(&s, NULL, NULL, 0, 50, "seed03", 200);
    ck_assert_int_eq(total_of(p), 1);
    json_object_put(p);
    p = query(&s, NULL, NULL, 0, 50, "Delta", 200);
    ck_assert_int_eq(total_of(p), 3);
    json_object_put(p);
    p = query(&s, NULL, NULL, 0, 50, ".%2A", 200); /* regex characters are literal */
    ck_assert_int_eq(total_of(p), 0);
    json_object_put(p);
}
END_TEST

/* total of GET /leads on s's partner with search (percent-encoded here) */
static int
search_total(const struct seed *s, const char *search)
{
    char enc[256];
    json_object *p;
    int n;

    url_json(search, enc, sizeof(enc));
    p = query(s, NULL, NULL, 0, 50, enc, 200);
    n = total_of(p);
    json_object_put(p);
    return n;
}

START_TEST(search_matches_name_prefixes_in_any_case_and_takes_regex_characters_literally)
{
    static const char *const extras[] = {
        "\"firstName\":\"Zelda\",\"lastName\":\"Quist\"",
        "\"firstName\":\"Zeno\",\"lastName\":\"Marsh\"",
        "\"firstName\":\"Mara\",\"lastName\":\"Zellweger\"",
        "\"company\":\"a.c Labs\"",
        "\"company\":\"abc Labs\"",
        "\"company\":\"(Paren) Inc\"",
    };
    struct seed s;
    char email[128], id[25];

    make_partner("Search", s.partner);
    for (size_t i = 0; i < sizeof(extras) / sizeof(extras[0]); i++) {
        fresh_email("search", email, sizeof(email));
        make_lead(s.partner, email, extras[i], id);
    }
    ck_assert_int_eq(search_total(&s, "Zel"), 2); /* Zelda (first), Zellweger (last) */
    ck_assert_int_eq(search_total(&s, "zel"), 2);
    ck_assert_int_eq(search_total(&s, "ZELL"), 1);
    ck_assert_int_eq(search_total(&s, "zeno"), 1);
    ck_assert_int_eq(search_total(&s, "qUIST"), 1); /* last name */
    ck_assert_int_eq(search_total(&s, "elda"), 0);  /* a prefix, not anywhere */
    ck_assert_int_eq(search_total(&s, "a.c"), 1);   /* the dot is a dot: not "abc Labs" */
    ck_assert_int_eq(search_total(&s, "ab"), 1);
    ck_assert_int_eq(search_total(&s, "(paren)"), 1);
    ck_assert_int_eq(search_total(&s, "[a-z]"), 0);
}
END_TEST

START_TEST(sales_managers_are_distinct_non_empty_and_within_reach)
{
    static const char *const in_a[] = {"\"salesManager\":\"Bob\"", "\"salesManager\":\"Ann\"",
                                       "\"salesManager\":\"Ann\"", "\"salesManager\":\"\"",
                                       "\"salesManager\":null",    NULL};
    char a[25], b[25], email[128], id[25], gone[25], path[128];
    struct fixture_user user_a;
    struct session_client u = {0};
    struct api_res res;
    json_object *list;

    make_partner("Managers A", a);
    make_partner("Managers B", b);
    for (size_t i = 0; i < sizeof(in_a) / sizeof(in_a[0]); i++) {
        fresh_email("mgr-a", email, sizeof(email));
        make_lead(a, email, in_a[i], id);
    }
    fresh_email("mgr-gone", email, sizeof(email));
    make_lead(a, email, "\"salesManager\":\"Archived Person\"", gone);
    snprintf(path, sizeof(path), "/api/v1/leads/%s", gone);
    client_call(owner_session(), "DELETE", path, NULL, &res);
    ck_assert_int_eq(api_status_free(&res), 204);
    fresh_email("mgr-b", email, sizeof(email));
    make_lead(b, email, "\"salesManager\":\"Zed of B\"", id);
    fixture_user("user", a, &user_a);
    ck_assert_int_eq(client_sign_in(&u, user_a.email, user_a.password), 200);

    client_call(&u, "GET", "/api/v1/leads/sales-managers", NULL, &res);
    ck_assert_int_eq(res.status, 200);
    ck_assert_str_eq(json_object_to_json_string_ext(json_object_object_get(res.json, "list"),
                                                    JSON_C_TO_STRING_PLAIN),
                     "[\"Ann\",\"Bob\"]"); /* sorted, once each, only partner A's */
    api_res_free(&res);

    client_call(owner_session(), "GET", "/api/v1/leads/sales-managers", NULL, &res);
    ck_assert_int_eq(res.status, 200);
    list = json_object_object_get(res.json, "list");
    bool ann = false, zed = false;
    for (size_t i = 0; i < json_object_array_length(list); i++) {
        const char *m = json_object_get_string(json_object_array_get_idx(list, i));
        ck_assert_ptr_nonnull(m);
        ck_assert_msg(m[0] != '\0', "an empty manager in %s", res.body);
        ck_assert_str_ne(m, "Archived Person");
        if (i > 0)
            ck_assert_msg(strcmp(json_object_get_string(json_object_array_get_idx(list, i - 1)), m)
                              < 0,
                          "not sorted or not distinct: %s", res.body);
        ann |= strcmp(m, "Ann") == 0;
        zed |= strcmp(m, "Zed of B") == 0;
    }
    ck_assert(ann && zed); /* staff see every partner's */
    api_res_free(&res);
    client_free(&u);
}
END_TEST

START_TEST(leads_are_created_changed_and_archived)
{
    char p[25], id[25], email[128], upper[128], path[128], body[256];
    struct api_res res;

    make_partner("Writes", p);
    fresh_email("write", email, sizeof(email));
    make_lead(p, email, "\"firstName\":\"Wanda\"", id);
    snprintf(upper, sizeof(upper), "%s", email);
    upper[0] = (char)(upper[0] - 32);
    snprintf(body, sizeof(body), "{\"email\":\"%s\",\"partner\":\"%s\"}", upper, p);
    client_call(owner_session(), "POST", "/api/v1/leads", body, &res);
    ck_assert_int_eq(api_status_free(&res), 409); /* e-mails are unique, case-insensitively */
    snprintf(path, sizeof(path), "/api/v1/leads/%s", id);
    client_call(owner_session(), "PATCH", path, "{\"company\":\"Wanda Inc\",\"phone\":\"+1 555\"}",
                &res);
    ck_assert_int_eq(res.status, 200);
    ck_assert_str_eq(api_json_str(&res, "company"), "Wanda Inc");
    api_res_free(&res);
    client_call(owner_session(), "PATCH", path, "{\"dealStatus\":\"won\"}", &res);
    ck_assert_int_eq(res.status, 422);
    ck_assert_ptr_nonnull(strstr(res.body, "\"field\":\"dealStatus\""));
    api_res_free(&res);
    client_call(owner_session(), "PATCH", path, "{\"email\":\"not-an-email\",\"bogus\":1}", &res);
    ck_assert_int_eq(res.status, 422);
    ck_assert_ptr_nonnull(strstr(res.body, "\"field\":\"email\""));
    ck_assert_ptr_nonnull(strstr(res.body, "\"field\":\"bogus\""));
    api_res_free(&res);
    client_call(owner_session(), "DELETE", path, NULL, &res);
    ck_assert_int_eq(api_status_free(&res), 204);
    client_call(owner_session(), "GET", path, NULL, &res);
    ck_assert_int_eq(api_status_free(&res), 404);
    client_call(owner_session(), "POST", "/api/v1/leads", "{\"email\":\"x@y.co\"}", &res);
    ck_assert_int_eq(res.status, 422); /* staff must name the partner */
    ck_assert_ptr_nonnull(strstr(res.body, "\"field\":\"partner\""));
    api_res_free(&res);
}
END_TEST

/* the history entry of lead id with action, newest first (a new reference), or NULL */
static json_object *
history_entry(const char *id, const char *action)
{
    struct api_res res;
    char path[128];
    json_object *list, *out = NULL;

    snprintf(path, sizeof(path), "/api/v1/leads/%s/history", id);
    client_call(owner_session(), "GET", path, NULL, &res);
    ck_assert_int_eq(res.status, 200);
    list = json_object_object_get(res.json, "list");
    for (size_t i = 0; out == NULL && i < json_object_array_length(list); i++) {
        json_object *e = json_object_array_get_idx(list, i);
        if (strcmp(json_object_get_string(json_object_object_get(e, "action")), action) == 0)
            out = json_object_get(e);
    }
    api_res_free(&res);
    return out;
}

static void
assert_json(json_object *got, const char *want)
{
    json_object *w = json_tokener_parse(want);

    ck_assert_msg(json_object_equal(got, w), "got %s, want %s",
                  json_object_to_json_string_ext(got, JSON_C_TO_STRING_PLAIN), want);
    json_object_put(w);
}

/* a unique value taken is a 409 naming the field, on a change too: FerretDB reports a unique
 * violation of an update in its backend's words (code 1), not as 11000 */
START_TEST(a_lead_changed_to_a_taken_email_is_a_conflict_naming_the_field)
{
    char p[OID_STR_SIZE], a[OID_STR_SIZE], b[OID_STR_SIZE], email_a[128], email_b[128];
    char path[128], body[256];
    struct api_res res;

    make_partner("Taken", p);
    fresh_email("taken-a", email_a, sizeof(email_a));
    fresh_email("taken-b", email_b, sizeof(email_b));
    make_lead(p, email_a, NULL, a);
    make_lead(p, email_b, NULL, b);
    snprintf(path, sizeof(path), "/api/v1/leads/%s", b);
    snprintf(body, sizeof(body), "{\"email\":\"%s\"}", email_a);
    client_call(owner_session(), "PATCH", path, body, &res);
    ck_assert_int_eq(res.status, 409);
    ck_assert_str_eq(api_json_str(&res, "error.code"), "conflict");
    ck_assert_ptr_nonnull(strstr(res.body, "\"field\":\"email\""));
    api_res_free(&res);
}
END_TEST

/* one request of a race, run on its own thread (no Check assertion there) */
struct racer {
    struct session_client *c;
    const char *method;
    char path[128], body[256];
    long status;
    bool names_email;
    pthread_barrier_t *start;
};

static void *
race(void *arg)
{
    struct racer *r = arg;
    struct api_res res;

    pthread_barrier_wait(r->start);
    client_call(r->c, r->method, r->path, r->body, &res);
    r->status = res.status;
    r->names_email = res.body != NULL && strstr(res.body, "\"field\":\"email\"") != NULL;
    api_res_free(&res);
    return NULL;
}

/* run two requests at the same moment; wants one of them ok_status and the other a 409
 * naming the e-mail */
static void
expect_one_conflict(struct racer r[2], long ok_status)
{
    pthread_barrier_t start;
    pthread_t t[2];

    pthread_barrier_init(&start, NULL, 2);
    for (int i = 0; i < 2; i++) {
        r[i].start = &start;
        ck_assert_int_eq(pthread_create(&t[i], NULL, race, &r[i]), 0);
    }
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    pthread_barrier_destroy(&start);
    ck_assert_msg((r[0].status == ok_status && r[1].status == 409 && r[1].names_email)
                      || (r[1].status == ok_status && r[0].status == 409 && r[0].names_email),
                  "%s %s: %ld and %ld", r[0].method, r[0].path, r[0].status, r[1].status);
}

/* two requests racing for one e-mail: whichever write the unique index refuses (FerretDB says
 * code 1 for an update, 11000 for an insert) is a 409 naming the field, never a 500 */
START_TEST(two_concurrent_requests_for_one_email_give_one_409_naming_the_field)
{
    struct fixture_user owner_u;
    struct session_client c[2];
    struct racer r[2];
    char p[OID_STR_SIZE], a[OID_STR_SIZE], b[OID_STR_SIZE], email[128], other[128];

    memset(c, 0, sizeof(c));
    fixture_owner(&owner_u);
    for (int i = 0; i < 2; i++)
        ck_assert_int_eq(client_sign_in(&c[i], owner_u.email, owner_u.password), 200);
    make_partner("Race", p);
    for (int round = 0; round < 5; round++) {
        fresh_email("race-a", email, sizeof(email));
        make_lead(p, email, NULL, a);
        fresh_email("race-b", other, sizeof(other));
        make_lead(p, other, NULL, b);
        fresh_email("race-new", email, sizeof(email));
        for (int i = 0; i < 2; i++) {
            r[i] = (struct racer){.c = &c[i], .method = "PATCH"};
            snprintf(r[i].path, sizeof(r[i].path), "/api/v1/leads/%s", i ? b : a);
            snprintf(r[i].body, sizeof(r[i].body), "{\"email\":\"%s\"}", email);
        }
        expect_one_conflict(r, 200);
        fresh_email("race-ins", email, sizeof(email));
        for (int i = 0; i < 2; i++) {
            r[i] = (struct racer){.c = &c[i], .method = "POST"};
            snprintf(r[i].path, sizeof(r[i].path), "/api/v1/leads");
            snprintf(r[i].body, sizeof(r[i].body), "{\"email\":\"%s\",\"partner\":\"%s\"}", email,
                     p);
        }
        expect_one_conflict(r, 201);
    }
    client_free(&c[0]);
    client_free(&c[1]);
}
END_TEST

/* the store's answer to every write a unique index refuses, on the stack's FerretDB: insert
 * (its 11000), update and findAndModify (its code 1 in the backend's words), upsert */
START_TEST(every_unique_violation_is_a_conflict_naming_the_field)
{
    struct app *app = stack_app();
    char p[OID_STR_SIZE], a[OID_STR_SIZE], b[OID_STR_SIZE], email[128], other[128];
    bson_oid_t a_oid, b_oid, fresh;
    struct err err = ERR_INIT;
    bson_t *doc, *filter, *update, *upsert = BCON_NEW("upsert", BCON_BOOL(true)), *before = NULL;

    make_partner("Unique", p);
    fresh_email("uniq-a", email, sizeof(email));
    make_lead(p, email, NULL, a);
    fresh_email("uniq-b", other, sizeof(other));
    make_lead(p, other, NULL, b);
    bson_oid_init_from_string(&a_oid, a);
    bson_oid_init_from_string(&b_oid, b);
    bson_oid_init(&fresh, NULL);
    doc = BCON_NEW("_id", BCON_OID(&fresh), "email", BCON_UTF8(email));
    ck_assert(!store_insert_one(app->db, "leads", doc, &err));
    ck_assert_msg(err_is(&err, ERR_CONFLICT), "insert: %s (%s)", err.code, err.cause);
    ck_assert_str_eq(err.details[0].field, "email");
    err_reset(&err);
    filter = BCON_NEW("_id", BCON_OID(&b_oid));
    update = BCON_NEW("$set", "{", "email", BCON_UTF8(email), "}");
    ck_assert(!store_update_one(app->db, "leads", filter, update, NULL, NULL, &err));
    ck_assert_msg(err_is(&err, ERR_CONFLICT), "update: %s (%s)", err.code, err.cause);
    ck_assert_str_eq(err.details[0].field, "email");
    err_reset(&err);
    ck_assert(!store_find_and_modify(app->db, "leads", filter, update, &before, &err));
    ck_assert_msg(err_is(&err, ERR_CONFLICT), "findAndModify: %s (%s)", err.code, err.cause);
    ck_assert_str_eq(err.details[0].field, "email");
    bson_destroy(filter);
    err_reset(&err);
    filter = BCON_NEW("_id", BCON_OID(&fresh));
    ck_assert(!store_update_one(app->db, "leads", filter, update, upsert, NULL, &err));
    ck_assert_msg(err_is(&err, ERR_CONFLICT), "upsert: %s (%s)", err.code, err.cause);
    ck_assert_str_eq(err.details[0].field, "email");
    char count_filter[200];
    snprintf(count_filter, sizeof(count_filter), "{\"email\": \"%s\"}", email);
    ck_assert_int_eq(mongo_count("leads", count_filter), 1); /* nothing else was written */
    bson_destroy(before);
    bson_destroy(filter);
    bson_destroy(update);
    bson_destroy(upsert);
    bson_destroy(doc);
}
END_TEST

START_TEST(a_lead_change_records_before_and_after_of_the_changed_fields)
{
    char p[25], id[25], email[128], path[128], filter[256];
    struct api_res res;
    json_object *e;

    make_partner("Audit", p);
    fresh_email("audit", email, sizeof(email));
    make_lead(p, email, "\"firstName\":\"Wanda\",\"company\":\"Old Co\",\"dealAmount\":100", id);
    snprintf(path, sizeof(path), "/api/v1/leads/%s", id);
    client_call(owner_session(), "PATCH", path,
                "{\"firstName\":\"Wanda\",\"company\":\"New Co\",\"phone\":\"+1 555\","
                "\"dealAmount\":100,\"jobTitle\":null}",
                &res);
    ck_assert_int_eq(api_status_free(&res), 200);
    snprintf(filter, sizeof(filter), "{\"entityId\":{\"$oid\":\"%s\"},\"action\":\"lead.updated\"}",
             id);
    ck_assert(wait_for_count("events", filter, 1, 10000));
    e = history_entry(id, "lead.updated");
    ck_assert_ptr_nonnull(e);
    /* firstName, dealAmount and jobTitle did not change: not recorded */
    assert_json(json_object_object_get(e, "before"), "{\"company\":\"Old Co\",\"phone\":null}");
    assert_json(json_object_object_get(e, "after"),
                "{\"company\":\"New Co\",\"phone\":\"+1 555\"}");
    ck_assert_str_eq(json_object_get_string(json_object_object_get(e, "source")), "ui");
    json_object_put(e);
    client_call(owner_session(), "PATCH", path, "{\"company\":\"New Co\"}", &res); /* no-op */
    ck_assert_int_eq(api_status_free(&res), 200);
    client_call(owner_session(), "PATCH", path, "{\"company\":\"Newer Co\"}", &res);
    ck_assert_int_eq(api_status_free(&res), 200);
    snprintf(filter, sizeof(filter),
             "{\"entityId\":{\"$oid\":\"%s\"},\"after.company\":\"Newer Co\"}", id);
    ck_assert(wait_for_count("events", filter, 1, 10000));
    snprintf(filter, sizeof(filter), "{\"entityId\":{\"$oid\":\"%s\"},\"action\":\"lead.updated\"}",
             id);
    ck_assert_int_eq(mongo_count("events", filter), 2); /* the no-op left no event */
    e = history_entry(id, "lead.updated");
    assert_json(json_object_object_get(e, "before"), "{\"company\":\"New Co\"}");
    json_object_put(e);
}
END_TEST

START_TEST(lead_routes_keep_each_partner_to_itself)
{
    char a[25], b[25], lead_b[25], lead_a[25], email[128], path[600];
    struct fixture_user admin_a, user_a;
    struct session_client pa = {0}, u = {0};
    struct api_res res;
    static const struct {
        const char *method, *suffix, *body;
    } routes[] = {
        {"GET", "", NULL},         {"PATCH", "", "{\"company\":\"x\"}"},
        {"DELETE", "", NULL},      {"PATCH", "/status", "{\"status\":\"in_touch\"}"},
        {"GET", "/notes", NULL},   {"POST", "/notes", "{\"text\":\"hi\"}"},
        {"GET", "/history", NULL}, {"DELETE", "/notes/", NULL}, /* + B's note id */
    };
    char note_b[25];

    make_partner("Idor A", a);
    make_partner("Idor B", b);
    fresh_email("idor-b", email, sizeof(email));
    make_lead(b, email, NULL, lead_b);
    snprintf(path, sizeof(path), "/api/v1/leads/%s/notes", lead_b);
    client_call(owner_session(), "POST", path, "{\"text\":\"B only\"}", &res);
    ck_assert_int_eq(res.status, 201);
    snprintf(note_b, sizeof(note_b), "%s", api_json_str(&res, "id"));
    api_res_free(&res);
    fresh_email("idor-a", email, sizeof(email));
    make_lead(a, email, NULL, lead_a);
    fixture_user("admin", a, &admin_a);
    fixture_user("user", a, &user_a);
    ck_assert_int_eq(client_sign_in(&pa, admin_a.email, admin_a.password), 200);
    ck_assert_int_eq(client_sign_in(&u, user_a.email, user_a.password), 200);
    for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
        snprintf(path, sizeof(path), "/api/v1/leads/%s%s%s", lead_b, routes[i].suffix,
                 strcmp(routes[i].suffix, "/notes/") == 0 ? note_b : "");
        client_call(&pa, routes[i].method, path, routes[i].body, &res);
        ck_assert_msg(res.status == 404, "partner admin %s %s: %ld", routes[i].method, path,
                      res.status);
        api_res_free(&res);
        client_call(&u, routes[i].method, path, routes[i].body, &res); /* admin routes too */
        ck_assert_msg(res.status == 404, "user %s %s: %ld", routes[i].method, path, res.status);
        api_res_free(&res);
    }
    /* B's lead and note as they were */
    snprintf(path, sizeof(path), "/api/v1/leads/%s", lead_b);
    client_call(owner_session(), "GET", path, NULL, &res);
    ck_assert_int_eq(res.status, 200);
    ck_assert_str_eq(api_json_str(&res, "dealStatus"), "new");
    const char *company = api_json_str(&res, "company");
    ck_assert(company == NULL || strcmp(company, "x") != 0);
    api_res_free(&res);
    snprintf(path, sizeof(path), "/api/v1/leads/%s/notes", lead_b);
    client_call(owner_session(), "GET", path, NULL, &res);
    ck_assert_ptr_nonnull(strstr(res.body, note_b));
    ck_assert_ptr_null(strstr(res.body, "\"hi\""));
    api_res_free(&res);
    /* the same routes on their own partner's lead */
    snprintf(path, sizeof(path), "/api/v1/leads/%s", lead_a);
    client_call(&u, "GET", path, NULL, &res);
    ck_assert_int_eq(api_status_free(&res), 200);
    client_call(&u, "PATCH", path, "{\"company\":\"x\"}", &res);
    ck_assert_int_eq(api_status_free(&res), 403);
    client_call(&u, "DELETE", path, NULL, &res);
    ck_assert_int_eq(api_status_free(&res), 403); /* their own lead: the role refuses */
    client_call(&pa, "PATCH", path, "{\"company\":\"x\"}", &res);
    ck_assert_int_eq(api_status_free(&res), 200);
    /* lists: only their partner's leads, whatever the filter says */
    char filter[256], enc[512];
    snprintf(filter, sizeof(filter),
             "[{\"column\":\"partner\",\"operator\":\"eq\",\"value\":\"%s\"}]", b);
    url_json(filter, enc, sizeof(enc));
    snprintf(path, sizeof(path), "/api/v1/leads?filter=%s", enc);
    client_call(&u, "GET", path, NULL, &res);
    ck_assert_int_eq(res.status, 200);
    ck_assert_str_eq(api_json_str(&res, "meta.total"), "0");
    api_res_free(&res);
    client_call(&pa, "POST", "/api/v1/leads", "{\"email\":\"pa-created@own.test\"}", &res);
    ck_assert_int_eq(res.status, 201); /* a partner admin's lead goes to their partner */
    ck_assert_str_eq(api_json_str(&res, "partner"), a);
    api_res_free(&res);
    client_call(&u, "POST", "/api/v1/leads", "{\"email\":\"u-created@own.test\"}", &res);
    ck_assert_int_eq(api_status_free(&res), 403);
    client_free(&pa);
    client_free(&u);
}
END_TEST

Suite *
suite_leads(void)
{
    Suite *s = suite_create("leads");
    TCase *tc = tcase_create("leads");

    tcase_set_timeout(tc, 90);
    tcase_add_test(tc, lead_lists_page_without_overlap);
    tcase_add_test(tc, the_largest_page_comes_back_whole);
    tcase_add_test(tc, every_sort_column_sorts_both_ways);
    tcase_add_test(tc, every_filter_operator_filters);
    tcase_add_test(tc, search_matches_prefixes_of_email_and_company);
    tcase_add_test(tc,
                   search_matches_name_prefixes_in_any_case_and_takes_regex_characters_literally);
    tcase_add_test(tc, sales_managers_are_distinct_non_empty_and_within_reach);
    tcase_add_test(tc, leads_are_created_changed_and_archived);
    tcase_add_test(tc, a_lead_change_records_before_and_after_of_the_changed_fields);
    tcase_add_test(tc, a_lead_changed_to_a_taken_email_is_a_conflict_naming_the_field);
    tcase_add_test(tc, two_concurrent_requests_for_one_email_give_one_409_naming_the_field);
    tcase_add_test(tc, every_unique_violation_is_a_conflict_naming_the_field);
    tcase_add_test(tc, lead_routes_keep_each_partner_to_itself);
    suite_add_tcase(s, tc);
    return s;
}
