/* stripe_signature.h - Stripe webhook signatures (integrations.md §D.4): the header
 * "t=<unix>,v1=<hex>[,v1=<hex>...]" where v1 = hex HMAC-SHA256(endpoint secret, t + "." + raw
 * body); any v1 may match (several while a secret rolls), v0 is ignored. Pure: no I/O. */
#ifndef PC_STRIPE_SIGNATURE_H
#define PC_STRIPE_SIGNATURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

#define STRIPE_SIG_TOLERANCE_S 300 /* |now - t| beyond this is refused */
#define STRIPE_SIG_HEX_CAP 65

/* stripe_signature_v1 - hex(HMAC-SHA256(secret, timestamp + "." + body)) into out */
void stripe_signature_v1(const char *secret, const char *timestamp, const char *body, size_t len,
                         char out[STRIPE_SIG_HEX_CAP]);

/* stripe_signature_check - true when header (Stripe-Signature, may be NULL) carries a
 * timestamp within STRIPE_SIG_TOLERANCE_S of now_s (either side) and a v1 equal to the
 * expected one for body (compared in constant time). False with err unauthenticated, the
 * message saying which check failed (no signature, malformed, stale, mismatch). */
bool stripe_signature_check(const char *secret, const char *header, const char *body, size_t len,
                            int64_t now_s, struct err *err);

#endif
