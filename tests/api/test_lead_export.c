/* test_lead_export.c - GET /leads/export: a filtered, searched, sorted view as CSV read back
 * (formula cells neutralised, quoting), as XLSX opened with libzip (the sheet's XML), scoped
 * like the list (a partner user's file holds only their leads), bad parameters refused */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "domain.h"

/* GET /leads/export?query as c; the answer in *res (the caller frees it) */
static void export(struct session_client *c, const char *query, struct api_res *res)
{
    char path[2048];

    snprintf(path, sizeof(path), "/api/v1/leads/export?%s", query);
    ck_assert(client_call(c, "GET", path, NULL, res));
}

static void
partner_query(const char *partner, const char *more, char *out, size_t cap)
{
    char filter[160], enc[480];

    snprintf(filter, sizeof(filter),
             "[{\"column\":\"partner\",\"operator\":\"eq\",\"value\":\"%s\"}]", partner);
    url_json(filter, enc, sizeof(enc));
    snprintf(out, cap, "filter=%s%s", enc, more);
}

/* how many lines (CRLF-ended) body has */
static int
lines(const char *body, size_t len)
{
    int n = 0;

    for (size_t i = 0; i + 1 < len; i++)
        n += body[i] == '\r' && body[i + 1] == '\n';
    return n;
}

START_TEST(csv_export_of_a_view_reads_back_with_formulas_neutralised)
{
    char partner[25], other[25], id[25], email[128], q[1024], want[256];
    struct api_res res;

    make_partner("Export", partner);
    make_partner("Export other", other);
    fresh_email("exp-formula", email, sizeof(email));
    make_lead(partner, email, "\"company\":\"=1+1\",\"phone\":\"+49 30 1\"", id);
    fresh_email("exp-comma", email, sizeof(email));
    make_lead(partner, email, "\"company\":\"Müller, \\\"Berg\\\" GmbH\"", id);
    fresh_email("exp-plain", email, sizeof(email));
    make_lead(partner, email, "\"company\":\"Zed Co\",\"dealAmount\":123456", id);
    fresh_email("exp-other", email, sizeof(email));
    make_lead(other, email, "\"company\":\"Not In View\"", id);

    partner_query(
        partner,
        "&format=csv&columns=company,phone,dealAmount&sort=%5B%7B%22column%22%3A%22company"
        "%22%2C%22direction%22%3A%22asc%22%7D%5D",
        q, sizeof(q));
    export(owner_session(), q, &res);
    ck_assert_msg(res.status == 200, "%ld %s", res.status, res.body);
    ck_assert(api_header(&res, "Content-Type", want, sizeof(want)));
    ck_assert_str_eq(want, "text/csv; charset=utf-8");
    ck_assert(api_header(&res, "Content-Disposition", want, sizeof(want)));
    ck_assert(strstr(want, "attachment; filename=\"leads-") != NULL);
    ck_assert_int_eq(lines(res.body, res.len), 4); /* the header and three leads */
    ck_assert_msg(strncmp(res.body,
                          "\xEF\xBB\xBF"
                          "company,phone,dealAmount\r\n"
                          "\"'=1+1\",\"'+49 30 1\",\r\n"
                          "\"Müller, \"\"Berg\"\" GmbH\",,\r\n"
                          "Zed Co,,1234.56\r\n",
                          res.len)
                      == 0,
                  "%s", res.body);
    api_res_free(&res);
}
END_TEST

START_TEST(export_holds_only_the_leads_within_reach)
{
    struct partner_user pu;
    char other[25], id[25], mine[128], theirs[128];
    struct api_res res;

    fixture_partner_user(&pu, "user");
    make_partner("Export reach", other);
    fresh_email("exp-mine", mine, sizeof(mine));
    make_lead(pu.partner, mine, NULL, id);
    fresh_email("exp-theirs", theirs, sizeof(theirs));
    make_lead(other, theirs, NULL, id);
    export(&pu.client, "columns=email,partnerName", &res);
    ck_assert_int_eq(res.status, 200);
    ck_assert(strstr(res.body, mine) != NULL);
    ck_assert(strstr(res.body, theirs) == NULL);
    ck_assert_int_eq(lines(res.body, res.len), 2);
    api_res_free(&res);
    export(&pu.client, "columns=email,hubspotContactId", &res); /* a staff-only column */
    ck_assert_int_eq(res.status, 422);
    api_res_free(&res);
    export(owner_session(), "columns=email,hubspotContactId&search=exp-mine", &res);
    ck_assert_int_eq(res.status, 200);
    api_res_free(&res);
    export(&pu.client, "format=pdf", &res);
    ck_assert_int_eq(res.status, 422);
    api_res_free(&res);
    export(&pu.client, "columns=email,nope", &res);
    ck_assert_int_eq(res.status, 422);
    api_res_free(&res);
    export(&pu.client,
           "filter=%5B%7B%22column%22%3A%22email%22%2C%22operator%22%3A%22regex%22%2C"
           "%22value%22%3A%22.%22%7D%5D",
           &res);
    ck_assert_int_eq(res.status, 422);
    api_res_free(&res);
}
END_TEST

/* the text of the file name inside the zip in body */
static char *
zip_entry(const char *body, size_t len, const char *name)
{
    zip_error_t zerr;
    zip_source_t *src;
    zip_t *z;
    zip_file_t *f;
    zip_stat_t st;
    char *out = NULL;

    zip_error_init(&zerr);
    src = zip_source_buffer_create(body, len, 0, &zerr);
    ck_assert(src != NULL);
    z = zip_open_from_source(src, ZIP_RDONLY, &zerr);
    ck_assert_msg(z != NULL, "not a zip: %s", zip_error_strerror(&zerr));
    ck_assert(zip_stat(z, name, 0, &st) == 0);
    out = calloc(1, st.size + 1);
    f = zip_fopen(z, name, 0);
    ck_assert(f != NULL && zip_fread(f, out, st.size) == (zip_int64_t)st.size);
    zip_fclose(f);
    zip_close(z);
    return out;
}

START_TEST(xlsx_export_is_a_workbook_with_the_rows_as_text)
{
    char partner[25], id[25], email[128], q[1024], type[160];
    struct api_res res;
    char *sheet;

    make_partner("Export xlsx", partner);
    fresh_email("exp-x1", email, sizeof(email));
    make_lead(partner, email, "\"company\":\"=HYPERLINK(1)\",\"lastName\":\"Keller\"", id);
    fresh_email("exp-x2", email, sizeof(email));
    make_lead(partner, email, "\"company\":\"Plain AG\",\"dealAmount\":500", id);
    partner_query(partner, "&format=xlsx&columns=email,company,lastName,dealAmount", q, sizeof(q));
    export(owner_session(), q, &res);
    ck_assert_int_eq(res.status, 200);
    ck_assert(api_header(&res, "Content-Type", type, sizeof(type)));
    ck_assert_str_eq(type, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    ck_assert(res.len > 4 && memcmp(res.body, "PK", 2) == 0);
    sheet = zip_entry(res.body, res.len, "xl/worksheets/sheet1.xml");
    ck_assert(strstr(sheet, email) != NULL);
    ck_assert(strstr(sheet, "=HYPERLINK(1)") != NULL); /* as a string ... */
    ck_assert(strstr(sheet, "<f>") == NULL);           /* ... never a formula */
    ck_assert(strstr(sheet, "Keller") != NULL);
    ck_assert(strstr(sheet, "<v>5</v>") != NULL); /* 500 cents as the number 5 */
    ck_assert(strstr(sheet, "<row r=\"3\"") != NULL && strstr(sheet, "<row r=\"4\"") == NULL);
    free(sheet);
    api_res_free(&res);
}
END_TEST

Suite *
suite_lead_export(void)
{
    Suite *s = suite_create("lead_export");
    TCase *tc = tcase_create("export");

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, csv_export_of_a_view_reads_back_with_formulas_neutralised);
    tcase_add_test(tc, export_holds_only_the_leads_within_reach);
    tcase_add_test(tc, xlsx_export_is_a_workbook_with_the_rows_as_text);
    suite_add_tcase(s, tc);
    return s;
}
