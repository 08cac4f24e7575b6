/* name_key.c - the comparison key of a name: trimmed, spaces collapsed, ASCII lower-cased */
#include "core/name_key.h"

static bool
is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool
name_key(const char *s, char *out, size_t cap)
{
    size_t n = 0;
    bool gap = false;

    if (cap == 0)
        return false;
    for (const unsigned char *c = (const unsigned char *)s; *c != '\0'; c++) {
        if (is_space(*c)) {
            gap = n > 0;
            continue;
        }
        if (n + (gap ? 2 : 1) >= cap) {
            out[0] = '\0';
            return false;
        }
        if (gap)
            out[n++] = ' ';
        gap = false;
        out[n++] = (char)(*c >= 'A' && *c <= 'Z' ? *c - 'A' + 'a' : *c);
    }
    out[n] = '\0';
    return n > 0;
}
