/* email.h - the one e-mail address check (input validation and mail recipients) */
#ifndef PC_EMAIL_H
#define PC_EMAIL_H

#include <stdbool.h>
#include <stddef.h>

/* email_valid - sane, not RFC 5322: one @, local part 1..64 bytes, a dotted domain without
 * empty labels, at most 254 bytes, no spaces, controls or header-breaking characters
 * (<>,;"); s need not be NUL-terminated */
bool email_valid(const char *s, size_t len);

#endif
