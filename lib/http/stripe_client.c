/* stripe_client.c - Stripe calls with the pinned version, idempotency keys and Stripe's retry
 * rules (stripe_client.h) */
#include "http/stripe_client.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/log.h"

#define WAIT_MIN_MS 500
#define WAIT_MAX_MS 5000
#define RETRY_AFTER_MAX_S 60

long
stripe_wait_ms(long status, int should_retry, int retry_after_s, int tries, double jitter)
{
    long wait;
    bool retry;

    if (tries >= STRIPE_TRIES || (status >= 200 && status < 300))
        return -1;
    if (should_retry >= 0)
        retry = should_retry == 1;
    else
        retry = status == 0 || status == 409 || status >= 500;
    if (!retry)
        return -1;
    wait = WAIT_MIN_MS << (tries - 1 < 4 ? tries - 1 : 4);
    wait = wait > WAIT_MAX_MS ? WAIT_MAX_MS : wait;
    wait = (long)((double)wait * (0.5 + 0.5 * (jitter < 0 ? 0 : jitter >= 1 ? 0.999 : jitter)));
    if (wait < WAIT_MIN_MS)
        wait = WAIT_MIN_MS;
    if (retry_after_s > 0 && retry_after_s <= RETRY_AFTER_MAX_S && wait < retry_after_s * 1000L)
        wait = retry_after_s * 1000L;
    return wait;
}

static void
sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

    while (nanosleep(&ts, &ts) != 0)
        ;
}

static double
jitter(void)
{
    return (double)(random() % 1000) / 1000.0;
}

/* Stripe-Should-Retry of the answer: 1, 0, or -1 when absent */
static int
should_retry(const struct http_response *res)
{
    char v[16];

    if (!http_response_header(res, "Stripe-Should-Retry", v, sizeof(v)))
        return -1;
    return strcasecmp(v, "true") == 0 ? 1 : strcasecmp(v, "false") == 0 ? 0 : -1;
}

/* the final answer of a call that was not a success, as an error */
static json_object *
refused(const struct http_response *res, long status, const char *path, struct err *err)
{
    json_object *body = res && res->body ? json_tokener_parse(res->body) : NULL, *e = NULL;
    const char *msg = NULL;

    if (body != NULL && json_object_object_get_ex(body, "error", &e))
        msg = json_object_get_string(json_object_object_get(e, "message"));
    err_cause(err, "stripe answered %ld on %s: %.200s", status, path, msg ? msg : "");
    if (status == 401)
        err_set(err, ERR_UNAUTHENTICATED, "Stripe refused the secret key");
    else if (status == 403)
        err_set(err, ERR_FORBIDDEN, "Stripe refused the call (403)");
    else if (status == 404)
        err_set(err, ERR_NOT_FOUND, "no such Stripe object");
    else if (status == 409)
        err_set(err, ERR_CONFLICT, "Stripe reported a conflict");
    else if (status == 429)
        err_set(err, ERR_RATE_LIMITED, "Stripe's rate limit");
    else if (status == 0 || status >= 500)
        err_set(err, ERR_UNAVAILABLE, "Stripe is unavailable (%ld)", status);
    else
        err_set(err, ERR_BAD_REQUEST, "Stripe refused the request: %.200s",
                msg ? msg : "no message");
    json_object_put(body);
    return NULL;
}

/* one exchange; false only when the transport failed */
static bool
exchange(struct stripe_client *c, const char *method, const char *url, const struct form *body,
         const char *key, struct http_response *res, struct err *err)
{
    char auth[300], version[96], idem[300];
    const char *headers[] = {auth,
                             version,
                             "Accept: application/json",
                             "Content-Type: application/x-www-form-urlencoded",
                             key ? idem : NULL,
                             NULL};
    struct http_request rq = {.method = method,
                              .url = url,
                              .headers = headers,
                              .body = body && body->buf ? body->buf : "",
                              .body_len = body ? body->len : 0,
                              .timeout_ms = c->timeout_ms};
    bool ok;

    if (strcmp(method, "GET") == 0)
        rq.body = NULL;
    snprintf(auth, sizeof(auth), "Authorization: Bearer %s", c->secret_key ? c->secret_key : "");
    snprintf(version, sizeof(version), "Stripe-Version: %s", c->version ? c->version : "");
    snprintf(idem, sizeof(idem), "Idempotency-Key: %s", key ? key : "");
    c->calls++;
    ok = http_send(c->http, &rq, res, err);
    explicit_bzero(auth, sizeof(auth));
    return ok;
}

static json_object *
call(struct stripe_client *c, const char *method, const char *path, const struct form *body,
     const char *key, struct err *err)
{
    char url[1024];
    struct http_response res = {0};
    json_object *out = NULL;

    if (c->secret_key == NULL)
        return err_set(err, ERR_VALIDATION_FAILED, "STRIPE_SECRET_KEY is not set"), NULL;
    snprintf(url, sizeof(url), "%s%s", c->base_url, path);
    for (int tries = 1;; tries++) {
        struct err transport = ERR_INIT;
        bool got = exchange(c, method, url, body, key, &res, &transport);
        long status = got ? res.status : 0, wait;
        if (got && status >= 200 && status < 300) {
            if ((out = json_tokener_parse(res.body)) == NULL)
                err_set(err, ERR_INTERNAL, "Stripe's answer is not JSON");
            break;
        }
        wait = stripe_wait_ms(status, got ? should_retry(&res) : -1, got ? res.retry_after_s : -1,
                              tries, jitter());
        if (wait < 0) {
            refused(got ? &res : NULL, status, path, err);
            break;
        }
        log_info("stripe call retried", "path=%s status=%ld try=%d wait_ms=%ld", path, status,
                 tries, wait);
        c->retries++;
        http_response_release(&res);
        sleep_ms(wait);
    }
    http_response_release(&res);
    return out;
}

json_object *
stripe_post(struct stripe_client *c, const char *path, const struct form *body,
            const char *idem_key, struct err *err)
{
    if (idem_key == NULL || idem_key[0] == '\0' || strlen(idem_key) > STRIPE_KEY_MAX) {
        err_set(err, ERR_INTERNAL, "a Stripe POST needs an idempotency key");
        return NULL;
    }
    return call(c, "POST", path, body, idem_key, err);
}

json_object *
stripe_get(struct stripe_client *c, const char *path, struct err *err)
{
    return call(c, "GET", path, NULL, NULL, err);
}
