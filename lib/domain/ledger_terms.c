/* ledger_terms.c - which term covers a month and what a fact costs (DESIGN §7.11): terms are
 * explicit month ranges, the month is the one of the fact (UTC), never the current one */
#include "domain/ledger_terms.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

int
ledger_month_index(const char *s)
{
    int y, m;
    char tail;

    if (s == NULL || strlen(s) != 7 || sscanf(s, "%4d-%2d%c", &y, &m, &tail) != 2 || s[4] != '-'
        || y < 2000 || y > 2999 || m < 1 || m > 12)
        return -1;
    return y * 12 + m - 1;
}

int
ledger_period(int64_t ms, char out[LEDGER_PERIOD_CAP])
{
    time_t t = (time_t)(ms / 1000 - (ms % 1000 < 0 ? 1 : 0));
    struct tm tm;

    if (gmtime_r(&t, &tm) == NULL) {
        out[0] = '\0';
        return -1;
    }
    unsigned y = (unsigned)(tm.tm_year + 1900) % 10000u, m = (unsigned)tm.tm_mon % 12u + 1u;
    snprintf(out, LEDGER_PERIOD_CAP, "%04u-%02u", y, m);
    return (tm.tm_year + 1900) * 12 + tm.tm_mon;
}

const char *
ledger_billing_str(const bson_t *billing, const char *key)
{
    bson_iter_t it;

    if (billing != NULL && bson_iter_init_find(&it, billing, key) && BSON_ITER_HOLDS_UTF8(&it))
        return bson_iter_utf8(&it, NULL);
    return NULL;
}

/* one term's range and value; false when it is not a well-formed term */
static bool
term_read(const bson_t *term, int *from, int *to, int64_t *value)
{
    bson_iter_t it;

    *from = ledger_month_index(ledger_billing_str(term, "from"));
    *to = -2; /* open-ended */
    if (bson_iter_init_find(&it, term, "to") && BSON_ITER_HOLDS_UTF8(&it))
        *to = ledger_month_index(bson_iter_utf8(&it, NULL));
    if (!bson_iter_init_find(&it, term, "value") || !BSON_ITER_HOLDS_NUMBER(&it))
        return false;
    *value = bson_iter_as_int64(&it);
    return *from >= 0 && *to != -1;
}

bool
ledger_term_value(const bson_t *billing, int month, int64_t *value)
{
    bson_iter_t it, terms;

    if (billing == NULL || !bson_iter_init_find(&it, billing, "billingTerms")
        || !BSON_ITER_HOLDS_ARRAY(&it) || !bson_iter_recurse(&it, &terms))
        return false;
    while (bson_iter_next(&terms)) {
        const uint8_t *data;
        uint32_t len;
        bson_t term;
        int from, to;
        int64_t v;

        if (!BSON_ITER_HOLDS_DOCUMENT(&terms))
            continue;
        bson_iter_document(&terms, &len, &data);
        if (!bson_init_static(&term, data, len) || !term_read(&term, &from, &to, &v))
            continue;
        if (from <= month && (to == -2 || month <= to)) {
            *value = v;
            return true;
        }
    }
    return false;
}

int64_t
ledger_charge(const char *billing_type, int64_t value, int64_t deal_cents)
{
    if (billing_type == NULL || value < 0)
        return 0;
    if (strcmp(billing_type, BILLING_PERCENT) == 0) {
        if (deal_cents < 0 || (value > 0 && deal_cents > (INT64_MAX - 5000) / value))
            return 0;
        return (deal_cents * value + 5000) / 10000; /* basis points, half up */
    }
    if (strcmp(billing_type, BILLING_QUALIFIED) == 0 || strcmp(billing_type, BILLING_WON) == 0
        || strcmp(billing_type, BILLING_HELD) == 0)
        return value;
    return 0;
}

int64_t
ledger_fact_cents(const bson_t *billing, const char *billing_type, int64_t at_ms,
                  int64_t deal_cents)
{
    const char *type = ledger_billing_str(billing, "billingType");
    char period[LEDGER_PERIOD_CAP];
    int64_t value;

    if (type == NULL || billing_type == NULL || strcmp(type, billing_type) != 0)
        return 0;
    if (!ledger_term_value(billing, ledger_period(at_ms, period), &value))
        return 0;
    return ledger_charge(type, value, deal_cents);
}
