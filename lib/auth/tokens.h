/* tokens.h - random secrets and how they are stored: 256-bit values, base64url, SHA-256 */
#ifndef PC_TOKENS_H
#define PC_TOKENS_H

#include <stdbool.h>
#include <stddef.h>

#define TOKEN_CAP 64 /* 32 random bytes as base64url (43 chars) plus a prefix and NUL */
#define TOKEN_HASH_CAP 65

/* token_new - prefix followed by 32 random bytes in base64url without padding; false when the
 * random source fails */
bool token_new(const char *prefix, char out[TOKEN_CAP]);

/* token_hash - lower-case hex SHA-256 of token: what the database stores */
void token_hash(const char *token, char out[TOKEN_HASH_CAP]);

/* token_hex - n random bytes as 2n hex characters into out (cap >= 2n+1) */
bool token_hex(size_t n, char *out, size_t cap);

/* token_equal - constant-time comparison of two NUL-terminated strings */
bool token_equal(const char *a, const char *b);

#endif
