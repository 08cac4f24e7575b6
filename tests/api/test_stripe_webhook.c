/* test_stripe_webhook.c - Stripe's webhook through nginx (case "stripe webhook" of suite
 * billing): signed as Stripe signs (HMAC computed here with OpenSSL, not with the code under
 * test), queued on stripe-webhook and applied by the worker to our invoice; bad signatures
 * refused; a repeated event id applied once; an event out of order never moves a paid invoice
 * back; a payment failure alerts ALERT_EMAIL_TO and the partner's billing e-mail */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/oid.h"
#include "db/store.h"
#include "domain.h"
#include "stack_access.h"
#include "webhook_client.h"

/* an invoice of ours as the monthly job leaves it: open, with its Stripe id */
static void
fixture_invoice(const char *partner, const char *stripe_id, const char *status)
{
    bson_oid_t id, p;
    char key[96];
    struct err err = ERR_INIT;
    bson_t *doc;

    bson_oid_init(&id, NULL);
    oid_parse_str(partner, &p);
    snprintf(key, sizeof(key), "test:%s", stripe_id);
    doc = BCON_NEW("_id", BCON_OID(&id), "key", BCON_UTF8(key), "kind", BCON_UTF8("monthly"),
                   "partner", BCON_OID(&p), "partnerName", BCON_UTF8("Webhook Partner"), "period",
                   BCON_UTF8("2026-01"), "status", BCON_UTF8(status), "amount", BCON_INT64(45000),
                   "currency", BCON_UTF8("usd"), "lineCount", BCON_INT32(3), "stripeInvoiceId",
                   BCON_UTF8(stripe_id), "createdAt", BCON_DATE_TIME(1767225600000LL));
    ck_assert_msg(store_insert_one(stack_app()->db, "invoices", doc, &err), "%s", err.message);
    bson_destroy(doc);
}

static void
event(char *out, size_t cap, const char *evt, const char *type, const char *invoice)
{
    snprintf(out, cap,
             "{\"id\":\"%s\",\"object\":\"event\",\"type\":\"%s\",\"data\":{\"object\":{\"id\":"
             "\"%s\",\"object\":\"invoice\",\"number\":\"PC-0001\",\"status_transitions\":"
             "{\"paid_at\":1767312000}}}}",
             evt, type, invoice);
}

static void
unique_ids(char evt[64], char inv[64])
{
    long long n = unique_number();

    snprintf(evt, 64, "evt_test_%lld", n);
    if (inv != NULL)
        snprintf(inv, 64, "in_test_%lld", n);
}

static bool
invoice_is(const char *stripe_id, const char *status)
{
    char filter[160];

    snprintf(filter, sizeof(filter), "{\"stripeInvoiceId\":\"%s\",\"status\":\"%s\"}", stripe_id,
             status);
    return wait_for_count("invoices", filter, 1, 10000);
}

static void
verdict(const char *id, char *status, size_t cap)
{
    json_object_put(inbox_wait(id, status, cap, 20000));
}

START_TEST(a_signed_event_is_queued_and_applied)
{
    char partner[25], evt[64], inv[64], body[512], id[64], status[32];

    make_partner("Webhook Partner", partner);
    unique_ids(evt, inv);
    fixture_invoice(partner, inv, "open");
    event(body, sizeof(body), evt, "invoice.paid", inv);
    ck_assert_int_eq(stripe_event_post(body, 0, NULL, NULL, false, id), 200);
    ck_assert_int_eq(strlen(id), 24);
    ck_assert(invoice_is(inv, "paid"));
    verdict(id, status, sizeof(status));
    ck_assert_str_eq(status, "processed");
    /* the same event again: one effect, the repeat ignored */
    ck_assert_int_eq(stripe_event_post(body, 0, NULL, NULL, false, id), 200);
    verdict(id, status, sizeof(status));
    ck_assert_str_eq(status, "ignored");
    /* out of order: a failure or a finalization after the payment changes nothing */
    unique_ids(evt, NULL);
    event(body, sizeof(body), evt, "invoice.payment_failed", inv);
    ck_assert_int_eq(stripe_event_post(body, 0, NULL, NULL, false, id), 200);
    verdict(id, status, sizeof(status));
    ck_assert_str_eq(status, "ignored");
    unique_ids(evt, NULL);
    event(body, sizeof(body), evt, "invoice.finalized", inv);
    ck_assert_int_eq(stripe_event_post(body, 0, NULL, NULL, false, id), 200);
    verdict(id, status, sizeof(status));
    ck_assert_str_eq(status, "ignored");
    ck_assert(invoice_is(inv, "paid"));
}
END_TEST

START_TEST(unknown_invoices_and_unhandled_types_are_ignored)
{
    char evt[64], inv[64], body[512], id[64], status[32];

    unique_ids(evt, inv);
    event(body, sizeof(body), evt, "invoice.voided", inv); /* no invoice of ours */
    ck_assert_int_eq(stripe_event_post(body, 0, NULL, NULL, false, id), 200);
    verdict(id, status, sizeof(status));
    ck_assert_str_eq(status, "ignored");
    unique_ids(evt, inv);
    event(body, sizeof(body), evt, "customer.created", inv);
    ck_assert_int_eq(stripe_event_post(body, 0, NULL, NULL, false, id), 200);
    verdict(id, status, sizeof(status));
    ck_assert_str_eq(status, "ignored");
}
END_TEST

static int
mails_to(const char *address, const char *needle)
{
    json_object *list = wiremock_requests_to(address);
    int n = 0;

    for (size_t i = 0; i < json_object_array_length(list); i++) {
        json_object *body = json_object_object_get(json_object_array_get_idx(list, i), "body");
        char *subject = form_value(json_object_get_string(body), "subject");
        if (subject != NULL && strstr(subject, needle) != NULL)
            n++;
        free(subject);
    }
    json_object_put(list);
    return n;
}

START_TEST(a_failed_payment_alerts_staff_and_the_partner_once)
{
    char partner[25], evt[64], inv[64], body[512], id[64], status[32], path[96], email[128];
    char name[64], patch[256];
    struct api_res res;

    snprintf(name, sizeof(name), "Failing %lld", unique_number());
    make_partner(name, partner);
    unique_address("billing", email, sizeof(email));
    snprintf(path, sizeof(path), "/api/v1/partners/%s", partner);
    snprintf(patch, sizeof(patch), "{\"email\":\"%s\"}", email);
    client_call(owner_session(), "PATCH", path, patch, &res);
    ck_assert_int_eq(api_status_free(&res), 200);
    unique_ids(evt, inv);
    fixture_invoice(partner, inv, "open");
    event(body, sizeof(body), evt, "invoice.payment_failed", inv);
    ck_assert_int_eq(stripe_event_post(body, 0, NULL, NULL, false, id), 200);
    ck_assert(invoice_is(inv, "failed"));
    ck_assert_int_eq(stripe_event_post(body, 0, NULL, NULL, false, id), 200); /* a repeat */
    verdict(id, status, sizeof(status));
    ck_assert_str_eq(status, "ignored");
    for (int i = 0; i < 75 && mails_to(email, "Payment failed") < 1; i++)
        sleep_ms(200);
    ck_assert_int_eq(mails_to(email, "Payment failed"), 1);
    /* ALERT_EMAIL_TO: the stack's default, as the lost-lead alert tests read it */
    ck_assert_int_ge(mails_to("alerts@example.com", "Payment failed: Webhook Partner"), 1);
    /* Stripe retries the payment: paid after failed is allowed */
    unique_ids(evt, NULL);
    event(body, sizeof(body), evt, "invoice.paid", inv);
    ck_assert_int_eq(stripe_event_post(body, 0, NULL, NULL, false, id), 200);
    ck_assert(invoice_is(inv, "paid"));
}
END_TEST

START_TEST(bad_signatures_are_refused_and_a_second_v1_may_match)
{
    char evt[64], body[512];
    const char *zero = "0000000000000000000000000000000000000000000000000000000000000000";
    struct api_res res;

    unique_ids(evt, NULL);
    event(body, sizeof(body), evt, "invoice.paid", "in_nobody");
    ck_assert_int_eq(stripe_event_post(body, 0, "whsec_wrong_secret", NULL, false, NULL), 401);
    ck_assert_int_eq(stripe_event_post(body, (long long)time(NULL) - 301, NULL, NULL, false, NULL),
                     401);
    ck_assert_int_eq(stripe_event_post(body, (long long)time(NULL) + 400, NULL, NULL, false, NULL),
                     401);
    ck_assert_int_eq(stripe_event_post(body, 0, NULL, NULL, true, NULL), 401);
    ck_assert_int_eq(stripe_event_post(body, 0, NULL, zero, false, NULL),
                     200); /* rolling secrets */
    ck_assert_int_eq(stripe_event_post("[1,2]", 0, NULL, NULL, false, NULL), 400);
    api_get(&res, "/api/v1/webhooks/stripe"); /* nginx's shield: POST only */
    ck_assert_int_eq(api_status_free(&res), 405);
}
END_TEST

void
billing_webhook_case(Suite *s)
{
    TCase *tc = tcase_create("stripe webhook");

    tcase_set_timeout(tc, 90);
    tcase_add_test(tc, a_signed_event_is_queued_and_applied);
    tcase_add_test(tc, unknown_invoices_and_unhandled_types_are_ignored);
    tcase_add_test(tc, a_failed_payment_alerts_staff_and_the_partner_once);
    tcase_add_test(tc, bad_signatures_are_refused_and_a_second_v1_may_match);
    suite_add_tcase(s, tc);
}
