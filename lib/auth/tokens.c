/* tokens.c - CSPRNG tokens (OpenSSL), SHA-256 storage form, constant-time comparison */
#include "auth/tokens.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <string.h>

bool
token_new(const char *prefix, char out[TOKEN_CAP])
{
    static const char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    unsigned char raw[33]; /* 32 used; one spare makes the 6-bit loop simple */
    size_t n = strlen(prefix), bits = 0;
    unsigned acc = 0;

    if (n + 44 > TOKEN_CAP || RAND_bytes(raw, 32) != 1)
        return false;
    memcpy(out, prefix, n);
    for (size_t i = 0; i < 32; i++) {
        acc = (acc << 8) | raw[i];
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            out[n++] = alphabet[(acc >> bits) & 63];
        }
    }
    if (bits > 0)
        out[n++] = alphabet[(acc << (6 - bits)) & 63];
    out[n] = '\0';
    OPENSSL_cleanse(raw, sizeof(raw));
    return true;
}

void
token_hash(const char *token, char out[TOKEN_HASH_CAP])
{
    unsigned char digest[32];
    unsigned int len = 0;

    EVP_Digest(token, strlen(token), digest, &len, EVP_sha256(), NULL);
    for (unsigned i = 0; i < 32; i++)
        snprintf(out + 2 * i, 3, "%02x", digest[i]);
}

bool
token_hex(size_t n, char *out, size_t cap)
{
    unsigned char raw[64];

    if (n > sizeof(raw) || cap < 2 * n + 1 || RAND_bytes(raw, (int)n) != 1)
        return false;
    for (size_t i = 0; i < n; i++)
        snprintf(out + 2 * i, 3, "%02x", raw[i]);
    return true;
}

bool
token_equal(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);

    return la == lb && CRYPTO_memcmp(a, b, la) == 0;
}
