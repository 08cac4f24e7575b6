/* hmac.c - HMAC-SHA256 over parts (hmac.h) */
#include "http/hmac.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <string.h>

bool
hmac_sha256(const char *secret, const struct hmac_part *parts, size_t n,
            unsigned char out[HMAC_SHA256_LEN])
{
    char digest[] = "SHA256";
    OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string("digest", digest, 0),
                           OSSL_PARAM_construct_end()};
    EVP_MAC *alg = EVP_MAC_fetch(NULL, "HMAC", NULL);
    EVP_MAC_CTX *ctx = alg ? EVP_MAC_CTX_new(alg) : NULL;
    size_t mac_len = 0;
    bool ok = ctx != NULL
              && EVP_MAC_init(ctx, (const unsigned char *)secret, strlen(secret), params) == 1;

    for (size_t i = 0; ok && i < n; i++)
        ok = EVP_MAC_update(ctx, parts[i].data, parts[i].len) == 1;
    ok =
        ok && EVP_MAC_final(ctx, out, &mac_len, HMAC_SHA256_LEN) == 1 && mac_len == HMAC_SHA256_LEN;
    if (!ok)
        memset(out, 0, HMAC_SHA256_LEN);
    EVP_MAC_CTX_free(ctx);
    EVP_MAC_free(alg);
    return ok;
}

void
hmac_sha256_dotted_hex(const char *secret, const char *timestamp, const char *body, size_t len,
                       char out[HMAC_SHA256_HEX_CAP])
{
    static const char digits[] = "0123456789abcdef";
    unsigned char mac[HMAC_SHA256_LEN];
    const struct hmac_part parts[] = {{timestamp, strlen(timestamp)}, {".", 1}, {body, len}};

    out[0] = '\0';
    if (hmac_sha256(secret, parts, 3, mac)) {
        for (size_t i = 0; i < HMAC_SHA256_LEN; i++) {
            out[2 * i] = digits[mac[i] >> 4];
            out[2 * i + 1] = digits[mac[i] & 15];
        }
        out[2 * HMAC_SHA256_LEN] = '\0';
    }
    OPENSSL_cleanse(mac, sizeof(mac));
}
