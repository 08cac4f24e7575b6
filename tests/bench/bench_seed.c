/* bench_seed.c - the benchmark's data set (issue 5): 50 partners and 10 000 leads spread over
 * them, with statuses, companies, sales managers and scheduled dates, written in bulk; plus one
 * active user of the first partner; then the partners' kept figures rebuilt. Run again with a
 * larger count it adds leads to the same partners until there are that many (the data tier
 * bench grows 1 000 -> 10 000 -> 50 000). Prints "partner=<id>", "user=<email> password=<pw>".
 *   bench-seed [partners] [leads]   (environment: the stack's, from run/app.env)
 *   bench-seed --probe-search WORD ROUNDS   the word search's two query shapes, timed */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "auth/passwd.h"
#include "core/clock.h"
#include "core/json.h"
#include "core/oid.h"
#include "db/store.h"
#include "domain/counters.h"
#include "domain/partners.h"
#include "model/tables.h"

#define BATCH 500

static void
die(const char *what, const struct err *err)
{
    fprintf(stderr, "bench-seed: %s: %s %s\n", what, err ? err->message : "",
            err ? err->cause : "");
    exit(1);
}

static void
insert_many(struct app *app, const char *coll, bson_t **docs, size_t n)
{
    struct err err = ERR_INIT;
    const bson_t *view[BATCH];

    for (size_t i = 0; i < n; i++)
        view[i] = docs[i];
    if (!store_insert_many(app->db, coll, view, n, &err))
        die(coll, &err);
    for (size_t i = 0; i < n; i++)
        bson_destroy(docs[i]);
}

/* the partners of an earlier run (by slug), or new ones */
static void
seed_partners(struct app *app, bson_oid_t *ids, int n, int64_t now)
{
    bson_t *docs[BATCH];
    char name[64], slug[64];
    struct err err = ERR_INIT;
    bson_t *doc = NULL;
    bool found = false;
    bson_t *first = BCON_NEW("slug", BCON_UTF8("bench-00"));

    if (!store_find_one(app->db, "partners", first, NULL, &doc, &found, &err))
        die("partners", &err);
    bson_destroy(first);
    bson_destroy(doc);
    for (int i = 0; found && i < n; i++) {
        bson_t *filter;
        snprintf(slug, sizeof(slug), "bench-%02d", i);
        filter = BCON_NEW("slug", BCON_UTF8(slug));
        if (!store_find_one(app->db, "partners", filter, NULL, &doc, &found, &err) || !found)
            die("an earlier run's partners", &err);
        bson_oid_copy(json_bson_oid(doc, "_id"), &ids[i]);
        bson_destroy(doc);
        bson_destroy(filter);
    }
    if (found)
        return;
    for (int i = 0; i < n; i++) {
        bson_oid_init(&ids[i], NULL);
        snprintf(name, sizeof(name), "Bench Partner %02d", i);
        snprintf(slug, sizeof(slug), "bench-%02d", i);
        docs[i] = BCON_NEW("_id", BCON_OID(&ids[i]), "name", BCON_UTF8(name), "slug",
                           BCON_UTF8(slug), "meetingTypes", "[", BCON_UTF8("enterprise"), "]",
                           "totalLeads", BCON_INT32(0), "totalAppointments", BCON_INT32(0),
                           "lastAppointmentDate", BCON_NULL, "archivedAt", BCON_NULL, "createdAt",
                           BCON_DATE_TIME(now), "updatedAt", BCON_DATE_TIME(now));
    }
    insert_many(app, "partners", docs, (size_t)n);
}

static bson_t *
lead_doc(int i, const bson_oid_t *partner, int partner_no, int64_t now, long run)
{
    static const char *const companies[] = {"Acme", "Bolt", "Crane", "Delta", "Echo"};
    static const char *const managers[] = {"Ann", "Bob", "Cid", "Dee"};
    static const char *const surnames[] = {"Keller", "Berg",   "Novak",   "Weber",   "Lund",
                                           "Costa",  "Moreau", "Fischer", "Ivanova", "Brandt"};
    char email[96], company[48], pname[64];
    bson_oid_t oid;
    bson_t *doc;

    bson_oid_init(&oid, NULL);
    snprintf(email, sizeof(email), "lead%05d-%ld@bench.test", i, run);
    snprintf(company, sizeof(company), "%s %d", companies[i % 5], i);
    snprintf(pname, sizeof(pname), "Bench Partner %02d", partner_no);
    doc = BCON_NEW("_id", BCON_OID(&oid), "email", BCON_UTF8(email), "partner", BCON_OID(partner),
                   "partnerName", BCON_UTF8(pname), "dealStatus", BCON_UTF8(lead_statuses[i % 7]),
                   "firstName", BCON_UTF8("Bench"), "lastName", BCON_UTF8(surnames[i % 10]),
                   "company", BCON_UTF8(company), "salesManager", BCON_UTF8(managers[i % 4]),
                   "source", BCON_UTF8("import"), "archivedAt", BCON_NULL, "createdAt",
                   BCON_DATE_TIME(now - (int64_t)(i % 84) * 86400000), "updatedAt",
                   BCON_DATE_TIME(now));
    model_terms_refresh(&leads_model, NULL, doc); /* as the app's inserts do */
    if (i % 3 == 0) {
        char day[16];
        int64_t at = now + (int64_t)(i % 60 - 30) * 86400000;
        counters_day_key(at, day);
        BSON_APPEND_DATE_TIME(doc, "scheduledDate", at);
        BSON_APPEND_UTF8(doc, "scheduledDay", day);
    } else {
        BSON_APPEND_NULL(doc, "scheduledDate");
        BSON_APPEND_NULL(doc, "scheduledDay");
    }
    return doc;
}

static void
seed_user(struct app *app, const bson_oid_t *partner)
{
    char email[96] = "bench-user@bench.test", hash[PASSWD_HASH_CAP];
    struct err err = ERR_INIT;
    bson_t *doc, *filter = BCON_NEW("email", BCON_UTF8(email));
    int64_t n = 0;

    if (!store_count(app->db, "users", filter, &n, &err))
        die("user", &err);
    bson_destroy(filter);
    if (n > 0) {
        printf("user=%s password=bench-user-password\n", email);
        return;
    }
    if (!passwd_hash("bench-user-password", hash, &err))
        die("hash", NULL);
    doc = BCON_NEW("email", BCON_UTF8(email), "name", BCON_UTF8("Bench User"), "role",
                   BCON_UTF8("user"), "partner", BCON_OID(partner), "isActive", BCON_BOOL(true),
                   "status", BCON_UTF8("active"), "passwordHash", BCON_UTF8(hash),
                   "tokensValidAfter", BCON_DATE_TIME(0), "archivedAt", BCON_NULL, "createdAt",
                   BCON_DATE_TIME(0), "updatedAt", BCON_DATE_TIME(0));
    if (!store_insert_one(app->db, "users", doc, &err))
        die("user", &err);
    bson_destroy(doc);
    printf("user=%s password=bench-user-password\n", email);
}

struct probe {
    long n;
};

static bool
count_one(const bson_t *doc, void *ctx, struct err *err)
{
    (void)doc;
    (void)err;
    ((struct probe *)ctx)->n++;
    return true;
}

/* ms of one read of the leads matching filter (the list's shape), and how many */
static double
timed_read(struct app *app, bson_t *filter, long *n)
{
    struct err err = ERR_INIT;
    struct probe pr = {0};
    bson_t *opts = BCON_NEW("projection", "{", "_id", BCON_INT32(1), "}");
    double t0 = clock_mono_ms();

    if (!store_each(app->db, "leads", filter, opts, count_one, &pr, &err))
        die("probe", &err);
    bson_destroy(opts);
    *n = pr.n;
    return clock_mono_ms() - t0;
}

/* --probe-search WORD ROUNDS: the word search as the list sends it (one equality on the stored
 * prefixes) against the alternative ($regex ^word on the same array), interleaved; the median
 * ms of each and the matches */
static int
probe_search(struct app *app, const char *word, int rounds)
{
    double eq[64], re[64];
    long n_eq = 0, n_re = 0;
    char rx[64];

    snprintf(rx, sizeof(rx), "^%s", word);
    rounds = rounds < 1 ? 1 : rounds > 64 ? 64 : rounds;
    for (int r = 0; r < rounds; r++) {
        bson_t *a = BCON_NEW("archivedAt", BCON_NULL, "searchTerms", BCON_UTF8(word));
        bson_t *b =
            BCON_NEW("archivedAt", BCON_NULL, "searchTerms", "{", "$regex", BCON_UTF8(rx), "}");
        eq[r] = timed_read(app, a, &n_eq);
        re[r] = timed_read(app, b, &n_re);
        bson_destroy(a);
        bson_destroy(b);
    }
    for (int i = 0; i < rounds; i++) /* sort both for the medians */
        for (int j = i + 1; j < rounds; j++) {
            if (eq[j] < eq[i]) {
                double t = eq[i];
                eq[i] = eq[j];
                eq[j] = t;
            }
            if (re[j] < re[i]) {
                double t = re[i];
                re[i] = re[j];
                re[j] = t;
            }
        }
    printf("word=%s equality_ms=%.1f regex_ms=%.1f matches_equality=%ld matches_regex=%ld\n", word,
           eq[rounds / 2], re[rounds / 2], n_eq, n_re);
    return 0;
}

int
main(int argc, char **argv)
{
    int npartners = argc > 1 ? atoi(argv[1]) : 50, nleads = argc > 2 ? atoi(argv[2]) : 10000;
    struct app app;
    bson_oid_t *partners;
    bson_t *docs[BATCH];
    size_t n = 0;
    int64_t now = clock_now_ms();
    long run = (long)time(NULL);
    int64_t have = 0;
    char hex[OID_STR_SIZE];
    struct err err = ERR_INIT;

    if (argc == 4 && strcmp(argv[1], "--probe-search") == 0) {
        int rc = app_open(&app, "bench-seed") ? probe_search(&app, argv[2], atoi(argv[3])) : 2;
        app_close(&app);
        return rc;
    }
    if (npartners < 1 || npartners > 1000 || nleads < 0 || nleads > 200000
        || !app_open(&app, "bench-seed"))
        return 2;
    partners = calloc((size_t)npartners, sizeof(*partners));
    seed_partners(&app, partners, npartners, now);
    if (!store_estimated_count(app.db, "leads", &have, &err))
        die("count", &err);
    for (int i = (int)have; i < nleads; i++) {
        docs[n++] = lead_doc(i, &partners[i % npartners], i % npartners, now, run);
        if (n == BATCH) {
            insert_many(&app, "leads", docs, n);
            n = 0;
        }
    }
    insert_many(&app, "leads", docs, n);
    if (!counters_rebuild(&app, NULL, (time_t)(now / 1000), NULL, &err)) /* one pass for all */
        die("figures", &err);
    oid_format(&partners[0], hex);
    printf("partner=%s\n", hex);
    seed_user(&app, &partners[0]);
    free(partners);
    app_close(&app);
    return 0;
}
