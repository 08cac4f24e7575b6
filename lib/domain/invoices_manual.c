/* invoices_manual.c - the owner's manual lines (invoices.h): a credit onto the ledger (taken off
 * the next monthly invoice), a charge onto the ledger and at once into a one-off invoice */
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/json.h"
#include "core/oid.h"
#include "db/store.h"
#include "domain/invoices.h"
#include "domain/invoices_int.h"
#include "domain/ledger.h"
#include "domain/ledger_terms.h"
#include "domain/partners.h"
#include "model/tables.h"

#define MANUAL_MAX_CENTS 100000000LL /* $1,000,000 */

/* {amount, description}: all problems at once */
static bool
read_manual(json_object *in, int64_t *amount, const char **description, struct err *err)
{
    json_object *v = json_member(in, "amount");

    model_refuse_unknown(in, (const char *const[]){"amount", "description", NULL}, err);
    if (!json_object_is_type(v, json_type_int) || json_object_get_int64(v) < 1
        || json_object_get_int64(v) > MANUAL_MAX_CENTS)
        err_detail(err, "amount", "must be whole cents from 1 to %lld", MANUAL_MAX_CENTS);
    *amount = json_object_get_int64(v);
    model_string(in, "description", 1, 200, true, description, err);
    return err->ndetails == 0 ? true : err_set(err, ERR_VALIDATION_FAILED, "invalid amount");
}

/* the manual line of kind on partner's ledger into *line (its id), amount signed by kind */
static json_object *
manual_line(struct app *app, const struct principal *p, const char *partner, json_object *in,
            const char *kind, bson_oid_t *line_id, struct err *err)
{
    bson_t *doc = NULL, *billing = NULL, *filter = NULL, *line = NULL;
    bson_oid_t oid;
    int64_t amount = 0;
    const char *description = NULL;
    char currency[4], key[LEDGER_KEY_CAP], hex[OID_STR_SIZE];
    bool found = false;
    json_object *out = NULL;

    if (!partner_load(app, p, partner, &doc, &oid, err)
        || !read_manual(in, &amount, &description, err)
        || !ledger_partner_billing(app, &oid, &billing, currency, err))
        goto out;
    bson_oid_init(line_id, NULL);
    oid_format(line_id, hex);
    snprintf(key, sizeof(key), "%s:%s", kind, hex);
    struct ledger_line l = {.kind = kind,
                            .partner = &oid,
                            .amount = strcmp(kind, "credit") == 0 ? -amount : amount,
                            .rate = -1,
                            .deal_cents = -1,
                            .at_ms = clock_now_ms(),
                            .currency = currency,
                            .description = description,
                            .key = key};
    if (!ledger_write(app, &l, NULL, err))
        goto out;
    filter = BCON_NEW("key", BCON_UTF8(key));
    if (store_find_one(app->db, "ledger", filter, NULL, &line, &found, err) && found) {
        bson_oid_copy(json_bson_oid(line, "_id"), line_id);
        out = model_output(&ledger_model, line, p);
    }
out:
    bson_destroy(line);
    bson_destroy(filter);
    bson_destroy(billing);
    bson_destroy(doc);
    return out;
}

json_object *
invoices_credit(struct app *app, const struct principal *p, const char *partner, json_object *in,
                struct err *err)
{
    bson_oid_t line;

    return manual_line(app, p, partner, in, "credit", &line, err);
}

json_object *
invoices_charge(struct app *app, const struct principal *p, const char *partner, json_object *in,
                struct err *err)
{
    bson_oid_t line, invoice;
    struct stripe_client c;
    json_object *l = manual_line(app, p, partner, in, "manual_charge", &line, err), *out = NULL;
    char id[OID_STR_SIZE];

    if (l == NULL)
        return NULL;
    invoices_stripe_client(app, &c);
    if (invoices_one_off(app, &c, &line, &invoice, err)) {
        oid_format(&invoice, id);
        out = invoices_get(app, p, id, err);
    }
    json_object_put(l);
    return out;
}
