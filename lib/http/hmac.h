/* hmac.h - HMAC-SHA256 over a message given in parts, and its hex form: the one computation
 * behind HubSpot's v3, Stripe's v1 and our own X-PC-Signature */
#ifndef PC_HMAC_H
#define PC_HMAC_H
#include <stdbool.h>
#include <stddef.h>

#define HMAC_SHA256_LEN 32
#define HMAC_SHA256_HEX_CAP (2 * HMAC_SHA256_LEN + 1)

/* one piece of the signed message */
struct hmac_part {
    const void *data;
    size_t len;
};

/* hmac_sha256 - HMAC-SHA256 under secret of the n parts one after the other (no copy of them);
 * false when OpenSSL fails (out is then zeroed) */
bool hmac_sha256(const char *secret, const struct hmac_part *parts, size_t n,
                 unsigned char out[HMAC_SHA256_LEN]);

/* hmac_sha256_dotted_hex - lower-case hex of HMAC-SHA256(secret, timestamp + "." + body): Stripe's
 * v1 signature and ours; "" when OpenSSL fails */
void hmac_sha256_dotted_hex(const char *secret, const char *timestamp, const char *body, size_t len,
                            char out[HMAC_SHA256_HEX_CAP]);
#endif
