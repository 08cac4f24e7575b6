/* passwd.c - argon2id hashing, bcrypt compatibility through libcrypt, the password policy */
#include "auth/passwd.h"

#include <argon2.h>
#include <crypt.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

bool
passwd_hash(const char *password, char out[PASSWD_HASH_CAP], struct err *err)
{
    unsigned char salt[16];
    int rc;

    if (RAND_bytes(salt, sizeof(salt)) != 1)
        return err_set(err, ERR_INTERNAL, "cannot get random bytes");
    rc = argon2id_hash_encoded(PASSWD_T_COST, PASSWD_M_COST_KIB, PASSWD_PARALLELISM, password,
                               strlen(password), salt, sizeof(salt), 32, out, PASSWD_HASH_CAP);
    if (rc != ARGON2_OK) {
        err_cause(err, "argon2: %s", argon2_error_message(rc));
        return err_set(err, ERR_INTERNAL, "cannot hash password");
    }
    return true;
}

static bool
is_bcrypt(const char *encoded)
{
    return strncmp(encoded, "$2a$", 4) == 0 || strncmp(encoded, "$2b$", 4) == 0
           || strncmp(encoded, "$2y$", 4) == 0;
}

bool
passwd_verify(const char *password, const char *encoded)
{
    if (password == NULL || encoded == NULL || strlen(password) > PASSWD_MAX_LEN)
        return false;
    if (strncmp(encoded, "$argon2id$", 10) == 0)
        return argon2id_verify(encoded, password, strlen(password)) == ARGON2_OK;
    if (is_bcrypt(encoded)) {
        struct crypt_data data;
        const char *got;
        size_t len = strlen(encoded);
        bool ok;

        /* bcrypt reads only 72 bytes: refuse longer passwords instead of truncating them */
        if (strlen(password) > 72)
            return false;
        memset(&data, 0, sizeof(data));
        got = crypt_r(password, encoded, &data);
        ok = got != NULL && got[0] != '*' && strlen(got) == len
             && CRYPTO_memcmp(got, encoded, len) == 0;
        OPENSSL_cleanse(&data, sizeof(data));
        return ok;
    }
    return false;
}

bool
passwd_needs_rehash(const char *encoded)
{
    char prefix[64];

    snprintf(prefix, sizeof(prefix), "$argon2id$v=19$m=%d,t=%d,p=%d$", PASSWD_M_COST_KIB,
             PASSWD_T_COST, PASSWD_PARALLELISM);
    return strncmp(encoded, prefix, strlen(prefix)) != 0;
}

/* a short list of the most common passwords of length >= 10 (ASVS V6.2.4 asks for a
 * top-3000 check; entries shorter than the minimum length are refused anyway) */
static const char *const common_passwords[] = {
    "1234567890",  "0123456789",       "qwertyuiop",   "password1",    "password12",
    "password123", "password1234",     "iloveyou123",  "1q2w3e4r5t",   "1qaz2wsx3edc",
    "qwerty1234",  "qwerty12345",      "qwerty123456", "1234qwer",     "abcd123456",
    "a123456789",  "123456789a",       "1234567890a",  "passw0rd123",  "princess123",
    "football123", "baseball123",      "welcome123",   "welcome1234",  "letmein123",
    "sunshine123", "administrator",    "changeme123",  "trustno1234",  "0987654321",
    "1111111111",  "0000000000",       "1234512345",   "123123123123", "987654321a",
    "asdfghjkl1",  "zxcvbnm123",       "qwertyuiop1",  "password!1",   "Password123",
    "Password1!",  "partnerconnector",
};

bool
passwd_check_policy(const char *password, const char *email, const char *field, struct err *err)
{
    size_t len = strlen(password), chars = 0;

    for (const unsigned char *p = (const unsigned char *)password; *p != '\0'; p++)
        chars += (*p & 0xC0) != 0x80; /* count UTF-8 code points, not bytes */
    if (chars < 10) {
        err_detail(err, field, "must be at least 10 characters");
        return false;
    }
    if (len > PASSWD_MAX_LEN) {
        err_detail(err, field, "must be at most %d bytes", PASSWD_MAX_LEN);
        return false;
    }
    if (email != NULL && strcasecmp(password, email) == 0) {
        err_detail(err, field, "must not be your e-mail address");
        return false;
    }
    for (size_t i = 0; i < sizeof(common_passwords) / sizeof(common_passwords[0]); i++) {
        if (strcasecmp(password, common_passwords[i]) == 0) {
            err_detail(err, field, "is too common; choose another");
            return false;
        }
    }
    return true;
}

void
passwd_dummy_verify(const char *password)
{
    /* a fixed argon2id hash with the current parameters of a random, unknown password */
    static const char dummy[] = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$"
                                "1aQKBQfYbmRQw9u0uS7Cx0xGMjxMI2F4hdbcMfYsJ7U";

    (void)passwd_verify(password, dummy);
}
