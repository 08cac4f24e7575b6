/* stripe_signature.c - Stripe-Signature verification (stripe_signature.h) */
#include "http/stripe_signature.h"

#include "http/hmac.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HEADER_MAX 4096

void
stripe_signature_v1(const char *secret, const char *timestamp, const char *body, size_t len,
                    char out[STRIPE_SIG_HEX_CAP])
{
    hmac_sha256_dotted_hex(secret, timestamp, body, len, out);
}

/* the t= value: digits only, 1..12 of them; false otherwise */
static bool
timestamp_of(const char *v, size_t n, char out[16], int64_t *t)
{
    if (n == 0 || n > 12 || strspn(v, "0123456789") < n)
        return false;
    memcpy(out, v, n);
    out[n] = '\0';
    *t = strtoll(out, NULL, 10);
    return true;
}

/* walk the header's items: the timestamp, and whether any v1 equals expected (computed once
 * the timestamp is known, so the items may come in any order: v1 values are kept first) */
struct parsed {
    char t[16];
    int64_t ts;
    const char *v1[8];
    size_t v1_len[8];
    int nv1;
};

static bool
parse(const char *h, struct parsed *p)
{
    memset(p, 0, sizeof(*p));
    p->ts = -1;
    for (const char *item = h; *item != '\0';) {
        size_t n = strcspn(item, ","), k = strcspn(item, "=");
        if (k < n && k == 1 && item[0] == 't') {
            if (!timestamp_of(item + 2, n - 2, p->t, &p->ts))
                return false;
        } else if (k < n && k == 2 && strncmp(item, "v1", 2) == 0 && p->nv1 < 8) {
            p->v1[p->nv1] = item + 3;
            p->v1_len[p->nv1++] = n - 3;
        }
        item += n;
        if (*item == ',')
            item++;
    }
    return p->ts >= 0;
}

bool
stripe_signature_check(const char *secret, const char *header, const char *body, size_t len,
                       int64_t now_s, struct err *err)
{
    char expected[STRIPE_SIG_HEX_CAP];
    struct parsed p;
    bool match = false;

    if (header == NULL || header[0] == '\0')
        return err_set(err, ERR_UNAUTHENTICATED, "no Stripe-Signature");
    if (secret == NULL || secret[0] == '\0')
        return err_set(err, ERR_UNAUTHENTICATED, "STRIPE_WEBHOOK_SECRET is not set");
    if (strlen(header) > HEADER_MAX || !parse(header, &p))
        return err_set(err, ERR_UNAUTHENTICATED, "malformed Stripe-Signature");
    if (p.nv1 == 0)
        return err_set(err, ERR_UNAUTHENTICATED, "no v1 signature");
    if (p.ts < now_s - STRIPE_SIG_TOLERANCE_S || p.ts > now_s + STRIPE_SIG_TOLERANCE_S)
        return err_set(err, ERR_UNAUTHENTICATED, "the signature's timestamp is out of tolerance");
    stripe_signature_v1(secret, p.t, body, len, expected);
    for (int i = 0; i < p.nv1; i++) /* every one compared: the time does not tell which */
        if (p.v1_len[i] == 64 && CRYPTO_memcmp(p.v1[i], expected, 64) == 0)
            match = true;
    OPENSSL_cleanse(expected, sizeof(expected));
    return match || err_set(err, ERR_UNAUTHENTICATED, "the signature does not match");
}
