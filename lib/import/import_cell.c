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
