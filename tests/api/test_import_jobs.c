/* test_import_jobs.c - the import job: Redis down at upload, a redelivered job resuming
 * after its last chunk, long dry runs past the switch to an in-memory duplicate check, the
 * 100 000-row limit and 5 000 rows in bounded time (part of the "imports" suite) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db/db.h"
#include "stack_access.h"
#include "uploads.h"

START_TEST(redis_down_is_503_and_leaves_no_import_behind)
{
    struct cast k;
    struct api_res res;
    char csv[256];
    long long since = (long long)time(NULL) * 1000 - 1000;

    fixture_cast(&k);
    snprintf(csv, sizeof(csv), "email\nr1-%s@test.local\nr2-%s@test.local\n", k.tag, k.tag);
    ck_assert_int_eq(harness_service("stop-service", "redis"), 0);
    import_upload(&k.staff_c, false, "r.csv", csv, strlen(csv), k.partner_a, &res);
    long status = res.status;
    const char *code = api_json_str(&res, "error.code");
    char code_copy[32];
    snprintf(code_copy, sizeof(code_copy), "%s", code ? code : "");
    api_res_free(&res);
    ck_assert_int_eq(harness_service("start-service", "redis"), 0);
    ck_assert_msg(harness_wait_health(10), "no recovery after Redis came back");
    ck_assert_int_eq(status, 503);
    ck_assert_str_eq(code_copy, "unavailable");
    ck_assert_int_eq(count_matching("imports", "{\"createdBy\": {\"$oid\": \"%s\"}}", k.staff.id),
                     0);
    ck_assert_int_eq(
        count_matching("import_chunks", "{\"createdAt\": {\"$gte\": {\"$date\": %lld}}}", since),
        0);
    cast_release(&k);
}
END_TEST

START_TEST(a_redelivered_job_resumes_after_the_last_finished_chunk)
{
    struct cast k;
    struct api_res res;
    char id[25], lid[25], email[96], want[512];
    size_t len;
    char *csv;

    fixture_cast(&k);
    csv = rows_csv("res", k.tag, 600, &len);
    ck_assert_int_eq(harness_service("stop-service", "worker-imports"), 0);
    ck_assert_int_eq(import_upload(&k.staff_c, false, "resume.csv", csv, len, k.partner_a, &res),
                     202);
    snprintf(id, sizeof(id), "%s", api_json_str(&res, "id"));
    api_res_free(&res);
    ck_assert_int_eq(count_matching("import_chunks", "{\"import\": {\"$oid\": \"%s\"}}", id), 2);
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
    json_object *done = import_wait_done(&k.staff_c, id, 60, NULL);
    snprintf(want, sizeof(want),
             "{\"id\":\"%s\",\"status\":\"done\",\"total\":600,\"processed\":600,\"created\":590,"
             "\"updated\":0,\"skipped\":10,\"failed\":0,\"errors\":[],\"partner\":\"%s\","
             "\"filename\":\"resume.csv\"}",
             id, k.partner_a);
    ck_assert_str_eq(json_plain(done), want);
    json_object_put(done);
    ck_assert_int_eq(count_matching("leads",
                                    "{\"partner\": {\"$oid\": \"%s\"}, \"source\": \"import\"}",
                                    k.partner_a),
                     90);
    ck_assert_int_eq(count_matching("leads", "{\"partner\": {\"$oid\": \"%s\"}}", k.partner_a),
                     600);
    free(csv);
    cast_release(&k);
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

    fixture_cast(&k);
    snprintf(early, sizeof(early), "early-%s@test.local", k.tag);
    snprintf(late, sizeof(late), "late-%s@test.local", k.tag);
    fixture_lead(early, k.partner_b, NULL, NULL, early_id);
    fixture_lead(late, k.partner_a, NULL, NULL, late_id);
    leads = count_matching("leads", "{}");
    n = (int)leads + 1200; /* the switch comes at least two batches before the end */
    /* row 2 (the first data row) is known, checked by a query; the last row is known and the
     * one before it repeats row 3, both checked after the switch */
    csv = malloc((size_t)n * 96 + 512);
    len = (size_t)sprintf(csv, "email,first name\n%s,Early\n", early);
    for (int i = 1; i < n - 2; i++)
        len += (size_t)sprintf(csv + len, "dry-%d-%s@test.local,Name %d\n", i, k.tag, i);
    len += (size_t)sprintf(csv + len, "DRY-1-%s@test.local,Again\n%s,Late\n", k.tag, late);
    ck_assert_int_eq(import_upload(&k.staff_c, true, "long.csv", csv, len, k.partner_a, &res), 200);
    ck_assert_int_eq(json_object_get_int64(json_member(res.json, "total")), n);
    ck_assert_int_eq(json_object_get_int64(json_member(res.json, "failed")), 0);
    snprintf(want, sizeof(want),
             "[{\"row\":2,\"email\":\"%s\",\"existingPartner\":\"%s\",\"samePartner\":false,"
             "\"firstRow\":null},{\"row\":%d,\"email\":\"dry-1-%s@test.local\","
             "\"existingPartner\":\"%s\",\"samePartner\":true,\"firstRow\":3},{\"row\":%d,"
             "\"email\":\"%s\",\"existingPartner\":\"%s\",\"samePartner\":true,"
             "\"firstRow\":null}]",
             early, k.partner_b, n, k.tag, k.partner_a, n + 1, late, k.partner_a);
    ck_assert_str_eq(json_plain(json_member(res.json, "duplicates")), want);
    api_res_free(&res);
    free(csv);
    cast_release(&k);
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

    fixture_cast(&k);
    chunks = count_matching("import_chunks", "{}");
    imports = count_matching("imports", "{}");
    csv = rows_csv("max", k.tag, 100001, &len);
    for (int dry = 1; dry >= 0; dry--) {
        import_upload(&k.staff_c, dry, "max.csv", csv, len, k.partner_a, &res);
        assert_refused(&res, 422, "validation_failed",
                       "[{\"field\":\"file\",\"problem\":\"has more than 100000 rows: split it "
                       "into smaller files\"}]");
    }
    ck_assert_int_eq(count_matching("import_chunks", "{}"), chunks);
    ck_assert_int_eq(count_matching("imports", "{}"), imports);
    ck_assert_int_eq(count_matching("leads", "{\"email\": \"max-0-%s@test.local\"}", k.tag), 0);
    /* exactly the limit is accepted as a preview */
    len = (size_t)(strstr(csv, "max-100000-") - csv);
    ck_assert_int_eq(import_upload(&k.staff_c, true, "max.csv", csv, len, k.partner_a, &res), 200);
    ck_assert_int_eq(json_object_get_int64(json_member(res.json, "total")), 100000);
    api_res_free(&res);
    free(csv);
    cast_release(&k);
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

    fixture_cast(&k);
    csv = rows_csv("big", k.tag, 5000, &len);
    ck_assert_int_eq(import_upload(&k.staff_c, false, "5000.csv", csv, len, k.partner_a, &res),
                     202);
    snprintf(id, sizeof(id), "%s", api_json_str(&res, "id"));
    api_res_free(&res);
    json_object *done = import_wait_done(&k.staff_c, id, 240, &seconds);
    fprintf(stderr, "5000-row import: done %.1f s after the upload was accepted\n", seconds);
    snprintf(want, sizeof(want),
             "{\"id\":\"%s\",\"status\":\"done\",\"total\":5000,\"processed\":5000,"
             "\"created\":5000,\"updated\":0,\"skipped\":0,\"failed\":0,\"errors\":[],"
             "\"partner\":\"%s\",\"filename\":\"5000.csv\"}",
             id, k.partner_a);
    ck_assert_str_eq(json_plain(done), want);
    json_object_put(done);
    ck_assert_int_eq(count_matching("leads",
                                    "{\"partner\": {\"$oid\": \"%s\"}, \"source\": \"import\"}",
                                    k.partner_a),
                     5000);
    ck_assert_int_eq(count_matching("partners",
                                    "{\"_id\": {\"$oid\": \"%s\"}, \"totalLeads\": 5000}",
                                    k.partner_a),
                     1);
    /* leave a quiet stack to the suites after this one: 5 000 audit events to store */
    ck_assert(wait_queue_idle("events", 180000));
    free(csv);
    cast_release(&k);
}
END_TEST

TCase *
tcase_import_jobs(void)
{
    TCase *tc = tcase_create("jobs");

    tcase_set_timeout(tc, 480);
    tcase_add_test(tc, redis_down_is_503_and_leaves_no_import_behind);
    tcase_add_test(tc, a_redelivered_job_resumes_after_the_last_finished_chunk);
    tcase_add_test(tc, a_long_dry_run_reports_duplicates_on_both_sides_of_the_switch_to_memory);
    tcase_add_test(tc, more_than_100000_rows_are_refused_and_leave_nothing);
    tcase_add_test(tc, five_thousand_rows_complete_in_bounded_time);
    return tc;
}
