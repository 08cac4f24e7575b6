/* invoices.c - reading invoices within the principal's reach, and the owner's actions on one
 * (void, paid out of band) through Stripe (invoices.h) */
#include "domain/invoices.h"

#include <stdio.h>
#include <string.h>

#include "auth/scope.h"
#include "core/clock.h"
#include "core/json.h"
#include "core/oid.h"
#include "db/store.h"
#include "domain/invoices_int.h"
#include "model/tables.h"

json_object *
invoices_list(struct app *app, const struct principal *p, const struct list_params *params,
              struct err *err)
{
    struct list_query q;
    bson_t scope;
    json_object *out = NULL;

    if (model_list_query(&invoices_model, params, &q, err)) {
        struct store_list_spec spec = {&invoices_model, &scope, &q, p, NULL, NULL};
        scope_filter(p, "partner", &scope);
        out = store_list(app->db, &spec, err);
        bson_destroy(&scope);
    }
    list_query_release(&q);
    return out;
}

/* the invoice id within p's reach into *doc (the caller's); not_found */
static bool
invoice_load(struct app *app, const struct principal *p, const char *id, bson_t **doc,
             bson_oid_t *oid, struct err *err)
{
    bson_t *filter;
    bool found = false, ok;
    char partner[OID_STR_SIZE] = "";

    *doc = NULL;
    if (id == NULL || !oid_parse_str(id, oid))
        return err_set(err, ERR_NOT_FOUND, "no such invoice");
    filter = BCON_NEW("_id", BCON_OID(oid));
    ok = store_find_one(app->db, "invoices", filter, NULL, doc, &found, err);
    bson_destroy(filter);
    if (ok && found && json_bson_oid(*doc, "partner") != NULL)
        oid_format(json_bson_oid(*doc, "partner"), partner);
    if (ok && (!found || !scope_allows(p, partner))) {
        bson_destroy(*doc);
        *doc = NULL;
        return err_set(err, ERR_NOT_FOUND, "no such invoice");
    }
    return ok;
}

bool
invoices_reach(struct app *app, const struct principal *p, const char *id, struct err *err)
{
    bson_t *doc = NULL;
    bson_oid_t oid;
    bool ok = invoice_load(app, p, id, &doc, &oid, err);

    bson_destroy(doc);
    return ok;
}

/* the ledger lines of an invoice: a monthly one's partner and period, a manual one's line */
static json_object *
lines_of(struct app *app, const struct principal *p, const bson_t *invoice, struct err *err)
{
    const bson_oid_t *line = json_bson_oid(invoice, "ledgerLine");
    bson_t *filter =
        line != NULL ? BCON_NEW("_id", BCON_OID(line))
                     : BCON_NEW("partner", BCON_OID(json_bson_oid(invoice, "partner")), "period",
                                BCON_UTF8(json_or_empty(json_bson_str(invoice, "period"))), "kind",
                                "{", INVOICES_NOT_MONTHLY, "}");
    bson_t *opts = BCON_NEW("sort", "{", "createdAt", BCON_INT32(1), "_id", BCON_INT32(1), "}");
    json_object *out = store_outputs(app->db, &ledger_model, filter, opts, p, err);

    bson_destroy(opts);
    bson_destroy(filter);
    return out;
}

json_object *
invoices_get(struct app *app, const struct principal *p, const char *id, struct err *err)
{
    bson_t *doc = NULL;
    bson_oid_t oid;
    json_object *out = NULL, *lines;

    if (!invoice_load(app, p, id, &doc, &oid, err))
        return NULL;
    if ((lines = lines_of(app, p, doc, err)) != NULL) {
        out = model_output(&invoices_model, doc, p);
        json_object_object_add(out, "lines", lines);
    }
    bson_destroy(doc);
    return out;
}

static bool
one_of(const char *s, const char *const *list)
{
    for (int i = 0; s != NULL && list[i] != NULL; i++)
        if (strcmp(s, list[i]) == 0)
            return true;
    return false;
}

/* a refusal by Stripe is not the client's bad request: 409 with Stripe's words (503 and 429
 * stay, so the caller may retry) */
static void
refused_by_stripe(struct err *err)
{
    char msg[sizeof(err->message)];

    if (err_is(err, ERR_UNAVAILABLE) || err_is(err, ERR_RATE_LIMITED))
        return;
    snprintf(msg, sizeof(msg), "%s", err->message);
    err_set(err, ERR_CONFLICT, "%s", msg);
}

/* POST /v1/invoices/<stripe id>/<action> with key pc-<action>-<invoice>, then status here
 * (a compare-and-set from the statuses allowed) */
static json_object *
owner_action(struct app *app, const struct principal *p, const char *id, const char *action,
             const char *to, const char *const *from, struct err *err)
{
    bson_t *doc = NULL, *filter = NULL, *update = NULL, *after = NULL;
    bson_oid_t oid;
    char path[256], key[96];
    struct stripe_client c;
    struct form f = {0};
    json_object *res = NULL, *out = NULL;
    const char *sid;

    if (!invoice_load(app, p, id, &doc, &oid, err))
        goto out;
    sid = json_bson_str(doc, "stripeInvoiceId");
    if (!one_of(json_bson_str(doc, "status"), from) || sid == NULL) {
        err_set(err, ERR_CONFLICT, "the invoice is %s: it cannot be %s",
                json_or_empty(json_bson_str(doc, "status")), to);
        goto out;
    }
    invoices_stripe_client(app, &c);
    snprintf(path, sizeof(path), "/v1/invoices/%s/%s", sid, action);
    snprintf(key, sizeof(key), "pc-%s-%s", action, id);
    if (strcmp(action, "pay") == 0)
        form_add(&f, "paid_out_of_band", "true");
    if ((res = stripe_post(&c, path, &f, key, err)) == NULL) {
        refused_by_stripe(err);
        goto out;
    }
    filter = BCON_NEW("_id", BCON_OID(&oid), "status", BCON_UTF8(json_bson_str(doc, "status")));
    update = BCON_NEW("$set", "{", "status", BCON_UTF8(to), "updatedAt",
                      BCON_DATE_TIME(clock_now_ms()), "}");
    if (strcmp(to, "paid") == 0) { /* $set is the first member: add paidAt inside it */
        bson_destroy(update);
        update =
            BCON_NEW("$set", "{", "status", BCON_UTF8(to), "updatedAt",
                     BCON_DATE_TIME(clock_now_ms()), "paidAt", BCON_DATE_TIME(clock_now_ms()), "}");
    }
    if (store_update_and_get(app->db, "invoices", filter, update, &after, err))
        out = after ? model_output(&invoices_model, after, p)
                    : (err_set(err, ERR_CONFLICT, "the invoice changed meanwhile"), NULL);
out:
    bson_destroy(after);
    bson_destroy(update);
    bson_destroy(filter);
    bson_destroy(doc);
    json_object_put(res);
    form_release(&f);
    return out;
}

json_object *
invoices_void(struct app *app, const struct principal *p, const char *id, struct err *err)
{
    static const char *const from[] = {"open", "failed", "uncollectible", NULL};

    return owner_action(app, p, id, "void", "void", from, err);
}

json_object *
invoices_mark_paid(struct app *app, const struct principal *p, const char *id, struct err *err)
{
    static const char *const from[] = {"open", "failed", "uncollectible", NULL};

    return owner_action(app, p, id, "pay", "paid", from, err);
}
