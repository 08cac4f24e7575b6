/* test_netaddr.c - the SSRF address classes (core/netaddr.h), the partner webhook signature
 * (known-answer vectors computed with Python's hmac), the retry schedule with an injected clock
 * (queue/hook_retry.h) and the URL rule at save */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>

#include "core/netaddr.h"
#include "domain/partner_webhooks.h"
#include "http/hook_send.h"
#include "model/tables.h"
#include "queue/hook_retry.h"
#include "unit.h"

static enum netaddr_class
class_of(const char *text)
{
    struct sockaddr_in v4 = {.sin_family = AF_INET};
    struct sockaddr_in6 v6 = {.sin6_family = AF_INET6};

    if (inet_pton(AF_INET, text, &v4.sin_addr) == 1)
        return netaddr_classify((struct sockaddr *)&v4);
    ck_assert_msg(inet_pton(AF_INET6, text, &v6.sin6_addr) == 1, "not an address: %s", text);
    return netaddr_classify((struct sockaddr *)&v6);
}

static const struct {
    const char *addr;
    enum netaddr_class cls;
} cases[] = {
    {"8.8.8.8", NETADDR_PUBLIC},
    {"93.184.216.34", NETADDR_PUBLIC},
    {"127.0.0.1", NETADDR_LOOPBACK},
    {"127.255.255.254", NETADDR_LOOPBACK},
    {"10.1.2.3", NETADDR_PRIVATE},
    {"172.16.0.1", NETADDR_PRIVATE},
    {"172.31.255.255", NETADDR_PRIVATE},
    {"172.32.0.1", NETADDR_PUBLIC},
    {"192.168.1.1", NETADDR_PRIVATE},
    {"100.64.0.1", NETADDR_PRIVATE},
    {"169.254.169.254", NETADDR_LINK_LOCAL},
    {"224.0.0.1", NETADDR_MULTICAST},
    {"255.255.255.255", NETADDR_MULTICAST},
    {"0.0.0.0", NETADDR_UNSPECIFIED},
    {"0.1.2.3", NETADDR_UNSPECIFIED},
    {"192.0.2.1", NETADDR_RESERVED},
    {"198.18.0.1", NETADDR_RESERVED},
    {"240.0.0.1", NETADDR_RESERVED},
    {"2606:4700:4700::1111", NETADDR_PUBLIC},
    {"::1", NETADDR_LOOPBACK},
    {"::", NETADDR_UNSPECIFIED},
    {"fe80::1", NETADDR_LINK_LOCAL},
    {"fc00::1", NETADDR_PRIVATE},
    {"fd12:3456::1", NETADDR_PRIVATE},
    {"ff02::1", NETADDR_MULTICAST},
    {"fec0::1", NETADDR_RESERVED},
    {"2001:db8::1", NETADDR_RESERVED},
    {"::ffff:127.0.0.1", NETADDR_LOOPBACK},
    {"::ffff:10.0.0.1", NETADDR_PRIVATE},
    {"::ffff:169.254.169.254", NETADDR_LINK_LOCAL},
    {"::ffff:8.8.8.8", NETADDR_PUBLIC},
    {"64:ff9b::a00:1", NETADDR_PRIVATE},
    {"2002:7f00:1::", NETADDR_LOOPBACK},
    {"::127.0.0.1", NETADDR_RESERVED},
    {"2001::1", NETADDR_RESERVED},
};

START_TEST(classes_of_the_special_ranges)
{
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        ck_assert_msg(class_of(cases[i].addr) == cases[i].cls, "%s: %s, want %s", cases[i].addr,
                      netaddr_class_name(class_of(cases[i].addr)),
                      netaddr_class_name(cases[i].cls));
}
END_TEST

START_TEST(loopback_only_with_the_flag)
{
    struct sockaddr_in v4 = {.sin_family = AF_INET};
    struct sockaddr_in6 v6 = {.sin6_family = AF_INET6};

    inet_pton(AF_INET, "127.0.0.1", &v4.sin_addr);
    ck_assert(!netaddr_allowed((struct sockaddr *)&v4, false));
    ck_assert(netaddr_allowed((struct sockaddr *)&v4, true));
    inet_pton(AF_INET, "10.0.0.1", &v4.sin_addr);
    ck_assert(!netaddr_allowed((struct sockaddr *)&v4, true));
    inet_pton(AF_INET6, "::ffff:127.0.0.1", &v6.sin6_addr);
    ck_assert(!netaddr_allowed((struct sockaddr *)&v6, false));
    struct sockaddr other = {.sa_family = AF_UNIX};
    ck_assert(!netaddr_allowed(&other, true));
    ck_assert(!netaddr_allowed(NULL, true));
}
END_TEST

#define BODY "{\"id\":\"evt_1\",\"type\":\"lead.created\"}"

START_TEST(signature_known_answers)
{
    char sig[HOOK_SIG_HEX], header[160];

    hook_sign("whsec_test-secret", "1700000000", BODY, strlen(BODY), sig);
    ck_assert_str_eq(sig, "26122988312d271c11a1d82d556c84afd15b53dd08604e894cbde8c3b8b0bf3a");
    hook_signature_header("whsec_test-secret", NULL, "1700000000", BODY, strlen(BODY), header,
                          sizeof(header));
    ck_assert_str_eq(header, "v1=26122988312d271c11a1d82d556c84afd15b53dd08604e894cbde8c3b8b0bf3a");
    hook_signature_header("whsec_test-secret", "old-secret", "1700000000", BODY, strlen(BODY),
                          header, sizeof(header));
    ck_assert_str_eq(header, "v1=26122988312d271c11a1d82d556c84afd15b53dd08604e894cbde8c3b8b0bf3a,"
                             "v1=5dc6ad664139979e8936fd6d90063120ee9d973e3888a4c1e4f57a8e7263a58a");
    hook_sign("whsec_test-secret", "1700000001", BODY, strlen(BODY), sig); /* timestamp signed */
    ck_assert_str_ne(sig, "26122988312d271c11a1d82d556c84afd15b53dd08604e894cbde8c3b8b0bf3a");
}
END_TEST

#define MIN_MS (60LL * 1000)
#define H_MS (60 * MIN_MS)

START_TEST(backoff_grows_by_four_within_a_quarter_of_jitter)
{
    ck_assert_int_eq(hook_retry_delay_ms(1, 0), 5 * MIN_MS);
    ck_assert_int_eq(hook_retry_delay_ms(2, 0), 20 * MIN_MS);
    ck_assert_int_eq(hook_retry_delay_ms(3, 0), 80 * MIN_MS);
    ck_assert_int_eq(hook_retry_delay_ms(4, 0), 320 * MIN_MS);
    ck_assert_int_eq(hook_retry_delay_ms(5, 0), 8 * H_MS);
    ck_assert_int_eq(hook_retry_delay_ms(30, 0), 8 * H_MS);
    for (int n = 1; n < 8; n++) {
        int64_t d = hook_retry_delay_ms(n, 0), j = hook_retry_delay_ms(n, 0.999);
        ck_assert(j <= d && j >= d - d / 4);
    }
}
END_TEST

START_TEST(verdicts_by_answer)
{
    int64_t first = 1700000000000LL, now = first + MIN_MS, due;
    struct hook_answer ok = {204, -1, false}, gone = {410, -1, false}, timeout = {408, -1, false};
    struct hook_answer limited = {429, 120, false}, limited_bare = {429, -1, false};
    struct hook_answer broken = {502, -1, false}, silent = {0, -1, false}, refused = {0, -1, true};

    ck_assert_int_eq(hook_retry_plan(&ok, 1, first, now, 0, &due), HOOK_DELIVERED);
    ck_assert_int_eq(hook_retry_plan(&gone, 1, first, now, 0, &due), HOOK_REJECTED);
    ck_assert_int_eq(hook_retry_plan(&refused, 1, first, now, 0, &due), HOOK_REJECTED);
    ck_assert_int_eq(hook_retry_plan(&timeout, 1, first, now, 0, &due), HOOK_RETRY);
    ck_assert_int_eq(due, now + 5 * MIN_MS);
    ck_assert_int_eq(hook_retry_plan(&limited, 3, first, now, 0, &due), HOOK_RETRY);
    ck_assert_int_eq(due, now + 120 * 1000); /* Retry-After, not the backoff */
    ck_assert_int_eq(hook_retry_plan(&limited_bare, 2, first, now, 0, &due), HOOK_RETRY);
    ck_assert_int_eq(due, now + 20 * MIN_MS);
    ck_assert_int_eq(hook_retry_plan(&silent, 1, first, now, 0.5, &due), HOOK_RETRY);
    ck_assert(due > now + 3 * MIN_MS && due <= now + 5 * MIN_MS);
    /* never past the 24 h mark, and nothing after it */
    ck_assert_int_eq(hook_retry_plan(&broken, 9, first, first + 23 * H_MS, 0, &due), HOOK_RETRY);
    ck_assert_int_eq(due, first + 24 * H_MS);
    ck_assert_int_eq(hook_retry_plan(&broken, 10, first, first + 24 * H_MS, 0, &due), HOOK_GIVE_UP);
    ck_assert_str_eq(hook_verdict_outcome(HOOK_GIVE_UP, false), "failed");
    ck_assert_str_eq(hook_verdict_outcome(HOOK_REJECTED, true), "refused");
    ck_assert_str_eq(hook_verdict_outcome(HOOK_RETRY, false), "retrying");
}
END_TEST

/* a receiver that always fails: at most 10 attempts, the last one exactly 24 h after the first */
START_TEST(schedule_spans_24_hours_in_at_most_10_attempts)
{
    static const double draws[] = {0, 0.999, 0.5};
    struct hook_answer broken = {503, -1, false};

    for (size_t d = 0; d < sizeof(draws) / sizeof(draws[0]); d++) {
        int64_t first = 1700000000000LL, t = first, due = 0;
        int attempt = 1;
        while (hook_retry_plan(&broken, attempt, first, t, draws[d], &due) == HOOK_RETRY) {
            ck_assert(due > t);
            t = due;
            attempt++;
        }
        ck_assert_int_eq(t, first + 24 * H_MS);
        ck_assert_msg(attempt <= 10, "draw %g: %d attempts", draws[d], attempt);
        ck_assert_int_ge(attempt, 7);
    }
}
END_TEST

START_TEST(url_rule_at_save)
{
    struct config cfg = {0};
    struct err err = ERR_INIT;

    ck_assert(partner_webhook_url_check(&cfg, "https://hooks.example.com/pc?x=1", &err));
    ck_assert(!partner_webhook_url_check(&cfg, "http://hooks.example.com/pc", &err));
    ck_assert(!partner_webhook_url_check(&cfg, "ftp://hooks.example.com/", &err));
    ck_assert(!partner_webhook_url_check(&cfg, "hooks.example.com/pc", &err));
    ck_assert(!partner_webhook_url_check(&cfg, "https://user:pw@hooks.example.com/", &err));
    ck_assert(!partner_webhook_url_check(&cfg, "https://hooks.example.com/#frag", &err));
    ck_assert(!partner_webhook_url_check(&cfg, "https://127.0.0.1/x", &err));
    ck_assert(!partner_webhook_url_check(&cfg, "https://[::1]/x", &err));
    ck_assert(!partner_webhook_url_check(&cfg, "https://169.254.169.254/latest", &err));
    ck_assert(!partner_webhook_url_check(&cfg, "https://[::ffff:10.0.0.1]/x", &err));
    ck_assert(!partner_webhook_url_check(&cfg, "https://exa mple.com/", &err));
    ck_assert_int_eq(err.ndetails, 10);
    cfg.webhooks_allow_http = "1";
    cfg.webhooks_allow_loopback = "1";
    ck_assert(partner_webhook_url_check(&cfg, "http://127.0.0.1:8089/hook", &err));
    ck_assert(!partner_webhook_url_check(&cfg, "http://10.0.0.1/hook", &err));
}
END_TEST

/* a string list with .values takes only those (model_value.c), as the schema says */
START_TEST(subscribed_events_are_from_the_list)
{
    struct principal staff = {.kind = PRINCIPAL_USER, .role = ROLE_OWNER};
    struct err err = ERR_INIT;
    bson_t out = BSON_INITIALIZER;
    json_object *ok = json_tokener_parse(
        "{\"url\":\"https://example.com/h\",\"events\":[\"lead.created\",\"meeting.outcome\"]}");
    json_object *bad =
        json_tokener_parse("{\"url\":\"https://example.com/h\",\"events\":[\"lead.exploded\"]}");

    ck_assert(model_input(&partner_webhooks_model, ok, MODEL_CREATE, &staff, &out, &err));
    bson_reinit(&out);
    ck_assert(!model_input(&partner_webhooks_model, bad, MODEL_CREATE, &staff, &out, &err));
    ck_assert_str_eq(err.details[0].field, "events[0]");
    bson_destroy(&out);
    json_object_put(ok);
    json_object_put(bad);
}
END_TEST

Suite *
suite_netaddr(void)
{
    Suite *s = suite_create("netaddr");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, classes_of_the_special_ranges);
    tcase_add_test(tc, loopback_only_with_the_flag);
    tcase_add_test(tc, signature_known_answers);
    tcase_add_test(tc, backoff_grows_by_four_within_a_quarter_of_jitter);
    tcase_add_test(tc, verdicts_by_answer);
    tcase_add_test(tc, schedule_spans_24_hours_in_at_most_10_attempts);
    tcase_add_test(tc, url_rule_at_save);
    tcase_add_test(tc, subscribed_events_are_from_the_list);
    suite_add_tcase(s, tc);
    return s;
}
