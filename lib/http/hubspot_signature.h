/* hubspot_signature.h - HubSpot webhook request signatures (integrations.md §A.1): v3 (base64
 * HMAC-SHA256 of method + URI + body + timestamp, 5-minute window), and v1/v2 (hex SHA-256)
 * where configured. Pure functions over the raw bytes: no I/O. */
#ifndef PC_HUBSPOT_SIGNATURE_H
#define PC_HUBSPOT_SIGNATURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

#define HUBSPOT_SIG_WINDOW_MS 300000 /* |now - timestamp| beyond this is refused */
#define HUBSPOT_SIG_V3_CAP 48        /* base64 of 32 bytes (44) + NUL, rounded */
#define HUBSPOT_SIG_HEX_CAP 65       /* hex of 32 bytes + NUL */

/* hubspot_signature_v3 - base64(HMAC-SHA256(secret, method + uri + body + timestamp)) */
void hubspot_signature_v3(const char *secret, const char *method, const char *uri, const char *body,
                          size_t len, const char *timestamp, char out[HUBSPOT_SIG_V3_CAP]);

/* hubspot_signature_v2 - hex(SHA-256(secret + method + uri + body)) */
void hubspot_signature_v2(const char *secret, const char *method, const char *uri, const char *body,
                          size_t len, char out[HUBSPOT_SIG_HEX_CAP]);

/* hubspot_signature_v1 - hex(SHA-256(secret + body)) */
void hubspot_signature_v1(const char *secret, const char *body, size_t len,
                          char out[HUBSPOT_SIG_HEX_CAP]);

/* hubspot_uri_decode - the URI as HubSpot signs it: the percent-encodings of : / ? @ ! $ ' ( ) *
 * , ; decoded (%3A, %2F ...; either hex case), anything else kept as sent, a #fragment dropped.
 * False when out (cap bytes) is too small. */
bool hubspot_uri_decode(const char *uri, char *out, size_t cap);

/* what the request carries, and what we accept */
struct hubspot_sig_request {
    const char *secret;   /* the app's client secret */
    const char *versions; /* accepted schemes, "v3" or "v3,v1" ... (HUBSPOT_SIGNATURE_VERSIONS) */
    const char *method;
    const char *uri; /* the public URI HubSpot called (configured base + query), undecoded */
    const char *body;
    size_t len;
    const char *v3;          /* X-HubSpot-Signature-v3, or NULL */
    const char *timestamp;   /* X-HubSpot-Request-Timestamp (ms), or NULL */
    const char *v1v2;        /* X-HubSpot-Signature, or NULL */
    const char *v1v2_scheme; /* X-HubSpot-Signature-Version ("v1" or "v2"), or NULL */
    int64_t now_ms;
};

/* hubspot_signature_check - true when the request is signed by an accepted scheme: v3 when a v3
 * signature is sent and v3 is accepted (then only v3: a stale or wrong v3 is refused even if v1
 * is accepted too), else X-HubSpot-Signature when the configured versions admit its scheme. False
 * with err unauthenticated, the message saying which check failed (no signature, stale timestamp,
 * mismatch), never the expected value. All comparisons take constant time for the compared length.
 */
bool hubspot_signature_check(const struct hubspot_sig_request *rq, struct err *err);

#endif
