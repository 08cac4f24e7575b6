/* stripe_events.c - Stripe invoice events onto our invoices (stripe_events.h) */
#include "domain/stripe_events.h"

#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/json.h"
#include "core/log.h"
#include "core/oid.h"
#include "db/store.h"
#include "domain/ledger.h"
#include "mail/mail.h"
#include "queue/job.h"

/* what each event does: the status it sets, and the statuses it may leave */
static const struct transition {
    const char *type, *to;
    const char *from[5];
} transitions[] = {
    {"invoice.finalized", "open", {"draft", NULL}},
    {"invoice.paid", "paid", {"draft", "open", "failed", "uncollectible", NULL}},
    {"invoice.payment_failed", "failed", {"draft", "open", NULL}},
    {"invoice.voided", "void", {"draft", "open", "failed", "uncollectible", NULL}},
    {"invoice.marked_uncollectible", "uncollectible", {"open", "failed", NULL}},
};

static const struct transition *
transition_of(const char *type)
{
    for (size_t i = 0; type != NULL && i < sizeof(transitions) / sizeof(transitions[0]); i++)
        if (strcmp(transitions[i].type, type) == 0)
            return &transitions[i];
    return NULL;
}

static bool
seen(struct app *app, const char *event, bool *found, struct err *err)
{
    bson_t *filter = BCON_NEW("_id", BCON_UTF8(event)), *doc = NULL;
    bool ok = store_find_one(app->db, "stripe_events", filter, NULL, &doc, found, err);

    bson_destroy(doc);
    bson_destroy(filter);
    return ok;
}

static bool
remember(struct app *app, const char *event, const char *type, struct err *err)
{
    int64_t now = clock_now_ms();
    bson_t *doc =
        BCON_NEW("_id", BCON_UTF8(event), "type", BCON_UTF8(type), "at", BCON_DATE_TIME(now),
                 "expiresAt", BCON_DATE_TIME(now + STRIPE_EVENT_KEEP_MS));
    bool ok = store_insert_once(app->db, "stripe_events", doc, err);

    bson_destroy(doc);
    return ok;
}

/* the change: the invoice with that Stripe id, while in one of t->from; *after the invoice as
 * changed (NULL when none matched: unknown, or a status the event may not leave) */
static bool
apply_transition(struct app *app, const struct transition *t, json_object *inv, bson_t **after,
                 struct err *err)
{
    bson_t *query = BCON_NEW("stripeInvoiceId", BCON_UTF8(json_str(inv, "id")));
    bson_t update = BSON_INITIALIZER, set, in, from;
    json_object *paid = json_member(json_member(inv, "status_transitions"), "paid_at");
    bool ok;

    BSON_APPEND_DOCUMENT_BEGIN(query, "status", &in);
    BSON_APPEND_ARRAY_BEGIN(&in, "$in", &from);
    for (unsigned i = 0; i < 5 && t->from[i] != NULL; i++) {
        char k[2] = {(char)('0' + i), '\0'};
        BSON_APPEND_UTF8(&from, k, t->from[i]);
    }
    bson_append_array_end(&in, &from);
    bson_append_document_end(query, &in);
    BSON_APPEND_DOCUMENT_BEGIN(&update, "$set", &set);
    BSON_APPEND_UTF8(&set, "status", t->to);
    if (strcmp(t->to, "paid") == 0)
        BSON_APPEND_DATE_TIME(&set, "paidAt",
                              json_object_is_type(paid, json_type_int)
                                  ? json_object_get_int64(paid) * 1000
                                  : clock_now_ms());
    if (json_str(inv, "number") != NULL)
        BSON_APPEND_UTF8(&set, "number", json_str(inv, "number"));
    if (json_str(inv, "hosted_invoice_url") != NULL)
        BSON_APPEND_UTF8(&set, "hostedInvoiceUrl", json_str(inv, "hosted_invoice_url"));
    if (json_str(inv, "invoice_pdf") != NULL)
        BSON_APPEND_UTF8(&set, "invoicePdf", json_str(inv, "invoice_pdf"));
    BSON_APPEND_DATE_TIME(&set, "updatedAt", clock_now_ms());
    bson_append_document_end(&update, &set);
    ok = store_update_and_get(app->db, "invoices", query, &update, after, err);
    bson_destroy(&update);
    bson_destroy(query);
    return ok;
}

/* the alert of a failed payment: to ALERT_EMAIL_TO and the partner's billing e-mail */
static void
alert_failed(struct app *app, const bson_t *invoice, json_object *inv, const char *event)
{
    char amount[48], link[256], id[OID_STR_SIZE], job[JOB_ID_CAP];
    bson_t *filter = BCON_NEW("_id", BCON_OID(json_bson_oid(invoice, "partner"))), *p = NULL;
    bool found = false;
    struct err err = ERR_INIT;
    json_object *vars = json_object_new_object();
    bson_iter_t it;
    const char *reason = json_str(json_member(inv, "last_finalization_error"), "message");

    oid_format(json_bson_oid(invoice, "_id"), id);
    ledger_money(bson_iter_init_find(&it, invoice, "amount") ? bson_iter_as_int64(&it) : 0,
                 json_bson_str(invoice, "currency"), amount, sizeof(amount));
    snprintf(link, sizeof(link), "%s/invoices/%s", app->cfg.public_url, id);
    json_object_object_add(
        vars, "partnerName",
        json_object_new_string(json_or_empty(json_bson_str(invoice, "partnerName"))));
    json_object_object_add(vars, "period",
                           json_object_new_string(json_or_empty(json_bson_str(invoice, "period"))));
    json_object_object_add(vars, "amount", json_object_new_string(amount));
    if (json_bson_str(invoice, "number") != NULL)
        json_object_object_add(vars, "invoiceNumber",
                               json_object_new_string(json_bson_str(invoice, "number")));
    if (reason != NULL)
        json_object_object_add(vars, "reason", json_object_new_string(reason));
    json_object_object_add(vars, "link", json_object_new_string(link));
    snprintf(job, sizeof(job), "pf.%.60s.alert", event); /* each sent at most once */
    if (!mail_enqueue(app, "payment-failed", app->cfg.alert_email_to, vars, job, &err))
        log_error("cannot queue the payment-failed alert", "invoice=%s err=\"%s\"", id,
                  err.message);
    if (store_find_one(app->db, "partners", filter, NULL, &p, &found, &err) && found
        && json_bson_str(p, "email") != NULL) {
        snprintf(job, sizeof(job), "pf.%.60s.partner", event);
        if (!mail_enqueue(app, "payment-failed", json_bson_str(p, "email"), vars, job, &err))
            log_error("cannot queue the partner's payment-failed e-mail", "invoice=%s", id);
    }
    bson_destroy(p);
    bson_destroy(filter);
    json_object_put(vars);
}

static void
report(struct webhook_report *r, bool applied)
{
    r->applied = applied;
    r->status = applied ? "processed" : "ignored";
}

/* the event's effect on our invoice; r says whether one changed */
static bool
apply_event(struct app *app, const char *event, const struct transition *t, json_object *inv,
            struct webhook_report *r, struct err *err)
{
    bson_t *after = NULL;
    bool ok = apply_transition(app, t, inv, &after, err);

    if (ok)
        report(r, after != NULL);
    if (ok && after == NULL) /* not ours, or an order that would move it back */
        snprintf(r->summary, sizeof(r->summary), "%s: invoice %.60s unknown or past it", t->type,
                 json_str(inv, "id"));
    else if (ok) {
        snprintf(r->summary, sizeof(r->summary), "%s: invoice %.60s now %s", t->type,
                 json_str(inv, "id"), t->to);
        if (strcmp(t->to, "failed") == 0)
            alert_failed(app, after, inv, event);
    }
    bson_destroy(after);
    return ok;
}

bool
stripe_delivery_apply(struct app *app, const struct webhook_delivery *d, struct webhook_report *r,
                      struct err *err)
{
    json_object *o = json_tokener_parse(d->body);
    json_object *inv = json_member(json_member(o, "data"), "object");
    const char *event = json_str(o, "id"), *type = json_str(o, "type");
    const struct transition *t = transition_of(type);
    bool dup = false, ok = true;

    r->events = 1;
    report(r, false);
    if (event == NULL || type == NULL || t == NULL || json_str(inv, "id") == NULL) {
        snprintf(r->summary, sizeof(r->summary), "%.60s: not handled",
                 type != NULL ? type : "not a Stripe event");
        goto out;
    }
    ok = seen(app, event, &dup, err);
    if (ok && dup)
        snprintf(r->summary, sizeof(r->summary), "%.60s: event %.60s applied before", type, event);
    else if (ok)
        ok = apply_event(app, event, t, inv, r, err) && remember(app, event, type, err);
out:
    json_object_put(o);
    return ok;
}
