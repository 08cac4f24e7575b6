/* test_import_xlsx.c - the XLSX reader on workbooks written here part by part: first sheet via
 * the relationships, shared strings with rich text, cell types and styles, references and gaps,
 * namespaces, the 1904 date system; refused: DOCTYPE/entities, zip bombs, damaged archives */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zip.h>

#include "import/import_xlsx.h"
#include "import_rows.h"
#include "unit.h"

#define NS_MAIN "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define NS_REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

static const char workbook[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<workbook xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_REL "\"><workbookPr/><sheets>"
    "<sheet name=\"Leads\" sheetId=\"1\" r:id=\"rId3\"/>"
    "<sheet name=\"Other\" sheetId=\"2\" r:id=\"rId1\"/></sheets></workbook>";
static const char rels[] =
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"" NS_REL "/worksheet\" Target=\"worksheets/sheet2.xml\"/>"
    "<Relationship Id=\"rId3\" Type=\"" NS_REL "/worksheet\" Target=\"/xl/worksheets/first.xml\"/>"
    "</Relationships>";
static const char styles[] =
    "<styleSheet xmlns=\"" NS_MAIN "\"><numFmts count=\"2\">"
    "<numFmt numFmtId=\"164\" formatCode=\"yyyy\\-mm\\-dd\"/>"
    "<numFmt numFmtId=\"165\" formatCode=\"#,##0.00&quot; days&quot;\"/></numFmts>"
    "<cellStyleXfs count=\"1\"><xf numFmtId=\"14\"/></cellStyleXfs>"
    "<cellXfs count=\"4\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"164\"/>"
    "<xf numFmtId=\"165\"/></cellXfs></styleSheet>";
static const char strings[] =
    "<sst xmlns=\"" NS_MAIN "\" count=\"5\" uniqueCount=\"5\">"
    "<si><t>email</t></si>"
    "<si><r><rPr><b/></rPr><t>First</t></r><r><t xml:space=\"preserve\"> Name</t></r></si>"
    "<si><t>Tanaka</t><rPh sb=\"0\" eb=\"6\"><t>\xe3\x82\xbf\xe3\x83\x8a\xe3\x82\xab</t></rPh>"
    "</si>"
    "<si><t>a@b.test</t></si>"
    "<si><t>&amp;&lt;\xc3\xa9</t></si></sst>";
static const char sheet[] =
    "<worksheet xmlns=\"" NS_MAIN "\"><dimension ref=\"A1:H3\"/><sheetData>"
    "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
    "<c r=\"C1\" t=\"inlineStr\"><is><t>Joined</t></is></c><c r=\"D1\" t=\"str\"><f>\"Si\"&amp;"
    "\"ze\"</f><v>Size</v></c><c r=\"F1\" t=\"s\"><v>4</v></c></row>"
    "<row r=\"3\"><c r=\"A3\" t=\"s\"><v>3</v></c><c r=\"B3\" t=\"s\"><v>2</v></c>"
    "<c r=\"C3\" s=\"2\"><v>45366</v></c><c r=\"D3\"><v>4155550100</v></c>"
    "<c r=\"E3\" t=\"b\"><v>1</v></c><c r=\"F3\" s=\"1\"><v>45366.5</v></c>"
    "<c r=\"G3\" s=\"3\"><v>0.30000000000000004</v></c><c r=\"H3\" t=\"e\"><v>#N/A</v></c>"
    "<c r=\"I3\" s=\"1\"/></row>"
    "<row><c><v>1</v></c><c t=\"inlineStr\"><is><r><t>rich</t></r><r><t>text</t></r></is></c>"
    "</row>"
    "<row r=\"10\"><c r=\"AA10\"><v>7</v></c></row>"
    "</sheetData></worksheet>";

/* a zip archive of name/content pairs (NULL-terminated), in memory; caller frees */
static char *
zip_make(const char *const *entries, size_t *len)
{
    char path[] = "/tmp/pc-unit-xlsx-XXXXXX";
    int fd = mkstemp(path);
    int zerr = 0;
    zip_t *z;
    FILE *f;
    char *data;

    ck_assert_int_ge(fd, 0);
    close(fd);
    z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
    ck_assert_ptr_nonnull(z);
    for (size_t i = 0; entries[i] != NULL; i += 2) {
        zip_source_t *src = zip_source_buffer(z, entries[i + 1], strlen(entries[i + 1]), 0);
        ck_assert_int_ge(zip_file_add(z, entries[i], src, ZIP_FL_OVERWRITE), 0);
    }
    ck_assert_int_eq(zip_close(z), 0);
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

/* read a workbook made of the standard parts with sheet XML and shared strings given */
static bool
read_book(const char *wb, const char *sheet_xml, const char *sst, long max, struct rows *r,
          struct err *err)
{
    const char *entries[] = {"[Content_Types].xml",
                             "<Types/>",
                             "xl/workbook.xml",
                             wb,
                             "xl/_rels/workbook.xml.rels",
                             rels,
                             "xl/styles.xml",
                             styles,
                             "xl/sharedStrings.xml",
                             sst,
                             "xl/worksheets/first.xml",
                             sheet_xml,
                             "xl/worksheets/sheet2.xml",
                             "<worksheet/>",
                             NULL};
    size_t len;
    char *data = zip_make(entries, &len);
    bool ok = import_xlsx_read_max(data, len, max, rows_collect, r, err);

    free(data);
    return ok;
}

START_TEST(xlsx_first_sheet_cells_types_styles_and_gaps)
{
    struct rows r = {0};
    struct err err = ERR_INIT;

    ck_assert_msg(read_book(workbook, sheet, strings, 1 << 20, &r, &err), "%s",
                  err.ndetails ? err.details[0].problem : "");
    ck_assert_str_eq(rows_text(&r), "1: email|First Name|Joined|Size||&<\xc3\xa9\n"
                                    "3: a@b.test|Tanaka|d:2024-03-15|n:4155550100|b:TRUE|"
                                    "d:2024-03-15T12:00:00.000Z|n:0.3|#N/A|\n"
                                    "4: n:1|richtext\n"
                                    "10: ||||||||||||||||||||||||||n:7");
    rows_free(&r);
}
END_TEST

START_TEST(xlsx_prefixed_namespaces_and_the_1904_date_system)
{
    static const char wb1904[] =
        "<x:workbook xmlns:x=\"" NS_MAIN "\" xmlns:r=\"" NS_REL "\"><x:workbookPr "
        "date1904=\"1\"/><x:sheets><x:sheet name=\"S\" sheetId=\"1\" r:id=\"rId3\"/></x:sheets>"
        "</x:workbook>";
    static const char prefixed[] =
        "<x:worksheet xmlns:x=\"" NS_MAIN "\"><x:sheetData><x:row r=\"1\">"
        "<x:c r=\"A1\" t=\"inlineStr\"><x:is><x:t>hi</x:t></x:is></x:c>"
        "<x:c r=\"B1\" s=\"2\"><x:v>43904</x:v></x:c></x:row></x:sheetData></x:worksheet>";
    struct rows r = {0};
    struct err err = ERR_INIT;

    ck_assert(read_book(wb1904, prefixed, "<sst/>", 1 << 20, &r, &err));
    ck_assert_str_eq(rows_text(&r), "1: hi|d:2024-03-15");
    rows_free(&r);
}
END_TEST

/* the one detail of a refused workbook */
static void
expect_refused(const char *wb, const char *sheet_xml, const char *sst, long max, const char *want)
{
    struct rows r = {0};
    struct err err = ERR_INIT;

    ck_assert(!read_book(wb, sheet_xml, sst, max, &r, &err));
    ck_assert_str_eq(err.code, "validation_failed");
    ck_assert_int_eq(err.ndetails, 1);
    ck_assert_str_eq(err.details[0].field, "file");
    ck_assert_str_eq(err.details[0].problem, want);
    rows_free(&r);
}

START_TEST(xlsx_doctype_and_entities_are_refused)
{
    static const char laughs[] = "<?xml version=\"1.0\"?><!DOCTYPE sst [<!ENTITY a \"aaaaaaaa\">"
                                 "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]>"
                                 "<sst><si><t>&b;</t></si></sst>";
    static const char external[] = "<?xml version=\"1.0\"?><!DOCTYPE worksheet SYSTEM "
                                   "\"file:///etc/passwd\"><worksheet/>";

    expect_refused(workbook, sheet, laughs, 1 << 20,
                   "the workbook's XML declares a DOCTYPE, which is not allowed");
    expect_refused(workbook, external, strings, 1 << 20,
                   "the workbook's XML declares a DOCTYPE, which is not allowed");
}
END_TEST

START_TEST(xlsx_unpacked_size_is_limited)
{
    size_t n = 3 << 20;
    char *big = malloc(n + 200);

    strcpy(big, "<worksheet><sheetData>");
    memset(big + strlen(big), ' ', n);
    strcpy(big + 22 + n, "</sheetData></worksheet>");
    expect_refused(workbook, big, strings, 1 << 20, "unpacks to more than 1 MB (a zip bomb?)");
    free(big);
}
END_TEST

START_TEST(xlsx_broken_workbooks_are_refused_with_a_reason)
{
    expect_refused("<workbook><sheets/></workbook>", sheet, strings, 1 << 20,
                   "the workbook has no sheet");
    expect_refused(workbook, "<worksheet><sheetData><row><c t=\"s\"><v>99</v></c></row>", strings,
                   1 << 20, "a cell refers to a shared string that does not exist");
    expect_refused(workbook, "<worksheet><sheetData></worksheet>", strings, 1 << 20,
                   "xl/worksheets/first.xml is not well-formed XML (line 1: mismatched tag)");
}
END_TEST

START_TEST(xlsx_zips_that_are_not_workbooks_are_refused)
{
    const char *entries[] = {"readme.txt", "hello", NULL};
    size_t len;
    char *data = zip_make(entries, &len);
    struct rows r = {0};
    struct err err = ERR_INIT;

    ck_assert(!import_xlsx_read(data, len, rows_collect, &r, &err));
    ck_assert_str_eq(err.details[0].problem,
                     "the zip archive is not an XLSX workbook (no xl/workbook.xml)");
    err_reset(&err);
    ck_assert(!import_xlsx_read(data, len / 2, rows_collect, &r, &err)); /* cut short */
    ck_assert_str_eq(err.details[0].problem,
                     "the file looks like a zip archive but cannot be opened as XLSX");
    ck_assert_ptr_null(r.list);
    free(data);
}
END_TEST

START_TEST(xlsx_reading_stops_when_the_callback_says_so)
{
    struct rows r = {.stop_after = 1};
    struct err err = ERR_INIT;

    ck_assert(!read_book(workbook, sheet, strings, 1 << 20, &r, &err));
    ck_assert_ptr_null(err.code);
    ck_assert_int_eq(json_object_array_length(r.list), 1);
    rows_free(&r);
}
END_TEST

/* text of n copies of c between head and tail (caller frees) */
static char *
repeat_between(const char *head, const char *c, size_t n, const char *tail)
{
    size_t hl = strlen(head), cl = strlen(c), tl = strlen(tail);
    char *s = malloc(hl + cl * n + tl + 1);

    memcpy(s, head, hl);
    for (size_t i = 0; i < n; i++)
        memcpy(s + hl + i * cl, c, cl);
    memcpy(s + hl + cl * n, tail, tl + 1);
    return s;
}

/* 20 MiB in one attribute took expat 2.5 3.4 s (each buffer scans the token again); the
 * reader gives up after 32 KiB without an event and names the cell */
START_TEST(xlsx_a_huge_attribute_is_refused_at_once_naming_the_cell)
{
    char *bomb = repeat_between("<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\">"
                                "<is><t>email</t></is></c></row><row r=\"2\"><c r=\"A2\" x=\"",
                                "A", 20u << 20, "\"/></row></sheetData></worksheet>");
    char *early = repeat_between("<worksheet><sheetData><row r=\"1\" x=\"", "A", 1u << 20,
                                 "\"/></sheetData></worksheet>");
    struct timespec t0, t1;

    clock_gettime(CLOCK_MONOTONIC, &t0);
    expect_refused(workbook, bomb, strings, 200L << 20,
                   "has an XML tag over the limit of 32 KiB (sheet \"Leads\", cell A2)");
    clock_gettime(CLOCK_MONOTONIC, &t1);
    ck_assert_double_lt((double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9, 1.0);
    expect_refused(workbook, early, strings, 200L << 20,
                   "has an XML tag over the limit of 32 KiB (sheet \"Leads\", before its first "
                   "cell)");
    free(early);
    early = repeat_between("<worksheet><sheetData><row r=\"1\"><c r=\"B1\"><v>1</v></c><c ", " ",
                           100000, "/></row></sheetData></worksheet>");
    expect_refused(workbook, early, strings, 200L << 20,
                   "has an XML tag over the limit of 32 KiB (sheet \"Leads\", after cell B1)");
    free(early);
    free(bomb);
}
END_TEST

START_TEST(xlsx_other_parts_are_bounded_too)
{
    char *comment = repeat_between("<styleSheet><!--", "-x", 40000, "--></styleSheet>");
    const char *entries[] = {"xl/workbook.xml",
                             workbook,
                             "xl/_rels/workbook.xml.rels",
                             rels,
                             "xl/styles.xml",
                             comment,
                             "xl/worksheets/first.xml",
                             sheet,
                             NULL};
    size_t len;
    char *data = zip_make(entries, &len);
    struct rows r = {0};
    struct err err = ERR_INIT;

    ck_assert(!import_xlsx_read(data, len, rows_collect, &r, &err));
    ck_assert_str_eq(err.details[0].problem,
                     "has an XML tag over the limit of 32 KiB (xl/styles.xml, line 1)");
    free(data);
    free(comment);
}
END_TEST

/* a cell of 32767 characters (Excel's limit; here three bytes each) is read, one more is not */
START_TEST(xlsx_cells_and_shared_strings_hold_at_most_32767_characters)
{
    const char *euro = "\xe2\x82\xac";
    char *ok = repeat_between("<worksheet><sheetData><row r=\"4\"><c r=\"C4\" t=\"inlineStr\"><is>"
                              "<t>",
                              euro, 32767, "</t></is></c></row></sheetData></worksheet>");
    char *over = repeat_between("<worksheet><sheetData><row r=\"4\"><c r=\"C4\"><v>", "1", 32768,
                                "</v></c></row></sheetData></worksheet>");
    char *sst = repeat_between("<sst><si><t>short</t></si><si><t>", euro, 32768, "</t></si></sst>");
    struct rows r = {0};
    struct err err = ERR_INIT;

    ck_assert(read_book(workbook, ok, strings, 200L << 20, &r, &err));
    ck_assert_int_eq(json_object_get_string_len(json_object_array_get_idx(r.list, 0)),
                     (int)strlen("4: ||") + 3 * 32767);
    rows_free(&r);
    expect_refused(workbook, over, strings, 200L << 20,
                   "has a cell over the limit of 32767 characters (sheet \"Leads\", cell C4)");
    /* a long shared string is refused where a cell uses it, and only then */
    ck_assert(read_book(workbook,
                        "<worksheet><sheetData><row><c t=\"s\"><v>0</v></c></row></sheetData>"
                        "</worksheet>",
                        sst, 200L << 20, &r, &err));
    ck_assert_str_eq(rows_text(&r), "1: short");
    rows_free(&r);
    expect_refused(workbook,
                   "<worksheet><sheetData><row r=\"9\"><c r=\"AB9\" t=\"s\"><v>1</v></c></row>"
                   "</sheetData></worksheet>",
                   sst, 200L << 20,
                   "has a cell over the limit of 32767 characters (sheet \"Leads\", cell AB9)");
    free(ok);
    free(over);
    free(sst);
}
END_TEST

Suite *
suite_import_xlsx(void)
{
    Suite *s = suite_create("import_xlsx");
    TCase *tc = tcase_create("import_xlsx");

    tcase_add_test(tc, xlsx_first_sheet_cells_types_styles_and_gaps);
    tcase_add_test(tc, xlsx_prefixed_namespaces_and_the_1904_date_system);
    tcase_add_test(tc, xlsx_doctype_and_entities_are_refused);
    tcase_add_test(tc, xlsx_unpacked_size_is_limited);
    tcase_add_test(tc, xlsx_broken_workbooks_are_refused_with_a_reason);
    tcase_add_test(tc, xlsx_zips_that_are_not_workbooks_are_refused);
    tcase_add_test(tc, xlsx_reading_stops_when_the_callback_says_so);
    tcase_add_test(tc, xlsx_a_huge_attribute_is_refused_at_once_naming_the_cell);
    tcase_add_test(tc, xlsx_other_parts_are_bounded_too);
    tcase_add_test(tc, xlsx_cells_and_shared_strings_hold_at_most_32767_characters);
    suite_add_tcase(s, tc);
    return s;
}
