/* test_hubspot_signature.c - HubSpot's webhook signatures: the vectors of integrations.md §A.1
 * (v1, v2, v3), the 5-minute window, tampering, the URI decoding rule, accepted versions */
#include <stdio.h>
#include <string.h>

#include "http/hubspot_signature.h"
#include "unit.h"

#define SECRET "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy"
#define BODY                                                                                       \
    "[{\"eventId\":1,\"subscriptionId\":12345,\"portalId\":62515,\"occurredAt\":1564113600000,"    \
    "\"subscriptionType\":\"contact.creation\",\"attemptNumber\":0,\"objectId\":123,"              \
    "\"changeSource\":\"CRM\",\"changeFlag\":\"NEW\",\"appId\":54321}]"
#define V3_URI "https://example.com/hooks/hubspot?x=1"
#define V3_TS "1700000000000"
#define V3_SIG "q1ECCmch43hvswPxpvDTFwIDUSAtcG7m2YeoyoW0x/Y="

START_TEST(v1_matches_hubspots_vector)
{
    char out[HUBSPOT_SIG_HEX_CAP];

    hubspot_signature_v1(SECRET, BODY, strlen(BODY), out);
    ck_assert_str_eq(out, "232db2615f3d666fe21a8ec971ac7b5402d33b9a925784df3ca654d05f4817de");
}
END_TEST

START_TEST(v2_matches_hubspots_vectors)
{
    char out[HUBSPOT_SIG_HEX_CAP];
    const char *body = "{\"example_field\":\"example_value\"}";

    hubspot_signature_v2(SECRET, "GET", "https://www.example.com/webhook_uri", "", 0, out);
    ck_assert_str_eq(out, "eee2dddcc73c94d699f5e395f4b9d454a069a6855fbfa152e91e88823087200e");
    hubspot_signature_v2(SECRET, "POST", "https://www.example.com/webhook_uri", body, strlen(body),
                         out);
    ck_assert_str_eq(out, "9569219f8ba981ffa6f6f16aa0f48637d35d728c7e4d93d0d52efaa512af7900");
}
END_TEST

START_TEST(v3_matches_the_own_vector)
{
    char out[HUBSPOT_SIG_V3_CAP];

    hubspot_signature_v3(SECRET, "POST", V3_URI, BODY, strlen(BODY), V3_TS, out);
    ck_assert_str_eq(out, V3_SIG);
}
END_TEST

/* a v3 request as HubSpot sends it, 1 s after its timestamp */
static struct hubspot_sig_request
v3_request(void)
{
    return (struct hubspot_sig_request){.secret = SECRET,
                                        .versions = "v3",
                                        .method = "POST",
                                        .uri = V3_URI,
                                        .body = BODY,
                                        .len = strlen(BODY),
                                        .v3 = V3_SIG,
                                        .timestamp = V3_TS,
                                        .now_ms = 1700000001000LL};
}

static const char *
refusal(const struct hubspot_sig_request *rq)
{
    static char message[256];
    struct err err = ERR_INIT;

    if (hubspot_signature_check(rq, &err))
        return "";
    ck_assert_str_eq(err.code, "unauthenticated");
    snprintf(message, sizeof(message), "%s", err.message);
    return message;
}

START_TEST(check_accepts_a_fresh_v3_request)
{
    struct hubspot_sig_request rq = v3_request();

    ck_assert_str_eq(refusal(&rq), "");
    rq.now_ms = 1700000000000LL - 299000; /* a clock a little behind HubSpot's */
    ck_assert_str_eq(refusal(&rq), "");
}
END_TEST

START_TEST(check_refuses_stale_future_and_malformed_timestamps)
{
    struct hubspot_sig_request rq = v3_request();

    rq.now_ms = 1700000000000LL + 300001;
    ck_assert_ptr_nonnull(strstr(refusal(&rq), "5 min"));
    rq.now_ms = 1700000000000LL - 300001;
    ck_assert_ptr_nonnull(strstr(refusal(&rq), "5 min"));
    rq = v3_request();
    rq.timestamp = "17e11";
    ck_assert_ptr_nonnull(strstr(refusal(&rq), "not a number"));
    rq.timestamp = NULL;
    ck_assert_ptr_nonnull(strstr(refusal(&rq), "missing"));
}
END_TEST

START_TEST(check_refuses_a_tampered_body_uri_method_or_secret)
{
    struct hubspot_sig_request rq = v3_request();
    char body[sizeof(BODY)];

    memcpy(body, BODY, sizeof(BODY));
    body[20] ^= 1;
    rq.body = body;
    ck_assert_ptr_nonnull(strstr(refusal(&rq), "does not match"));
    rq = v3_request();
    rq.len -= 1; /* a body cut short */
    ck_assert_str_ne(refusal(&rq), "");
    rq = v3_request();
    rq.uri = "https://example.com/hooks/hubspot?x=2";
    ck_assert_str_ne(refusal(&rq), "");
    rq = v3_request();
    rq.method = "PUT";
    ck_assert_str_ne(refusal(&rq), "");
    rq = v3_request();
    rq.secret = "another-secret-of-the-same-app";
    ck_assert_str_ne(refusal(&rq), "");
    rq = v3_request();
    rq.v3 = "q1ECCmch43hvswPxpvDTFwIDUSAtcG7m2YeoyoW0x/Y"; /* no padding: not the same */
    ck_assert_str_ne(refusal(&rq), "");
    rq.v3 = "not base64 at all";
    ck_assert_str_ne(refusal(&rq), "");
}
END_TEST

START_TEST(uri_decoding_follows_hubspots_list)
{
    char out[256];

    ck_assert(
        hubspot_uri_decode("https://h/p?a=%3A%2f%3F%40%21%24%27%28%29%2A%2C%3B", out, sizeof(out)));
    ck_assert_str_eq(out, "https://h/p?a=:/?@!$'()*,;");
    /* anything else stays encoded, a fragment is dropped */
    ck_assert(hubspot_uri_decode("https://h/p?q=a%20b%26c%3d#frag", out, sizeof(out)));
    ck_assert_str_eq(out, "https://h/p?q=a%20b%26c%3d");
    ck_assert(!hubspot_uri_decode("https://a-long-uri", out, 8));
}
END_TEST

START_TEST(check_verifies_an_encoded_query_as_decoded)
{
    struct hubspot_sig_request rq = v3_request();
    char sig[HUBSPOT_SIG_V3_CAP];

    /* HubSpot signs the decoded form; the request carries the encoded one */
    hubspot_signature_v3(SECRET, "POST", "https://example.com/hooks/hubspot?x=a:b", BODY,
                         strlen(BODY), V3_TS, sig);
    rq.uri = "https://example.com/hooks/hubspot?x=a%3Ab";
    rq.v3 = sig;
    ck_assert_str_eq(refusal(&rq), "");
}
END_TEST

START_TEST(v1_and_v2_only_when_configured)
{
    char v1[HUBSPOT_SIG_HEX_CAP], v2[HUBSPOT_SIG_HEX_CAP];
    struct hubspot_sig_request rq = v3_request();

    hubspot_signature_v1(SECRET, BODY, strlen(BODY), v1);
    hubspot_signature_v2(SECRET, "POST", V3_URI, BODY, strlen(BODY), v2);
    rq.v3 = NULL;
    rq.timestamp = NULL;
    rq.v1v2 = v1;
    rq.v1v2_scheme = "v1";
    ck_assert_ptr_nonnull(strstr(refusal(&rq), "not accepted"));
    rq.versions = "v3,v1";
    ck_assert_str_eq(refusal(&rq), "");
    rq.v1v2_scheme = "v2"; /* a v1 value presented as v2 */
    ck_assert_ptr_nonnull(strstr(refusal(&rq), "not accepted"));
    rq.versions = "v2";
    ck_assert_ptr_nonnull(strstr(refusal(&rq), "does not match"));
    rq.v1v2 = v2;
    ck_assert_str_eq(refusal(&rq), "");
    /* with v3 accepted, a v3 signature decides even when v1 is sent too */
    rq = v3_request();
    rq.versions = "v3,v1";
    rq.v1v2 = v1;
    rq.v1v2_scheme = "v1";
    rq.now_ms += 3600 * 1000;
    ck_assert_ptr_nonnull(strstr(refusal(&rq), "5 min"));
}
END_TEST

START_TEST(check_refuses_without_secret_or_signature)
{
    struct hubspot_sig_request rq = v3_request();

    rq.secret = NULL;
    ck_assert_ptr_nonnull(strstr(refusal(&rq), "not configured"));
    rq = v3_request();
    rq.v3 = NULL;
    ck_assert_ptr_nonnull(strstr(refusal(&rq), "missing"));
}
END_TEST

Suite *
suite_hubspot_signature(void)
{
    Suite *s = suite_create("hubspot_signature");
    TCase *tc = tcase_create("vectors");

    tcase_add_test(tc, v1_matches_hubspots_vector);
    tcase_add_test(tc, v2_matches_hubspots_vectors);
    tcase_add_test(tc, v3_matches_the_own_vector);
    tcase_add_test(tc, check_accepts_a_fresh_v3_request);
    tcase_add_test(tc, check_refuses_stale_future_and_malformed_timestamps);
    tcase_add_test(tc, check_refuses_a_tampered_body_uri_method_or_secret);
    tcase_add_test(tc, uri_decoding_follows_hubspots_list);
    tcase_add_test(tc, check_verifies_an_encoded_query_as_decoded);
    tcase_add_test(tc, v1_and_v2_only_when_configured);
    tcase_add_test(tc, check_refuses_without_secret_or_signature);
    suite_add_tcase(s, tc);
    return s;
}
