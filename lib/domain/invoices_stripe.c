/* invoices_stripe.c - one partner's month into Stripe, step by step (integrations.md §D.3):
 * customer (once per partner), draft invoice, one item per ledger line, finalize, send. Each
 * step's result is stored on the local invoice before the next step, and each call carries
 * the Idempotency-Key pc-<partner>-<period>-<step>, so a retry or a re-run repeats nothing. */
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/json.h"
#include "core/log.h"
#include "core/oid.h"
#include "db/store.h"
#include "domain/invoices_int.h"
#include "domain/ledger_terms.h"

void
invoices_stripe_client(struct app *app, struct stripe_client *c)
{
    *c = (struct stripe_client){.http = app_http(app),
                                .base_url = app->cfg.stripe_base_url,
                                .secret_key = app->cfg.stripe_secret_key,
                                .version = app->cfg.stripe_api_version,
                                .timeout_ms = app->cfg.http_timeout_ms};
}

/* a string member of a Stripe object, "" when absent */
static const char *
sstr(json_object *o, const char *key)
{
    return json_or_empty(json_str(o, key));
}

bool
invoices_customer(struct app *app, struct stripe_client *c, const bson_t *partner, char *out,
                  size_t cap, struct err *err)
{
    const char *have = json_bson_str(partner, "stripeCustomerId");
    const char *email = json_bson_str(partner, "email");
    const bson_oid_t *id = json_bson_oid(partner, "_id");
    char hex[OID_STR_SIZE], key[64];
    struct form f = {0};
    json_object *cus = NULL;
    bson_t *set = NULL;
    bool ok = false;

    if (have != NULL && have[0] != '\0') {
        snprintf(out, cap, "%s", have);
        return true;
    }
    if (email == NULL || email[0] == '\0') /* never a placeholder address (domain.md §10.2) */
        return err_set(err, ERR_VALIDATION_FAILED, "the partner has no billing e-mail");
    oid_format(id, hex);
    form_add(&f, "email", email);
    form_add(&f, "name", json_or_empty(json_bson_str(partner, "name")));
    form_add(&f, "metadata[partner_id]", hex);
    snprintf(key, sizeof(key), "pc-customer-%s", hex);
    if ((cus = stripe_post(c, "/v1/customers", &f, key, err)) == NULL)
        goto out;
    if (sstr(cus, "id")[0] == '\0') {
        err_set(err, ERR_INTERNAL, "Stripe's customer has no id");
        goto out;
    }
    snprintf(out, cap, "%s", sstr(cus, "id"));
    set = BCON_NEW("stripeCustomerId", BCON_UTF8(out));
    ok = store_set_by_id(app->db, "partners", id, set, err);
out:
    bson_destroy(set);
    json_object_put(cus);
    form_release(&f);
    return ok;
}

static const char *
our_status(const char *stripe)
{
    static const char *const map[][2] = {{"draft", "draft"},
                                         {"open", "open"},
                                         {"paid", "paid"},
                                         {"void", "void"},
                                         {"uncollectible", "uncollectible"}};

    for (size_t i = 0; stripe != NULL && i < sizeof(map) / sizeof(map[0]); i++)
        if (strcmp(map[i][0], stripe) == 0)
            return map[i][1];
    return NULL;
}

bool
invoices_apply_stripe(struct app *app, const bson_oid_t *invoice, json_object *s,
                      const char *status, struct err *err)
{
    bson_t set = BSON_INITIALIZER;
    json_object *due = json_member(s, "due_date");
    const char *st = status ? status : our_status(json_str(s, "status"));
    bool ok;

    if (st != NULL)
        BSON_APPEND_UTF8(&set, "status", st);
    if (json_str(s, "id") != NULL)
        BSON_APPEND_UTF8(&set, "stripeInvoiceId", json_str(s, "id"));
    if (json_str(s, "number") != NULL)
        BSON_APPEND_UTF8(&set, "number", json_str(s, "number"));
    if (json_str(s, "hosted_invoice_url") != NULL)
        BSON_APPEND_UTF8(&set, "hostedInvoiceUrl", json_str(s, "hosted_invoice_url"));
    if (json_str(s, "invoice_pdf") != NULL)
        BSON_APPEND_UTF8(&set, "invoicePdf", json_str(s, "invoice_pdf"));
    if (json_object_is_type(due, json_type_int))
        BSON_APPEND_DATE_TIME(&set, "dueDate", json_object_get_int64(due) * 1000);
    BSON_APPEND_NULL(&set, "lastError");
    ok = store_set_by_id(app->db, "invoices", invoice, &set, err);
    bson_destroy(&set);
    return ok;
}
