/* test_mail.c - Mailgun form encoding, .eml output, addresses, rendering of the real templates,
 * Retry-After parsing */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/config.h"
#include "core/email.h"
#include "domain/leads.h"
#include "http/http_client.h"
#include "mail/mail.h"
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
    char *form = mailgun_form(&m, "mg.pc.test");

    /* h:Message-Id is an RFC 5322 msg-id: <job id@MAILGUN_DOMAIN> */
    ck_assert_str_eq(form, "from=Partner%20Connector%20%3Cno-reply%40pc.test%3E"
                           "&to=ann%2Bx%40example.com&subject=Hello%20%26%20welcome"
                           "&text=line%201%0Aline%3D2&html=%3Cp%3EHi%3C%2Fp%3E&o%3Atag=user-invite"
                           "&h%3AMessage-Id=%3C64b7f0c2a1b2c3d4e5f60718%40mg.pc.test%3E"
                           "&v%3Apc-job-id=64b7f0c2a1b2c3d4e5f60718");
    free(form);
    mail_message_release(&m);
}
END_TEST

START_TEST(mailgun_message_id_falls_back_to_the_senders_domain)
{
    struct mail_message m = sample_message();
    char *form = mailgun_form(&m, NULL);

    ck_assert_ptr_nonnull(
        strstr(form, "&h%3AMessage-Id=%3C64b7f0c2a1b2c3d4e5f60718%40pc.test%3E&"));
    free(form);
    form = mailgun_form(&m, "");
    ck_assert_ptr_nonnull(
        strstr(form, "&h%3AMessage-Id=%3C64b7f0c2a1b2c3d4e5f60718%40pc.test%3E&"));
    free(form);
    free(m.from);
    m.from = strdup("no-reply@mail.example.org");
    form = mailgun_form(&m, NULL);
    ck_assert_ptr_nonnull(
        strstr(form, "&h%3AMessage-Id=%3C64b7f0c2a1b2c3d4e5f60718%40mail.example.org%3E&"));
    free(form);
    mail_message_release(&m);
}
END_TEST

START_TEST(mailgun_429_message_gives_the_wait)
{
    /* integrations.md C.1, Mailgun's own wording */
    ck_assert_int_eq(
        mailgun_retry_after("{\"message\":\"Domain example.com is not allowed to send: "
                            "account-requests-per-sec limit exceeded, try again after "
                            "120 seconds\"}"),
        120);
    ck_assert_int_eq(
        mailgun_retry_after("{\"message\":\"limit exceeded, try again after 1 second\"}"), 1);
    ck_assert_int_eq(mailgun_retry_after("{\"message\":\"try again after 9999999 seconds\"}"),
                     86400);
    ck_assert_int_eq(mailgun_retry_after("{\"message\":\"try again after a while\"}"), -1);
    ck_assert_int_eq(mailgun_retry_after("{\"message\":\"try again after 5 minutes\"}"), -1);
    ck_assert_int_eq(mailgun_retry_after("{\"message\":\"Forbidden\"}"), -1);
    ck_assert_int_eq(mailgun_retry_after("{\"error\":\"try again after 3 seconds\"}"), -1);
    ck_assert_int_eq(mailgun_retry_after("Forbidden"), -1);
    ck_assert_int_eq(mailgun_retry_after(""), -1);
    ck_assert_int_eq(mailgun_retry_after(NULL), -1);
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

/* each template with the variables its producer passes (the file named in `producer`); the
 * templates whose feature is not built yet have no producer, so the variables are the ones the
 * template expects, which their producer must pass. `key` must show in both text and html. */
static const struct {
    const char *name, *producer, *vars, *subject, *key;
} template_cases[] = {
    {"user-invite", "lib/domain/user_invites.c send_invite (user with a partner)",
     "{\"name\":\"Ann\",\"inviterName\":\"Olga\",\"partnerName\":\"ACME\","
     "\"link\":\"https://pc.test/accept-invite?token=tok-inv-1\",\"expiresDays\":7}",
     "Olga invited you to Partner Connector", "https://pc.test/accept-invite?token=tok-inv-1"},
    {"user-invite", "lib/domain/user_invites.c send_invite (staff: no partner, name not set yet)",
     "{\"name\":\"\",\"inviterName\":\"Partner Connector\","
     "\"link\":\"https://pc.test/accept-invite?token=tok-inv-2\",\"expiresDays\":7}",
     "Partner Connector invited you to Partner Connector",
     "https://pc.test/accept-invite?token=tok-inv-2"},
    {"password-reset", "lib/domain/user_passwords.c users_forgot_password",
     "{\"name\":\"Ann\",\"link\":\"https://pc.test/reset-password?token=tok-rst\","
     "\"expiresMinutes\":60}",
     "Reset your Partner Connector password", "https://pc.test/reset-password?token=tok-rst"},
    {"lost-lead-alert", "lib/domain/lead_status.c alert_lost (with a reason)",
     "{\"leadEmail\":\"lost.lead@x.co\",\"leadName\":\"Lee Lost\",\"company\":\"Co\","
     "\"partnerName\":\"ACME\",\"statusLabel\":\"Lost: no show\","
     "\"previousStatusLabel\":\"Scheduled\",\"changedBy\":\"Olga Owner <olga@x.co>, agency owner\","
     "\"changedVia\":\"in Partner Connector\",\"reason\":\"gone\","
     "\"link\":\"https://pc.test/leads/1\"}",
     "Lead lost: lost.lead@x.co (Lost: no show)", "lost.lead@x.co"},
    {"lost-lead-alert", "lib/domain/lead_status.c alert_lost (no reason, no company)",
     "{\"leadEmail\":\"lost.lead@x.co\",\"leadName\":\"lost.lead@x.co\",\"company\":\"\","
     "\"partnerName\":\"ACME\",\"statusLabel\":\"Lost: not interested\","
     "\"previousStatusLabel\":\"New\",\"changedBy\":\"ACME's system\","
     "\"changedVia\":\"with a partner API token\","
     "\"link\":\"https://pc.test/leads/2\"}",
     "Lead lost: lost.lead@x.co (Lost: not interested)", "https://pc.test/leads/2"},
    {"lead-reminder", "lib/domain/reminders.c remind_user",
     "{\"name\":\"Ann\",\"count\":2,\"one\":false,\"hasLeads\":true,\"meetingCount\":1,"
     "\"oneMeeting\":true,\"hasMeetings\":true,\"partnerName\":\"ACME\","
     "\"link\":\"https://pc.test/m\","
     "\"leads\":[{\"leadName\":\"Zed Lead\",\"company\":\"C\",\"meetingDate\":\"d\","
     "\"daysOverdue\":3,\"daysSinceUpdate\":4,\"actions\":[{\"action\":\"won\",\"label\":"
     "\"Won\",\"url\":\"https://pc.test/action?token=pca_1\"}]},{\"leadName\":\"B\","
     "\"company\":\"N/A\",\"meetingDate\":\"e\",\"daysOverdue\":1,\"daysSinceUpdate\":2,"
     "\"actions\":[]}],\"meetings\":[{\"title\":\"Intro\",\"leadEmail\":\"l@x.co\","
     "\"when\":\"w\",\"actions\":[{\"action\":\"held\",\"label\":\"Held\","
     "\"url\":\"https://pc.test/action?token=pca_2\"}]}]}",
     "2 leads need a status update", "Zed Lead"},
    {"lead-reminder", "lib/domain/reminders.c remind_user (one lead)",
     "{\"name\":\"Ann\",\"count\":1,\"one\":true,\"hasLeads\":true,\"meetingCount\":0,"
     "\"oneMeeting\":false,\"hasMeetings\":false,\"partnerName\":\"ACME\","
     "\"link\":\"https://pc.test/m\",\"leads\":[{\"leadName\":\"Zed Lead\",\"company\":\"C\","
     "\"meetingDate\":\"d\",\"daysOverdue\":3,\"daysSinceUpdate\":4,\"actions\":[]}],"
     "\"meetings\":[]}",
     "1 lead needs a status update", "Zed Lead"},
    {"lead-reminder", "lib/domain/reminders.c remind_user (meetings only)",
     "{\"name\":\"Ann\",\"count\":0,\"one\":false,\"hasLeads\":false,\"meetingCount\":2,"
     "\"oneMeeting\":false,\"hasMeetings\":true,\"partnerName\":\"ACME\","
     "\"link\":\"https://pc.test/m\",\"leads\":[],\"meetings\":[{\"title\":\"Intro\","
     "\"leadEmail\":\"l@x.co\",\"when\":\"w\",\"actions\":[{\"action\":\"no_show\","
     "\"label\":\"No-show\",\"url\":\"https://pc.test/action?token=pca_3\"}]},"
     "{\"title\":\"Demo\",\"leadEmail\":\"m@x.co\",\"when\":\"v\",\"actions\":[]}]}",
     "2 meetings need an outcome", "https://pc.test/action?token=pca_3"},
    {"new-lead", "lib/domain/lead_notify.c lead_notify_vars (booking: with a meeting)",
     "{\"name\":\"Ann\",\"partnerName\":\"ACME\",\"leadName\":\"Nina New\","
     "\"leadEmail\":\"l@x.co\",\"jobTitle\":\"\",\"company\":\"Co\","
     "\"meetingTime\":\"2026-05-01 14:00 UTC\",\"link\":\"https://pc.test/leads/3\"}",
     "New lead for ACME: Nina New at Co", "Nina New"},
    {"payment-failed", "none yet (Stripe invoice.payment_failed)",
     "{\"partnerName\":\"ACME\",\"period\":\"2026-10\",\"amount\":\"$1,200.00\","
     "\"link\":\"https://pc.test/invoices/1\"}",
     "Payment failed: ACME, 2026-10", "$1,200.00"},
    {"partner-webhook-disabled", "lib/domain/partner_webhook_deliver.c (24 h of failures)",
     "{\"partnerName\":\"ACME\",\"url\":\"https://hooks.acme.test/pc\","
     "\"reason\":\"HTTP 503 for 24 hours\",\"link\":\"https://pc.test/partners/1\"}",
     "Webhook endpoint disabled for ACME", "https://hooks.acme.test/pc"},
    {"return-requested", "lib/domain/return_mail.c return_mail_requested",
     "{\"partnerName\":\"ACME\",\"leadEmail\":\"l@x.co\",\"reason\":\"Duplicate\","
     "\"note\":\"twice in our CRM\",\"leadLink\":\"https://pc.test/leads/3\","
     "\"link\":\"https://pc.test/returns\"}",
     "Return asked: l@x.co (ACME)", "twice in our CRM"},
    {"return-decided", "lib/domain/return_mail.c return_mail_decided (approved, a credit)",
     "{\"partnerName\":\"ACME\",\"leadEmail\":\"l@x.co\",\"reason\":\"Duplicate\","
     "\"note\":\"x\",\"leadLink\":\"https://pc.test/leads/3\",\"approved\":true,"
     "\"decision\":\"approved\",\"credit\":\"$100.00\"}",
     "Your return of l@x.co was approved", "comes off your next invoice"},
    {"return-decided", "lib/domain/return_mail.c return_mail_decided (approved, a credit note)",
     "{\"partnerName\":\"ACME\",\"leadEmail\":\"l@x.co\",\"reason\":\"Duplicate\","
     "\"note\":\"x\",\"leadLink\":\"https://pc.test/leads/3\",\"approved\":true,"
     "\"decision\":\"approved\",\"credit\":\"$100.00\",\"creditNote\":\"CN-1 on invoice 7\"}",
     "Your return of l@x.co was approved", "credit note CN-1 on invoice 7"},
    {"return-decided", "lib/domain/return_mail.c return_mail_decided (rejected, a note)",
     "{\"partnerName\":\"ACME\",\"leadEmail\":\"l@x.co\",\"reason\":\"Duplicate\","
     "\"note\":\"x\",\"leadLink\":\"https://pc.test/leads/3\",\"rejected\":true,"
     "\"decision\":\"rejected\",\"decisionNote\":\"the CFO signs\"}",
     "Your return of l@x.co was rejected", "the CFO signs"},
};

START_TEST(every_template_renders_with_its_producers_variables)
{
    struct config cfg = template_config();
    static const char *const all[] = {"user-invite",
                                      "password-reset",
                                      "lead-reminder",
                                      "lost-lead-alert",
                                      "new-lead",
                                      "payment-failed",
                                      "partner-webhook-disabled",
                                      "return-requested",
                                      "return-decided"};
    unsigned seen = 0;

    for (size_t i = 0; i < sizeof(template_cases) / sizeof(template_cases[0]); i++) {
        const char *name = template_cases[i].name, *key = template_cases[i].key;
        json_object *vars = json_tokener_parse(template_cases[i].vars);
        struct mail_message m;
        struct err err = ERR_INIT;
        ck_assert_msg(vars != NULL, "%s: bad test JSON", name);
        ck_assert_msg(mail_render(&cfg, name, "ann@example.com", vars, &m, &err), "%s: %s %s", name,
                      err.message, err.cause);
        ck_assert_msg(m.missing[0] == '\0', "%s with the variables of %s lacks %s", name,
                      template_cases[i].producer, m.missing);
        ck_assert_str_eq(m.subject, template_cases[i].subject);
        ck_assert_msg(strstr(m.text, key) != NULL, "%s: %s not in the text", name, key);
        ck_assert_msg(strstr(m.html, key) != NULL, "%s: %s not in the html", name, key);
        ck_assert_ptr_nonnull(strstr(m.html, "<!DOCTYPE html>"));
        ck_assert_ptr_null(strstr(m.html, "{{"));
        ck_assert_ptr_null(strstr(m.text, "{{"));
        ck_assert_str_eq(m.tag, name);
        mail_message_release(&m);
        json_object_put(vars);
        for (size_t k = 0; k < sizeof(all) / sizeof(all[0]); k++)
            seen |= strcmp(all[k], name) == 0 ? 1u << k : 0;
    }
    ck_assert_uint_eq(seen, (1u << (sizeof(all) / sizeof(all[0]))) - 1); /* each template */
}
END_TEST

START_TEST(render_names_the_variables_a_template_misses)
{
    struct config cfg = template_config();
    json_object *vars = json_tokener_parse("{\"name\":\"Ann\",\"lnk\":\"https://pc.test/r\"}");
    struct mail_message m;
    struct err err = ERR_INIT;

    ck_assert(mail_render(&cfg, "password-reset", "ann@example.com", vars, &m, &err));
    ck_assert_str_eq(m.missing, "password-reset.txt: link,expiresMinutes; "
                                "password-reset.html: link,expiresMinutes");
    ck_assert_ptr_null(strstr(m.text, "https://pc.test/r"));
    mail_message_release(&m);
    json_object_put(vars);
}
END_TEST

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

    ck_assert(mail_render(&cfg, "new-lead", "ann@example.com", vars, &m, &err));
    ck_assert_str_eq(m.missing, ""); /* every variable the template uses has a value */
    ck_assert_str_eq(m.subject, "New lead for ACME: Zelda Quist at Co");
    ck_assert_ptr_nonnull(strstr(m.text, "Hello Ann,"));
    ck_assert_ptr_nonnull(strstr(m.text, "Zelda Quist <zq@x.co>\nCTO, Co\n"));
    ck_assert_ptr_nonnull(strstr(m.text, "Meeting: 2026-05-01 14:00 UTC"));
    ck_assert_ptr_nonnull(strstr(m.text, "https://pc.test/leads/64b7f0c2a1b2c3d4e5f60718"));
    mail_message_release(&m);
    json_object_put(vars);
    vars = lead_notify_vars(cfg.public_url, bare, "", 0); /* no names, no meeting */
    ck_assert(mail_render(&cfg, "new-lead", "ann@example.com", vars, &m, &err));
    ck_assert_str_eq(m.missing, "");
    ck_assert_str_eq(m.subject, "New lead for ACME: zq@x.co");
    ck_assert_ptr_nonnull(strstr(m.text, "Hello,"));
    ck_assert_ptr_null(strstr(m.text, "Meeting"));
    mail_message_release(&m);
    json_object_put(vars);
    /* a company without a title starts its line with the company, not a comma */
    json_object_object_del(full, "jobTitle");
    vars = lead_notify_vars(cfg.public_url, full, "Ann", 0);
    ck_assert(mail_render(&cfg, "new-lead", "ann@example.com", vars, &m, &err));
    ck_assert_ptr_nonnull(strstr(m.text, "Zelda Quist <zq@x.co>\nCo\n"));
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
    tcase_add_test(tc, mailgun_message_id_falls_back_to_the_senders_domain);
    tcase_add_test(tc, mailgun_429_message_gives_the_wait);
    tcase_add_test(tc, eml_has_headers_and_both_parts);
    tcase_add_test(tc, email_addresses_are_checked);
    tcase_add_test(tc, every_template_renders_with_its_producers_variables);
    tcase_add_test(tc, render_names_the_variables_a_template_misses);
    tcase_add_test(tc, new_lead_vars_fill_the_template);
    tcase_add_test(tc, render_refuses_unknown_templates_and_path_tricks);
    tcase_add_test(tc, retry_after_accepts_seconds_and_dates);
    suite_add_tcase(s, tc);
    return s;
}
