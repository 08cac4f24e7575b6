/* idempotency.h - Idempotency-Key on the partner API's POSTs, kept in Redis for 24 h.
 *
 * One key per (token, client key): SET NX claims it with the hash of the request (method, path
 * and body) while the first request runs; its answer then replaces the claim. A repeat with the
 * same request gets that answer again; with another request idempotency_key_reused (422); while
 * the first still runs idempotency_key_in_use (409: the client retries a moment later). An
 * answer of 5xx is not kept (the key is freed, so a retry runs again); a claim whose request
 * never answered (its responder was killed) lapses after IDEMPOTENCY_CLAIM_S. */
#ifndef PC_IDEMPOTENCY_H
#define PC_IDEMPOTENCY_H

#include <stdbool.h>
#include <stddef.h>

#include "app.h"
#include "core/err.h"

#define IDEMPOTENCY_TTL_S (24 * 3600)
#define IDEMPOTENCY_KEY_MAX 255
#define IDEMPOTENCY_CLAIM_S 120 /* a claim whose request never finished (a killed responder) */

struct idem {
    char rkey[192]; /* the Redis key */
    char hash[65];  /* SHA-256 hex of the request */
    bool claimed;   /* this request owns the key: idem_finish must follow */
    int status;     /* a replay: the first answer's status */
    char *body;     /* a replay: the first answer's body (owned; idem_release) */
};

/* idem_key_valid - 1..IDEMPOTENCY_KEY_MAX visible ASCII characters */
bool idem_key_valid(const char *key);

/* idem_begin - claim key (client's, borrowed) of scope (the token id) for the request
 * method+path+body: true with st->claimed (run it, then idem_finish) or with st->body set
 * (answer st->status and st->body again). bad_request (a key that is not valid),
 * idempotency_key_in_use, idempotency_key_reused; unavailable when Redis is down. */
bool idem_begin(struct app *app, const char *scope, const char *key, const char *method,
                const char *path, const char *body, size_t len, struct idem *st, struct err *err);

/* idem_finish - keep the claimed request's answer (status, JSON text body or NULL) for
 * IDEMPOTENCY_TTL_S, or free the key when status is 5xx. Failures are logged. */
void idem_finish(struct app *app, struct idem *st, int status, const char *body);

void idem_release(struct idem *st);

#endif
