/* hubspot_signature.c - v3, v2 and v1 webhook signatures of HubSpot, constant-time checks */
#include "http/hubspot_signature.h"

#include "http/hmac.h"

#include <ctype.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
hex_of(const unsigned char *raw, size_t n, char *out)
{
    static const char digits[] = "0123456789abcdef";

    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[raw[i] >> 4];
        out[2 * i + 1] = digits[raw[i] & 15];
    }
    out[2 * n] = '\0';
}

void
hubspot_signature_v3(const char *secret, const char *method, const char *uri, const char *body,
                     size_t len, const char *timestamp, char out[HUBSPOT_SIG_V3_CAP])
{
    unsigned char mac[HMAC_SHA256_LEN];
    const struct hmac_part parts[] = {
        {method, strlen(method)}, {uri, strlen(uri)}, {body, len}, {timestamp, strlen(timestamp)}};

    out[0] = '\0';
    if (hmac_sha256(secret, parts, 4, mac))
        EVP_EncodeBlock((unsigned char *)out, mac, HMAC_SHA256_LEN);
    OPENSSL_cleanse(mac, sizeof(mac));
}

/* hex(SHA-256(parts[0] + parts[1] + ...)); a NULL part ends the list, body goes last */
static void
sha256_hex(const char *const *parts, const char *body, size_t len, char out[HUBSPOT_SIG_HEX_CAP])
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int md_len = 0;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    bool ok = ctx != NULL && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) == 1;

    out[0] = '\0';
    for (const char *const *p = parts; ok && *p != NULL; p++)
        ok = EVP_DigestUpdate(ctx, *p, strlen(*p)) == 1;
    if (ok && EVP_DigestUpdate(ctx, body, len) == 1 && EVP_DigestFinal_ex(ctx, md, &md_len) == 1)
        hex_of(md, md_len, out);
    EVP_MD_CTX_free(ctx);
}

void
hubspot_signature_v2(const char *secret, const char *method, const char *uri, const char *body,
                     size_t len, char out[HUBSPOT_SIG_HEX_CAP])
{
    const char *parts[] = {secret, method, uri, NULL};

    sha256_hex(parts, body, len, out);
}

void
hubspot_signature_v1(const char *secret, const char *body, size_t len,
                     char out[HUBSPOT_SIG_HEX_CAP])
{
    const char *parts[] = {secret, NULL};

    sha256_hex(parts, body, len, out);
}

/* the character a %XX of the decoding list stands for, 0 when it is not one of them */
static char
decoded(const char *p)
{
    static const char *const codes[] = {"3A:", "2F/", "3F?", "40@", "21!", "24$",
                                        "27'", "28(", "29)", "2A*", "2C,", "3B;"};

    if (p[0] != '%' || !isxdigit((unsigned char)p[1]) || !isxdigit((unsigned char)p[2]))
        return 0;
    for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
        if (toupper((unsigned char)p[1]) == codes[i][0]
            && toupper((unsigned char)p[2]) == codes[i][1])
            return codes[i][2];
    return 0;
}

bool
hubspot_uri_decode(const char *uri, char *out, size_t cap)
{
    size_t n = 0;

    for (const char *p = uri; *p != '\0' && *p != '#'; p++) {
        char c = decoded(p);
        if (n + 1 >= cap)
            return false;
        out[n++] = c ? c : *p;
        if (c)
            p += 2;
    }
    out[n] = '\0';
    return true;
}

/* a and b are equal; constant time for the length of the expected value b */
static bool
same(const char *a, const char *b)
{
    size_t n = strlen(b);

    return a != NULL && n > 0 && strlen(a) == n && CRYPTO_memcmp(a, b, n) == 0;
}

/* version ("v1") is in the comma-separated list */
static bool
accepted(const char *list, const char *version)
{
    size_t n = strlen(version);

    for (const char *p = list; p != NULL && *p != '\0'; p += *p == ',') {
        size_t len = strcspn(p, ",");
        if (len == n && strncmp(p, version, n) == 0)
            return true;
        p += len;
    }
    return false;
}

static bool
check_v3(const struct hubspot_sig_request *rq, const char *uri, struct err *err)
{
    char want[HUBSPOT_SIG_V3_CAP], *end;
    long long ts;
    bool ok;

    if (rq->timestamp == NULL || rq->timestamp[0] == '\0')
        return err_set(err, ERR_UNAUTHENTICATED, "missing X-HubSpot-Request-Timestamp");
    ts = strtoll(rq->timestamp, &end, 10);
    if (*end != '\0' || !isdigit((unsigned char)rq->timestamp[0]))
        return err_set(err, ERR_UNAUTHENTICATED, "X-HubSpot-Request-Timestamp is not a number");
    if (llabs((long long)rq->now_ms - ts) > HUBSPOT_SIG_WINDOW_MS)
        return err_set(err, ERR_UNAUTHENTICATED, "X-HubSpot-Request-Timestamp is not within 5 min");
    hubspot_signature_v3(rq->secret, rq->method, uri, rq->body, rq->len, rq->timestamp, want);
    ok = same(rq->v3, want);
    OPENSSL_cleanse(want, sizeof(want));
    return ok || err_set(err, ERR_UNAUTHENTICATED, "X-HubSpot-Signature-v3 does not match");
}

static bool
check_v1v2(const struct hubspot_sig_request *rq, const char *uri, struct err *err)
{
    const char *scheme = rq->v1v2_scheme && rq->v1v2_scheme[0] ? rq->v1v2_scheme : "v1";
    char want[HUBSPOT_SIG_HEX_CAP], given[HUBSPOT_SIG_HEX_CAP];
    bool ok;

    if (strcmp(scheme, "v1") != 0 && strcmp(scheme, "v2") != 0)
        return err_set(err, ERR_UNAUTHENTICATED, "unknown X-HubSpot-Signature-Version");
    if (!accepted(rq->versions, scheme))
        return err_set(err, ERR_UNAUTHENTICATED, "signature version %s is not accepted", scheme);
    if (strcmp(scheme, "v1") == 0)
        hubspot_signature_v1(rq->secret, rq->body, rq->len, want);
    else
        hubspot_signature_v2(rq->secret, rq->method, uri, rq->body, rq->len, want);
    /* hex digits may come in either case */
    snprintf(given, sizeof(given), "%s", rq->v1v2);
    for (char *c = given; *c != '\0'; c++)
        *c = (char)tolower((unsigned char)*c);
    ok = strlen(rq->v1v2) < sizeof(given) && same(given, want);
    OPENSSL_cleanse(want, sizeof(want));
    return ok || err_set(err, ERR_UNAUTHENTICATED, "X-HubSpot-Signature does not match");
}

bool
hubspot_signature_check(const struct hubspot_sig_request *rq, struct err *err)
{
    char uri[2048];
    bool v3 = rq->v3 != NULL && rq->v3[0] != '\0', v1v2 = rq->v1v2 != NULL && rq->v1v2[0] != '\0';

    if (rq->secret == NULL || rq->secret[0] == '\0')
        return err_set(err, ERR_UNAUTHENTICATED, "HubSpot webhooks are not configured");
    if (!hubspot_uri_decode(rq->uri, uri, sizeof(uri)))
        return err_set(err, ERR_UNAUTHENTICATED, "request URI too long to verify");
    /* v3 when it is sent and accepted; the older schemes only when configured */
    if (v3 && accepted(rq->versions, "v3"))
        return check_v3(rq, uri, err);
    if (v1v2)
        return check_v1v2(rq, uri, err);
    if (v3)
        return err_set(err, ERR_UNAUTHENTICATED, "signature version v3 is not accepted");
    return err_set(err, ERR_UNAUTHENTICATED, "missing X-HubSpot-Signature-v3");
}
