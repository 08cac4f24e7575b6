/* test_partner_webhooks.c - the webhooks to partners through the real stack (issue 15): the
 * endpoints and their rights, every event delivered to a WireMock receiver with a signature this
 * file verifies itself (OpenSSL HMAC, not the code under test), rotation with both signatures,
 * the retry schedule with the worker's test clock, 4xx not retried, 429's Retry-After, replays,
 * the endpoint disabled after 24 h with its e-mail, a private address refused at delivery, and
 * a hanging endpoint that does not hold up another's deliveries */
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/isotime.h"
#include "core/json.h"
#include "db/store.h"
#include "domain.h"
#include "stack_access.h"
#include "webhook_client.h"

#define ALL_EVENTS                                                                                 \
    "[\"lead.created\",\"lead.status_changed\",\"lead.note_added\",\"meeting.created\","           \
    "\"meeting.rescheduled\",\"meeting.canceled\",\"meeting.outcome\"]"
#define MINUTE 60000LL
#define HOUR (60 * MINUTE)

struct hook {
    char id[25], partner[25], secret[64], path[128], url[256];
};

/* a receiver at path answering status, with extra response members (",\"fixedDelay...\"") */
static void
receiver(const char *path, int status, const char *extra, char mapping[64])
{
    char json[1024];

    snprintf(json, sizeof(json),
             "{\"priority\":1,\"request\":{\"method\":\"POST\",\"urlPath\":\"%s\"},"
             "\"response\":{\"status\":%d,\"body\":\"ok\"%s}}",
             path, status, extra ? extra : "");
    wiremock_mapping(json, mapping);
}

static void
hook_path(const char *name, struct hook *h)
{
    snprintf(h->path, sizeof(h->path), "/partner-hooks/%lld/%s", unique_number(), name);
    snprintf(h->url, sizeof(h->url), "%s%s", harness_env("PC_WIREMOCK_URL"), h->path);
}

/* POST /partners/:id/webhooks as c: 201 with the secret */
static void
hook_create(struct session_client *c, const char *partner, const char *name, const char *events,
            struct hook *h)
{
    char path[96], body[512];
    struct api_res res;

    hook_path(name, h);
    snprintf(h->partner, sizeof(h->partner), "%s", partner);
    snprintf(path, sizeof(path), "/api/v1/partners/%s/webhooks", partner);
    snprintf(body, sizeof(body), "{\"url\":\"%s\",\"events\":%s}", h->url, events);
    client_call(c, "POST", path, body, &res);
    ck_assert_msg(res.status == 201, "%ld %s", res.status, res.body);
    snprintf(h->id, sizeof(h->id), "%s", api_json_str(&res, "id"));
    snprintf(h->secret, sizeof(h->secret), "%s", api_json_str(&res, "secret"));
    ck_assert_int_eq(strncmp(h->secret, "whsec_", 6), 0);
    ck_assert_int_eq(strlen(h->secret), 6 + 43); /* 32 random bytes, base64url */
    api_res_free(&res);
}

static long
hook_call(const struct hook *h, const char *method, const char *tail, const char *body,
          struct api_res *res)
{
    char path[256];

    snprintf(path, sizeof(path), "/api/v1/partners/%s/webhooks/%s%s", h->partner, h->id, tail);
    client_call(owner_session(), method, path, body, res);
    return res->status;
}

/* the receiver's requests at h's path (of type, when not NULL), oldest first, once there are
 * want of them (fails after timeout_ms) */
static json_object *
received(const struct hook *h, const char *type, size_t want, int timeout_ms)
{
    char pattern[512];
    json_object *got = NULL;

    if (type != NULL)
        snprintf(pattern, sizeof(pattern),
                 "{\"method\":\"POST\",\"url\":\"%s\",\"headers\":{\"X-PC-Event-Type\":"
                 "{\"equalTo\":\"%s\"}}}",
                 h->path, type);
    else
        snprintf(pattern, sizeof(pattern), "{\"method\":\"POST\",\"url\":\"%s\"}", h->path);
    for (int waited = 0; waited <= timeout_ms; waited += 200) {
        json_object_put(got);
        got = wiremock_find(pattern, 0);
        if (json_object_array_length(got) >= want)
            return got;
        sleep_ms(200);
    }
    ck_abort_msg("%s: %zu of %zu %s requests", h->path, json_object_array_length(got), want,
                 type ? type : "");
    return NULL;
}

static const char *
header_of(json_object *request, const char *name)
{
    json_object *headers, *v;

    if (!json_object_object_get_ex(request, "headers", &headers)
        || !json_object_object_get_ex(headers, name, &v))
        return NULL;
    if (json_object_is_type(v, json_type_array))
        v = json_object_array_get_idx(v, 0);
    return json_object_get_string(v);
}

/* hex HMAC-SHA256(secret, ts "." body), computed here */
static void
expected_signature(const char *secret, const char *ts, const char *body, char out[65])
{
    unsigned char mac[32];
    unsigned int len = 0;
    size_t n = strlen(ts) + 1 + strlen(body);
    char *msg = malloc(n + 1);

    snprintf(msg, n + 1, "%s.%s", ts, body);
    HMAC(EVP_sha256(), secret, (int)strlen(secret), (unsigned char *)msg, n, mac, &len);
    for (unsigned i = 0; i < 32; i++)
        snprintf(out + 2 * i, 3, "%02x", mac[i]);
    free(msg);
}

/* the request's signature number which (0: the first v1=) is HMAC(secret, ts.body); the
 * timestamp is within 5 minutes of now */
static void
assert_signed(json_object *request, const char *secret, int which)
{
    const char *sig = header_of(request, "X-PC-Signature"),
               *ts = header_of(request, "X-PC-Timestamp");
    json_object *body;
    char want[65], field[80];
    const char *p = sig;

    ck_assert_ptr_nonnull(sig);
    ck_assert_ptr_nonnull(ts);
    ck_assert(json_object_object_get_ex(request, "body", &body));
    ck_assert(llabs(atoll(ts) - wall_ms() / 1000) < 300);
    for (int i = 0; i < which && p != NULL; i++)
        p = (p = strchr(p, ',')) ? p + 1 : NULL;
    ck_assert_msg(p != NULL, "no signature %d in %s", which, sig);
    snprintf(field, sizeof(field), "%.67s", p);
    field[strcspn(field, ",")] = '\0';
    expected_signature(secret, ts, json_object_get_string(body), want);
    ck_assert_int_eq(strncmp(field, "v1=", 3), 0);
    ck_assert_str_eq(field + 3, want);
}

/* the body of a received request, parsed (caller puts it) */
static json_object *
body_of(json_object *request)
{
    json_object *body;

    ck_assert(json_object_object_get_ex(request, "body", &body));
    return json_tokener_parse(json_object_get_string(body));
}

/* the delivery log of h, newest first, once it has want entries (fails after timeout_ms);
 * caller puts it */
static json_object *
log_of(const struct hook *h, int want, int timeout_ms)
{
    struct api_res res;
    json_object *list = NULL;

    for (int waited = 0; waited <= timeout_ms; waited += 200) {
        ck_assert_int_eq(hook_call(h, "GET", "/deliveries?perPage=100", NULL, &res), 200);
        ck_assert(json_object_object_get_ex(res.json, "list", &list));
        if ((int)json_object_array_length(list) >= want) {
            json_object_get(list);
            api_res_free(&res);
            return list;
        }
        api_res_free(&res);
        sleep_ms(200);
    }
    ck_abort_msg("the delivery log of %s did not reach %d entries", h->id, want);
    return NULL;
}

static const char *
str_at(json_object *list, size_t i, const char *key)
{
    json_object *v;

    if (!json_object_object_get_ex(json_object_array_get_idx(list, i), key, &v) || v == NULL)
        return "";
    return json_object_get_string(v);
}

static int64_t
date_at(json_object *list, size_t i, const char *key)
{
    int64_t ms = 0;
    const char *s = str_at(list, i, key);

    ck_assert_msg(isotime_parse(s, strlen(s), &ms), "%s: %s", key, s);
    return ms;
}

/* move the partner-webhooks workers' clock (their Redis test key); 0 puts it back */
static void
worker_clock(long long offset_ms)
{
    const char *prefix = stack_app()->cfg.queue_prefix;

    if (offset_ms == 0)
        ck_assert_int_ge(redis_integer("DEL %s:test:clock:partner-webhooks", prefix), 0);
    else
        ck_assert_int_ge(
            redis_integer("SET %s:test:clock:partner-webhooks %lld", prefix, offset_ms), 0);
}

START_TEST(endpoints_are_for_the_partners_admins_and_staff_and_show_the_secret_once)
{
    struct cast k;
    struct hook h;
    struct api_res res;
    char path[128], body[512];

    fixture_cast(&k);
    hook_create(&k.admin_a_c, k.partner_a, "crud", "[\"lead.created\"]", &h);
    snprintf(path, sizeof(path), "/api/v1/partners/%s/webhooks", k.partner_a);
    snprintf(body, sizeof(body), "{\"url\":\"%s\",\"events\":[\"lead.created\"]}", h.url);
    /* a user of the partner may not; another partner's admin does not see it */
    ck_assert_int_eq(call_status(&k.user_a_c, "POST", path, body, NULL, NULL, 0), 403);
    ck_assert_int_eq(call_status(&k.user_a_c, "GET", path, NULL, NULL, NULL, 0), 403);
    ck_assert_int_eq(call_status(&k.admin_b_c, "GET", path, NULL, NULL, NULL, 0), 404);
    ck_assert_int_eq(call_status(&k.admin_b_c, "POST", path, body, NULL, NULL, 0), 404);
    snprintf(path, sizeof(path), "/api/v1/partners/%s/webhooks/%s", k.partner_b, h.id);
    ck_assert_int_eq(call_status(&k.admin_b_c, "PATCH", path, "{\"enabled\":false}", NULL, NULL, 0),
                     404);
    /* the list never carries a secret */
    snprintf(path, sizeof(path), "/api/v1/partners/%s/webhooks", k.partner_a);
    client_call(&k.staff_c, "GET", path, NULL, &res);
    ck_assert_int_eq(res.status, 200);
    ck_assert_str_eq(api_json_str(&res, "list.0.id"), h.id);
    ck_assert_ptr_null(strstr(res.body, h.secret));
    ck_assert_ptr_null(strstr(res.body, "\"secret\""));
    api_res_free(&res);
    /* bad input: a clear 422 naming the field */
    const char *bad[] = {"{\"url\":\"ftp://example.com/x\",\"events\":[\"lead.created\"]}",
                         "{\"url\":\"https://10.1.2.3/x\",\"events\":[\"lead.created\"]}",
                         "{\"url\":\"https://[fd00::1]:1/x\",\"events\":[\"lead.created\"]}",
                         "{\"url\":\"https://u:p@example.com/x\",\"events\":[\"lead.created\"]}",
                         "{\"url\":\"https://example.com/x\",\"events\":[\"lead.exploded\"]}",
                         "{\"url\":\"https://example.com/x\",\"events\":[]}",
                         "{\"url\":\"https://example.com/x\"}",
                         "{\"url\":\"https://example.com/x\",\"events\":[\"lead.created\"],"
                         "\"secret\":\"mine\"}"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        ck_assert_msg(call_status(&k.admin_a_c, "POST", path, bad[i], NULL, NULL, 0) == 422, "%s",
                      bad[i]);
    /* change, then delete */
    snprintf(path, sizeof(path), "/api/v1/partners/%s/webhooks/%s", k.partner_a, h.id);
    client_call(&k.admin_a_c, "PATCH", path,
                "{\"events\":[\"lead.created\",\"meeting.created\"],\"enabled\":false}", &res);
    ck_assert_msg(res.status == 200, "%ld %s", res.status, res.body);
    ck_assert_str_eq(api_json_str(&res, "enabled"), "false");
    ck_assert_str_eq(api_json_str(&res, "events.1"), "meeting.created");
    ck_assert_ptr_null(strstr(res.body, h.secret));
    api_res_free(&res);
    ck_assert_int_eq(call_status(&k.admin_a_c, "DELETE", path, NULL, NULL, NULL, 0), 204);
    ck_assert_int_eq(call_status(&k.admin_a_c, "DELETE", path, NULL, NULL, NULL, 0), 404);
    cast_release(&k);
}
END_TEST

/* the one request of type at h: signed with secret, its body {id, type, createdAt, data} of
 * partner and lead; the parsed body (caller puts it) */
static json_object *
assert_event(const struct hook *h, const char *type, const char *partner, const char *lead)
{
    json_object *got = received(h, type, 1, 20000), *rq = json_object_array_get_idx(got, 0);
    json_object *body = body_of(rq), *data = json_member(body, "data");

    assert_signed(rq, h->secret, 0);
    ck_assert_str_eq(json_str(body, "type"), type);
    ck_assert_str_eq(json_str(body, "id"), header_of(rq, "X-PC-Event-Id"));
    ck_assert_str_eq(header_of(rq, "Content-Type"), "application/json");
    ck_assert_ptr_nonnull(json_str(body, "createdAt"));
    ck_assert_str_eq(json_str(data, "partnerId"), partner);
    ck_assert_str_eq(json_str(data, "leadId"), lead);
    json_object_put(got);
    return body;
}

START_TEST(every_event_reaches_the_receiver_signed)
{
    struct cast k;
    struct hook h;
    char mapping[64], email[128], lead[25], past[25], ext[64], path[96];
    json_object *body;

    fixture_cast(&k);
    hook_create(&k.admin_a_c, k.partner_a, "all", ALL_EVENTS, &h);
    receiver(h.path, 200, NULL, mapping);
    fresh_email("hooked", email, sizeof(email));
    make_lead(k.partner_a, email, "\"company\":\"Hooked Inc\"", lead);
    ck_assert_int_eq(log_meeting(&k.admin_a_c, lead, now_minute_ms() - 2 * HOUR, 30, NULL, past),
                     201);
    snprintf(path, sizeof(path), "/api/v1/leads/%s/notes", lead);
    ck_assert_int_eq(
        call_status(&k.user_a_c, "POST", path, "{\"text\":\"called them\"}", NULL, NULL, 0), 201);
    snprintf(path, sizeof(path), "/api/v1/meetings/%s/outcome", past);
    ck_assert_int_eq(
        call_status(&k.user_a_c, "PATCH", path, "{\"outcome\":\"held\"}", NULL, NULL, 0), 200);
    snprintf(ext, sizeof(ext), "cp-hook-%lld", unique_number());
    fixture_booking(ext, email, k.partner_a, now_minute_ms() + 48 * HOUR, false);
    fixture_booking(ext, email, k.partner_a, now_minute_ms() + 72 * HOUR, false);
    fixture_booking(ext, email, k.partner_a, now_minute_ms() + 72 * HOUR, true);

    body = assert_event(&h, "lead.created", k.partner_a, lead);
    ck_assert_str_eq(json_str(json_member(json_member(body, "data"), "lead"), "email"), email);
    json_object_put(body);
    body = assert_event(&h, "lead.status_changed", k.partner_a, lead);
    ck_assert_str_eq(json_str(json_member(json_member(body, "data"), "after"), "dealStatus"),
                     "scheduled");
    json_object_put(body);
    body = assert_event(&h, "lead.note_added", k.partner_a, lead);
    ck_assert_str_eq(json_str(json_member(json_member(body, "data"), "after"), "text"),
                     "called them");
    json_object_put(body);
    body = assert_event(&h, "meeting.outcome", k.partner_a, lead);
    ck_assert_str_eq(json_str(json_member(body, "data"), "meetingId"), past);
    json_object_put(body);
    json_object_put(assert_event(&h, "meeting.created", k.partner_a, lead));
    json_object_put(assert_event(&h, "meeting.rescheduled", k.partner_a, lead));
    json_object_put(assert_event(&h, "meeting.canceled", k.partner_a, lead));
    /* and each is logged as delivered, with what was sent */
    json_object *log = log_of(&h, 8, 10000);
    ck_assert_str_eq(str_at(log, 0, "outcome"), "delivered");
    ck_assert_str_eq(str_at(log, 0, "status"), "200");
    ck_assert_str_eq(str_at(log, 0, "response"), "ok");
    ck_assert_str_eq(str_at(log, 0, "attempt"), "1");
    ck_assert_ptr_nonnull(strstr(str_at(log, 0, "requestHeaders"), "X-PC-Signature"));
    ck_assert_ptr_null(strstr(json_object_to_json_string(log), h.secret));
    json_object_put(log);
    wiremock_unmap(mapping);
    cast_release(&k);
}
END_TEST

START_TEST(a_rotated_secret_signs_beside_the_old_one_during_the_overlap)
{
    struct cast k;
    struct hook h;
    struct api_res res;
    char mapping[64], old[64];
    json_object *got;

    fixture_cast(&k);
    hook_create(&k.admin_a_c, k.partner_a, "rotate", "[\"lead.created\"]", &h);
    receiver(h.path, 204, NULL, mapping);
    ck_assert_int_eq(hook_call(&h, "POST", "/test", NULL, &res), 202);
    ck_assert_str_eq(api_json_str(&res, "queued"), "1");
    api_res_free(&res);
    got = received(&h, "webhook.test", 1, 15000);
    assert_signed(json_object_array_get_idx(got, 0), h.secret, 0);
    ck_assert_ptr_null(strchr(header_of(json_object_array_get_idx(got, 0), "X-PC-Signature"), ','));
    json_object_put(got);
    snprintf(old, sizeof(old), "%s", h.secret);
    ck_assert_int_eq(hook_call(&h, "POST", "/rotate-secret", NULL, &res), 200);
    snprintf(h.secret, sizeof(h.secret), "%s", api_json_str(&res, "secret"));
    ck_assert_str_ne(h.secret, old);
    ck_assert_ptr_nonnull(api_json_str(&res, "previousSecretExpiresAt"));
    api_res_free(&res);
    ck_assert_int_eq(hook_call(&h, "POST", "/test", NULL, &res), 202);
    api_res_free(&res);
    got = received(&h, "webhook.test", 2, 15000);
    assert_signed(json_object_array_get_idx(got, 1), h.secret, 0); /* v1=<new>,v1=<old> */
    assert_signed(json_object_array_get_idx(got, 1), old, 1);
    json_object_put(got);
    /* the overlap over (moved into the past in the database): the new secret alone */
    char filter[64];
    snprintf(filter, sizeof(filter), "{\"_id\":{\"$oid\":\"%s\"}}", h.id);
    mongo_update("partner_webhooks", filter,
                 "{\"$set\":{\"previousSecretExpiresAt\":{\"$date\":\"2020-01-01T00:00:00Z\"}}}");
    ck_assert_int_eq(hook_call(&h, "POST", "/test", NULL, &res), 202);
    api_res_free(&res);
    got = received(&h, "webhook.test", 3, 15000);
    assert_signed(json_object_array_get_idx(got, 2), h.secret, 0);
    ck_assert_ptr_null(strchr(header_of(json_object_array_get_idx(got, 2), "X-PC-Signature"), ','));
    json_object_put(got);
    wiremock_unmap(mapping);
    cast_release(&k);
}
END_TEST

START_TEST(a_4xx_is_not_retried)
{
    struct cast k;
    struct hook h;
    struct api_res res;
    char mapping[64];
    json_object *log;

    fixture_cast(&k);
    hook_create(&k.admin_a_c, k.partner_a, "gone", "[\"lead.created\"]", &h);
    receiver(h.path, 410, NULL, mapping);
    ck_assert_int_eq(hook_call(&h, "POST", "/test", NULL, &res), 202);
    api_res_free(&res);
    log = log_of(&h, 1, 15000);
    ck_assert_str_eq(str_at(log, 0, "outcome"), "failed");
    ck_assert_str_eq(str_at(log, 0, "status"), "410");
    ck_assert_str_eq(str_at(log, 0, "nextAttemptAt"), "");
    json_object_put(log);
    sleep_ms(2500); /* a retry, if one were planned, would find the receiver again */
    json_object *got = received(&h, NULL, 1, 0);
    ck_assert_int_eq(json_object_array_length(got), 1);
    json_object_put(got);
    log = log_of(&h, 1, 0);
    ck_assert_int_eq(json_object_array_length(log), 1);
    json_object_put(log);
    wiremock_unmap(mapping);
    cast_release(&k);
}
END_TEST

START_TEST(a_429_waits_its_retry_after_then_delivers)
{
    struct cast k;
    struct hook h;
    struct api_res res;
    char limited[64], ok[64];
    json_object *log, *got;

    fixture_cast(&k);
    hook_create(&k.admin_a_c, k.partner_a, "limited", "[\"lead.created\"]", &h);
    receiver(h.path, 429, ",\"headers\":{\"Retry-After\":\"2\"}", limited);
    ck_assert_int_eq(hook_call(&h, "POST", "/test", NULL, &res), 202);
    api_res_free(&res);
    log = log_of(&h, 1, 15000);
    ck_assert_str_eq(str_at(log, 0, "outcome"), "retrying");
    ck_assert_str_eq(str_at(log, 0, "status"), "429");
    int64_t wait = date_at(log, 0, "nextAttemptAt") - date_at(log, 0, "createdAt");
    ck_assert_msg(wait >= 1500 && wait <= 3000, "next attempt %lld ms later", (long long)wait);
    json_object_put(log);
    wiremock_unmap(limited);
    receiver(h.path, 200, NULL, ok);
    log = log_of(&h, 2, 15000);
    ck_assert_str_eq(str_at(log, 0, "outcome"), "delivered");
    ck_assert_str_eq(str_at(log, 0, "attempt"), "2");
    ck_assert_str_eq(str_at(log, 0, "event"), str_at(log, 1, "event"));
    json_object_put(log);
    got = received(&h, NULL, 2, 1000);
    ck_assert_str_eq(header_of(json_object_array_get_idx(got, 1), "X-PC-Delivery-Attempt"), "2");
    ck_assert_int_ge(
        json_object_get_int64(json_member(json_object_array_get_idx(got, 1), "loggedDate"))
            - json_object_get_int64(json_member(json_object_array_get_idx(got, 0), "loggedDate")),
        1900);
    json_object_put(got);
    wiremock_unmap(ok);
    cast_release(&k);
}
END_TEST

/* the delivery log keeps 30 days: the hourly purge deletes older attempts, counted in its run
 * record, and leaves a younger one of the same endpoint */
START_TEST(the_purge_deletes_attempts_older_than_30_days)
{
    struct err err = ERR_INIT;
    bson_oid_t endpoint, old_id, young_id;
    char hex[25], filter[160];
    const int64_t now = wall_ms();
    long long n = -1;
    bson_t *doc;

    bson_oid_init(&endpoint, NULL);
    bson_oid_init(&old_id, NULL);
    bson_oid_init(&young_id, NULL);
    doc = BCON_NEW("_id", BCON_OID(&old_id), "endpoint", BCON_OID(&endpoint), "outcome",
                   BCON_UTF8("delivered"), "createdAt", BCON_DATE_TIME(now - 31 * 24 * HOUR));
    ck_assert_msg(store_insert_one(stack_app()->db, "partner_webhook_deliveries", doc, &err), "%s",
                  err.cause);
    bson_destroy(doc);
    doc = BCON_NEW("_id", BCON_OID(&young_id), "endpoint", BCON_OID(&endpoint), "outcome",
                   BCON_UTF8("delivered"), "createdAt", BCON_DATE_TIME(now - 29 * 24 * HOUR));
    ck_assert_msg(store_insert_one(stack_app()->db, "partner_webhook_deliveries", doc, &err), "%s",
                  err.cause);
    bson_destroy(doc);
    ck_assert_int_eq(run_cron("purge-expired", 0, "webhookDeliveries", &n), 200);
    ck_assert_int_ge(n, 1);
    bson_oid_to_string(&old_id, hex);
    snprintf(filter, sizeof(filter), "{\"_id\": {\"$oid\": \"%s\"}}", hex);
    ck_assert_int_eq(mongo_count("partner_webhook_deliveries", filter), 0);
    bson_oid_to_string(&young_id, hex);
    snprintf(filter, sizeof(filter), "{\"_id\": {\"$oid\": \"%s\"}}", hex);
    ck_assert_int_eq(mongo_count("partner_webhook_deliveries", filter), 1);
    doc = BCON_NEW("endpoint", BCON_OID(&endpoint));
    ck_assert(store_delete_many(stack_app()->db, "partner_webhook_deliveries", doc, NULL, &err));
    bson_destroy(doc);
}
END_TEST

START_TEST(a_delivery_replays_with_its_event_id_and_body)
{
    struct cast k;
    struct hook h;
    struct api_res res;
    char mapping[64], delivery[25], tail[96], body[96], since[40];
    json_object *log, *got;
    int64_t t0 = wall_ms() - 1000;

    fixture_cast(&k);
    hook_create(&k.admin_a_c, k.partner_a, "replay", "[\"lead.created\"]", &h);
    receiver(h.path, 200, NULL, mapping);
    ck_assert_int_eq(hook_call(&h, "POST", "/test", NULL, &res), 202);
    api_res_free(&res);
    log = log_of(&h, 1, 15000);
    snprintf(delivery, sizeof(delivery), "%s", str_at(log, 0, "id"));
    json_object_put(log);
    snprintf(tail, sizeof(tail), "/deliveries/%s/replay", delivery);
    ck_assert_int_eq(hook_call(&h, "POST", tail, NULL, &res), 202);
    ck_assert_str_eq(api_json_str(&res, "queued"), "1");
    api_res_free(&res);
    got = received(&h, NULL, 2, 15000);
    json_object *a = json_object_array_get_idx(got, 0), *b = json_object_array_get_idx(got, 1);
    ck_assert_str_eq(header_of(a, "X-PC-Event-Id"), header_of(b, "X-PC-Event-Id"));
    ck_assert_str_eq(json_str(a, "body"), json_str(b, "body"));
    assert_signed(a, h.secret, 0);
    json_object_put(got);
    log = log_of(&h, 2, 15000);
    ck_assert_str_eq(str_at(log, 0, "replayOf"), delivery);
    json_object_put(log);
    /* everything since t0: the one event, once */
    iso_ms(t0, since, sizeof(since));
    snprintf(body, sizeof(body), "{\"since\":\"%s\"}", since);
    ck_assert_int_eq(hook_call(&h, "POST", "/replay", body, &res), 202);
    ck_assert_str_eq(api_json_str(&res, "queued"), "1");
    api_res_free(&res);
    json_object_put(received(&h, NULL, 3, 15000));
    ck_assert_int_eq(hook_call(&h, "POST", "/replay", "{\"since\":\"yesterday\"}", &res), 422);
    api_res_free(&res);
    ck_assert_int_eq(
        hook_call(&h, "POST", "/deliveries/0123456789abcdef01234567/replay", NULL, &res), 404);
    api_res_free(&res);
    wiremock_unmap(mapping);
    cast_release(&k);
}
END_TEST

/* a host name (localhost) is resolved, its addresses checked and pinned, and reached (where it
 * also resolves to ::1, which WireMock does not listen on, curl falls back to the next pin) */
START_TEST(a_host_name_is_resolved_checked_and_reached)
{
    struct cast k;
    struct hook h;
    struct api_res res;
    char mapping[64], filter[64], update[320];
    const char *port = strrchr(harness_env("PC_WIREMOCK_URL"), ':');
    json_object *log;

    fixture_cast(&k);
    hook_create(&k.admin_a_c, k.partner_a, "named", "[\"lead.created\"]", &h);
    receiver(h.path, 200, NULL, mapping);
    snprintf(filter, sizeof(filter), "{\"_id\":{\"$oid\":\"%s\"}}", h.id);
    snprintf(update, sizeof(update), "{\"$set\":{\"url\":\"http://localhost%s%s\"}}", port, h.path);
    mongo_update("partner_webhooks", filter, update);
    ck_assert_int_eq(hook_call(&h, "POST", "/test", NULL, &res), 202);
    api_res_free(&res);
    log = log_of(&h, 1, 15000);
    ck_assert_msg(strcmp(str_at(log, 0, "outcome"), "delivered") == 0, "%s: %s",
                  str_at(log, 0, "outcome"), str_at(log, 0, "error"));
    json_object_put(log);
    wiremock_unmap(mapping);
    cast_release(&k);
}
END_TEST

START_TEST(a_private_address_is_refused_at_delivery)
{
    static const char *const urls[][2] = {{"http://10.255.255.1:9/x", "private"},
                                          {"http://169.254.169.254/latest/meta-data", "link-local"},
                                          {"http://[::ffff:192.168.0.1]:9/x", "private"},
                                          {"http://0.0.0.0:9/x", "unspecified"}};
    struct cast k;
    struct hook h;
    struct api_res res;
    char filter[64], update[256];
    json_object *log;

    fixture_cast(&k);
    hook_create(&k.admin_a_c, k.partner_a, "private", "[\"lead.created\"]", &h);
    snprintf(filter, sizeof(filter), "{\"_id\":{\"$oid\":\"%s\"}}", h.id);
    for (size_t i = 0; i < sizeof(urls) / sizeof(urls[0]); i++) {
        /* what a DNS name could resolve to later: the database holds the URL as if it did */
        snprintf(update, sizeof(update), "{\"$set\":{\"url\":\"%s\"}}", urls[i][0]);
        mongo_update("partner_webhooks", filter, update);
        ck_assert_int_eq(hook_call(&h, "POST", "/test", NULL, &res), 202);
        api_res_free(&res);
        log = log_of(&h, (int)i + 1, 15000);
        ck_assert_str_eq(str_at(log, 0, "outcome"), "refused");
        ck_assert_str_eq(str_at(log, 0, "status"), "");
        ck_assert_str_eq(str_at(log, 0, "nextAttemptAt"), "");
        ck_assert_msg(strstr(str_at(log, 0, "error"), urls[i][1]) != NULL, "%s: %s", urls[i][0],
                      str_at(log, 0, "error"));
        json_object_put(log);
    }
    cast_release(&k);
}
END_TEST

START_TEST(a_hanging_endpoint_does_not_hold_up_another)
{
    struct cast k;
    struct hook slow, fast;
    char m1[64], m2[64], email[128], lead[25], path[128];
    json_object *got, *log;
    enum { LEADS = 6 }; /* more events to the hanging endpoint than there are workers (4) */

    fixture_cast(&k);
    hook_create(&k.admin_a_c, k.partner_a, "slow", "[\"lead.created\"]", &slow);
    hook_create(&k.admin_a_c, k.partner_a, "fast", "[\"lead.created\"]", &fast);
    receiver(slow.path, 200, ",\"fixedDelayMilliseconds\":14000", m1);
    receiver(fast.path, 200, NULL, m2);
    long long t0 = wall_ms();
    for (int i = 0; i < LEADS; i++) {
        fresh_email("hang", email, sizeof(email));
        make_lead(k.partner_a, email, NULL, lead);
    }
    /* the hanging endpoint holds at most PC_WEBHOOK_INFLIGHT (2) workers: the others deliver */
    got = received(&fast, "lead.created", LEADS, 8000);
    long long last = 0;
    for (size_t i = 0; i < json_object_array_length(got); i++) {
        long long at =
            json_object_get_int64(json_member(json_object_array_get_idx(got, i), "loggedDate"));
        last = at > last ? at : last;
    }
    ck_assert_msg(last - t0 < 8000, "the fast endpoint's %d deliveries took %lld ms", LEADS,
                  last - t0);
    json_object_put(got);
    /* the slow one timed out after 10 s and is retried later */
    log = log_of(&slow, 1, 20000);
    ck_assert_str_eq(str_at(log, 0, "outcome"), "retrying");
    ck_assert_msg(strstr(str_at(log, 0, "error"), "imeout") != NULL, "%s", str_at(log, 0, "error"));
    ck_assert_int_ge(atoi(str_at(log, 0, "durationMs")), 9500);
    ck_assert_int_le(atoi(str_at(log, 0, "durationMs")), 12000);
    json_object_put(log);
    snprintf(path, sizeof(path), "/api/v1/partners/%s/webhooks/%s", k.partner_a, slow.id);
    ck_assert_int_eq(call_status(&k.admin_a_c, "DELETE", path, NULL, NULL, NULL, 0), 204);
    wiremock_unmap(m1);
    wiremock_unmap(m2);
    cast_release(&k);
}
END_TEST

START_TEST(failures_back_off_for_24_hours_then_the_endpoint_is_disabled_and_its_admins_told)
{
    struct cast k;
    struct hook h;
    struct api_res res;
    char mapping[64], email[128], lead[25];
    json_object *log;
    int64_t created, next, offset;

    fixture_cast(&k);
    hook_create(&k.admin_a_c, k.partner_a, "broken", "[\"lead.created\"]", &h);
    receiver(h.path, 503, NULL, mapping);
    fresh_email("retry", email, sizeof(email));
    make_lead(k.partner_a, email, NULL, lead);
    /* attempt 1 fails: the next one 5 minutes later, less at most a quarter of jitter */
    log = log_of(&h, 1, 20000);
    ck_assert_str_eq(str_at(log, 0, "outcome"), "retrying");
    ck_assert_str_eq(str_at(log, 0, "status"), "503");
    created = date_at(log, 0, "createdAt");
    next = date_at(log, 0, "nextAttemptAt");
    ck_assert_msg(next - created >= 225000 - 1000 && next - created <= 300000 + 1000, "%lld",
                  (long long)(next - created));
    json_object_put(log);
    /* the workers' clock past it: attempt 2, and 20 minutes (at least 15) until the third */
    offset = next - wall_ms() + 1000;
    worker_clock(offset);
    log = log_of(&h, 2, 20000);
    ck_assert_str_eq(str_at(log, 0, "attempt"), "2");
    ck_assert_str_eq(str_at(log, 0, "outcome"), "retrying");
    created = date_at(log, 0, "createdAt");
    next = date_at(log, 0, "nextAttemptAt");
    ck_assert_msg(next - created >= 15 * MINUTE - 1000 && next - created <= 20 * MINUTE + 1000,
                  "%lld", (long long)(next - created));
    json_object_put(log);
    /* 25 hours on: the last attempt fails for good and switches the endpoint off */
    worker_clock(25 * HOUR);
    log = log_of(&h, 3, 20000);
    ck_assert_str_eq(str_at(log, 0, "attempt"), "3");
    ck_assert_str_eq(str_at(log, 0, "outcome"), "failed");
    ck_assert_str_eq(str_at(log, 0, "nextAttemptAt"), "");
    json_object_put(log);
    worker_clock(0);
    char path[96];
    snprintf(path, sizeof(path), "/api/v1/partners/%s/webhooks", k.partner_a);
    client_call(&k.admin_a_c, "GET", path, NULL, &res);
    ck_assert_int_eq(res.status, 200);
    ck_assert_str_eq(api_json_str(&res, "list.0.enabled"), "false");
    ck_assert_ptr_nonnull(strstr(api_json_str(&res, "list.0.disabledReason"), "24 hours"));
    api_res_free(&res);
    ck_assert(mail_with_subject(k.admin_a.email, "Webhook endpoint disabled", 20000));
    ck_assert(
        !mail_with_subject(k.admin_b.email, "Webhook endpoint disabled", 0)); /* theirs only */
    /* switched on again, it takes events again */
    ck_assert_int_eq(hook_call(&h, "PATCH", "", "{\"enabled\":true}", &res), 200);
    ck_assert_ptr_null(api_json_str(&res, "disabledReason"));
    ck_assert_str_eq(api_json_str(&res, "enabled"), "true");
    api_res_free(&res);
    wiremock_unmap(mapping);
    cast_release(&k);
}
END_TEST

/* runs in the parent: a failed test leaves no moved clock behind */
static void
clock_back(void)
{
    worker_clock(0);
}

Suite *
suite_partner_webhooks(void)
{
    Suite *s = suite_create("partner webhooks");
    TCase *tc = tcase_create("endpoints");
    TCase *delivery = tcase_create("delivery");
    TCase *retry = tcase_create("retry");

    tcase_add_test(tc, endpoints_are_for_the_partners_admins_and_staff_and_show_the_secret_once);
    tcase_add_test(tc, every_event_reaches_the_receiver_signed);
    tcase_add_test(tc, a_rotated_secret_signs_beside_the_old_one_during_the_overlap);
    tcase_set_timeout(tc, 90);
    tcase_add_test(delivery, a_4xx_is_not_retried);
    tcase_add_test(delivery, a_429_waits_its_retry_after_then_delivers);
    tcase_add_test(delivery, a_delivery_replays_with_its_event_id_and_body);
    tcase_add_test(delivery, the_purge_deletes_attempts_older_than_30_days);
    tcase_add_test(delivery, a_host_name_is_resolved_checked_and_reached);
    tcase_add_test(delivery, a_private_address_is_refused_at_delivery);
    tcase_add_test(delivery, a_hanging_endpoint_does_not_hold_up_another);
    tcase_set_timeout(delivery, 90);
    tcase_add_unchecked_fixture(retry, NULL, clock_back);
    tcase_add_test(
        retry, failures_back_off_for_24_hours_then_the_endpoint_is_disabled_and_its_admins_told);
    tcase_set_timeout(retry, 120);
    suite_add_tcase(s, tc);
    suite_add_tcase(s, delivery);
    suite_add_tcase(s, retry);
    return s;
}
