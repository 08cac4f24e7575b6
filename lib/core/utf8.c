/* utf8.c - UTF-8 validation and code point counting (RFC 3629: no overlongs, no surrogates) */
#include "core/utf8.h"

/* length of the sequence starting at s[0..avail), 0 when it is not valid UTF-8 */
static size_t
sequence_len(const unsigned char *s, size_t avail)
{
    unsigned char c = s[0];
    unsigned char lo = 0x80, hi = 0xBF;
    size_t n;

    if (c >= 0xC2 && c <= 0xDF)
        n = 2;
    else if (c >= 0xE0 && c <= 0xEF)
        n = 3;
    else if (c >= 0xF0 && c <= 0xF4)
        n = 4;
    else
        return 0; /* continuation byte, C0/C1 overlong lead, or F5..FF */
    if (c == 0xE0)
        lo = 0xA0; /* overlong 3-byte */
    else if (c == 0xED)
        hi = 0x9F; /* surrogates U+D800..U+DFFF */
    else if (c == 0xF0)
        lo = 0x90; /* overlong 4-byte */
    else if (c == 0xF4)
        hi = 0x8F; /* above U+10FFFF */
    if (avail < n || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < n; i++)
        if (s[i] < 0x80 || s[i] > 0xBF)
            return 0;
    return n;
}

enum utf8_status
utf8_check(const char *s, size_t len, size_t *count)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, n = 0;

    while (i < len) {
        if (p[i] == 0)
            return UTF8_NUL;
        if (p[i] < 0x80) {
            i++;
        } else {
            size_t step = sequence_len(p + i, len - i);
            if (step == 0)
                return UTF8_INVALID;
            i += step;
        }
        n++;
    }
    if (count != NULL)
        *count = n;
    return UTF8_OK;
}
