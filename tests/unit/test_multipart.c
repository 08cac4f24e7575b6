/* test_multipart.c - multipart/form-data: boundary, parts, CRLF handling, binary content,
 * truncated and malformed bodies */
#include <string.h>

#include "import/multipart.h"
#include "unit.h"

#define B "----pcBoundary7MA4YWxk"

static bool
parse(const char *body, size_t len, struct multipart *mp, struct err *err)
{
    return multipart_parse(body, len, B, mp, err);
}

START_TEST(multipart_boundary_is_read_quoted_or_not)
{
    char b[MULTIPART_BOUNDARY_MAX + 1];
    struct err err = ERR_INIT;

    ck_assert(multipart_boundary("multipart/form-data; boundary=" B, b, sizeof(b), &err));
    ck_assert_str_eq(b, B);
    ck_assert(multipart_boundary("Multipart/Form-Data; charset=utf-8; BOUNDARY=\"a b:c\"", b,
                                 sizeof(b), &err));
    ck_assert_str_eq(b, "a b:c");
    ck_assert(multipart_boundary("multipart/form-data;boundary=x;foo=bar", b, sizeof(b), &err));
    ck_assert_str_eq(b, "x");
}
END_TEST

START_TEST(multipart_boundary_missing_or_invalid_is_a_bad_request)
{
    static const char *const bad[] = {
        "multipart/form-data",
        "multipart/form-data; charset=utf-8",
        "multipart/form-data; boundary=",
        "multipart/form-data; boundary=\"unterminated",
        "multipart/form-data; boundary=\"ends with space \"",
        "multipart/form-data; boundary=semi{brace}",
        "multipart/form-data; boundary="
        "12345678901234567890123456789012345678901234567890123456789012345678901",
        "application/json; boundary=x",
        NULL,
    };
    char b[MULTIPART_BOUNDARY_MAX + 1];

    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct err err = ERR_INIT;
        ck_assert_msg(!multipart_boundary(bad[i], b, sizeof(b), &err), "case %zu", i);
        ck_assert_str_eq(err.code, "bad_request");
    }
}
END_TEST

START_TEST(multipart_parts_have_names_filenames_and_exact_data)
{
    static const char body[] = "--" B "\r\n"
                               "Content-Disposition: form-data; name=\"partner\"\r\n"
                               "\r\n"
                               "acme\r\n"
                               "--" B "\r\n"
                               "content-disposition: form-data; name=\"file\"; "
                               "filename=\"le\\\"ads.csv\"\r\n"
                               "Content-Type: text/csv\r\n"
                               "\r\n"
                               "email\r\na@b.test\r\n"
                               "\r\n--" B "--\r\n";
    struct multipart mp;
    struct err err = ERR_INIT;
    const struct multipart_part *file, *partner;

    ck_assert(parse(body, sizeof(body) - 1, &mp, &err));
    ck_assert_int_eq(mp.nparts, 2);
    partner = multipart_find(&mp, "partner");
    ck_assert_ptr_nonnull(partner);
    ck_assert(!partner->has_filename);
    ck_assert_uint_eq(partner->len, 4);
    ck_assert(memcmp(partner->data, "acme", 4) == 0);
    file = multipart_find(&mp, "file");
    ck_assert_ptr_nonnull(file);
    ck_assert(file->has_filename);
    ck_assert_str_eq(file->filename, "le\"ads.csv");
    ck_assert_str_eq(file->content_type, "text/csv");
    /* the CRLFs of the content stay, the one before the delimiter does not */
    ck_assert_uint_eq(file->len, 17);
    ck_assert(memcmp(file->data, "email\r\na@b.test\r\n", 17) == 0);
    ck_assert_ptr_null(multipart_find(&mp, "other"));
}
END_TEST

START_TEST(multipart_binary_content_with_nul_and_boundary_lookalikes_is_intact)
{
    static const char body[] =
        "preamble to ignore\r\n"
        "--" B "\r\n"
        "Content-Disposition: form-data; name=\"file\"; filename=\"x.bin\"\r\n"
        "\r\n"
        "PK\x03\x04\0\0\xff--" B "\r\n" /* no CRLF before it */
        "\r\n--" B "X\r\n"              /* a longer boundary */
        "\r\n--" B "\t \r\n"            /* padding: the real one */
        "Content-Disposition: form-data; name=\"empty\"\r\n"
        "\r\n"
        "\r\n--" B "--  epilogue";
    static const char content[] = "PK\x03\x04\0\0\xff--" B "\r\n\r\n--" B "X\r\n";
    struct multipart mp;
    struct err err = ERR_INIT;

    ck_assert(parse(body, sizeof(body) - 1, &mp, &err));
    ck_assert_int_eq(mp.nparts, 2);
    ck_assert_uint_eq(mp.parts[0].len, sizeof(content) - 1);
    ck_assert(memcmp(mp.parts[0].data, content, sizeof(content) - 1) == 0);
    ck_assert_str_eq(mp.parts[1].name, "empty");
    ck_assert_uint_eq(mp.parts[1].len, 0);
}
END_TEST

START_TEST(multipart_truncated_bodies_are_bad_requests)
{
    static const char whole[] = "--" B "\r\n"
                                "Content-Disposition: form-data; name=\"file\"; filename=\"a\"\r\n"
                                "\r\n"
                                "data\r\n"
                                "--" B "--\r\n";
    size_t cuts[] = {0, 10, 30, 80, sizeof(whole) - 8, sizeof(whole) - 5};

    for (size_t i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++) {
        struct multipart mp;
        struct err err = ERR_INIT;
        ck_assert_msg(!parse(whole, cuts[i], &mp, &err), "cut at %zu", cuts[i]);
        ck_assert_str_eq(err.code, "bad_request");
    }
    struct multipart mp;
    struct err err = ERR_INIT;
    ck_assert(parse(whole, sizeof(whole) - 3, &mp, &err)); /* only the final CRLF missing */
    ck_assert(!parse(whole, 0, &mp, &err));
    ck_assert_str_eq(err.message, "the request body is empty");
}
END_TEST

START_TEST(multipart_needs_crlf_and_a_named_form_data_disposition)
{
    static const char *const bad[] = {
        /* bare LF line ends */
        "--" B "\nContent-Disposition: form-data; name=\"file\"\n\ndata\n--" B "--\n",
        /* no Content-Disposition */
        "--" B "\r\nContent-Type: text/plain\r\n\r\ndata\r\n--" B "--\r\n",
        /* not form-data, or without a name */
        "--" B "\r\nContent-Disposition: attachment; name=\"f\"\r\n\r\nx\r\n--" B "--\r\n",
        "--" B "\r\nContent-Disposition: form-data; filename=\"f\"\r\n\r\nx\r\n--" B "--\r\n",
        /* a header line without a colon */
        "--" B "\r\nContent-Disposition: form-data; name=\"f\"\r\nbroken\r\n\r\nx\r\n--" B "--\r\n",
        /* only the close delimiter */
        "--" B "--\r\n",
        /* no delimiter at all */
        "email\r\na@b.test\r\n",
    };

    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct multipart mp;
        struct err err = ERR_INIT;
        ck_assert_msg(!parse(bad[i], strlen(bad[i]), &mp, &err), "case %zu", i);
        ck_assert_str_eq(err.code, "bad_request");
    }
}
END_TEST

START_TEST(multipart_refuses_more_than_the_maximum_parts)
{
    static const char part[] = "--" B "\r\nContent-Disposition: form-data; name=\"p\"\r\n\r\nv\r\n";
    char body[4096] = "";
    struct multipart mp;
    struct err err = ERR_INIT;

    for (int i = 0; i <= MULTIPART_MAX_PARTS; i++)
        strcat(body, part);
    strcat(body, "--" B "--\r\n");
    ck_assert(!parse(body, strlen(body), &mp, &err));
    ck_assert_str_eq(err.message, "too many multipart parts (at most 16)");
}
END_TEST

Suite *
suite_multipart(void)
{
    Suite *s = suite_create("multipart");
    TCase *tc = tcase_create("multipart");

    tcase_add_test(tc, multipart_boundary_is_read_quoted_or_not);
    tcase_add_test(tc, multipart_boundary_missing_or_invalid_is_a_bad_request);
    tcase_add_test(tc, multipart_parts_have_names_filenames_and_exact_data);
    tcase_add_test(tc, multipart_binary_content_with_nul_and_boundary_lookalikes_is_intact);
    tcase_add_test(tc, multipart_truncated_bodies_are_bad_requests);
    tcase_add_test(tc, multipart_needs_crlf_and_a_named_form_data_disposition);
    tcase_add_test(tc, multipart_refuses_more_than_the_maximum_parts);
    suite_add_tcase(s, tc);
    return s;
}
