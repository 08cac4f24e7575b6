/* isotime.c - ISO 8601 UTC timestamps <-> ms since the Unix epoch (proleptic Gregorian) */
#include "core/isotime.h"

#define MS_PER_DAY 86400000LL

/* days since 1970-01-01 of a civil date (H. Hinnant's algorithm) */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
    int64_t era, yoe, doy, doe;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void
civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
    int64_t era, doe, yoe, doy, mp;

    z += 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

static char *
put_digits(char *p, int64_t v, int width)
{
    for (int i = width - 1; i >= 0; i--) {
        p[i] = (char)('0' + v % 10);
        v /= 10;
    }
    return p + width;
}

bool
isotime_format(int64_t ms, char *buf, size_t cap)
{
    int64_t days, rem, y;
    int m, d;
    char *p = buf;

    if (cap > 0)
        buf[0] = '\0';
    if (cap < ISOTIME_LEN + 1 || ms < ISOTIME_MIN_MS || ms > ISOTIME_MAX_MS)
        return false;
    days = ms / MS_PER_DAY;
    rem = ms % MS_PER_DAY;
    if (rem < 0) {
        rem += MS_PER_DAY;
        days--;
    }
    civil_from_days(days, &y, &m, &d);
    p = put_digits(p, y, 4);
    *p++ = '-';
    p = put_digits(p, m, 2);
    *p++ = '-';
    p = put_digits(p, d, 2);
    *p++ = 'T';
    p = put_digits(p, rem / 3600000, 2);
    *p++ = ':';
    p = put_digits(p, rem / 60000 % 60, 2);
    *p++ = ':';
    p = put_digits(p, rem / 1000 % 60, 2);
    *p++ = '.';
    p = put_digits(p, rem % 1000, 3);
    *p++ = 'Z';
    *p = '\0';
    return true;
}

/* n decimal digits at s as a number, -1 when any is not a digit */
static int
digits(const char *s, int n)
{
    int v = 0;

    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

static bool
is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* "YYYY-MM-DD" at s (10 bytes available) -> days since the epoch */
static bool
parse_date(const char *s, int64_t *days)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);

    if (y < 0 || m < 1 || m > 12 || d < 1 || s[4] != '-' || s[7] != '-')
        return false;
    if (d > mdays[m - 1] + (m == 2 && is_leap(y)))
        return false;
    *days = days_from_civil(y, m, d);
    return true;
}

/* "HH:MM:SS" at s (8 bytes available) -> ms of the day */
static bool
parse_clock(const char *s, int64_t *ms)
{
    int h = digits(s, 2), mi = digits(s + 3, 2), sec = digits(s + 6, 2);

    if (h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59 || s[2] != ':' || s[5] != ':')
        return false;
    *ms = ((int64_t)h * 3600 + mi * 60 + sec) * 1000;
    return true;
}

/* ".f" (1..9 digits) at s, if any; advances *i past it and adds the milliseconds to *ms */
static bool
parse_fraction(const char *s, size_t len, size_t *i, int64_t *ms)
{
    size_t start, n;
    int scale = 100;

    if (*i >= len || s[*i] != '.')
        return true;
    start = ++*i;
    while (*i < len && s[*i] >= '0' && s[*i] <= '9')
        ++*i;
    n = *i - start;
    if (n < 1 || n > 9)
        return false;
    for (size_t k = 0; k < n && k < 3; k++, scale /= 10)
        *ms += (s[start + k] - '0') * scale;
    return true;
}

/* "Z" or "+HH:MM" / "-HH:MM" filling s[i..len) exactly -> offset east of UTC in ms */
static bool
parse_zone(const char *s, size_t len, size_t i, int64_t *offset)
{
    int h, m;

    if (len - i == 1 && s[i] == 'Z') {
        *offset = 0;
        return true;
    }
    if (len - i != 6 || (s[i] != '+' && s[i] != '-') || s[i + 3] != ':')
        return false;
    h = digits(s + i + 1, 2);
    m = digits(s + i + 4, 2);
    if (h < 0 || h > 23 || m < 0 || m > 59)
        return false;
    *offset = ((int64_t)h * 60 + m) * 60000 * (s[i] == '-' ? -1 : 1);
    return true;
}

bool
isotime_parse(const char *s, size_t len, int64_t *ms)
{
    int64_t days, clock, offset;
    size_t i = 19;

    if (s == NULL || len < 10 || !parse_date(s, &days))
        return false;
    if (len == 10) {
        *ms = days * MS_PER_DAY;
        return true;
    }
    if (len < 20 || s[10] != 'T' || !parse_clock(s + 11, &clock))
        return false;
    if (!parse_fraction(s, len, &i, &clock) || i >= len || !parse_zone(s, len, i, &offset))
        return false;
    clock += days * MS_PER_DAY - offset;
    if (clock < ISOTIME_MIN_MS || clock > ISOTIME_MAX_MS)
        return false; /* an offset pushed it out of the years isotime_format can write */
    *ms = clock;
    return true;
}
