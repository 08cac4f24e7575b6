/* idempotency.c - the first answer of a request with an Idempotency-Key, kept in Redis */
#include "auth/idempotency.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/tokens.h"
#include "core/log.h"
#include "db/rds.h"

/* stored values: "p:<hash>" while the first request runs, "d:<hash>:<status>:<body>" after */
#define HASH_HEX 64

bool
idem_key_valid(const char *key)
{
    size_t n = key ? strlen(key) : 0;

    if (n == 0 || n > IDEMPOTENCY_KEY_MAX)
        return false;
    for (size_t i = 0; i < n; i++)
        if (key[i] < 0x21 || key[i] > 0x7e)
            return false;
    return true;
}

static void
request_hash(const char *method, const char *path, const char *body, size_t len, char out[65])
{
    unsigned char md[32];
    unsigned int n = 0;
    EVP_MD_CTX *c = EVP_MD_CTX_new();

    EVP_DigestInit_ex(c, EVP_sha256(), NULL);
    EVP_DigestUpdate(c, method, strlen(method));
    EVP_DigestUpdate(c, " ", 1);
    EVP_DigestUpdate(c, path, strlen(path));
    EVP_DigestUpdate(c, "\n", 1);
    if (body != NULL)
        EVP_DigestUpdate(c, body, len);
    EVP_DigestFinal_ex(c, md, &n);
    EVP_MD_CTX_free(c);
    for (unsigned i = 0; i < 32; i++)
        snprintf(out + 2 * i, 3, "%02x", md[i]);
}

/* what the stored value v says of this request */
static bool
judge(const char *v, size_t len, struct idem *st, struct err *err)
{
    if (len < 2 + HASH_HEX || strncmp(v + 2, st->hash, HASH_HEX) != 0)
        return err_set(err, ERR_IDEMPOTENCY_MISMATCH,
                       "this Idempotency-Key was used with another request in the last 24 hours");
    if (v[0] == 'p')
        return err_set(err, ERR_IDEMPOTENCY_IN_FLIGHT,
                       "a request with this Idempotency-Key is still running; retry shortly");
    if (v[0] != 'd' || len < 2 + HASH_HEX + 6 || v[2 + HASH_HEX] != ':')
        return err_set(err, ERR_INTERNAL, "malformed idempotency record");
    st->status = atoi(v + 3 + HASH_HEX);
    const char *body = strchr(v + 3 + HASH_HEX, ':');
    st->body = strdup(body ? body + 1 : "");
    return st->body != NULL ? true : err_set(err, ERR_INTERNAL, "out of memory");
}

bool
idem_begin(struct app *app, const char *scope, const char *key, const char *method,
           const char *path, const char *body, size_t len, struct idem *st, struct err *err)
{
    char khash[TOKEN_HASH_CAP], claim[2 + HASH_HEX + 1];
    redisReply *r = NULL;
    bool ok = false;

    memset(st, 0, sizeof(*st));
    if (!idem_key_valid(key))
        return err_set(err, ERR_BAD_REQUEST,
                       "Idempotency-Key must be 1 to 255 visible ASCII characters");
    token_hash(key, khash);
    snprintf(st->rkey, sizeof(st->rkey), "%s:idem:%s:%s", app->cfg.queue_prefix, scope, khash);
    request_hash(method, path, body, len, st->hash);
    snprintf(claim, sizeof(claim), "p:%s", st->hash);
    /* twice at most: a record that expires between SET and GET is claimed on the second turn */
    for (int turn = 0; turn < 2 && !ok; turn++) {
        /* the claim alone expires soon: a responder killed mid-request must not block the key
         * for a day (IDEMPOTENCY_CLAIM_S outlives PC_REQUEST_TIMEOUT_S, the longest run) */
        r = rds_cmd(app->rds, err, "SET %s %s NX EX %d", st->rkey, claim, IDEMPOTENCY_CLAIM_S);
        if (r == NULL)
            return false;
        st->claimed = r->type == REDIS_REPLY_STATUS;
        rds_reply_free(r);
        if (st->claimed)
            return true;
        if ((r = rds_cmd(app->rds, err, "GET %s", st->rkey)) == NULL)
            return false;
        if (r->type == REDIS_REPLY_STRING) {
            bool judged = judge(r->str, r->len, st, err);
            rds_reply_free(r);
            return judged;
        }
        rds_reply_free(r);
    }
    return err_set(err, ERR_IDEMPOTENCY_IN_FLIGHT, "Idempotency-Key busy; retry shortly");
}

void
idem_finish(struct app *app, struct idem *st, int status, const char *body)
{
    struct err err = ERR_INIT;
    redisReply *r;
    char *value = NULL;

    if (!st->claimed)
        return;
    st->claimed = false;
    if (status >= 500) {
        rds_reply_free(rds_cmd(app->rds, &err, "DEL %s", st->rkey));
        return;
    }
    if (asprintf(&value, "d:%s:%d:%s", st->hash, status, body ? body : "") < 0)
        return;
    r = rds_cmd(app->rds, &err, "SET %s %s EX %d", st->rkey, value, IDEMPOTENCY_TTL_S);
    if (r == NULL)
        log_warn("cannot keep an idempotent answer", "err=\"%s\"", err.cause);
    rds_reply_free(r);
    free(value);
}

void
idem_release(struct idem *st)
{
    free(st->body);
    st->body = NULL;
}
