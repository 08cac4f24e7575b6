/* test_import_limits.c - uploads shaped to hurt (issue 11): an XLSX whose one attribute or text
 * unpacks to 150 MiB, a CSV with one huge quoted field, previews of long values, a start over
 * the row limit; each is answered at once, with bounded memory, and writes nothing */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "stack_access.h"
#include "uploads.h"

#define NS_MAIN "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define NS_REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define BOMB_BYTES (150u << 20)
#define MAX_GROWTH_KB (48 * 1024) /* what a responder's peak may grow by for one upload */

static const char workbook[] =
    "<workbook xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_REL "\"><sheets>"
    "<sheet name=\"Leads\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
static const char rels[] =
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"" NS_REL "/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
    "</Relationships>";

/* a workbook whose sheet is head, then n bytes of fill, then tail; sst the shared strings
 * (NULL: none) */
static char *
bomb_book(const char *head, char fill, size_t n, const char *tail, const char *sst, size_t *len)
{
    size_t hl = strlen(head), tl = strlen(tail);
    char *sheet = malloc(hl + n + tl + 1);
    const char *parts[] = {"xl/workbook.xml",
                           workbook,
                           "xl/_rels/workbook.xml.rels",
                           rels,
                           "xl/worksheets/sheet1.xml",
                           sheet,
                           sst ? "xl/sharedStrings.xml" : NULL,
                           sst,
                           NULL};
    char *zip;

    memcpy(sheet, head, hl);
    memset(sheet + hl, fill, n);
    memcpy(sheet + hl + n, tail, tl + 1);
    zip = zip_parts(parts, NULL, len);
    free(sheet);
    return zip;
}

/* the responders' peak memory (VmHWM, kB), by pid */
struct peaks {
    int pids[16], n;
    long kb[16];
};

static void
peaks_read(struct peaks *p)
{
    p->n = responder_pids(p->pids, 16);
    ck_assert_int_gt(p->n, 0);
    for (int i = 0; i < p->n; i++)
        p->kb[i] = process_status_kb(p->pids[i], "VmHWM");
}

/* how much the peak of any responder grew since before; a responder gone (killed by the
 * watchdog) fails the check */
static long
peaks_growth(const struct peaks *before)
{
    long most = 0;

    for (int i = 0; i < before->n; i++) {
        long now = process_status_kb(before->pids[i], "VmHWM");
        ck_assert_msg(now >= 0, "responder %d is gone (the watchdog ended it?)", before->pids[i]);
        if (now - before->kb[i] > most)
            most = now - before->kb[i];
    }
    return most;
}

static double
seconds_since(const struct timespec *t0)
{
    struct timespec t1;

    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* upload book as a dry run and as a start: each a 422 with want as its one detail, in under
 * max_s seconds, with the responders' peak memory bounded; nothing is stored */
static void
expect_refused_fast(struct cast *k, const char *name, const char *book, size_t len, double max_s,
                    const char *want)
{
    struct api_res res;
    struct peaks before;
    struct timespec t0;
    char details[512];

    snprintf(details, sizeof(details), "[{\"field\":\"file\",\"problem\":\"%s\"}]", want);
    for (int dry = 1; dry >= 0; dry--) {
        peaks_read(&before);
        clock_gettime(CLOCK_MONOTONIC, &t0);
        import_upload(&k->staff_c, dry, name, book, len, k->partner_a, &res);
        double s = seconds_since(&t0);
        long growth = peaks_growth(&before);
        fprintf(stderr, "%s (%s, %zu bytes): %ld in %.3f s, responder peak +%ld kB\n", name,
                dry ? "dry run" : "start", len, res.status, s, growth);
        ck_assert_msg(res.status != 200 || res.len < 4096, "a %zu-byte answer", res.len);
        assert_refused(&res, 422, "validation_failed", details);
        ck_assert_msg(s < max_s, "%s took %.3f s", name, s);
        ck_assert_msg(growth < MAX_GROWTH_KB, "a responder's peak grew by %ld kB", growth);
    }
    ck_assert_int_eq(count_matching("imports", "{\"createdBy\": {\"$oid\": \"%s\"}}", k->staff.id),
                     0);
}

/* 154 KB that unpack to one 150 MiB attribute: expat 2.5 scanned the growing tag again on every
 * buffer (a cost of the square of its length) until the watchdog ended the responder */
START_TEST(an_xlsx_of_one_huge_attribute_is_refused_at_once_naming_the_cell)
{
    struct cast k;
    size_t len;
    char *book = bomb_book("<worksheet xmlns=\"" NS_MAIN "\"><sheetData><row r=\"1\"><c r=\"A1\" "
                           "t=\"inlineStr\"><is><t>email</t></is></c></row><row r=\"2\">"
                           "<c r=\"A2\" t=\"inlineStr\" x=\"",
                           'A', BOMB_BYTES,
                           "\"><is><t>a@b.test</t></is></c></row></sheetData>"
                           "</worksheet>",
                           NULL, &len);

    fixture_cast(&k);
    ck_assert_uint_lt(len, 200 * 1024);
    expect_refused_fast(&k, "bomb.xlsx", book, len, 1.0,
                        "has an XML tag over the limit of 32 KiB (sheet \\\"Leads\\\", cell A2)");
    free(book);
    cast_release(&k);
}
END_TEST

/* the same size as text: in a cell, and in a shared string a cell uses; before, the preview
 * echoed it (a 157 MB answer from a responder of 578 MB) */
START_TEST(an_xlsx_with_a_huge_text_is_refused_at_once_naming_the_cell)
{
    struct cast k;
    size_t len;
    char *book =
        bomb_book("<worksheet xmlns=\"" NS_MAIN "\"><sheetData><row r=\"1\"><c r=\"A1\" "
                  "t=\"inlineStr\"><is><t>email</t></is></c><c r=\"B1\" t=\"inlineStr\">"
                  "<is><t>company</t></is></c></row><row r=\"2\"><c r=\"A2\" "
                  "t=\"inlineStr\"><is><t>a@b.test</t></is></c><c r=\"B2\" "
                  "t=\"inlineStr\"><is><t>",
                  'B', BOMB_BYTES, "</t></is></c></row></sheetData></worksheet>", NULL, &len);
    char *sst = malloc(BOMB_BYTES + 64);

    fixture_cast(&k);
    expect_refused_fast(&k, "text.xlsx", book, len, 1.0,
                        "has a cell over the limit of 32767 characters (sheet \\\"Leads\\\", cell "
                        "B2)");
    free(book);
    strcpy(sst, "<sst><si><t>email</t></si><si><t>");
    size_t head = strlen(sst);
    memset(sst + head, 'C', BOMB_BYTES);
    strcpy(sst + head + BOMB_BYTES, "</t></si></sst>");
    book = bomb_book("<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>"
                     "<row r=\"7\"><c r=\"C7\" t=\"s\"><v>1</v></c></row>",
                     ' ', 1, "</sheetData></worksheet>", sst, &len);
    free(sst);
    expect_refused_fast(&k, "strings.xlsx", book, len, 3.0, /* the 150 MiB part is read */
                        "has a cell over the limit of 32767 characters (sheet \\\"Leads\\\", cell "
                        "C7)");
    free(book);
    cast_release(&k);
}
END_TEST

/* 19 MB in one quoted field of a mapped column */
START_TEST(a_csv_with_a_huge_quoted_field_is_refused_at_once)
{
    struct cast k;
    size_t n = 19u << 20, len;
    char *csv = malloc(n + 128);

    fixture_cast(&k);
    len = (size_t)sprintf(csv, "email,company\nfirst-%s@test.local,\"", k.tag);
    memset(csv + len, 'D', n);
    len += n;
    len += (size_t)sprintf(csv + len, "\"\nsecond-%s@test.local,Acme\n", k.tag);
    expect_refused_fast(&k, "huge.csv", csv, len, 10.0,
                        "has a field over the limit of 32767 characters (row 2, column 2)");
    free(csv);
    cast_release(&k);
}
END_TEST

/* the preview has at most 20 rows, and each value it echoes at most 256 characters */
START_TEST(the_preview_cuts_long_values_and_says_so)
{
    struct cast k;
    struct api_res res;
    char *csv = malloc(64 * 1024), cut[1024];
    size_t used;
    json_object *rows;

    fixture_cast(&k);
    used = (size_t)sprintf(csv, "email,company,first name\n");
    for (int i = 0; i < 25; i++) {
        used += (size_t)sprintf(csv + used, "long-%d-%s@test.local,", i, k.tag);
        for (int j = 0; j < 300; j++)
            used += (size_t)sprintf(csv + used, "\xc3\xa9");
        used += (size_t)sprintf(csv + used, ",Ann\n");
    }
    ck_assert_int_eq(import_upload(&k.staff_c, true, "long.csv", csv, used, k.partner_a, &res),
                     200);
    rows = json_member(res.json, "rows");
    ck_assert_int_eq(json_object_array_length(rows), 20);
    ck_assert_int_eq(json_object_get_int64(json_member(res.json, "total")), 25);
    ck_assert(json_object_get_boolean(json_member(res.json, "truncated")));
    used = 0;
    for (int j = 0; j < 256; j++)
        used += (size_t)sprintf(cut + used, "\xc3\xa9");
    sprintf(cut + used, "\xe2\x80\xa6");
    for (size_t i = 0; i < 20; i++) {
        json_object *row = json_object_array_get_idx(rows, i);
        ck_assert_str_eq(json_object_get_string(json_member(row, "company")), cut);
        ck_assert_str_eq(json_object_get_string(json_member(row, "firstName")), "Ann");
    }
    /* the check still sees the whole value */
    ck_assert_str_eq(json_plain(json_object_array_get_idx(json_member(res.json, "errors"), 0)),
                     "{\"row\":2,\"field\":\"company\",\"problem\":\"must be at most 200 "
                     "characters\"}");
    api_res_free(&res);
    /* short values: no flag */
    snprintf(csv, 64 * 1024, "email\nshort-%s@test.local\n", k.tag);
    ck_assert_int_eq(
        import_upload(&k.staff_c, true, "short.csv", csv, strlen(csv), k.partner_a, &res), 200);
    ck_assert_ptr_null(json_member(res.json, "truncated"));
    api_res_free(&res);
    free(csv);
    cast_release(&k);
}
END_TEST

/* counts the chunks written since a time while a request runs */
struct chunk_watch {
    long long since;
    volatile bool stop;
    long long seen;
};

static void *
watch_chunks(void *arg)
{
    struct chunk_watch *w = arg;

    while (!w->stop) {
        long long n = count_matching("import_chunks",
                                     "{\"createdAt\": {\"$gte\": {\"$date\": %lld}}}", w->since);
        if (n > w->seen)
            w->seen = n;
        sleep_ms(50);
    }
    return NULL;
}

/* before, the start of 100 001 rows wrote 200 chunks (16.9 s under load, past the watchdog)
 * and then refused the file; now nothing is written while it is read */
START_TEST(a_start_over_the_row_limit_writes_nothing_while_it_is_read)
{
    struct cast k;
    struct api_res res;
    struct chunk_watch w = {0};
    struct timespec t0;
    pthread_t watcher;
    size_t len;
    char *csv;

    fixture_cast(&k);
    csv = rows_csv("over", k.tag, 100001, &len);
    w.since = (long long)time(NULL) * 1000 - 1000;
    ck_assert_int_eq(pthread_create(&watcher, NULL, watch_chunks, &w), 0);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    import_upload(&k.staff_c, false, "over.csv", csv, len, k.partner_a, &res);
    fprintf(stderr, "start of 100001 rows: %ld in %.2f s\n", res.status, seconds_since(&t0));
    w.stop = true;
    pthread_join(watcher, NULL);
    assert_refused(&res, 422, "validation_failed",
                   "[{\"field\":\"file\",\"problem\":\"has more than 100000 rows: split it "
                   "into smaller files\"}]");
    ck_assert_msg(w.seen == 0, "%lld chunks were written before the refusal", w.seen);
    free(csv);
    cast_release(&k);
}
END_TEST

TCase *
tcase_import_limits(void)
{
    TCase *tc = tcase_create("limits");

    tcase_set_timeout(tc, 240);
    tcase_add_test(tc, an_xlsx_of_one_huge_attribute_is_refused_at_once_naming_the_cell);
    tcase_add_test(tc, an_xlsx_with_a_huge_text_is_refused_at_once_naming_the_cell);
    tcase_add_test(tc, a_csv_with_a_huge_quoted_field_is_refused_at_once);
    tcase_add_test(tc, the_preview_cuts_long_values_and_says_so);
    tcase_add_test(tc, a_start_over_the_row_limit_writes_nothing_while_it_is_read);
    return tc;
}
