/* ledger_terms.h - the arithmetic of billing (DESIGN §7.11), pure and unit-tested: which term of
 * a partner's billing configuration covers a month, and what one fact costs under it */
#ifndef PC_LEDGER_TERMS_H
#define PC_LEDGER_TERMS_H

#include <bson/bson.h>
#include <stdbool.h>
#include <stdint.h>

#define LEDGER_PERIOD_CAP 8 /* YYYY-MM */
#define LEDGER_CURRENCY_DEFAULT "usd"

/* the billing types (the kind of their ledger lines has the same name) */
#define BILLING_QUALIFIED "qualified_lead"
#define BILLING_WON "closed_won_lead"
#define BILLING_PERCENT "percentage_of_deal"
#define BILLING_HELD "meeting_held"

/* ledger_month_index - "YYYY-MM" (years 2000-2999) as months since year 0; -1 when malformed */
int ledger_month_index(const char *s);

/* ledger_period - the UTC month of ms since the epoch as "YYYY-MM" into out; its month index */
int ledger_period(int64_t ms, char out[LEDGER_PERIOD_CAP]);

/* ledger_term_value - the value of the first term of billing (the partner's billing document,
 * borrowed: {billingType, billingTerms: [{from, to|null, value}]}) whose range covers month
 * (a month index): true with *value; false when no term covers it */
bool ledger_term_value(const bson_t *billing, int month, int64_t *value);

/* ledger_charge - the cents one fact costs: value cents for the per-fact types, value basis
 * points of deal_cents for percentage_of_deal, rounded half up; 0 for an unknown type or a
 * negative input */
int64_t ledger_charge(const char *billing_type, int64_t value, int64_t deal_cents);

/* ledger_fact_cents - the whole rule: what a fact of billing_type at at_ms costs under billing
 * (NULL: none), 0 when billing is of another type or no term covers that month */
int64_t ledger_fact_cents(const bson_t *billing, const char *billing_type, int64_t at_ms,
                          int64_t deal_cents);

/* ledger_billing_str - a string member of billing (NULL when billing is NULL or it is absent) */
const char *ledger_billing_str(const bson_t *billing, const char *key);

#endif
