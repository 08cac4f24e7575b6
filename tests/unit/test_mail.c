/* test_mail.c - Mailgun form encoding, .eml output, addresses, rendering of the real templates,
 * Retry-After parsing */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "email.h"
#include "http_client.h"
#include "leads.h"
#include "mail.h"
#include "tpl.h"
#include "unit.h"

static struct mail_message
sample_message(void)
{
    struct mail_message m = {.id = "64b7f0c2a1b2c3d4e5f60718", .tag = "user-invite"};

    m.from = strdup("Partner Connector <no-reply@pc.test>");
    m.to = strdup("ann+x@example.com");
    m.subject = strdup("Hello & welcome");
    m.text = strdup("line 1\nline=2");
    m.html = strdup("<p>Hi</p>");
    return m;
}

START_TEST(mailgun_form_encodes_every_field)
{
    struct mail_message m = sample_message();
    char *form = mailgun_form(&m);

    ck_assert_str_eq(
        form, "from=Partner%20Connector%20%3Cno-reply%40pc.test%3E"
              "&to=ann%2Bx%40example.com&subject=Hello%20%26%20welcome"
              "&text=line%201%0Aline%3D2&html=%3Cp%3EHi%3C%2Fp%3E&o%3Atag=user-invite"
              "&h%3AMessage-Id=64b7f0c2a1b2c3d4e5f60718&v%3Apc-job-id=64b7f0c2a1b2c3d4e5f60718");
    free(form);
    mail_message_release(&m);
}
END_TEST

START_TEST(eml_has_headers_and_both_parts)
{
    struct mail_message m = sample_message();
    char *eml;

    free(m.subject);
    m.subject = strdup("Größe");
    eml = mail_eml(&m, 1700000000);
    ck_assert_ptr_nonnull(strstr(eml, "To: ann+x@example.com\r\n"));
    ck_assert_ptr_nonnull(strstr(eml, "Subject: =?UTF-8?B?R3LDtsOfZQ==?=\r\n"));
    ck_assert_ptr_nonnull(strstr(eml, "Date: Tue, 14 Nov 2023 22:13:20 +0000\r\n"));
    ck_assert_ptr_nonnull(strstr(eml, "Content-Type: text/plain; charset=utf-8"));
    ck_assert_ptr_nonnull(strstr(eml, "Content-Type: text/html; charset=utf-8"));
    ck_assert_ptr_nonnull(strstr(eml, "<p>Hi</p>"));
    free(eml);
    mail_message_release(&m);
}
END_TEST

START_TEST(email_addresses_are_checked)
{
    ck_assert(email_valid("a@b.co", strlen("a@b.co")));
    ck_assert(
        email_valid("first.last+tag@sub.example.org", strlen("first.last+tag@sub.example.org")));
    ck_assert(!email_valid("no-at.example.com", strlen("no-at.example.com")));
    ck_assert(!email_valid("@example.com", strlen("@example.com")));
    ck_assert(!email_valid("a@b", strlen("a@b")));
    ck_assert(!email_valid("a@@b.co", strlen("a@@b.co")));
    ck_assert(!email_valid("a@b.co\r\nBcc: x@y.z", strlen("a@b.co\r\nBcc: x@y.z")));
    ck_assert(!email_valid("a b@c.co", strlen("a b@c.co")));
    ck_assert(!email_valid(NULL, 0));
}
END_TEST

static struct config
template_config(void)
{
    struct config cfg = {0};

    cfg.template_dir = "lib/mail";
    cfg.public_url = "https://pc.test";
    cfg.mail_from = "PC <no-reply@pc.test>";
    return cfg;
}

START_TEST(every_template_renders_with_its_variables)
{
    static const struct {
        const char *name, *vars, *subject;
    } cases[] = {
        {"user-invite",
         "{\"name\":\"Ann\",\"inviterName\":\"Olga\",\"partnerName\":\"ACME\","
         "\"link\":\"https://pc.test/accept-invite?token=t\",\"expiresDays\":7}",
         "Olga invited you to Partner Connector"},
        {"password-reset",
         "{\"name\":\"Ann\",\"link\":\"https://pc.test/r\",\"expiresMinutes\":60}",
         "Reset your Partner Connector password"},
        {"lead-reminder",
         "{\"name\":\"Ann\",\"count\":2,\"partnerName\":\"ACME\",\"link\":\"l\","
         "\"leads\":[{\"leadName\":\"A\",\"company\":\"C\",\"meetingDate\":\"d\","
         "\"daysOverdue\":3},{\"leadName\":\"B\",\"company\":\"D\","
         "\"meetingDate\":\"e\",\"daysOverdue\":1}]}",
         "2 leads need a status update"},
        {"lost-lead-alert",
         "{\"leadEmail\":\"l@x.co\",\"leadName\":\"L\",\"statusLabel\":\"Lost: no show\","
         "\"previousStatusLabel\":\"Scheduled\",\"partnerName\":\"ACME\","
         "\"changedBy\":\"Ann\",\"link\":\"l\"}",
         "Lead lost: l@x.co (Lost: no show)"},
        {"new-lead",
         "{\"name\":\"Ann\",\"partnerName\":\"ACME\",\"leadName\":\"L\","
         "\"leadEmail\":\"l@x.co\",\"company\":\"Co\",\"link\":\"l\"}",
         "New lead for ACME: L at Co"},
        {"payment-failed",
         "{\"partnerName\":\"ACME\",\"period\":\"2026-10\",\"amount\":\"$1,200.00\","
         "\"link\":\"l\"}",
         "Payment failed: ACME, 2026-10"},
    };
    struct config cfg = template_config();

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        json_object *vars = json_tokener_parse(cases[i].vars);
        struct mail_message m;
        struct err err = ERR_INIT;
        ck_assert_msg(mail_render(&cfg, cases[i].name, "ann@example.com", vars, &m, &err),
                      "%s: %s %s", cases[i].name, err.message, err.cause);
        ck_assert_str_eq(m.subject, cases[i].subject);
        ck_assert_ptr_nonnull(strstr(m.html, "<!DOCTYPE html>"));
        ck_assert_ptr_null(strstr(m.html, "{{"));
        ck_assert_ptr_null(strstr(m.text, "{{"));
        ck_assert_str_eq(m.tag, cases[i].name);
        mail_message_release(&m);
        json_object_put(vars);
    }
}
END_TEST

/* variables of the new-lead template that vars leaves without a value (both parts) */
static int
new_lead_missing(json_object *vars)
{
    static const char *const files[] = {"lib/mail/templates/new-lead.txt",
                                        "lib/mail/templates/new-lead.html"};
    int missing = 0;

    for (size_t i = 0; i < 2; i++) {
        char text[8192];
        FILE *f = fopen(files[i], "r");
        ck_assert_ptr_nonnull(f);
        size_t n = fread(text, 1, sizeof(text) - 1, f);
        fclose(f);
        text[n] = '\0';
        struct tpl_result out;
        struct err err = ERR_INIT;
        ck_assert(tpl_render(text, vars, i == 1, &out, &err));
        missing += out.missing;
        free(out.text);
    }
    return missing;
}

START_TEST(new_lead_vars_fill_the_template)
{
    json_object *full = json_tokener_parse(
        "{\"id\":\"64b7f0c2a1b2c3d4e5f60718\",\"partner\":\"64b7f0c2a1b2c3d4e5f60719\","
        "\"partnerName\":\"ACME\",\"email\":\"zq@x.co\",\"firstName\":\"Zelda\","
        "\"lastName\":\"Quist\",\"company\":\"Co\",\"jobTitle\":\"CTO\",\"phone\":null}");
    json_object *bare = json_tokener_parse("{\"id\":\"64b7f0c2a1b2c3d4e5f60718\","
                                           "\"partnerName\":\"ACME\",\"email\":\"zq@x.co\"}");
    struct config cfg = template_config();
    struct mail_message m;
    struct err err = ERR_INIT;
    json_object *vars = lead_notify_vars(cfg.public_url, full, "Ann", 1777644000000LL);

    ck_assert_int_eq(new_lead_missing(vars), 0);
    ck_assert(mail_render(&cfg, "new-lead", "ann@example.com", vars, &m, &err));
    ck_assert_str_eq(m.subject, "New lead for ACME: Zelda Quist at Co");
    ck_assert_ptr_nonnull(strstr(m.text, "Hello Ann,"));
    ck_assert_ptr_nonnull(strstr(m.text, "Zelda Quist <zq@x.co>\nCTO, Co\n"));
    ck_assert_ptr_nonnull(strstr(m.text, "Meeting: 2026-05-01 14:00 UTC"));
    ck_assert_ptr_nonnull(strstr(m.text, "https://pc.test/leads/64b7f0c2a1b2c3d4e5f60718"));
    mail_message_release(&m);
    json_object_put(vars);
    vars = lead_notify_vars(cfg.public_url, bare, "", 0); /* no names, no meeting */
    ck_assert_int_eq(new_lead_missing(vars), 0);
    ck_assert(mail_render(&cfg, "new-lead", "ann@example.com", vars, &m, &err));
    ck_assert_str_eq(m.subject, "New lead for ACME: zq@x.co");
    ck_assert_ptr_nonnull(strstr(m.text, "Hello,"));
    ck_assert_ptr_null(strstr(m.text, "Meeting"));
    mail_message_release(&m);
    json_object_put(vars);
    json_object_put(full);
    json_object_put(bare);
}
END_TEST

START_TEST(render_refuses_unknown_templates_and_path_tricks)
{
    struct config cfg = template_config();
    struct mail_message m;
    struct err err = ERR_INIT;

    ck_assert(!mail_render(&cfg, "../../etc/passwd", "a@b.co", NULL, &m, &err));
    ck_assert(!mail_render(&cfg, "no-such-template", "a@b.co", NULL, &m, &err));
    ck_assert(!mail_render(&cfg, "user-invite", "not an address", NULL, &m, &err));
}
END_TEST

START_TEST(retry_after_accepts_seconds_and_dates)
{
    ck_assert_int_eq(http_retry_after("1", 0), 1);
    ck_assert_int_eq(http_retry_after(" 120", 0), 120);
    ck_assert_int_eq(http_retry_after("-5", 0), 0);
    ck_assert_int_eq(http_retry_after("999999", 0), 86400);
    ck_assert_int_eq(http_retry_after("Tue, 14 Nov 2023 22:13:30 GMT", 1700000000), 10);
    ck_assert_int_eq(http_retry_after("Tue, 14 Nov 2023 22:13:00 GMT", 1700000000), 0);
    ck_assert_int_eq(http_retry_after("soon", 0), -1);
}
END_TEST

Suite *
suite_mail(void)
{
    Suite *s = suite_create("mail");
    TCase *tc = tcase_create("mail");

    tcase_add_test(tc, mailgun_form_encodes_every_field);
    tcase_add_test(tc, eml_has_headers_and_both_parts);
    tcase_add_test(tc, email_addresses_are_checked);
    tcase_add_test(tc, every_template_renders_with_its_variables);
    tcase_add_test(tc, new_lead_vars_fill_the_template);
    tcase_add_test(tc, render_refuses_unknown_templates_and_path_tricks);
    tcase_add_test(tc, retry_after_accepts_seconds_and_dates);
    suite_add_tcase(s, tc);
    return s;
}
