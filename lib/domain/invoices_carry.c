/* invoices_carry.c - a month whose credits outweigh its charges (invoices_int.h): the rest of
 * the credit moves to the next month as two lines of kind carried_credit, +rest at the end of
 * the month (which then adds up to zero) and -rest at the start of the next (billed there as a
 * negative item). Without it a credit larger than a month's charges was lost: no invoice for
 * that month, and the next month's total did not see it. This is also how a prepayment works:
 * the owner records it as a credit and it is drawn down month by month. */
#include <stdio.h>
#include <time.h>

#include "core/oid.h"
#include "domain/invoices_int.h"
#include "domain/ledger.h"
#include "domain/ledger_terms.h"

/* the first ms of the month after month (a month index) */
static int64_t
next_month_start_ms(int month)
{
    struct tm tm = {.tm_year = (month + 1) / 12 - 1900, .tm_mon = (month + 1) % 12, .tm_mday = 1};

    return (int64_t)timegm(&tm) * 1000;
}

static bool
carry_line(struct app *app, const bson_oid_t *partner, const char *currency, const char *key,
           int64_t cents, int64_t at_ms, const char *description, struct err *err)
{
    struct ledger_line line = {.kind = "carried_credit",
                               .partner = partner,
                               .amount = cents,
                               .rate = -1,
                               .deal_cents = -1,
                               .at_ms = at_ms,
                               .currency = currency,
                               .description = description,
                               .key = key};

    return ledger_write(app, &line, NULL, err);
}

bool
invoices_carry_credit(struct app *app, const bson_oid_t *partner, const char *period, int64_t total,
                      struct err *err)
{
    int month = ledger_month_index(period);
    int64_t start = month >= 0 ? next_month_start_ms(month) : 0;
    char hex[OID_STR_SIZE], next[LEDGER_PERIOD_CAP], key[LEDGER_KEY_CAP], words[96];
    char currency[4];
    bson_t *billing = NULL;
    bool ok;

    if (total >= 0 || month < 0)
        return true;
    if (!ledger_partner_billing(app, partner, &billing, currency, err))
        return false;
    bson_destroy(billing);
    oid_format(partner, hex);
    ledger_period(start, next);
    /* the next month's line first: a failure between the two leaves the month negative, so the
     * next run writes the other (the keys make neither twice) */
    snprintf(key, sizeof(key), "carried_credit:%s:%s:in", hex, period);
    snprintf(words, sizeof(words), "Credit carried over from %s", period);
    ok = carry_line(app, partner, currency, key, total, start, words, err);
    snprintf(key, sizeof(key), "carried_credit:%s:%s:out", hex, period);
    snprintf(words, sizeof(words), "Credit carried over to %s", next);
    return ok && carry_line(app, partner, currency, key, -total, start - 1, words, err);
}
