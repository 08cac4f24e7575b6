/* email.c - e-mail address syntax check shared by the model engine and the mailer */
#include "core/email.h"

#include <string.h>

bool
email_valid(const char *s, size_t len)
{
    const char *at = s ? memchr(s, '@', len) : NULL;
    const char *dom;
    size_t dlen;

    if (at == NULL || at == s || at - s > 64 || len > 254)
        return false;
    dom = at + 1;
    dlen = len - (size_t)(dom - s);
    if (dlen < 3 || memchr(dom, '@', dlen) != NULL || memchr(dom, '.', dlen) == NULL)
        return false;
    if (dom[0] == '.' || dom[dlen - 1] == '.' || memmem(dom, dlen, "..", 2) != NULL)
        return false;
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)s[i] <= 0x20 || s[i] == 0x7F || strchr("<>,;\"", s[i]) != NULL)
            return false;
    return true;
}
