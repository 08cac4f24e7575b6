/* ledger.h - the billing ledger (DESIGN §7.11, issue 16): every billable fact becomes one
 * immutable line in integer cents of the partner's currency, written on the path that makes
 * the fact (a lead created, a lead won, a meeting held), idempotent per fact by a unique key;
 * a fact undone (a staff override out of won, a held meeting changed to no_show) is answered
 * by a reversing line, never by changing the first one. The partner's ledgerBalance is the sum
 * of its lines. */
#ifndef PC_LEDGER_H
#define PC_LEDGER_H

#include <bson/bson.h>
#include <json-c/json.h>
#include <stdbool.h>
#include <stdint.h>

#include "app.h"
#include "core/err.h"
#include "core/principal.h"
#include "model/model.h"

#define LEDGER_KEY_CAP 128

/* one line to write; strings and ids are borrowed */
struct ledger_line {
    const char *kind; /* one of ledger_kinds */
    const bson_oid_t *partner;
    const bson_oid_t *lead, *meeting; /* NULL when the line has none */
    int64_t amount;                   /* cents; negative for credits and reversals */
    int64_t rate;                     /* the term value it was priced at; -1: none */
    int64_t deal_cents;               /* the deal amount of a percentage line; -1: none */
    int64_t at_ms;                    /* createdAt; its UTC month is the period */
    const char *currency;             /* NULL: usd */
    const char *description;
    const char *key; /* the idempotency key: one line per key, ever */
};

/* ledger_write - insert line and add its amount to the partner's ledgerBalance. *written
 * (may be NULL) is false when a line with that key exists already (a retry): success without
 * a second line. Only the database's codes. */
bool ledger_write(struct app *app, const struct ledger_line *line, bool *written, struct err *err);

/* ledger_lead_created - the qualified_lead line of a new lead (the document as inserted,
 * borrowed) when billing_type (the partner's, "" for none) is qualified_lead and a term covers
 * the month of its createdAt. Failures are logged, never the caller's: the lead exists. */
void ledger_lead_created(struct app *app, const bson_t *lead, const char *billing_type);

/* ledger_lead_status - after a lead's status moved from before to after (the documents,
 * borrowed): into won, the partner's won-based line at wonAt (unless the lead is charged
 * already); out of won, the reversal of its won lines. Logged, never the caller's. */
void ledger_lead_status(struct app *app, const bson_t *before, const bson_t *after);

/* ledger_meeting_outcome - after a meeting's outcome moved from before (NULL: none) to
 * outcome at at_ms: into held, the meeting_held line for a partner billed so; out of held,
 * its reversal. meeting is the document (borrowed: _id, partner, lead, leadEmail). Logged. */
void ledger_meeting_outcome(struct app *app, const bson_t *meeting, const char *before,
                            const char *outcome, int64_t at_ms);

/* ledger_list - GET /partners/:id/ledger: a table-query page of the partner's lines (newest
 * first); the balance is the partner's ledgerBalance; not_found out of p's reach */
json_object *ledger_list(struct app *app, const struct principal *p, const char *partner,
                         const struct list_params *params, struct err *err);

/* ledger_partner_billing - the billing document of the partner (a copy, the caller's; NULL
 * when it has none) and its currency into currency (4 bytes); not_found when no such partner */
bool ledger_partner_billing(struct app *app, const bson_oid_t *partner, bson_t **billing,
                            char currency[4], struct err *err);

/* ledger_money - cents as text for people: "$1234.56" (usd or NULL), else "1234.56 eur";
 * "-" before a credit */
void ledger_money(int64_t cents, const char *currency, char *out, size_t cap);

#endif
