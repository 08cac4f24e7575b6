/* invoices_run.c - the monthly invoices (invoices.h): the ledger lines of a period per partner,
 * into one Stripe invoice each, step by step, every step recorded on the local invoice so that
 * a re-run goes on where a failure stopped it and never bills twice */
#include "domain/invoices.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/json.h"
#include "core/log.h"
#include "core/oid.h"
#include "db/store.h"
#include "domain/cron_runs.h"
#include "domain/invoices_int.h"
#include "domain/ledger_terms.h"
#include "http/stripe_client.h"

void
invoices_previous_period(time_t now, char out[8])
{
    struct tm tm;
    unsigned y, m;

    gmtime_r(&now, &tm);
    y = (unsigned)(tm.tm_year + 1900) % 10000u;
    m = (unsigned)tm.tm_mon % 12u; /* the previous month's number 1-12; January's is 0 */
    if (m == 0) {
        y = y > 0 ? y - 1 : 0;
        m = 12;
    }
    snprintf(out, 8, "%04u-%02u", y, m);
}

/* the partners with lines in the period and their totals */
struct totals {
    struct partner_total {
        bson_oid_t partner;
        int64_t amount, lines;
    } * v;
    size_t n, cap;
};

static bool
add_total(const bson_t *doc, void *ctx, struct err *err)
{
    struct totals *t = ctx;
    const bson_oid_t *id = json_bson_oid(doc, "_id");
    bson_iter_t it;

    if (id == NULL)
        return true;
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 32;
        struct partner_total *v = realloc(t->v, cap * sizeof(*v));
        if (v == NULL)
            return err_set(err, ERR_INTERNAL, "out of memory");
        t->v = v;
        t->cap = cap;
    }
    memset(&t->v[t->n], 0, sizeof(t->v[t->n]));
    bson_oid_copy(id, &t->v[t->n].partner);
    if (bson_iter_init_find(&it, doc, "amount") && BSON_ITER_HOLDS_NUMBER(&it))
        t->v[t->n].amount = bson_iter_as_int64(&it);
    if (bson_iter_init_find(&it, doc, "lines") && BSON_ITER_HOLDS_NUMBER(&it))
        t->v[t->n].lines = bson_iter_as_int64(&it);
    t->n++;
    return true;
}

static bool
period_totals(struct app *app, const char *period, struct totals *t, struct err *err)
{
    bson_t *pipeline =
        BCON_NEW("pipeline", "[", "{", "$match", "{", "period", BCON_UTF8(period), "kind", "{",
                 INVOICES_NOT_MONTHLY, "}", "}", "}", "{", "$group", "{", "_id",
                 BCON_UTF8("$partner"), "amount", "{", "$sum", BCON_UTF8("$amount"), "}", "lines",
                 "{", "$sum", BCON_INT32(1), "}", "}", "}", "]");
    bool ok = store_aggregate_each(app->db, "ledger", pipeline, NULL, add_total, t, err);

    bson_destroy(pipeline);
    return ok;
}

/* a period from result, or the previous month written into it */
static bool
run_period(json_object *result, time_t now, char period[8], struct err *err)
{
    const char *given = json_str(result, "period");

    if (given == NULL) {
        invoices_previous_period(now, period);
        json_object_object_add(result, "period", json_object_new_string(period));
        return true;
    }
    if (ledger_month_index(given) < 0) {
        err_detail(err, "period", "must be a month YYYY-MM");
        return err_set(err, ERR_VALIDATION_FAILED, "invalid period");
    }
    snprintf(period, 8, "%s", given);
    return true;
}

static void
count(json_object *result, const char *key)
{
    json_object *v = json_member(result, key);

    json_object_object_add(result, key,
                           json_object_new_int64(v ? json_object_get_int64(v) + 1 : 1));
}

/* the one-off invoices of manual charges a failed Stripe call left as drafts, finished now */
static bool
keep_line_id(const bson_t *doc, void *ctx, struct err *err)
{
    struct totals *t = ctx; /* only .partner is used: the ledger line's id */
    const bson_oid_t *line = json_bson_oid(doc, "ledgerLine");

    (void)err;
    if (line == NULL || t->n == t->cap)
        return true;
    bson_oid_copy(line, &t->v[t->n++].partner);
    return true;
}

static void
finish_manual(struct app *app, struct stripe_client *c, json_object *result, json_object *errors)
{
    struct partner_total v[50];
    struct totals t = {v, 0, 50};
    bson_t *filter = BCON_NEW("kind", BCON_UTF8("manual"), "status", BCON_UTF8("draft"));
    struct err err = ERR_INIT;

    if (!store_each(app->db, "invoices", filter, NULL, keep_line_id, &t, &err))
        log_warn("cannot list the unfinished manual invoices", "err=\"%s\"", err.message);
    for (size_t i = 0; i < t.n; i++) {
        bson_oid_t invoice;
        struct err e = ERR_INIT;
        if (invoices_one_off(app, c, &v[i].partner, &invoice, &e)) {
            count(result, "invoiced");
            continue;
        }
        json_object_array_add(errors, json_object_new_string(e.message));
        count(result, "failed");
    }
    bson_destroy(filter);
}

bool
invoices_monthly_run(struct app *app, time_t now, json_object *result, struct err *err)
{
    char period[8], key[64];
    struct totals t = {NULL, 0, 0};
    struct stripe_client stripe;
    json_object *errors;
    bool taken = false, ok;

    if (!run_period(result, now, period, err))
        return false;
    snprintf(key, sizeof(key), "monthly-invoices:%s", period);
    if (!cron_lock_take(app, key, "monthly-invoices", period, true, (int64_t)now * 1000, &taken,
                        err))
        return false;
    if (!taken) {
        json_object_object_add(result, "skipped",
                               json_object_new_string("a run of this period is going on"));
        return true;
    }
    invoices_stripe_client(app, &stripe);
    errors = json_object_new_array();
    json_object_object_add(result, "errors", errors);
    for (const char *k[] = {"partners", "invoiced", "alreadyInvoiced", "zero", "failed", NULL},
                    **p = k;
         *p; p++)
        json_object_object_add(result, *p, json_object_new_int64(0));
    ok = period_totals(app, period, &t, err);
    for (size_t i = 0; ok && i < t.n; i++) {
        struct err e = ERR_INIT;
        const char *outcome = NULL;
        count(result, "partners");
        if (t.v[i].amount <= 0) {
            outcome = "zero"; /* nothing owed: no invoice; a credit left goes to the next month */
            if (!invoices_carry_credit(app, &t.v[i].partner, period, t.v[i].amount, &e))
                log_warn("cannot carry a credit over", "period=%s err=\"%s\"", period, e.message);
        } else if (!invoices_partner_month(app, &stripe, &t.v[i].partner, period, t.v[i].amount,
                                           t.v[i].lines, &outcome, &e)) {
            char oid[OID_STR_SIZE], line[400];
            oid_format(&t.v[i].partner, oid);
            snprintf(line, sizeof(line), "partner %s: %s", oid, e.message);
            json_object_array_add(errors, json_object_new_string(line));
            log_warn("monthly invoice failed", "partner=%s period=%s err=\"%s %s\"", oid, period,
                     e.message, e.cause);
            outcome = "failed";
        }
        count(result, outcome);
    }
    if (ok)
        finish_manual(app, &stripe, result, errors);
    cron_lock_finish(app, key, ok);
    free(t.v);
    return ok;
}
