/* test_imports.c - lead imports through nginx: dry-run previews of messy CSVs, real imports
 * with progress, leads and audit events, XLSX written by libxlsxwriter, refused files, the
 * 413 of nginx, reach (IDOR) of GET /imports/:id, Redis down, a resumed job, 5 000 rows */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "db/db.h"
#include "fixtures.h"
#include "stack_access.h"

#define BOUNDARY "pcImportBoundary9f3a"
#define PLAIN (JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE)

struct cast {
    char partner_a[25], partner_b[25], tag[32];
    struct fixture_user staff, admin_a, admin_b, user_a;
    struct session_client staff_c, admin_a_c, admin_b_c, user_a_c, anon;
};

static void
cast_up(struct cast *k)
{
    memset(k, 0, sizeof(*k));
    fixture_partner("Partner A", k->partner_a);
    fixture_partner("Partner B", k->partner_b);
    snprintf(k->tag, sizeof(k->tag), "%d%ld", (int)getpid(), random() % 1000000);
    fixture_user_make("admin", NULL, &k->staff);
    fixture_user_make("admin", k->partner_a, &k->admin_a);
    fixture_user_make("admin", k->partner_b, &k->admin_b);
    fixture_user_make("user", k->partner_a, &k->user_a);
    ck_assert_int_eq(client_sign_in(&k->staff_c, k->staff.email, k->staff.password), 200);
    ck_assert_int_eq(client_sign_in(&k->admin_a_c, k->admin_a.email, k->admin_a.password), 200);
    ck_assert_int_eq(client_sign_in(&k->admin_b_c, k->admin_b.email, k->admin_b.password), 200);
    ck_assert_int_eq(client_sign_in(&k->user_a_c, k->user_a.email, k->user_a.password), 200);
}

static void
cast_down(struct cast *k)
{
    client_free(&k->staff_c);
    client_free(&k->admin_a_c);
    client_free(&k->admin_b_c);
    client_free(&k->user_a_c);
    client_free(&k->anon);
}

/* a multipart body: the partner field (when not NULL), then the file */
static char *
form_body(const char *filename, const char *data, size_t len, const char *partner, size_t *out)
{
    char head[512], *body;
    size_t n = 0;

    body = malloc(len + 1024);
    ck_assert_ptr_nonnull(body);
    if (partner != NULL)
        n += (size_t)sprintf(body,
                             "--" BOUNDARY "\r\nContent-Disposition: form-data; "
                             "name=\"partner\"\r\n\r\n%s\r\n",
                             partner);
    snprintf(head, sizeof(head),
             "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"%s\"\r\n"
             "Content-Type: application/octet-stream\r\n\r\n",
             filename);
    memcpy(body + n, head, strlen(head));
    n += strlen(head);
    memcpy(body + n, data, len);
    n += len;
    static const char tail[] = "\r\n--" BOUNDARY "--\r\n";
    memcpy(body + n, tail, sizeof(tail) - 1);
    *out = n + sizeof(tail) - 1;
    return body;
}

/* POST a raw body with the client's session (CSRF header included) */
static void
post_raw(struct session_client *c, const char *path, const char *ctype, const char *body,
         size_t len, struct api_res *res)
{
    char csrf[128], type[160];
    const char *headers[] = {csrf, type, NULL};
    struct api_opts opts = {.headers = headers, .body = body, .body_len = len};

    if (c->jar[0] == '\0')
        snprintf(c->jar, sizeof(c->jar), "%s/pc-jar-imports-%d-%ld", harness_env("PC_VAR_DIR"),
                 (int)getpid(), random());
    opts.cookie_jar = c->jar;
    snprintf(csrf, sizeof(csrf), "X-CSRF-Token: %s", c->csrf);
    snprintf(type, sizeof(type), "Content-Type: %s", ctype);
    api_call(res, "POST", path, &opts);
    client_reload(c);
}

/* upload a file (dry run or not) as c */
static long
upload(struct session_client *c, bool dry_run, const char *filename, const char *data, size_t len,
       const char *partner, struct api_res *res)
{
    size_t n;
    char *body = form_body(filename, data, len, partner, &n);

    post_raw(c, dry_run ? "/api/v1/leads/import?dryRun=1" : "/api/v1/leads/import",
             "multipart/form-data; boundary=" BOUNDARY, body, n, res);
    free(body);
    return res->status;
}

static const char *
plain(json_object *o)
{
    return json_object_to_json_string_ext(o, PLAIN);
}

static json_object *
member(json_object *o, const char *key)
{
    json_object *v = NULL;

    json_object_object_get_ex(o, key, &v);
    return v;
}

/* GET /imports/:id until done, checking that processed never goes back; returns the final
 * answer without its times (caller puts it), after checking they are set and ordered */
static json_object *
wait_done(struct session_client *c, const char *id, int timeout_s, double *seconds)
{
    char path[96];
    struct api_res res;
    int64_t last = -1;
    struct timespec t0, t1;
    json_object *out = NULL;

    clock_gettime(CLOCK_MONOTONIC, &t0);
    snprintf(path, sizeof(path), "/api/v1/imports/%s", id);
    for (int i = 0; i < timeout_s * 10 && out == NULL; i++) {
        client_call(c, "GET", path, NULL, &res);
        ck_assert_int_eq(res.status, 200);
        int64_t processed = json_object_get_int64(member(res.json, "processed"));
        ck_assert_msg(processed >= last, "processed went back from %lld to %lld", (long long)last,
                      (long long)processed);
        last = processed;
        if (strcmp(api_json_str(&res, "status"), "done") == 0)
            out = json_object_get(res.json);
        api_res_free(&res);
        if (out == NULL)
            sleep_ms(100);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    ck_assert_msg(out != NULL, "import %s not done after %d s (processed %lld)", id, timeout_s,
                  (long long)last);
    if (seconds != NULL)
        *seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    const char *created = json_object_get_string(member(out, "createdAt"));
    const char *finished = json_object_get_string(member(out, "finishedAt"));
    ck_assert(created != NULL && finished != NULL && strlen(created) == 24);
    ck_assert_msg(strcmp(created, finished) <= 0, "%s after %s", created, finished);
    json_object_object_del(out, "createdAt");
    json_object_object_del(out, "finishedAt");
    return out;
}

/* a lead made directly in the database */
static void
fixture_lead(const char *email, const char *partner, const char *first_name, const char *company,
             char id[25])
{
    bson_oid_t oid, p;
    bson_error_t error;
    int64_t now = (int64_t)time(NULL) * 1000;
    bson_t *doc;

    bson_oid_init(&oid, NULL);
    bson_oid_to_string(&oid, id);
    bson_oid_init_from_string(&p, partner);
    doc = BCON_NEW("_id", BCON_OID(&oid), "email", BCON_UTF8(email), "partner", BCON_OID(&p),
                   "partnerName", BCON_UTF8("Fixture"), "dealStatus", BCON_UTF8("new"),
                   "scheduledDate", BCON_NULL, "source", BCON_UTF8("manual"), "archivedAt",
                   BCON_NULL, "createdAt", BCON_DATE_TIME(now), "updatedAt", BCON_DATE_TIME(now));
    if (first_name != NULL)
        BSON_APPEND_UTF8(doc, "firstName", first_name);
    if (company != NULL)
        BSON_APPEND_UTF8(doc, "company", company);
    ck_assert_msg(mongoc_collection_insert_one(db_collection(stack_app()->db, "leads"), doc, NULL,
                                               NULL, &error),
                  "%s", error.message);
    bson_destroy(doc);
}

/* the id of the lead with this e-mail ("" when none) */
static void
lead_id(const char *email, char id[25])
{
    bson_t *filter = BCON_NEW("email", BCON_UTF8(email));
    mongoc_cursor_t *cur = mongoc_collection_find_with_opts(db_collection(stack_app()->db, "leads"),
                                                            filter, NULL, NULL);
    const bson_t *doc;
    bson_iter_t it;

    id[0] = '\0';
    if (mongoc_cursor_next(cur, &doc) && bson_iter_init_find(&it, doc, "_id"))
        bson_oid_to_string(bson_iter_oid(&it), id);
    mongoc_cursor_destroy(cur);
    bson_destroy(filter);
}

static long long count(const char *collection, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static long long
count(const char *collection, const char *fmt, ...)
{
    char filter[1024];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(filter, sizeof(filter), fmt, ap);
    va_end(ap);
    return mongo_count(collection, filter);
}

START_TEST(dry_run_previews_a_messy_csv_and_writes_nothing)
{
    struct cast k;
    struct api_res res;
    char csv[2048], want[6144], old_id[25], mine_id[25], e[8][96];
    const char *t;

    cast_up(&k);
    t = k.tag;
    snprintf(e[0], 96, "ann-%s@test.local", t);
    snprintf(e[1], 96, "old-%s@test.local", t);
    snprintf(e[2], 96, "mine-%s@test.local", t);
    fixture_lead(e[1], k.partner_b, NULL, NULL, old_id);
    fixture_lead(e[2], k.partner_a, NULL, NULL, mine_id);
    /* BOM, semicolons, CRLF, a quoted ';' and a quoted newline, a bad e-mail, a repeat in
     * other case, a blank line, a bad status, invalid UTF-8, two known e-mails, a bad quote */
    snprintf(csv, sizeof(csv),
             "\xef\xbb\xbf"
             "E-mail;First Name;Company;Status;Notes\r\n"
             "ann-%s@test.local;Ann;\"Acme; Inc\";In Touch;\"line 1\r\nline 2\"\r\n"
             "not-an-email;Bob;Bobco;;\r\n"
             "ANN-%s@Test.Local;Annie;;;\r\n"
             "\r\n"
             "cara-%s@test.local;Cara;;bogus;\r\n"
             "dan-%s@test.local;D\xff;;;\r\n"
             "old-%s@test.local;Old;;;\r\n"
             "mine-%s@test.local;Mine;;Won;\r\n"
             "eve-%s@test.local;\"Eve \"x;;;\r\n",
             t, t, t, t, t, t, t);
    ck_assert_int_eq(upload(&k.staff_c, true, "messy.csv", csv, strlen(csv), k.partner_a, &res),
                     200);
    snprintf(
        want, sizeof(want),
        "{\"columns\":[{\"header\":\"E-mail\",\"field\":\"email\"},{\"header\":\"First Name\","
        "\"field\":\"firstName\"},{\"header\":\"Company\",\"field\":\"company\"},{\"header\":"
        "\"Status\",\"field\":\"dealStatus\"},{\"header\":\"Notes\",\"field\":null}],"
        "\"rows\":[{\"email\":\"ann-%s@test.local\",\"firstName\":\"Ann\",\"company\":\"Acme; "
        "Inc\",\"dealStatus\":\"in_touch\",\"partner\":\"%s\"},"
        "{\"email\":\"not-an-email\",\"firstName\":\"Bob\",\"company\":\"Bobco\",\"partner\":"
        "\"%s\"},{\"email\":\"ANN-%s@Test.Local\",\"firstName\":\"Annie\",\"partner\":\"%s\"},"
        "{\"email\":\"cara-%s@test.local\",\"firstName\":\"Cara\",\"dealStatus\":\"bogus\","
        "\"partner\":\"%s\"},{\"email\":\"dan-%s@test.local\",\"partner\":\"%s\"},"
        "{\"email\":\"old-%s@test.local\",\"firstName\":\"Old\",\"partner\":\"%s\"},"
        "{\"email\":\"mine-%s@test.local\",\"firstName\":\"Mine\",\"dealStatus\":\"won\","
        "\"partner\":\"%s\"}],\"total\":8,\"failed\":4,"
        "\"errors\":[{\"row\":3,\"field\":\"email\",\"problem\":\"must be an e-mail address like "
        "name@example.com\"},{\"row\":6,\"field\":\"dealStatus\",\"problem\":\"must be one of: "
        "new, scheduled, in_touch, won, lost_no_show, lost_disqualified, lost_no_potential\"},"
        "{\"row\":7,\"field\":\"firstName\",\"problem\":\"is not valid UTF-8 text\"},"
        "{\"row\":10,\"field\":null,\"problem\":\"has a malformed quoted field (a quote inside a "
        "field must be doubled and the field quoted)\"}],"
        "\"duplicates\":[{\"row\":4,\"email\":\"ann-%s@test.local\",\"existingPartner\":\"%s\","
        "\"samePartner\":true,\"firstRow\":2},{\"row\":8,\"email\":\"old-%s@test.local\","
        "\"existingPartner\":\"%s\",\"samePartner\":false,\"firstRow\":null},{\"row\":9,"
        "\"email\":\"mine-%s@test.local\",\"existingPartner\":\"%s\",\"samePartner\":true,"
        "\"firstRow\":null}]}",
        t, k.partner_a, k.partner_a, t, k.partner_a, t, k.partner_a, t, k.partner_a, t, k.partner_a,
        t, k.partner_a, t, k.partner_a, t, k.partner_b, t, k.partner_a);
    ck_assert_str_eq(plain(res.json), want);
    api_res_free(&res);
    /* a preview writes nothing */
    ck_assert_int_eq(count("leads", "{\"email\": \"%s\"}", e[0]), 0);
    ck_assert_int_eq(count("imports", "{\"createdBy\": {\"$oid\": \"%s\"}}", k.staff.id), 0);
    cast_down(&k);
}
END_TEST

START_TEST(import_runs_to_done_with_leads_events_and_partner_figures)
{
    struct cast k;
    struct api_res res;
    char csv[2048], want[2048], id[25], fill_id[25], theirs_id[25], lid[25], e[8][96];
    const char *t;

    cast_up(&k);
    t = k.tag;
    const char *names[] = {"new1", "new2", "fill", "theirs", "new3"};
    for (int i = 0; i < 5; i++)
        snprintf(e[i], 96, "%s-%s@test.local", names[i], t);
    fixture_lead(e[2], k.partner_a, "Kept", NULL, fill_id);
    fixture_lead(e[3], k.partner_b, NULL, NULL, theirs_id);
    snprintf(csv, sizeof(csv),
             "email,first name,last name,phone,company,partner\n"
             "%s,New,One,,NewCo,\n"
             "%s,New,Two,+1 555 0102,NewCo,\n"
             "%s,Filled,,+1 555 0103,FillCo,\n"
             "%s,Theirs,,,,\n"
             "bad-email,X,,,,\n"
             "%s,New,Three,,,p-%s\n",
             e[0], e[1], e[2], e[3], e[4], k.partner_b);
    ck_assert_int_eq(upload(&k.staff_c, false, "leads.csv", csv, strlen(csv), k.partner_a, &res),
                     202);
    snprintf(id, sizeof(id), "%s", api_json_str(&res, "id"));
    api_res_free(&res);
    json_object *done = wait_done(&k.staff_c, id, 60, NULL);
    snprintf(want, sizeof(want),
             "{\"id\":\"%s\",\"status\":\"done\",\"total\":6,\"processed\":6,\"created\":3,"
             "\"updated\":1,\"skipped\":1,\"failed\":1,\"errors\":[{\"row\":6,\"field\":\"email\","
             "\"problem\":\"must be an e-mail address like name@example.com\"}],\"partner\":\"%s\","
             "\"filename\":\"leads.csv\"}",
             id, k.partner_a);
    ck_assert_str_eq(plain(done), want);
    json_object_put(done);
    /* new leads with source import, each with its audit event by the importing admin */
    for (int i = 0; i < 5; i++) {
        if (i == 2 || i == 3)
            continue;
        ck_assert_int_eq(
            count("leads",
                  "{\"email\": \"%s\", \"source\": \"import\", \"partner\": {\"$oid\": "
                  "\"%s\"}, \"partnerName\": \"Partner %c\", \"dealStatus\": \"new\"}",
                  e[i], i == 4 ? k.partner_b : k.partner_a, i == 4 ? 'B' : 'A'),
            1);
        lead_id(e[i], lid);
        char filter[256];
        snprintf(filter, sizeof(filter),
                 "{\"action\": \"lead.imported\", \"entityId\": {\"$oid\": \"%s\"}, \"source\": "
                 "\"import\", \"actor.user\": {\"$oid\": \"%s\"}}",
                 lid, k.staff.id);
        ck_assert_msg(wait_for_count("events", filter, 1, 10000), "no event for %s", e[i]);
    }
    ck_assert_int_eq(count("leads",
                           "{\"email\": \"%s\", \"phone\": \"+1 555 0102\", "
                           "\"firstName\": \"New\", \"lastName\": \"Two\"}",
                           e[1]),
                     1);
    /* the same partner's lead got its empty fields, kept the others */
    ck_assert_int_eq(count("leads",
                           "{\"email\": \"%s\", \"firstName\": \"Kept\", \"phone\": "
                           "\"+1 555 0103\", \"company\": \"FillCo\", \"source\": "
                           "\"manual\"}",
                           e[2]),
                     1);
    /* another partner's lead stays as it was; the conflict is recorded */
    ck_assert_int_eq(count("leads",
                           "{\"email\": \"%s\", \"partner\": {\"$oid\": \"%s\"}, "
                           "\"firstName\": {\"$exists\": false}}",
                           e[3], k.partner_b),
                     1);
    char filter[256];
    snprintf(filter, sizeof(filter),
             "{\"action\": \"lead.assignment_conflict\", \"entityId\": {\"$oid\": \"%s\"}, "
             "\"after.attemptedPartner\": \"%s\", \"after.row\": 5}",
             theirs_id, k.partner_a);
    ck_assert(wait_for_count("events", filter, 1, 10000));
    snprintf(filter, sizeof(filter),
             "{\"action\": \"lead.updated\", \"entityId\": {\"$oid\": \"%s\"}, \"source\": "
             "\"import\"}",
             fill_id);
    ck_assert(wait_for_count("events", filter, 1, 10000));
    /* chunks gone, figures of both partners refreshed once at the end */
    ck_assert_int_eq(count("import_chunks", "{\"import\": {\"$oid\": \"%s\"}}", id), 0);
    ck_assert_int_eq(
        count("partners", "{\"_id\": {\"$oid\": \"%s\"}, \"totalLeads\": 3}", k.partner_a), 1);
    ck_assert_int_eq(
        count("partners", "{\"_id\": {\"$oid\": \"%s\"}, \"totalLeads\": 2}", k.partner_b), 1);
    cast_down(&k);
}
END_TEST

START_TEST(partner_admins_import_into_their_partner_and_reach_only_its_imports)
{
    struct cast k;
    struct api_res res;
    char csv[512], id[25], staff_id[25], path[96], email[96];

    cast_up(&k);
    snprintf(email, sizeof(email), "pa-%s@test.local", k.tag);
    snprintf(csv, sizeof(csv), "Email,Partner Slug\n%s,p-%s\n", email, k.partner_b);
    ck_assert_int_eq(upload(&k.admin_a_c, false, "mine.csv", csv, strlen(csv), k.partner_b, &res),
                     202);
    snprintf(id, sizeof(id), "%s", api_json_str(&res, "id"));
    api_res_free(&res);
    json_object_put(wait_done(&k.admin_a_c, id, 30, NULL));
    ck_assert_int_eq(
        count("leads", "{\"email\": \"%s\", \"partner\": {\"$oid\": \"%s\"}}", email, k.partner_a),
        1);
    /* who may read it */
    snprintf(path, sizeof(path), "/api/v1/imports/%s", id);
    struct {
        struct session_client *c;
        long want;
    } who[] = {{&k.admin_a_c, 200},
               {&k.staff_c, 200},
               {&k.admin_b_c, 404},
               {&k.user_a_c, 403},
               {&k.anon, 401}};
    for (size_t i = 0; i < sizeof(who) / sizeof(who[0]); i++) {
        client_call(who[i].c, "GET", path, NULL, &res);
        ck_assert_msg(res.status == who[i].want, "caller %zu: %ld", i, res.status);
        api_res_free(&res);
    }
    client_call(&k.admin_a_c, "GET", "/api/v1/imports/not-an-id", NULL, &res);
    ck_assert_int_eq(api_status_free(&res), 404);
    client_call(&k.admin_a_c, "GET", "/api/v1/imports/0123456789abcdef01234567", NULL, &res);
    ck_assert_int_eq(api_status_free(&res), 404);
    /* a staff import for partner B is out of partner A's reach */
    snprintf(csv, sizeof(csv), "email\nstaff-%s@test.local\n", k.tag);
    ck_assert_int_eq(upload(&k.staff_c, false, "b.csv", csv, strlen(csv), k.partner_b, &res), 202);
    snprintf(staff_id, sizeof(staff_id), "%s", api_json_str(&res, "id"));
    api_res_free(&res);
    snprintf(path, sizeof(path), "/api/v1/imports/%s", staff_id);
    client_call(&k.admin_a_c, "GET", path, NULL, &res);
    ck_assert_int_eq(api_status_free(&res), 404);
    client_call(&k.admin_b_c, "GET", path, NULL, &res);
    ck_assert_int_eq(api_status_free(&res), 200);
    json_object_put(wait_done(&k.staff_c, staff_id, 30, NULL));
    /* users may not import */
    ck_assert_int_eq(upload(&k.user_a_c, true, "u.csv", csv, strlen(csv), NULL, &res), 403);
    api_res_free(&res);
    cast_down(&k);
}
END_TEST

/* the error of res: code and details exactly */
static void
assert_refused(struct api_res *res, long status, const char *code, const char *details)
{
    ck_assert_msg(res->status == status, "status %ld: %s", res->status, res->body);
    ck_assert_str_eq(api_json_str(res, "error.code"), code);
    json_object *error = member(res->json, "error");
    ck_assert_str_eq(details ? plain(member(error, "details")) : "null",
                     details ? details : "null");
    api_res_free(res);
}

START_TEST(empty_binary_and_unreadable_files_are_refused_clearly)
{
    struct cast k;
    struct api_res res;
    char garbage[4096], zip[512], csv[256];

    cast_up(&k);
    srandom(7);
    for (size_t i = 0; i < sizeof(garbage); i++)
        garbage[i] = (char)(random() & 0xff);
    garbage[100] = '\0';
    memcpy(zip, "PK\x03\x04", 4);
    memcpy(zip + 4, garbage, sizeof(zip) - 4);
    upload(&k.staff_c, true, "empty.csv", "", 0, k.partner_a, &res);
    assert_refused(&res, 422, "validation_failed",
                   "[{\"field\":\"file\",\"problem\":\"is empty (0 bytes): upload a CSV or XLSX "
                   "file with a header row\"}]");
    upload(&k.staff_c, false, "garbage.bin", garbage, sizeof(garbage), k.partner_a, &res);
    assert_refused(&res, 422, "validation_failed",
                   "[{\"field\":\"file\",\"problem\":\"is neither a CSV text file nor an XLSX "
                   "workbook (binary data)\"}]");
    upload(&k.staff_c, false, "broken.xlsx", zip, sizeof(zip), k.partner_a, &res);
    assert_refused(
        &res, 422, "validation_failed",
        "[{\"field\":\"file\",\"problem\":\"the file looks like a zip archive but cannot "
        "be opened as XLSX\"}]");
    upload(&k.staff_c, true, "header.csv", "email,name\r\n", 12, k.partner_a, &res);
    assert_refused(&res, 422, "validation_failed",
                   "[{\"field\":\"file\",\"problem\":\"has a header row but no data rows\"}]");
    upload(&k.staff_c, true, "names.csv", "name\nAnn\n", 9, k.partner_a, &res);
    assert_refused(&res, 422, "validation_failed",
                   "[{\"field\":\"file\",\"problem\":\"has no column for email (see the accepted "
                   "headers)\"}]");
    upload(&k.staff_c, true, "a.csv", "email\nx@y.test\n", 15, "no-such-partner", &res);
    assert_refused(&res, 422, "validation_failed",
                   "[{\"field\":\"partner\",\"problem\":\"is not a known partner (give its id or "
                   "slug)\"}]");
    /* the form without a file part, a cut-off body, another media type */
    static const char no_file[] = "--" BOUNDARY "\r\nContent-Disposition: form-data; "
                                  "name=\"partner\"\r\n\r\nx\r\n--" BOUNDARY "--\r\n";
    post_raw(&k.staff_c, "/api/v1/leads/import", "multipart/form-data; boundary=" BOUNDARY, no_file,
             sizeof(no_file) - 1, &res);
    assert_refused(&res, 422, "validation_failed",
                   "[{\"field\":\"file\",\"problem\":\"is required: send the CSV or XLSX file in "
                   "the form field file\"}]");
    post_raw(&k.staff_c, "/api/v1/leads/import", "multipart/form-data; boundary=" BOUNDARY, no_file,
             60, &res);
    ck_assert_str_eq(api_json_str(&res, "error.message"),
                     "truncated or malformed multipart part headers");
    assert_refused(&res, 400, "bad_request", NULL);
    post_raw(&k.staff_c, "/api/v1/leads/import", "multipart/form-data", no_file,
             sizeof(no_file) - 1, &res);
    ck_assert_str_eq(api_json_str(&res, "error.message"), "multipart/form-data without a boundary");
    assert_refused(&res, 400, "bad_request", NULL);
    post_raw(&k.staff_c, "/api/v1/leads/import", "application/json", "{}", 2, &res);
    assert_refused(&res, 415, "unsupported_media_type", NULL);
    /* staff without a partner: each row says so */
    snprintf(csv, sizeof(csv), "email\nnop-%s@test.local\n", k.tag);
    ck_assert_int_eq(upload(&k.staff_c, true, "a.csv", csv, strlen(csv), NULL, &res), 200);
    ck_assert_str_eq(plain(member(res.json, "errors")),
                     "[{\"row\":2,\"field\":\"partner\",\"problem\":\"is required: add a partner "
                     "column or choose a partner\"}]");
    api_res_free(&res);
    ck_assert_int_eq(count("imports", "{\"createdBy\": {\"$oid\": \"%s\"}}", k.staff.id), 0);
    cast_down(&k);
}
END_TEST

START_TEST(an_upload_over_20_mb_is_413_from_nginx)
{
    struct cast k;
    struct api_res res;
    size_t len = 25 * 1024 * 1024;
    char *big = malloc(len);

    cast_up(&k);
    memset(big, 'a', len);
    memcpy(big, "email\n", 6);
    upload(&k.staff_c, false, "big.csv", big, len, k.partner_a, &res);
    ck_assert_int_eq(res.status, 413);
    ck_assert_str_eq(api_json_str(&res, "error.code"), "payload_too_large");
    api_res_free(&res);
    free(big);
    cast_down(&k);
}
END_TEST

/* a workbook as another program writes it: shared strings, numbers, a date, a gap */
static char *
xlsx_file(const char *tag, size_t *len)
{
    char path[] = "/tmp/pc-api-xlsx-XXXXXX", email[96];
    int fd = mkstemp(path);
    lxw_workbook *wb;
    lxw_worksheet *ws;
    lxw_format *date;
    lxw_datetime when = {2024, 3, 15, 0, 0, 0};
    static const char *const head[] = {"Email",        "First Name", "Employees",
                                       "Meeting Type", "Phone",      "Notes"};
    FILE *f;
    char *data;

    close(fd);
    wb = workbook_new(path);
    ws = workbook_add_worksheet(wb, "Leads");
    date = workbook_add_format(wb);
    format_set_num_format(date, "yyyy-mm-dd");
    for (int c = 0; c < 6; c++)
        worksheet_write_string(ws, 0, (lxw_col_t)c, head[c], NULL);
    snprintf(email, sizeof(email), "xa-%s@test.local", tag);
    worksheet_write_string(ws, 1, 0, email, NULL);
    worksheet_write_string(ws, 1, 1, "Xena", NULL);
    worksheet_write_number(ws, 1, 2, 250, NULL);
    worksheet_write_datetime(ws, 1, 3, &when, date);
    worksheet_write_number(ws, 1, 4, 4155550100.0, NULL);
    worksheet_write_string(ws, 1, 5, "n/a", NULL);
    snprintf(email, sizeof(email), "xb-%s@test.local", tag);
    worksheet_write_string(ws, 2, 0, email, NULL); /* B3 stays empty */
    worksheet_write_number(ws, 2, 2, 11, NULL);
    worksheet_write_string(ws, 2, 3, "Demo", NULL);
    worksheet_write_string(ws, 2, 4, "+44 20 7946 0000", NULL);
    ck_assert_int_eq(workbook_close(wb), LXW_NO_ERROR);
    f = fopen(path, "rb");
    fseek(f, 0, SEEK_END);
    *len = (size_t)ftell(f);
    rewind(f);
    data = malloc(*len);
    ck_assert_uint_eq(fread(data, 1, *len, f), *len);
    fclose(f);
    unlink(path);
    return data;
}

START_TEST(an_xlsx_written_by_another_program_previews_and_imports)
{
    struct cast k;
    struct api_res res;
    size_t len;
    char want[2048], id[25];
    char *book;

    cast_up(&k);
    book = xlsx_file(k.tag, &len);
    ck_assert_int_eq(upload(&k.admin_a_c, true, "leads.xlsx", book, len, NULL, &res), 200);
    snprintf(want, sizeof(want),
             "{\"columns\":[{\"header\":\"Email\",\"field\":\"email\"},{\"header\":\"First "
             "Name\",\"field\":\"firstName\"},{\"header\":\"Employees\",\"field\":\"companySize\"},"
             "{\"header\":\"Meeting Type\",\"field\":\"meetingType\"},{\"header\":\"Phone\","
             "\"field\":\"phone\"},{\"header\":\"Notes\",\"field\":null}],\"rows\":["
             "{\"email\":\"xa-%s@test.local\",\"firstName\":\"Xena\",\"companySize\":\"250\","
             "\"meetingType\":\"2024-03-15\",\"phone\":\"4155550100\",\"partner\":\"%s\"},"
             "{\"email\":\"xb-%s@test.local\",\"companySize\":\"11\",\"meetingType\":\"Demo\","
             "\"phone\":\"+44 20 7946 0000\",\"partner\":\"%s\"}],\"total\":2,\"failed\":0,"
             "\"errors\":[],\"duplicates\":[]}",
             k.tag, k.partner_a, k.tag, k.partner_a);
    ck_assert_str_eq(plain(res.json), want);
    api_res_free(&res);
    ck_assert_int_eq(upload(&k.admin_a_c, false, "leads.xlsx", book, len, NULL, &res), 202);
    snprintf(id, sizeof(id), "%s", api_json_str(&res, "id"));
    api_res_free(&res);
    json_object *done = wait_done(&k.admin_a_c, id, 30, NULL);
    ck_assert_int_eq(json_object_get_int64(member(done, "created")), 2);
    json_object_put(done);
    ck_assert_int_eq(count("leads",
                           "{\"email\": \"xa-%s@test.local\", \"companySize\": \"250\", "
                           "\"meetingType\": \"2024-03-15\", \"phone\": \"4155550100\", "
                           "\"source\": \"import\"}",
                           k.tag),
                     1);
    ck_assert_int_eq(count("leads",
                           "{\"email\": \"xb-%s@test.local\", \"firstName\": "
                           "{\"$exists\": false}, \"partner\": {\"$oid\": \"%s\"}}",
                           k.tag, k.partner_a),
                     1);
    free(book);
    cast_down(&k);
}
END_TEST

START_TEST(redis_down_is_503_and_leaves_no_import_behind)
{
    struct cast k;
    struct api_res res;
    char csv[256];
    long long since = (long long)time(NULL) * 1000 - 1000;

    cast_up(&k);
    snprintf(csv, sizeof(csv), "email\nr1-%s@test.local\nr2-%s@test.local\n", k.tag, k.tag);
    ck_assert_int_eq(harness_service("stop-service", "redis"), 0);
    upload(&k.staff_c, false, "r.csv", csv, strlen(csv), k.partner_a, &res);
    long status = res.status;
    const char *code = api_json_str(&res, "error.code");
    char code_copy[32];
    snprintf(code_copy, sizeof(code_copy), "%s", code ? code : "");
    api_res_free(&res);
    ck_assert_int_eq(harness_service("start-service", "redis"), 0);
    ck_assert_msg(harness_wait_health(10), "no recovery after Redis came back");
    ck_assert_int_eq(status, 503);
    ck_assert_str_eq(code_copy, "unavailable");
    ck_assert_int_eq(count("imports", "{\"createdBy\": {\"$oid\": \"%s\"}}", k.staff.id), 0);
    ck_assert_int_eq(
        count("import_chunks", "{\"createdAt\": {\"$gte\": {\"$date\": %lld}}}", since), 0);
    cast_down(&k);
}
END_TEST

/* a CSV of n rows "prefix-i-tag@test.local,Name i" */
static char *
rows_csv(const char *prefix, const char *tag, int n, size_t *len)
{
    char *csv = malloc((size_t)n * 96 + 64);
    size_t used = (size_t)sprintf(csv, "email,first name,company\n");

    for (int i = 0; i < n; i++)
        used += (size_t)sprintf(csv + used, "%s-%d-%s@test.local,Name %d,Company %d\n", prefix, i,
                                tag, i, i % 50);
    *len = used;
    return csv;
}

START_TEST(a_redelivered_job_resumes_after_the_last_finished_chunk)
{
    struct cast k;
    struct api_res res;
    char id[25], lid[25], email[96], want[512];
    size_t len;
    char *csv;

    cast_up(&k);
    csv = rows_csv("res", k.tag, 600, &len);
    ck_assert_int_eq(harness_service("stop-service", "worker-imports"), 0);
    ck_assert_int_eq(upload(&k.staff_c, false, "resume.csv", csv, len, k.partner_a, &res), 202);
    snprintf(id, sizeof(id), "%s", api_json_str(&res, "id"));
    api_res_free(&res);
    ck_assert_int_eq(count("import_chunks", "{\"import\": {\"$oid\": \"%s\"}}", id), 2);
    /* a worker that died in chunk 1: chunk 0 saved, 10 leads of chunk 1 made */
    for (int i = 0; i < 510; i++) {
        char name[32], company[32];
        snprintf(email, sizeof(email), "res-%d-%s@test.local", i, k.tag);
        snprintf(name, sizeof(name), "Name %d", i);
        snprintf(company, sizeof(company), "Company %d", i % 50);
        fixture_lead(email, k.partner_a, name, company, lid);
    }
    bson_oid_t oid;
    bson_oid_init_from_string(&oid, id);
    bson_t *filter = BCON_NEW("_id", BCON_OID(&oid));
    bson_t *update = BCON_NEW("$set", "{", "status", BCON_UTF8("running"), "lastChunk",
                              BCON_INT32(0), "processed", BCON_INT64(500), "created",
                              BCON_INT64(500), "runToken", BCON_OID(&oid), "}");
    ck_assert(mongoc_collection_update_one(db_collection(stack_app()->db, "imports"), filter,
                                           update, NULL, NULL, NULL));
    bson_destroy(update);
    bson_destroy(filter);
    ck_assert_int_eq(harness_service("start-service", "worker-imports"), 0);
    json_object *done = wait_done(&k.staff_c, id, 60, NULL);
    snprintf(want, sizeof(want),
             "{\"id\":\"%s\",\"status\":\"done\",\"total\":600,\"processed\":600,\"created\":590,"
             "\"updated\":0,\"skipped\":10,\"failed\":0,\"errors\":[],\"partner\":\"%s\","
             "\"filename\":\"resume.csv\"}",
             id, k.partner_a);
    ck_assert_str_eq(plain(done), want);
    json_object_put(done);
    ck_assert_int_eq(
        count("leads", "{\"partner\": {\"$oid\": \"%s\"}, \"source\": \"import\"}", k.partner_a),
        90);
    ck_assert_int_eq(count("leads", "{\"partner\": {\"$oid\": \"%s\"}}", k.partner_a), 600);
    free(csv);
    cast_down(&k);
}
END_TEST

/* The dry run queries duplicates per batch of 500 rows until the rows checked reach the number of
 * leads, then reads every lead once and checks the rest in memory: known e-mails on both sides
 * of that switch, and repeats within the file, are all reported */
START_TEST(a_long_dry_run_reports_duplicates_on_both_sides_of_the_switch_to_memory)
{
    struct cast k;
    struct api_res res;
    char early[96], late[96], early_id[25], late_id[25], want[1024];
    long long leads;
    int n;
    size_t len;
    char *csv;

    cast_up(&k);
    snprintf(early, sizeof(early), "early-%s@test.local", k.tag);
    snprintf(late, sizeof(late), "late-%s@test.local", k.tag);
    fixture_lead(early, k.partner_b, NULL, NULL, early_id);
    fixture_lead(late, k.partner_a, NULL, NULL, late_id);
    leads = count("leads", "{}");
    n = (int)leads + 1200; /* the switch comes at least two batches before the end */
    /* row 2 (the first data row) is known, checked by a query; the last row is known and the
     * one before it repeats row 3, both checked after the switch */
    csv = malloc((size_t)n * 96 + 512);
    len = (size_t)sprintf(csv, "email,first name\n%s,Early\n", early);
    for (int i = 1; i < n - 2; i++)
        len += (size_t)sprintf(csv + len, "dry-%d-%s@test.local,Name %d\n", i, k.tag, i);
    len += (size_t)sprintf(csv + len, "DRY-1-%s@test.local,Again\n%s,Late\n", k.tag, late);
    ck_assert_int_eq(upload(&k.staff_c, true, "long.csv", csv, len, k.partner_a, &res), 200);
    ck_assert_int_eq(json_object_get_int64(member(res.json, "total")), n);
    ck_assert_int_eq(json_object_get_int64(member(res.json, "failed")), 0);
    snprintf(want, sizeof(want),
             "[{\"row\":2,\"email\":\"%s\",\"existingPartner\":\"%s\",\"samePartner\":false,"
             "\"firstRow\":null},{\"row\":%d,\"email\":\"dry-1-%s@test.local\","
             "\"existingPartner\":\"%s\",\"samePartner\":true,\"firstRow\":3},{\"row\":%d,"
             "\"email\":\"%s\",\"existingPartner\":\"%s\",\"samePartner\":true,"
             "\"firstRow\":null}]",
             early, k.partner_b, n, k.tag, k.partner_a, n + 1, late, k.partner_a);
    ck_assert_str_eq(plain(member(res.json, "duplicates")), want);
    api_res_free(&res);
    free(csv);
    cast_down(&k);
}
END_TEST

/* 100 000 data rows is the limit: one more is refused, as a preview and as an import, and the
 * refused import leaves no stored rows and no import behind */
START_TEST(more_than_100000_rows_are_refused_and_leave_nothing)
{
    struct cast k;
    struct api_res res;
    long long chunks, imports;
    size_t len;
    char *csv;

    cast_up(&k);
    chunks = count("import_chunks", "{}");
    imports = count("imports", "{}");
    csv = rows_csv("max", k.tag, 100001, &len);
    for (int dry = 1; dry >= 0; dry--) {
        upload(&k.staff_c, dry, "max.csv", csv, len, k.partner_a, &res);
        assert_refused(&res, 422, "validation_failed",
                       "[{\"field\":\"file\",\"problem\":\"has more than 100000 rows: split it "
                       "into smaller files\"}]");
    }
    ck_assert_int_eq(count("import_chunks", "{}"), chunks);
    ck_assert_int_eq(count("imports", "{}"), imports);
    ck_assert_int_eq(count("leads", "{\"email\": \"max-0-%s@test.local\"}", k.tag), 0);
    /* exactly the limit is accepted as a preview */
    len = (size_t)(strstr(csv, "max-100000-") - csv);
    ck_assert_int_eq(upload(&k.staff_c, true, "max.csv", csv, len, k.partner_a, &res), 200);
    ck_assert_int_eq(json_object_get_int64(member(res.json, "total")), 100000);
    api_res_free(&res);
    free(csv);
    cast_down(&k);
}
END_TEST

START_TEST(five_thousand_rows_complete_in_bounded_time)
{
    struct cast k;
    struct api_res res;
    char id[25], want[512];
    size_t len;
    char *csv;
    double seconds = 0;

    cast_up(&k);
    csv = rows_csv("big", k.tag, 5000, &len);
    ck_assert_int_eq(upload(&k.staff_c, false, "5000.csv", csv, len, k.partner_a, &res), 202);
    snprintf(id, sizeof(id), "%s", api_json_str(&res, "id"));
    api_res_free(&res);
    json_object *done = wait_done(&k.staff_c, id, 240, &seconds);
    fprintf(stderr, "5000-row import: done %.1f s after the upload was accepted\n", seconds);
    snprintf(want, sizeof(want),
             "{\"id\":\"%s\",\"status\":\"done\",\"total\":5000,\"processed\":5000,"
             "\"created\":5000,\"updated\":0,\"skipped\":0,\"failed\":0,\"errors\":[],"
             "\"partner\":\"%s\",\"filename\":\"5000.csv\"}",
             id, k.partner_a);
    ck_assert_str_eq(plain(done), want);
    json_object_put(done);
    ck_assert_int_eq(
        count("leads", "{\"partner\": {\"$oid\": \"%s\"}, \"source\": \"import\"}", k.partner_a),
        5000);
    ck_assert_int_eq(
        count("partners", "{\"_id\": {\"$oid\": \"%s\"}, \"totalLeads\": 5000}", k.partner_a), 1);
    /* leave a quiet stack to the suites after this one: 5 000 audit events to store */
    ck_assert(wait_queue_idle("events", 180000));
    free(csv);
    cast_down(&k);
}
END_TEST

Suite *
suite_imports(void)
{
    Suite *s = suite_create("imports");
    TCase *tc = tcase_create("imports");

    tcase_set_timeout(tc, 480);
    tcase_add_test(tc, dry_run_previews_a_messy_csv_and_writes_nothing);
    tcase_add_test(tc, import_runs_to_done_with_leads_events_and_partner_figures);
    tcase_add_test(tc, partner_admins_import_into_their_partner_and_reach_only_its_imports);
    tcase_add_test(tc, empty_binary_and_unreadable_files_are_refused_clearly);
    tcase_add_test(tc, an_upload_over_20_mb_is_413_from_nginx);
    tcase_add_test(tc, an_xlsx_written_by_another_program_previews_and_imports);
    tcase_add_test(tc, redis_down_is_503_and_leaves_no_import_behind);
    tcase_add_test(tc, a_redelivered_job_resumes_after_the_last_finished_chunk);
    tcase_add_test(tc, a_long_dry_run_reports_duplicates_on_both_sides_of_the_switch_to_memory);
    tcase_add_test(tc, more_than_100000_rows_are_refused_and_leave_nothing);
    tcase_add_test(tc, five_thousand_rows_complete_in_bounded_time);
    suite_add_tcase(s, tc);
    return s;
}
