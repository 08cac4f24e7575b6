/* import_cell.c - spreadsheet values as text: numbers as Excel shows them, serial dates as ISO */
#include "import/import_cell.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/isotime.h"

#define DAY_MS 86400000.0
#define EPOCH_1899_12_30 25569.0 /* days from 1899-12-30 to 1970-01-01 */

void
import_number_text(double v, char *out, size_t cap)
{
    if (v == 0.0)
        v = 0.0; /* no "-0" */
    if (isfinite(v) && v == floor(v) && fabs(v) < 1e15)
        snprintf(out, cap, "%.0f", v);
    else
        snprintf(out, cap, "%.15g", v);
}

bool
import_serial_date(double serial, char *out, size_t cap)
{
    double days;
    int64_t ms;

    out[0] = '\0';
    if (!isfinite(serial) || serial < 1.0 || (serial >= 60.0 && serial < 61.0))
        return false;
    /* Excel counts a 1900-02-29 that never was (Lotus 1-2-3's bug): before it, day 1 is
     * 1900-01-01, so those days count from 1899-12-31 */
    days = serial < 60.0 ? serial + 1.0 : serial;
    ms = (int64_t)llround((days - EPOCH_1899_12_30) * DAY_MS);
    if (!isotime_format(ms, out, cap))
        return false;
    if (ms % (int64_t)DAY_MS == 0)
        out[10] = '\0';
    return true;
}

size_t
import_text_chars(const char *s, size_t n)
{
    size_t chars = 0;

    for (size_t i = 0; i < n; i++)
        chars += ((unsigned char)s[i] & 0xC0) != 0x80;
    return chars;
}

size_t
import_text_fit(const char *s, size_t n, size_t max_chars, size_t max_bytes)
{
    size_t chars = 0, end = 0;

    for (size_t i = 0; i < n && i < max_bytes + 1; i++) {
        if (((unsigned char)s[i] & 0xC0) == 0x80)
            continue;
        end = i; /* a character starts here: everything before it is whole */
        if (chars++ == max_chars)
            return end;
    }
    return n <= max_bytes ? n : end;
}
