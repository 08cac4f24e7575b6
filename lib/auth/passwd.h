/* passwd.h - password hashing (argon2id) and verification (argon2id, legacy bcrypt) */
#ifndef PC_PASSWD_H
#define PC_PASSWD_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

/* argon2id parameters: OWASP's recommended minimum (19 MiB, 2 passes, 1 lane) */
#define PASSWD_T_COST 2
#define PASSWD_M_COST_KIB 19456
#define PASSWD_PARALLELISM 1
#define PASSWD_MAX_LEN 256 /* bytes; longer passwords are refused, never truncated */
#define PASSWD_HASH_CAP 160

/* passwd_hash - encode password as "$argon2id$v=19$m=19456,t=2,p=1$salt$hash" into out.
 * Returns false with err internal on failure. */
bool passwd_hash(const char *password, char out[PASSWD_HASH_CAP], struct err *err);

/* passwd_verify - true when password matches encoded (argon2id, or bcrypt $2a$/$2b$/$2y$) */
bool passwd_verify(const char *password, const char *encoded);

/* passwd_needs_rehash - encoded is not argon2id with the current parameters */
bool passwd_needs_rehash(const char *encoded);

/* passwd_check_policy - at least 10 characters, at most PASSWD_MAX_LEN bytes, not the
 * e-mail, not a well-known password; adds a detail for field on failure */
bool passwd_check_policy(const char *password, const char *email, const char *field,
                         struct err *err);

/* passwd_dummy_verify - spend the time of one verification; used for unknown accounts so
 * that timing does not reveal which e-mails exist */
void passwd_dummy_verify(const char *password);

#endif
