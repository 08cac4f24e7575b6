/* webhook_client.c - see webhook_client.h */
#include "webhook_client.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "domain.h"
#include "stack_access.h"

long long
wall_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_REALTIME, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

long long
unique_number(void)
{
    static long long n;

    if (n == 0)
        n = (wall_ms() % 100000000LL) * 1000 + (long long)getpid() % 1000;
    return ++n;
}

void
hubspot_post(struct api_res *res, const char *body, const char *secret, long long ts_ms,
             bool tamper)
{
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int mac_len = 0;
    char sig_h[128], ts_h[64], ts[32], b64[64], uri[256];
    char *source, *sent = strdup(body);
    size_t n;
    const char *headers[] = {"Content-Type: application/json", sig_h, ts_h, NULL};
    struct api_opts opts = {.headers = headers, .body = sent};

    if (secret == NULL)
        secret = harness_env("HUBSPOT_APP_SECRET");
    snprintf(ts, sizeof(ts), "%lld", ts_ms ? ts_ms : wall_ms());
    snprintf(uri, sizeof(uri), "https://localhost:%s/api/v1/webhooks/hubspot",
             harness_env("PC_HTTPS_PORT"));
    n = strlen("POST") + strlen(uri) + strlen(body) + strlen(ts) + 1;
    source = malloc(n);
    snprintf(source, n, "POST%s%s%s", uri, body, ts);
    HMAC(EVP_sha256(), secret, (int)strlen(secret), (unsigned char *)source, strlen(source), mac,
         &mac_len);
    EVP_EncodeBlock((unsigned char *)b64, mac, (int)mac_len);
    snprintf(sig_h, sizeof(sig_h), "X-HubSpot-Signature-v3: %s", b64);
    snprintf(ts_h, sizeof(ts_h), "X-HubSpot-Request-Timestamp: %s", ts);
    if (tamper)
        sent[strlen(sent) / 2] ^= 1;
    api_call(res, "POST", "/api/v1/webhooks/hubspot", &opts);
    free(source);
    free(sent);
}

void
chilipiper_post(struct api_res *res, const char *body, const char *token, const char *type)
{
    const char *headers[] = {"Content-Type: application/json", NULL};
    struct api_opts opts = {.headers = headers, .body = body};
    char path[256];

    snprintf(path, sizeof(path), "/api/v1/webhooks/chilipiper/%s%s%s",
             token ? token : harness_env("CHILIPIPER_WEBHOOK_SECRET"), type ? "/" : "",
             type ? type : "");
    api_call(res, "POST", path, &opts);
}

json_object *
inbox_wait(const char *id, char *status, size_t cap, int timeout_ms)
{
    char path[128];
    struct api_res res;
    json_object *entry = NULL;

    snprintf(path, sizeof(path), "/api/v1/webhook-inbox/%s", id);
    status[0] = '\0';
    for (int waited = 0; waited <= timeout_ms; waited += 200) {
        client_call(owner_session(), "GET", path, NULL, &res);
        const char *st = res.status == 200 ? api_json_str(&res, "status") : NULL;
        if (st != NULL && strcmp(st, "received") != 0) {
            snprintf(status, cap, "%s", st);
            entry = json_object_get(res.json);
            api_res_free(&res);
            return entry;
        }
        api_res_free(&res);
        sleep_ms(200);
    }
    return NULL;
}

void
property_event(char *out, size_t cap, long long event_id, long long contact, long long at_ms,
               const char *property, const char *value)
{
    snprintf(out, cap,
             "{\"eventId\":%lld,\"subscriptionId\":9,\"portalId\":62515,\"appId\":54321,"
             "\"occurredAt\":%lld,\"subscriptionType\":\"contact.propertyChange\","
             "\"attemptNumber\":0,\"objectId\":%lld,\"changeSource\":\"CRM_UI\","
             "\"propertyName\":\"%s\",\"propertyValue\":\"%s\"}",
             event_id, at_ms, contact, property, value);
}

long
stripe_event_post(const char *body, long long t, const char *secret, const char *extra_v1,
                  bool tamper, char id[64])
{
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int mac_len = 0;
    char sig[512], hex[65], ts[32], *signed_payload, *sent = strdup(body);
    const char *headers[] = {"Content-Type: application/json", sig, NULL};
    struct api_opts opts = {.headers = headers, .body = sent};
    struct api_res res;
    size_t n;
    long status;

    snprintf(ts, sizeof(ts), "%lld", t ? t : (long long)time(NULL));
    n = strlen(ts) + 1 + strlen(body) + 1;
    signed_payload = malloc(n);
    snprintf(signed_payload, n, "%s.%s", ts, body);
    secret = secret ? secret : harness_env("STRIPE_WEBHOOK_SECRET");
    HMAC(EVP_sha256(), secret, (int)strlen(secret), (unsigned char *)signed_payload,
         strlen(signed_payload), mac, &mac_len);
    for (unsigned i = 0; i < mac_len; i++)
        snprintf(hex + 2 * i, 3, "%02x", mac[i]);
    snprintf(sig, sizeof(sig), "Stripe-Signature: t=%s%s%s,v1=%s", ts, extra_v1 ? ",v1=" : "",
             extra_v1 ? extra_v1 : "", hex);
    if (tamper)
        sent[strlen(sent) / 2] ^= 1;
    api_call(&res, "POST", "/api/v1/webhooks/stripe", &opts);
    status = res.status;
    if (id != NULL)
        snprintf(id, 64, "%s", api_json_str(&res, "id") ? api_json_str(&res, "id") : "");
    api_res_free(&res);
    free(signed_payload);
    free(sent);
    return status;
}
