/* partner_calls.h - what every call of a partner API token goes through around its handler */
#ifndef PC_PARTNER_CALLS_H
#define PC_PARTNER_CALLS_H

#include "req.h"
#include "res.h"

/* partner_calls_run - run req's handler for the token req->principal names: first its rate
 * limit (RateLimit-* headers on the answer; 429 with Retry-After past it; 503 when Redis is
 * down), then for a POST with Idempotency-Key the first answer again (or 409/422,
 * auth/idempotency.h), and after it the audit event api.request with the token's name. Returns
 * the status of res. */
int partner_calls_run(struct req *req, struct res *res);

#endif
