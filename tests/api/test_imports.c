/* test_imports.c - lead uploads through nginx: dry-run previews of messy CSVs, real imports
 * with progress, leads and audit events, partner admins and the reach (IDOR) of
 * GET /imports/:id, refused files, the 413 of nginx, XLSX written by libxlsxwriter */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "stack_access.h"
#include "uploads.h"

START_TEST(dry_run_previews_a_messy_csv_and_writes_nothing)
{
    struct cast k;
    struct api_res res;
    char csv[2048], want[6144], old_id[25], mine_id[25], e[8][96];
    const char *t;

    fixture_cast(&k);
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
    ck_assert_int_eq(
        import_upload(&k.staff_c, true, "messy.csv", csv, strlen(csv), k.partner_a, &res), 200);
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
    ck_assert_str_eq(json_plain(res.json), want);
    api_res_free(&res);
    /* a preview writes nothing */
    ck_assert_int_eq(count_matching("leads", "{\"email\": \"%s\"}", e[0]), 0);
    ck_assert_int_eq(count_matching("imports", "{\"createdBy\": {\"$oid\": \"%s\"}}", k.staff.id),
                     0);
    cast_release(&k);
}
END_TEST

START_TEST(import_runs_to_done_with_leads_events_and_partner_figures)
{
    struct cast k;
    struct api_res res;
    char csv[2048], want[2048], id[25], fill_id[25], theirs_id[25], lid[25], e[8][96];
    const char *t;

    fixture_cast(&k);
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
    ck_assert_int_eq(
        import_upload(&k.staff_c, false, "leads.csv", csv, strlen(csv), k.partner_a, &res), 202);
    snprintf(id, sizeof(id), "%s", api_json_str(&res, "id"));
    api_res_free(&res);
    json_object *done = import_wait_done(&k.staff_c, id, 60, NULL);
    snprintf(want, sizeof(want),
             "{\"id\":\"%s\",\"status\":\"done\",\"total\":6,\"processed\":6,\"created\":3,"
             "\"updated\":1,\"skipped\":1,\"failed\":1,\"errors\":[{\"row\":6,\"field\":\"email\","
             "\"problem\":\"must be an e-mail address like name@example.com\"}],\"partner\":\"%s\","
             "\"filename\":\"leads.csv\"}",
             id, k.partner_a);
    ck_assert_str_eq(json_plain(done), want);
    json_object_put(done);
    /* new leads with source import, each with its audit event by the importing admin */
    for (int i = 0; i < 5; i++) {
        if (i == 2 || i == 3)
            continue;
        ck_assert_int_eq(
            count_matching("leads",
                           "{\"email\": \"%s\", \"source\": \"import\", \"partner\": {\"$oid\": "
                           "\"%s\"}, \"partnerName\": \"Partner %c\", \"dealStatus\": \"new\"}",
                           e[i], i == 4 ? k.partner_b : k.partner_a, i == 4 ? 'B' : 'A'),
            1);
        lead_id_by_email(e[i], lid);
        char filter[256];
        snprintf(filter, sizeof(filter),
                 "{\"action\": \"lead.imported\", \"entityId\": {\"$oid\": \"%s\"}, \"source\": "
                 "\"import\", \"actor.user\": {\"$oid\": \"%s\"}}",
                 lid, k.staff.id);
        ck_assert_msg(wait_for_count("events", filter, 1, 10000), "no event for %s", e[i]);
    }
    ck_assert_int_eq(count_matching("leads",
                                    "{\"email\": \"%s\", \"phone\": \"+1 555 0102\", "
                                    "\"firstName\": \"New\", \"lastName\": \"Two\"}",
                                    e[1]),
                     1);
    /* the same partner's lead got its empty fields, kept the others */
    ck_assert_int_eq(count_matching("leads",
                                    "{\"email\": \"%s\", \"firstName\": \"Kept\", \"phone\": "
                                    "\"+1 555 0103\", \"company\": \"FillCo\", \"source\": "
                                    "\"manual\"}",
                                    e[2]),
                     1);
    /* another partner's lead stays as it was; the conflict is recorded */
    ck_assert_int_eq(count_matching("leads",
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
    ck_assert_int_eq(count_matching("conflicts",
                                    "{\"lead\": {\"$oid\": \"%s\"}, \"source\": \"import\", "
                                    "\"status\": \"open\", \"routedPartner\": {\"$oid\": \"%s\"}, "
                                    "\"row\": 5}",
                                    theirs_id, k.partner_a),
                     1); /* and listed for staff to resolve */
    snprintf(filter, sizeof(filter),
             "{\"action\": \"lead.updated\", \"entityId\": {\"$oid\": \"%s\"}, \"source\": "
             "\"import\"}",
             fill_id);
    ck_assert(wait_for_count("events", filter, 1, 10000));
    /* chunks gone, figures of both partners refreshed once at the end */
    ck_assert_int_eq(count_matching("import_chunks", "{\"import\": {\"$oid\": \"%s\"}}", id), 0);
    ck_assert_int_eq(
        count_matching("partners", "{\"_id\": {\"$oid\": \"%s\"}, \"totalLeads\": 3}", k.partner_a),
        1);
    ck_assert_int_eq(
        count_matching("partners", "{\"_id\": {\"$oid\": \"%s\"}, \"totalLeads\": 2}", k.partner_b),
        1);
    cast_release(&k);
}
END_TEST

START_TEST(partner_admins_import_into_their_partner_and_reach_only_its_imports)
{
    struct cast k;
    struct api_res res;
    char csv[512], id[25], staff_id[25], path[96], email[96];

    fixture_cast(&k);
    snprintf(email, sizeof(email), "pa-%s@test.local", k.tag);
    snprintf(csv, sizeof(csv), "Email,Partner Slug\n%s,p-%s\n", email, k.partner_b);
    ck_assert_int_eq(
        import_upload(&k.admin_a_c, false, "mine.csv", csv, strlen(csv), k.partner_b, &res), 202);
    snprintf(id, sizeof(id), "%s", api_json_str(&res, "id"));
    api_res_free(&res);
    json_object_put(import_wait_done(&k.admin_a_c, id, 30, NULL));
    ck_assert_int_eq(count_matching("leads", "{\"email\": \"%s\", \"partner\": {\"$oid\": \"%s\"}}",
                                    email, k.partner_a),
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
    ck_assert_int_eq(import_upload(&k.staff_c, false, "b.csv", csv, strlen(csv), k.partner_b, &res),
                     202);
    snprintf(staff_id, sizeof(staff_id), "%s", api_json_str(&res, "id"));
    api_res_free(&res);
    snprintf(path, sizeof(path), "/api/v1/imports/%s", staff_id);
    client_call(&k.admin_a_c, "GET", path, NULL, &res);
    ck_assert_int_eq(api_status_free(&res), 404);
    client_call(&k.admin_b_c, "GET", path, NULL, &res);
    ck_assert_int_eq(api_status_free(&res), 200);
    json_object_put(import_wait_done(&k.staff_c, staff_id, 30, NULL));
    /* users may not import */
    ck_assert_int_eq(import_upload(&k.user_a_c, true, "u.csv", csv, strlen(csv), NULL, &res), 403);
    api_res_free(&res);
    cast_release(&k);
}
END_TEST

START_TEST(empty_binary_and_unreadable_files_are_refused_clearly)
{
    struct cast k;
    struct api_res res;
    char garbage[4096], zip[512], csv[256];

    fixture_cast(&k);
    srandom(7);
    for (size_t i = 0; i < sizeof(garbage); i++)
        garbage[i] = (char)(random() & 0xff);
    garbage[100] = '\0';
    memcpy(zip, "PK\x03\x04", 4);
    memcpy(zip + 4, garbage, sizeof(zip) - 4);
    import_upload(&k.staff_c, true, "empty.csv", "", 0, k.partner_a, &res);
    assert_refused(&res, 422, "validation_failed",
                   "[{\"field\":\"file\",\"problem\":\"is empty (0 bytes): upload a CSV or XLSX "
                   "file with a header row\"}]");
    import_upload(&k.staff_c, false, "garbage.bin", garbage, sizeof(garbage), k.partner_a, &res);
    assert_refused(&res, 422, "validation_failed",
                   "[{\"field\":\"file\",\"problem\":\"is neither a CSV text file nor an XLSX "
                   "workbook (binary data)\"}]");
    import_upload(&k.staff_c, false, "broken.xlsx", zip, sizeof(zip), k.partner_a, &res);
    assert_refused(
        &res, 422, "validation_failed",
        "[{\"field\":\"file\",\"problem\":\"the file looks like a zip archive but cannot "
        "be opened as XLSX\"}]");
    import_upload(&k.staff_c, true, "header.csv", "email,name\r\n", 12, k.partner_a, &res);
    assert_refused(&res, 422, "validation_failed",
                   "[{\"field\":\"file\",\"problem\":\"has a header row but no data rows\"}]");
    import_upload(&k.staff_c, true, "names.csv", "name\nAnn\n", 9, k.partner_a, &res);
    assert_refused(&res, 422, "validation_failed",
                   "[{\"field\":\"file\",\"problem\":\"has no column for email (see the accepted "
                   "headers)\"}]");
    import_upload(&k.staff_c, true, "a.csv", "email\nx@y.test\n", 15, "no-such-partner", &res);
    assert_refused(&res, 422, "validation_failed",
                   "[{\"field\":\"partner\",\"problem\":\"is not a known partner (give its id or "
                   "slug)\"}]");
    /* the form without a file part, a cut-off body, another media type */
    static const char no_file[] = "--" BOUNDARY "\r\nContent-Disposition: form-data; "
                                  "name=\"partner\"\r\n\r\nx\r\n--" BOUNDARY "--\r\n";
    import_post_raw(&k.staff_c, "/api/v1/leads/import", "multipart/form-data; boundary=" BOUNDARY,
                    no_file, sizeof(no_file) - 1, &res);
    assert_refused(&res, 422, "validation_failed",
                   "[{\"field\":\"file\",\"problem\":\"is required: send the CSV or XLSX file in "
                   "the form field file\"}]");
    import_post_raw(&k.staff_c, "/api/v1/leads/import", "multipart/form-data; boundary=" BOUNDARY,
                    no_file, 60, &res);
    ck_assert_str_eq(api_json_str(&res, "error.message"),
                     "truncated or malformed multipart part headers");
    assert_refused(&res, 400, "bad_request", NULL);
    import_post_raw(&k.staff_c, "/api/v1/leads/import", "multipart/form-data", no_file,
                    sizeof(no_file) - 1, &res);
    ck_assert_str_eq(api_json_str(&res, "error.message"), "multipart/form-data without a boundary");
    assert_refused(&res, 400, "bad_request", NULL);
    import_post_raw(&k.staff_c, "/api/v1/leads/import", "application/json", "{}", 2, &res);
    assert_refused(&res, 415, "unsupported_media_type", NULL);
    /* staff without a partner: each row says so */
    snprintf(csv, sizeof(csv), "email\nnop-%s@test.local\n", k.tag);
    ck_assert_int_eq(import_upload(&k.staff_c, true, "a.csv", csv, strlen(csv), NULL, &res), 200);
    ck_assert_str_eq(json_plain(json_member(res.json, "errors")),
                     "[{\"row\":2,\"field\":\"partner\",\"problem\":\"is required: add a partner "
                     "column or choose a partner\"}]");
    api_res_free(&res);
    ck_assert_int_eq(count_matching("imports", "{\"createdBy\": {\"$oid\": \"%s\"}}", k.staff.id),
                     0);
    cast_release(&k);
}
END_TEST

START_TEST(an_upload_over_20_mb_is_413_from_nginx)
{
    struct cast k;
    struct api_res res;
    size_t len = 25 * 1024 * 1024;
    char *big = malloc(len);

    fixture_cast(&k);
    memset(big, 'a', len);
    memcpy(big, "email\n", 6);
    import_upload(&k.staff_c, false, "big.csv", big, len, k.partner_a, &res);
    ck_assert_int_eq(res.status, 413);
    ck_assert_str_eq(api_json_str(&res, "error.code"), "payload_too_large");
    api_res_free(&res);
    free(big);
    cast_release(&k);
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
    return take_file(path, len);
}

START_TEST(an_xlsx_written_by_another_program_previews_and_imports)
{
    struct cast k;
    struct api_res res;
    size_t len;
    char want[2048], id[25];
    char *book;

    fixture_cast(&k);
    book = xlsx_file(k.tag, &len);
    ck_assert_int_eq(import_upload(&k.admin_a_c, true, "leads.xlsx", book, len, NULL, &res), 200);
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
    ck_assert_str_eq(json_plain(res.json), want);
    api_res_free(&res);
    ck_assert_int_eq(import_upload(&k.admin_a_c, false, "leads.xlsx", book, len, NULL, &res), 202);
    snprintf(id, sizeof(id), "%s", api_json_str(&res, "id"));
    api_res_free(&res);
    json_object *done = import_wait_done(&k.admin_a_c, id, 30, NULL);
    ck_assert_int_eq(json_object_get_int64(json_member(done, "created")), 2);
    json_object_put(done);
    ck_assert_int_eq(count_matching("leads",
                                    "{\"email\": \"xa-%s@test.local\", \"companySize\": \"250\", "
                                    "\"meetingType\": \"2024-03-15\", \"phone\": \"4155550100\", "
                                    "\"source\": \"import\"}",
                                    k.tag),
                     1);
    ck_assert_int_eq(count_matching("leads",
                                    "{\"email\": \"xb-%s@test.local\", \"firstName\": "
                                    "{\"$exists\": false}, \"partner\": {\"$oid\": \"%s\"}}",
                                    k.tag, k.partner_a),
                     1);
    free(book);
    cast_release(&k);
}
END_TEST

Suite *
suite_imports(void)
{
    Suite *s = suite_create("imports");
    TCase *tc = tcase_create("uploads");

    tcase_set_timeout(tc, 480);
    tcase_add_test(tc, dry_run_previews_a_messy_csv_and_writes_nothing);
    tcase_add_test(tc, import_runs_to_done_with_leads_events_and_partner_figures);
    tcase_add_test(tc, partner_admins_import_into_their_partner_and_reach_only_its_imports);
    tcase_add_test(tc, empty_binary_and_unreadable_files_are_refused_clearly);
    tcase_add_test(tc, an_upload_over_20_mb_is_413_from_nginx);
    tcase_add_test(tc, an_xlsx_written_by_another_program_previews_and_imports);
    suite_add_tcase(s, tc);
    suite_add_tcase(s, tcase_import_jobs());
    suite_add_tcase(s, tcase_import_limits());
    suite_add_tcase(s, tcase_import_history());
    return s;
}
