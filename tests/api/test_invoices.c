/* test_invoices.c - the monthly invoices through Stripe (case "invoices" of suite billing):
 * every call goes through WireMock (which journals it) to stripe-mock (which refuses what
 * Stripe would refuse, and a Stripe-Version other than its own); fault stubs scoped to one
 * partner's Idempotency-Keys go first: 500 then 200, 429, Stripe-Should-Retry: false; a
 * second run makes no second invoice or item */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain.h"
#include "stack_access.h"

/* the current UTC month: the ledger lines the tests make fall in it */
static void
this_period(char out[8])
{
    time_t now = time(NULL);
    struct tm tm;

    gmtime_r(&now, &tm);
    strftime(out, 8, "%Y-%m", &tm);
}

/* POST /cron/monthly-invoices?period=; the status, the answer kept in *res (may be NULL) */
static long
run_invoices(const char *period, struct api_res *out)
{
    struct api_res res;
    char auth[256], path[96];
    const char *headers[] = {auth, NULL};
    struct api_opts opts = {.headers = headers};

    snprintf(auth, sizeof(auth), "Authorization: Bearer %s", harness_env("CRON_SECRET"));
    snprintf(path, sizeof(path), "/api/v1/cron/monthly-invoices%s%s", period ? "?period=" : "",
             period ? period : "");
    api_call(&res, "POST", path, &opts);
    if (out != NULL) {
        *out = res;
        return res.status;
    }
    return api_status_free(&res);
}

/* a partner billed per qualified lead, with a billing e-mail (none when email is NULL) and n
 * leads of this month: lines of 15000 cents */
static void
billed_partner(const char *name, const char *email, int n, char id[25])
{
    char path[96], body[160], lead[25], address[128];
    struct api_res res;

    make_partner(name, id);
    snprintf(path, sizeof(path), "/api/v1/partners/%s/billing", id);
    client_call(owner_session(), "PUT", path,
                "{\"billingType\":\"qualified_lead\",\"billingTerms\":[{\"from\":\"2020-01\","
                "\"to\":null,\"value\":15000}]}",
                &res);
    ck_assert_int_eq(api_status_free(&res), 200);
    if (email != NULL) {
        snprintf(path, sizeof(path), "/api/v1/partners/%s", id);
        snprintf(body, sizeof(body), "{\"email\":\"%s\"}", email);
        client_call(owner_session(), "PATCH", path, body, &res);
        ck_assert_int_eq(api_status_free(&res), 200);
    }
    for (int i = 0; i < n; i++) {
        fresh_email("inv", address, sizeof(address));
        make_lead(id, address, "\"company\":\"Invoiced Inc\"", lead);
    }
}

/* the journal's POSTs to path (a regular expression below /stripe) whose Idempotency-Key matches
 * key_regex */
static json_object *
stripe_posts(const char *path, const char *key_regex)
{
    char pattern[512];

    snprintf(
        pattern, sizeof(pattern),
        "{\"method\":\"POST\",\"urlPathPattern\":\"/stripe%s\",\"headers\":{\"Idempotency-Key\":"
        "{\"matches\":\"%s\"}}}",
        path, key_regex);
    return wiremock_find(pattern, 0);
}

static size_t
stripe_count(const char *path, const char *key_regex)
{
    json_object *list = stripe_posts(path, key_regex);
    size_t n = json_object_array_length(list);

    json_object_put(list);
    return n;
}

static const char *
header_of(json_object *rq, const char *name)
{
    json_object *h = json_object_object_get(rq, "headers"); /* a find answers logged requests */

    return json_object_get_string(json_object_object_get(h, name));
}

static const char *
body_of(json_object *rq)
{
    const char *b = json_object_get_string(json_object_object_get(rq, "body"));

    ck_assert_msg(b != NULL, "no body in %s", json_object_to_json_string(rq));
    return b;
}

static long long
invoices_where(const char *partner, const char *period, const char *status)
{
    char filter[256];

    snprintf(filter, sizeof(filter), "{\"key\":\"monthly:%s:%s\"%s%s%s}", partner, period,
             status ? ",\"status\":\"" : "", status ? status : "", status ? "\"" : "");
    return mongo_count("invoices", filter);
}

START_TEST(one_invoice_per_partner_and_period_with_an_item_per_line)
{
    char partner[25], period[8], key[96];
    json_object *items, *customers, *rq;
    struct api_res res;
    char *v;

    this_period(period);
    billed_partner("Invoiced", "billing-invoiced@test.local", 2, partner);
    ck_assert_int_eq(run_invoices(period, &res), 200);
    ck_assert_str_eq(api_json_str(&res, "period"), period);
    ck_assert_int_ge(atoll(api_json_str(&res, "invoiced")), 1);
    api_res_free(&res);
    ck_assert_int_eq(invoices_where(partner, period, "open"), 1);
    snprintf(key, sizeof(key), "pc-customer-%s", partner);
    ck_assert_int_eq(stripe_count("/v1/customers", key), 1);
    customers = stripe_posts("/v1/customers", key);
    rq = json_object_array_get_idx(customers, 0);
    /* every call: the secret key, the pinned version, form encoding */
    ck_assert_str_eq(header_of(rq, "Authorization"),
                     "Bearer sk_test_PartnerConnectorTests0123456789");
    ck_assert_str_eq(header_of(rq, "Stripe-Version"), "2025-09-30.clover");
    v = form_value(body_of(rq), "metadata[partner_id]");
    ck_assert_str_eq(v, partner);
    free(v);
    v = form_value(body_of(rq), "email");
    ck_assert_str_eq(v, "billing-invoiced@test.local");
    free(v);
    json_object_put(customers);
    snprintf(key, sizeof(key), "pc-%s-%s-invoice", partner, period);
    ck_assert_int_eq(stripe_count("/v1/invoices", key), 1);
    snprintf(key, sizeof(key), "pc-%s-%s-item-.*", partner, period);
    items = stripe_posts("/v1/invoiceitems", key);
    ck_assert_int_eq(json_object_array_length(items), 2);
    v = form_value(body_of(json_object_array_get_idx(items, 0)), "amount");
    ck_assert_str_eq(v, "15000");
    free(v);
    v = form_value(body_of(json_object_array_get_idx(items, 0)), "description");
    ck_assert_ptr_nonnull(strstr(v, "Qualified lead: inv"));
    ck_assert_ptr_nonnull(strstr(v, "(Invoiced Inc)"));
    free(v);
    json_object_put(items);
    snprintf(key, sizeof(key), "pc-%s-%s-finalize", partner, period);
    ck_assert_int_eq(stripe_count("/v1/invoices/[^/]+/finalize", key), 1);
    snprintf(key, sizeof(key), "pc-%s-%s-send", partner, period);
    ck_assert_int_eq(stripe_count("/v1/invoices/[^/]+/send", key), 1);
    ck_assert_int_eq(run_invoices(period, NULL), 200); /* again: nothing new */
    ck_assert_int_eq(invoices_where(partner, period, NULL), 1);
    snprintf(key, sizeof(key), "pc-%s-%s-.*", partner, period);
    ck_assert_int_eq(stripe_count("/v1/invoiceitems", key), 2);
    ck_assert_int_eq(stripe_count("/v1/invoices", key), 1);
}
END_TEST

/* a stub for the partner's calls to path whose key matches key_regex: status with extra
 * headers (a JSON object, may be "{}", and then more response members: ",\"fixedDelay...\"");
 * in scenario (not NULL) only once, then Stripe answers */
static void
fault(const char *path, const char *key_regex, int status, const char *headers,
      const char *scenario, char id[64])
{
    char json[1024], state[256] = "";

    if (scenario != NULL)
        snprintf(state, sizeof(state),
                 "\"scenarioName\":\"%s\",\"requiredScenarioState\":\"Started\","
                 "\"newScenarioState\":\"passed\",",
                 scenario);
    snprintf(json, sizeof(json),
             "{%s\"priority\":1,\"request\":{\"method\":\"POST\",\"urlPathPattern\":\"/stripe%s\","
             "\"headers\":{\"Idempotency-Key\":{\"matches\":\"%s\"}}},\"response\":{\"status\":%d,"
             "\"headers\":%s,\"jsonBody\":{\"error\":{\"type\":\"api_error\",\"message\":\"stub "
             "fault %d\"}}}}",
             state, path, key_regex, status, headers, status);
    wiremock_mapping(json, id);
}

/* the draft invoice's first call meets status with more (a fault's extra response members) once,
 * then Stripe: two calls with the same key and body, and the invoice is open */
static void
first_call_fails_then_retried(const char *name, const char *email, int status, const char *more)
{
    char partner[25], period[8], key[96], id[64];
    json_object *calls;

    this_period(period);
    billed_partner(name, email, 1, partner);
    snprintf(key, sizeof(key), "pc-%s-%s-invoice", partner, period);
    fault("/v1/invoices", key, status, more, partner, id);
    ck_assert_int_eq(run_invoices(period, NULL), 200);
    wiremock_unmap(id);
    calls = stripe_posts("/v1/invoices", key);
    ck_assert_int_eq(json_object_array_length(calls), 2);
    ck_assert_str_eq(header_of(json_object_array_get_idx(calls, 0), "Idempotency-Key"),
                     header_of(json_object_array_get_idx(calls, 1), "Idempotency-Key"));
    ck_assert_str_eq(body_of(json_object_array_get_idx(calls, 0)),
                     body_of(json_object_array_get_idx(calls, 1)));
    json_object_put(calls);
    ck_assert_int_eq(invoices_where(partner, period, "open"), 1);
}

START_TEST(a_500_then_200_is_retried_with_the_same_key)
{
    first_call_fails_then_retried("Invoice retry", "billing-retry@test.local", 500, "{}");
}
END_TEST

/* PC_HTTP_TIMEOUT_MS is 6 s in the tests (tests/harness/lib.sh): the first call gets no answer
 * in time (an answer 8 s late), the retry carries the same key and body */
START_TEST(a_timeout_is_retried_with_the_same_key)
{
    first_call_fails_then_retried("Invoice timeout", "billing-timeout@test.local", 200,
                                  "{},\"fixedDelayMilliseconds\":8000");
}
END_TEST

START_TEST(a_429_stops_the_partner_and_a_rerun_goes_on_where_it_stopped)
{
    char partner[25], other[25], period[8], key[96], id[64], filter[160];
    struct api_res res;

    this_period(period);
    billed_partner("Invoice limited", "billing-limited@test.local", 2, partner);
    billed_partner("Invoice unhurt", "billing-unhurt@test.local", 1, other);
    snprintf(key, sizeof(key), "pc-%s-%s-item-.*", partner, period);
    fault("/v1/invoiceitems", key, 429, "{}", NULL, id);
    ck_assert_int_eq(run_invoices(period, &res), 200);
    ck_assert_ptr_nonnull(strstr(res.body, partner)); /* named in errors */
    ck_assert_ptr_nonnull(strstr(res.body, "rate limit"));
    api_res_free(&res);
    wiremock_unmap(id);
    ck_assert_int_eq(stripe_count("/v1/invoiceitems", key), 1); /* 429 alone: not retried */
    ck_assert_int_eq(invoices_where(partner, period, "draft"), 1);
    snprintf(filter, sizeof(filter), "{\"key\":\"monthly:%s:%s\",\"lastError\":{\"$ne\":null}}",
             partner, period);
    ck_assert_int_eq(mongo_count("invoices", filter), 1);
    ck_assert_int_eq(invoices_where(other, period, "open"), 1); /* the others go on */
    ck_assert_int_eq(run_invoices(period, NULL), 200);
    ck_assert_int_eq(invoices_where(partner, period, "open"), 1);
    ck_assert_int_eq(stripe_count("/v1/invoiceitems", key), 3); /* the first item again, then 2 */
    snprintf(key, sizeof(key), "pc-%s-%s-invoice", partner, period);
    ck_assert_int_eq(stripe_count("/v1/invoices", key), 1); /* the draft was not made twice */
}
END_TEST

START_TEST(should_retry_false_is_obeyed_and_a_missing_email_is_an_error)
{
    char partner[25], bare[25], period[8], key[96], id[64];
    struct api_res res;

    this_period(period);
    billed_partner("Invoice final", "billing-final@test.local", 1, partner);
    billed_partner("Invoice bare", NULL, 1, bare);
    snprintf(key, sizeof(key), "pc-%s-%s-finalize", partner, period);
    fault("/v1/invoices/[^/]+/finalize", key, 500, "{\"Stripe-Should-Retry\":\"false\"}", NULL, id);
    ck_assert_int_eq(run_invoices(period, &res), 200);
    ck_assert_ptr_nonnull(strstr(res.body, bare));
    ck_assert_ptr_nonnull(strstr(res.body, "no billing e-mail"));
    api_res_free(&res);
    wiremock_unmap(id);
    ck_assert_int_eq(stripe_count("/v1/invoices/[^/]+/finalize", key), 1);
    ck_assert_int_eq(invoices_where(partner, period, "draft"), 1);
    snprintf(key, sizeof(key), "pc-customer-%s", bare);
    ck_assert_int_eq(stripe_count("/v1/customers", key), 0);
    ck_assert_int_eq(invoices_where(bare, period, "open"), 0);
    ck_assert_int_eq(run_invoices(period, NULL), 200); /* finalize again, then send */
    ck_assert_int_eq(invoices_where(partner, period, "open"), 1);
}
END_TEST

START_TEST(a_month_that_adds_up_to_nothing_has_no_invoice)
{
    struct partner_user pu;
    char lead[25], period[8], path[96];
    struct api_res res;

    this_period(period);
    fixture_partner_user(&pu, "user");
    snprintf(path, sizeof(path), "/api/v1/partners/%s/billing", pu.partner);
    client_call(owner_session(), "PUT", path,
                "{\"billingType\":\"closed_won_lead\",\"billingTerms\":[{\"from\":\"2020-01\","
                "\"to\":null,\"value\":9000}]}",
                &res);
    ck_assert_int_eq(api_status_free(&res), 200);
    make_lead_in(&pu, "in_touch", lead);
    ck_assert_int_eq(set_status(&pu.client, lead, "{\"status\":\"won\"}"), 200);
    ck_assert_int_eq(
        set_status(owner_session(), lead, "{\"status\":\"in_touch\",\"reason\":\"no\"}"), 200);
    ck_assert_int_eq(run_invoices(period, NULL), 200);
    ck_assert_int_eq(invoices_where(pu.partner, period, NULL), 0);
    client_free(&pu.client);
}
END_TEST

START_TEST(the_period_is_checked_and_defaults_to_the_previous_month)
{
    struct api_res res;
    char period[8];
    time_t now = time(NULL);
    struct tm tm;

    ck_assert_int_eq(run_invoices("2026-13", NULL), 422);
    ck_assert_int_eq(run_invoices("May", NULL), 422);
    ck_assert_int_eq(run_invoices(NULL, &res), 200);
    gmtime_r(&now, &tm);
    tm.tm_mday = 1;
    tm.tm_mon -= 1;
    timegm(&tm);
    strftime(period, sizeof(period), "%Y-%m", &tm);
    ck_assert_str_eq(api_json_str(&res, "period"), period);
    api_res_free(&res);
}
END_TEST

/* the monthly invoice of partner for period, made now: its id into id */
static void
monthly_invoice_of(const char *partner, const char *period, char id[32])
{
    char path[640], filter[256], enc[512];

    ck_assert_int_eq(run_invoices(period, NULL), 200);
    snprintf(filter, sizeof(filter),
             "[{\"column\":\"partner\",\"operator\":\"eq\",\"value\":\"%s\"},"
             "{\"column\":\"period\",\"operator\":\"eq\",\"value\":\"%s\"}]",
             partner, period);
    url_json(filter, enc, sizeof(enc));
    snprintf(path, sizeof(path), "/api/v1/invoices?filter=%s", enc);
    ck_assert_int_eq(call_status(owner_session(), "GET", path, NULL, "list.0.id", id, 32), 200);
    ck_assert_int_eq(strlen(id), 24);
}

static void
bill_cast_partner(struct cast *k, char lead[25])
{
    char path[96], email[128];
    struct api_res res;

    snprintf(path, sizeof(path), "/api/v1/partners/%s/billing", k->partner_a);
    client_call(owner_session(), "PUT", path,
                "{\"billingType\":\"qualified_lead\",\"billingTerms\":[{\"from\":\"2020-01\","
                "\"to\":null,\"value\":12500}]}",
                &res);
    ck_assert_int_eq(api_status_free(&res), 200);
    snprintf(path, sizeof(path), "/api/v1/partners/%s", k->partner_a);
    client_call(owner_session(), "PATCH", path, "{\"email\":\"billing-cast@test.local\"}", &res);
    ck_assert_int_eq(api_status_free(&res), 200);
    fresh_email("castinv", email, sizeof(email));
    make_lead(k->partner_a, email, NULL, lead);
}

START_TEST(invoices_are_read_within_reach_with_their_lines)
{
    struct cast k;
    char lead[25], period[8], id[32], path[96], got[64];
    struct api_res res;

    fixture_cast(&k);
    this_period(period);
    bill_cast_partner(&k, lead);
    monthly_invoice_of(k.partner_a, period, id);
    snprintf(path, sizeof(path), "/api/v1/invoices/%s", id);
    client_call(&k.admin_a_c, "GET", path, NULL, &res);
    ck_assert_int_eq(res.status, 200);
    ck_assert_str_eq(api_json_str(&res, "status"), "open");
    ck_assert_str_eq(api_json_str(&res, "amount"), "12500");
    ck_assert_str_eq(api_json_str(&res, "lines.0.lead"), lead);
    ck_assert_ptr_null(api_json_str(&res, "lines.1"));
    ck_assert_ptr_null(api_json_str(&res, "stripeInvoiceId")); /* staff only */
    api_res_free(&res);
    ck_assert_int_eq(
        call_status(&k.staff_c, "GET", path, NULL, "stripeInvoiceId", got, sizeof(got)), 200);
    ck_assert_int_gt(strlen(got), 3);
    client_call(&k.admin_b_c, "GET", path, NULL, &res);
    ck_assert_int_eq(api_status_free(&res), 404);
    client_call(&k.user_a_c, "GET", path, NULL, &res);
    ck_assert_int_eq(api_status_free(&res), 403);
    client_call(&k.admin_b_c, "GET", "/api/v1/invoices", NULL, &res);
    ck_assert_int_eq(res.status, 200);
    ck_assert_ptr_null(strstr(res.body, id)); /* another partner's admins: not theirs */
    api_res_free(&res);
    client_call(&k.admin_a_c, "GET", "/api/v1/invoices", NULL, &res);
    ck_assert_ptr_nonnull(strstr(res.body, id));
    api_res_free(&res);
    cast_release(&k);
}
END_TEST

START_TEST(the_owner_voids_charges_marks_paid_and_credits)
{
    struct cast k;
    char lead[25], period[8], id[32], charge[32], path[128], got[64], key[96];
    struct api_res res;
    long long before;

    fixture_cast(&k);
    this_period(period);
    bill_cast_partner(&k, lead);
    monthly_invoice_of(k.partner_a, period, id);
    snprintf(path, sizeof(path), "/api/v1/invoices/%s/void", id);
    client_call(&k.staff_c, "POST", path, NULL, &res);
    ck_assert_int_eq(api_status_free(&res), 403); /* billing actions: the owner alone */
    client_call(&k.admin_b_c, "POST", path, NULL, &res);
    ck_assert_int_eq(api_status_free(&res), 404);
    ck_assert_int_eq(call_status(owner_session(), "POST", path, NULL, "status", got, sizeof(got)),
                     200);
    ck_assert_str_eq(got, "void");
    snprintf(key, sizeof(key), "pc-void-%s", id);
    ck_assert_int_eq(stripe_count("/v1/invoices/[^/]+/void", key), 1);
    ck_assert_int_eq(call_status(owner_session(), "POST", path, NULL, NULL, NULL, 0), 409);
    /* a manual charge: its own invoice, at once */
    snprintf(path, sizeof(path), "/api/v1/partners/%s/charges", k.partner_a);
    ck_assert_int_eq(call_status(owner_session(), "POST", path,
                                 "{\"amount\":0,\"description\":\"x\"}", NULL, NULL, 0),
                     422);
    client_call(owner_session(), "POST", path,
                "{\"amount\":50000,\"description\":\"Onboarding workshop\"}", &res);
    ck_assert_int_eq(res.status, 201);
    ck_assert_str_eq(api_json_str(&res, "kind"), "manual");
    ck_assert_str_eq(api_json_str(&res, "status"), "open");
    ck_assert_str_eq(api_json_str(&res, "lines.0.kind"), "manual_charge");
    snprintf(charge, sizeof(charge), "%s", api_json_str(&res, "id"));
    api_res_free(&res);
    snprintf(path, sizeof(path), "/api/v1/invoices/%s/mark-paid", charge);
    ck_assert_int_eq(call_status(owner_session(), "POST", path, NULL, "status", got, sizeof(got)),
                     200);
    ck_assert_str_eq(got, "paid");
    snprintf(key, sizeof(key), "pc-pay-%s", charge);
    ck_assert_int_eq(stripe_count("/v1/invoices/[^/]+/pay", key), 1);
    /* the charge is not billed again by the month's invoice */
    ck_assert_int_eq(run_invoices(period, NULL), 200);
    snprintf(key, sizeof(key), "pc-%s-%s-item-.*", k.partner_a, period);
    ck_assert_int_eq(stripe_count("/v1/invoiceitems", key), 1);
    /* a credit: a negative line on the ledger */
    snprintf(path, sizeof(path), "/api/v1/partners/%s", k.partner_a);
    ck_assert_int_eq(
        call_status(owner_session(), "GET", path, NULL, "ledgerBalance", got, sizeof(got)), 200);
    before = atoll(got);
    snprintf(path, sizeof(path), "/api/v1/partners/%s/credits", k.partner_a);
    ck_assert_int_eq(call_status(owner_session(), "POST", path,
                                 "{\"amount\":2500,\"description\":\"Goodwill\"}", "amount", got,
                                 sizeof(got)),
                     201);
    ck_assert_str_eq(got, "-2500");
    snprintf(path, sizeof(path), "/api/v1/partners/%s", k.partner_a);
    call_status(owner_session(), "GET", path, NULL, "ledgerBalance", got, sizeof(got));
    ck_assert_int_eq(atoll(got), before - 2500);
    cast_release(&k);
}
END_TEST

/* a credit larger than a month's charges (a prepayment): that month has no invoice and what is
 * left of the credit comes off the next month's (months of the past: the lines are moved there) */
START_TEST(a_credit_left_over_goes_to_the_next_month)
{
    char partner[25], second[25], filter[256], path[96], email[128];
    struct api_res res;

    billed_partner("Invoice carry", "billing-carry@test.local", 1, partner); /* 15000 */
    snprintf(path, sizeof(path), "/api/v1/partners/%s/credits", partner);
    client_call(owner_session(), "POST", path, "{\"amount\":20000,\"description\":\"Prepaid\"}",
                &res);
    ck_assert_int_eq(api_status_free(&res), 201);
    snprintf(filter, sizeof(filter), "{\"partner\":{\"$oid\":\"%s\"}}", partner);
    mongo_update("ledger", filter, "{\"$set\":{\"period\":\"2022-03\"}}");
    ck_assert_int_eq(run_invoices("2022-03", NULL), 200);
    ck_assert_int_eq(run_invoices("2022-03", NULL), 200); /* again: carried once */
    ck_assert_int_eq(invoices_where(partner, "2022-03", NULL), 0);
    snprintf(filter, sizeof(filter),
             "{\"partner\":{\"$oid\":\"%s\"},\"kind\":\"carried_credit\",\"period\":\"2022-03\","
             "\"amount\":5000}",
             partner);
    ck_assert_int_eq(mongo_count("ledger", filter), 1);
    snprintf(filter, sizeof(filter),
             "{\"partner\":{\"$oid\":\"%s\"},\"kind\":\"carried_credit\",\"period\":\"2022-04\","
             "\"amount\":-5000}",
             partner);
    ck_assert_int_eq(mongo_count("ledger", filter), 1);
    fresh_email("carry", email, sizeof(email));
    make_lead(partner, email, NULL, second);
    snprintf(filter, sizeof(filter), "{\"lead\":{\"$oid\":\"%s\"}}", second);
    mongo_update("ledger", filter, "{\"$set\":{\"period\":\"2022-04\"}}");
    ck_assert_int_eq(run_invoices("2022-04", NULL), 200);
    snprintf(filter, sizeof(filter), "{\"key\":\"monthly:%s:2022-04\",\"amount\":10000}", partner);
    ck_assert_int_eq(mongo_count("invoices", filter), 1);
}
END_TEST

/* the partner's people ask to return a lead of a paid invoice: Stripe gives it back as a credit
 * note on that invoice (a refusal leaves the return asked), and no later invoice credits it again
 */
START_TEST(a_return_on_a_paid_invoice_is_a_stripe_credit_note)
{
    struct cast k;
    char lead[25], second[25], period[8], inv[32], ret[32], path[128], got[64], key[160];
    char filter[320], email[128], id[64];
    json_object *calls;
    struct api_res res;
    long long before;
    char *v;

    fixture_cast(&k);
    this_period(period);
    bill_cast_partner(&k, lead);
    monthly_invoice_of(k.partner_a, period, inv);
    snprintf(path, sizeof(path), "/api/v1/invoices/%s/mark-paid", inv);
    ck_assert_int_eq(call_status(owner_session(), "POST", path, NULL, NULL, NULL, 0), 200);
    snprintf(path, sizeof(path), "/api/v1/leads/%s/returns", lead);
    ck_assert_int_eq(call_status(&k.user_a_c, "POST", path,
                                 "{\"reason\":\"duplicate\",\"note\":\"twice in our CRM\"}", "id",
                                 ret, sizeof(ret)),
                     201);
    snprintf(path, sizeof(path), "/api/v1/partners/%s", k.partner_a);
    call_status(owner_session(), "GET", path, NULL, "ledgerBalance", got, sizeof(got));
    before = atoll(got);
    /* Stripe refuses: the return stays asked and nothing is written */
    snprintf(key, sizeof(key), "pc-return-%s-%s", ret, inv);
    fault("/v1/credit_notes", key, 400, "{}", NULL, id);
    snprintf(path, sizeof(path), "/api/v1/returns/%s/approve", ret);
    client_call(&k.staff_c, "POST", path, "{}", &res);
    ck_assert_msg(res.status == 409, "%ld %s", res.status, res.body);
    ck_assert_ptr_nonnull(strstr(res.body, "Stripe refused the credit note"));
    api_res_free(&res);
    wiremock_unmap(id);
    snprintf(filter, sizeof(filter), "{\"_id\":{\"$oid\":\"%s\"},\"status\":\"requested\"}", ret);
    ck_assert_int_eq(mongo_count("returns", filter), 1);
    /* approved again: the credit note on the paid invoice */
    client_call(&k.staff_c, "POST", path, "{\"note\":\"agreed\"}", &res);
    ck_assert_msg(res.status == 200, "%ld %s", res.status, res.body);
    ck_assert_str_eq(api_json_str(&res, "creditAmount"), "-12500");
    ck_assert_str_eq(api_json_str(&res, "creditNotes.0.invoice"), inv);
    ck_assert_str_eq(api_json_str(&res, "creditNotes.0.amount"), "-12500");
    ck_assert_ptr_nonnull(api_json_str(&res, "creditNotes.0.id"));
    ck_assert_int_gt(strlen(api_json_str(&res, "requestedByName")), 0); /* the queue shows it */
    api_res_free(&res);
    calls = stripe_posts("/v1/credit_notes", key);        /* newest first */
    ck_assert_int_eq(json_object_array_length(calls), 2); /* the refused call, then this one */
    v = form_value(body_of(json_object_array_get_idx(calls, 0)), "credit_amount");
    ck_assert_str_eq(v, "12500");
    free(v);
    v = form_value(body_of(json_object_array_get_idx(calls, 0)), "reason");
    ck_assert_str_eq(v, "duplicate");
    free(v);
    v = form_value(body_of(json_object_array_get_idx(calls, 0)), "invoice");
    snprintf(filter, sizeof(filter), "{\"_id\":{\"$oid\":\"%s\"},\"stripeInvoiceId\":\"%s\"}", inv,
             v);
    free(v);
    json_object_put(calls);
    ck_assert_int_eq(mongo_count("invoices", filter), 1);
    snprintf(path, sizeof(path), "/api/v1/partners/%s", k.partner_a);
    call_status(owner_session(), "GET", path, NULL, "ledgerBalance", got, sizeof(got));
    ck_assert_int_eq(atoll(got), before - 12500);
    snprintf(filter, sizeof(filter), "{\"lead\":{\"$oid\":\"%s\"},\"kind\":\"return_credit\"}",
             lead);
    ck_assert_int_eq(mongo_count("ledger", filter), 0);
    /* a later month with a charge and this credit note's line: billed the charge alone */
    fresh_email("castinv", email, sizeof(email));
    make_lead(k.partner_a, email, NULL, second);
    snprintf(filter, sizeof(filter), "{\"lead\":{\"$oid\":\"%s\"}}", second);
    mongo_update("ledger", filter, "{\"$set\":{\"period\":\"2021-07\"}}");
    snprintf(filter, sizeof(filter), "{\"lead\":{\"$oid\":\"%s\"},\"kind\":\"credit_note\"}", lead);
    ck_assert_int_eq(mongo_count("ledger", filter), 1);
    mongo_update("ledger", filter, "{\"$set\":{\"period\":\"2021-07\"}}");
    ck_assert_int_eq(run_invoices("2021-07", NULL), 200);
    snprintf(filter, sizeof(filter), "{\"key\":\"monthly:%s:2021-07\",\"amount\":12500}",
             k.partner_a);
    ck_assert_int_eq(mongo_count("invoices", filter), 1);
    cast_release(&k);
}
END_TEST

void
billing_invoices_case(Suite *s)
{
    TCase *tc = tcase_create("invoices");

    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, one_invoice_per_partner_and_period_with_an_item_per_line);
    tcase_add_test(tc, a_500_then_200_is_retried_with_the_same_key);
    tcase_add_test(tc, a_timeout_is_retried_with_the_same_key);
    tcase_add_test(tc, a_429_stops_the_partner_and_a_rerun_goes_on_where_it_stopped);
    tcase_add_test(tc, should_retry_false_is_obeyed_and_a_missing_email_is_an_error);
    tcase_add_test(tc, a_month_that_adds_up_to_nothing_has_no_invoice);
    tcase_add_test(tc, the_period_is_checked_and_defaults_to_the_previous_month);
    tcase_add_test(tc, invoices_are_read_within_reach_with_their_lines);
    tcase_add_test(tc, the_owner_voids_charges_marks_paid_and_credits);
    tcase_add_test(tc, a_return_on_a_paid_invoice_is_a_stripe_credit_note);
    tcase_add_test(tc, a_credit_left_over_goes_to_the_next_month);
    suite_add_tcase(s, tc);
}
