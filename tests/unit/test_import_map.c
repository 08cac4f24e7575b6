/* test_import_map.c - header aliases, status labels, row values; Excel numbers and serial
 * dates as text */
#include <string.h>

#include "import/import_cell.h"
#include "import/import_map.h"
#include "model/tables.h"
#include "unit.h"

#define TEXT(s)                                                                                    \
    {                                                                                              \
        CELL_TEXT, (s), sizeof(s) - 1, 0                                                           \
    }

START_TEST(import_aliases_ignore_case_spaces_and_dashes)
{
    static const struct {
        const char *header, *field;
    } cases[] = {
        {"email", "email"},
        {"E-mail", "email"},
        {"Email Address", "email"},
        {" EMAIL ", "email"},
        {"First Name", "firstName"},
        {"firstname", "firstName"},
        {"given_name", "firstName"},
        {"Surname", "lastName"},
        {"Last Name", "lastName"},
        {"Company Name", "company"},
        {"Organization", "company"},
        {"Phone Number", "phone"},
        {"Tel.", "phone"},
        {"Job Title", "jobTitle"},
        {"Position", "jobTitle"},
        {"Country", "country"},
        {"Industry", "industry"},
        {"Employees", "companySize"},
        {"company size", "companySize"},
        {"Meeting Type", "meetingType"},
        {"SDR", "salesManager"},
        {"Owner", "salesManager"},
        {"Partner Slug", "partner"},
        {"partner id", "partner"},
        {"Deal Status", "dealStatus"},
        {"status", "dealStatus"},
        {"Notes", NULL},
        {"", NULL},
        {"emails", NULL},
    };

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const char *got = import_alias_field(cases[i].header, strlen(cases[i].header));
        if (cases[i].field == NULL)
            ck_assert_msg(got == NULL, "%s -> %s", cases[i].header, got);
        else
            ck_assert_msg(got != NULL && strcmp(got, cases[i].field) == 0, "%s -> %s",
                          cases[i].header, got ? got : "NULL");
    }
}
END_TEST

START_TEST(import_statuses_by_value_or_label)
{
    ck_assert_str_eq(import_status_value("In Touch"), "in_touch");
    ck_assert_str_eq(import_status_value("in_touch"), "in_touch");
    ck_assert_str_eq(import_status_value("WON"), "won");
    ck_assert_str_eq(import_status_value("Lost \xe2\x80\x93 No Show"), "lost_no_show");
    ck_assert_str_eq(import_status_value("lost - disqualified"), "lost_disqualified");
    ck_assert_str_eq(import_status_value("Lost No Potential"), "lost_no_potential");
    ck_assert_ptr_null(import_status_value("closed"));
}
END_TEST

START_TEST(import_header_maps_columns_and_ignores_repeats)
{
    struct import_cell cells[] = {TEXT("E-mail"), TEXT(" Notes "), TEXT("Partner"), TEXT("Email"),
                                  TEXT("Title")};
    struct import_row row = {.number = 1, .ncells = 5, .cells = cells};
    struct import_columns cols;
    struct err err = ERR_INIT;

    ck_assert(import_map_header(&leads_model, &row, &cols, &err));
    ck_assert_uint_eq(cols.n, 5);
    ck_assert_str_eq(cols.cols[0].field->json, "email");
    ck_assert_str_eq(cols.cols[1].header, "Notes");
    ck_assert_ptr_null(cols.cols[1].field);
    ck_assert_ptr_null(cols.cols[1].repeat);
    ck_assert_str_eq(cols.cols[2].field->json, "partner");
    ck_assert(cols.has_partner);
    ck_assert_ptr_null(cols.cols[3].field);
    ck_assert_str_eq(cols.cols[3].repeat->json, "email");
    ck_assert_str_eq(cols.cols[4].field->json, "jobTitle");
}
END_TEST

START_TEST(import_header_problems_are_file_errors)
{
    struct import_cell no_email[] = {TEXT("Name"), TEXT("Company")};
    struct import_cell bad_utf8[] = {TEXT("email"), TEXT("N\xff")};
    struct import_row row = {.number = 1, .ncells = 2, .cells = no_email};
    struct import_columns cols;
    struct err err = ERR_INIT;

    ck_assert(!import_map_header(&leads_model, &row, &cols, &err));
    ck_assert_str_eq(err.code, "validation_failed");
    ck_assert_str_eq(err.details[0].field, "file");
    ck_assert_str_eq(err.details[0].problem, "has no column for email (see the accepted headers)");
    err_reset(&err);
    row.cells = bad_utf8;
    ck_assert(!import_map_header(&leads_model, &row, &cols, &err));
    ck_assert_str_eq(err.details[0].problem, "has a header row that is not UTF-8 text (column 2)");
    err_reset(&err);
    row.cells = no_email;
    row.too_wide = true;
    ck_assert(!import_map_header(&leads_model, &row, &cols, &err));
    ck_assert_str_eq(err.details[0].problem, "has more than 256 columns");
}
END_TEST

START_TEST(import_rows_become_trimmed_input_with_utf8_checked)
{
    struct import_cell head[] = {TEXT("Email"),      TEXT("Status"),    TEXT("Notes"),
                                 TEXT("First Name"), TEXT("Last Name"), TEXT("Employees")};
    struct import_cell cells[] = {
        TEXT("  Ann@Example.TEST "), TEXT("In Touch"),          TEXT("ignored"), TEXT(""),
        TEXT("M\xc3\xbcller\xff"),   {CELL_NUMBER, "50", 2, 50}};
    struct import_row hrow = {.number = 1, .ncells = 6, .cells = head};
    struct import_row row = {.number = 2, .ncells = 6, .cells = cells};
    struct import_columns cols;
    struct err err = ERR_INIT;
    bool bad;

    ck_assert(import_map_header(&leads_model, &hrow, &cols, &err));
    json_object *out = import_map_row(&cols, &row, &err, &bad);
    ck_assert(bad);
    ck_assert_int_eq(err.ndetails, 1);
    ck_assert_str_eq(err.details[0].field, "lastName");
    ck_assert_str_eq(err.details[0].problem, "is not valid UTF-8 text");
    ck_assert_str_eq(json_object_to_json_string_ext(out, JSON_C_TO_STRING_PLAIN),
                     "{\"email\":\"Ann@Example.TEST\",\"dealStatus\":\"in_touch\","
                     "\"companySize\":\"50\"}");
    json_object_put(out);
}
END_TEST

/* a table with a date field, to see numbers become ISO dates in date columns (the leads table
 * has no writable date field today) */
static const struct field dated_fields[] = {
    {.json = "email", .type = FT_EMAIL, .flags = FIELD_REQUIRED},
    {.json = "company", .type = FT_DATE, .flags = FIELD_NULLABLE},
    {.json = "country", .type = FT_STRING, .flags = FIELD_NULLABLE},
};
static const struct model dated = {"dated", "dated", MODEL_FIELDS(dated_fields), NULL, false};

START_TEST(import_numbers_in_date_columns_become_iso_dates)
{
    struct import_cell head[] = {TEXT("email"), TEXT("company"), TEXT("country")};
    struct import_cell cells[] = {
        TEXT("a@b.test"), {CELL_NUMBER, "45366", 5, 45366}, {CELL_DATE, "2024-03-15", 10, 45366}};
    struct import_row hrow = {.number = 1, .ncells = 3, .cells = head};
    struct import_row row = {.number = 2, .ncells = 3, .cells = cells};
    struct import_columns cols;
    struct err err = ERR_INIT;
    bool bad;

    ck_assert(import_map_header(&dated, &hrow, &cols, &err));
    json_object *out = import_map_row(&cols, &row, &err, &bad);
    ck_assert(!bad);
    ck_assert_str_eq(json_object_to_json_string_ext(out, JSON_C_TO_STRING_PLAIN),
                     "{\"email\":\"a@b.test\",\"company\":\"2024-03-15\","
                     "\"country\":\"2024-03-15\"}");
    json_object_put(out);
}
END_TEST

START_TEST(import_excel_numbers_and_serial_dates_as_text)
{
    char buf[40];

    import_number_text(4155550100.0, buf, sizeof(buf));
    ck_assert_str_eq(buf, "4155550100");
    import_number_text(0.1 + 0.2, buf, sizeof(buf));
    ck_assert_str_eq(buf, "0.3");
    import_number_text(-0.0, buf, sizeof(buf));
    ck_assert_str_eq(buf, "0");
    import_number_text(12.5, buf, sizeof(buf));
    ck_assert_str_eq(buf, "12.5");
    import_number_text(1e20, buf, sizeof(buf));
    ck_assert_str_eq(buf, "1e+20");
    ck_assert(import_serial_date(1, buf, sizeof(buf)));
    ck_assert_str_eq(buf, "1900-01-01");
    ck_assert(import_serial_date(59, buf, sizeof(buf)));
    ck_assert_str_eq(buf, "1900-02-28");
    ck_assert(!import_serial_date(60, buf, sizeof(buf))); /* 1900-02-29 never was */
    ck_assert(import_serial_date(61, buf, sizeof(buf)));
    ck_assert_str_eq(buf, "1900-03-01");
    ck_assert(import_serial_date(25569, buf, sizeof(buf)));
    ck_assert_str_eq(buf, "1970-01-01");
    ck_assert(import_serial_date(45366, buf, sizeof(buf)));
    ck_assert_str_eq(buf, "2024-03-15");
    ck_assert(import_serial_date(45366.25, buf, sizeof(buf)));
    ck_assert_str_eq(buf, "2024-03-15T06:00:00.000Z");
    ck_assert(!import_serial_date(0.5, buf, sizeof(buf)));
    ck_assert(!import_serial_date(3e6, buf, sizeof(buf))); /* after 9999 */
}
END_TEST

Suite *
suite_import_map(void)
{
    Suite *s = suite_create("import_map");
    TCase *tc = tcase_create("import_map");

    tcase_add_test(tc, import_aliases_ignore_case_spaces_and_dashes);
    tcase_add_test(tc, import_statuses_by_value_or_label);
    tcase_add_test(tc, import_header_maps_columns_and_ignores_repeats);
    tcase_add_test(tc, import_header_problems_are_file_errors);
    tcase_add_test(tc, import_rows_become_trimmed_input_with_utf8_checked);
    tcase_add_test(tc, import_numbers_in_date_columns_become_iso_dates);
    tcase_add_test(tc, import_excel_numbers_and_serial_dates_as_text);
    suite_add_tcase(s, tc);
    return s;
}
