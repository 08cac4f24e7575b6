/* partner_billing.c - the billing configuration of a partner (DESIGN §7.11): a type and
 * month ranges {from, to|null, value}; value is cents per lead, or basis points of the deal
 * amount for percentage_of_deal */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "auth/scope.h"
#include "core/json.h"
#include "core/oid.h"
#include "db/store.h"
#include "domain/ledger_terms.h"
#include "domain/partners.h"
#include "model/model.h"
#include "queue/events.h"

#define MAX_TERMS 120
#define MAX_CENTS 100000000LL  /* $1,000,000 per lead */
#define MAX_BASIS_POINTS 10000 /* 100 % */

static const char *const billing_types[] = {BILLING_QUALIFIED, BILLING_WON, BILLING_PERCENT,
                                            BILLING_HELD, NULL};

static bool
known_type(const char *t)
{
    for (int i = 0; t != NULL && billing_types[i] != NULL; i++)
        if (strcmp(t, billing_types[i]) == 0)
            return true;
    return false;
}

/* one term: from <= to, integer value in range; previous_end is the last month covered so
 * far (-1 before the first term), so overlaps and unordered terms are refused */
static void
check_term(json_object *term, size_t i, bool percent, int *previous_end, bool *open_seen,
           struct err *err)
{
    char field[48];
    json_object *to = json_member(term, "to"), *value = json_member(term, "value");
    const char *from = json_str(term, "from");
    int f, t;

    snprintf(field, sizeof(field), "billingTerms[%zu]", i);
    if (!json_object_is_type(term, json_type_object)) {
        err_detail(err, field, "must be an object {from, to, value}");
        return;
    }
    json_object_object_foreach(term, key, v)
    {
        (void)v;
        if (strcmp(key, "from") != 0 && strcmp(key, "to") != 0 && strcmp(key, "value") != 0)
            err_detail(err, field, "has an unknown field %s", key);
    }
    f = from != NULL ? ledger_month_index(from) : -1;
    t = to == NULL                                  ? -2
        : json_object_is_type(to, json_type_string) ? ledger_month_index(json_object_get_string(to))
                                                    : -1;
    if (f < 0)
        err_detail(err, field, "from must be a month YYYY-MM");
    if (t == -1)
        err_detail(err, field, "to must be a month YYYY-MM or null");
    if (f >= 0 && t >= 0 && t < f)
        err_detail(err, field, "to must not be before from");
    if (*open_seen || (f >= 0 && f <= *previous_end))
        err_detail(err, field, "overlaps the term before it (terms go in month order)");
    int64_t n = json_object_is_type(value, json_type_int) ? json_object_get_int64(value) : -1;
    if (n < 0 || n > (percent ? MAX_BASIS_POINTS : MAX_CENTS))
        err_detail(err, field,
                   percent ? "value must be basis points from 0 to 10000"
                           : "value must be cents from 0 to 100000000");
    *previous_end = t >= 0 ? t : f;
    *open_seen = *open_seen || t == -2;
}

/* currency: absent (usd), or three lower-case letters (an ISO 4217 code as Stripe writes it) */
static void
check_currency(json_object *in, struct err *err)
{
    json_object *v = json_member(in, "currency");
    const char *c = json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;

    if (v == NULL && !json_object_object_get_ex(in, "currency", NULL))
        return;
    if (c == NULL || strlen(c) != 3 || c[0] < 'a' || c[0] > 'z' || c[1] < 'a' || c[1] > 'z'
        || c[2] < 'a' || c[2] > 'z')
        err_detail(err, "currency", "must be a currency code of three lower-case letters (usd)");
}

static bool
check_billing(json_object *in, struct err *err)
{
    json_object *type = NULL, *terms = NULL;
    int previous_end = -1;
    bool open_seen = false, percent;

    model_refuse_unknown(in, (const char *const[]){"billingType", "billingTerms", "currency", NULL},
                         err);
    check_currency(in, err);
    json_object_object_get_ex(in, "billingType", &type);
    json_object_object_get_ex(in, "billingTerms", &terms);
    if (!json_object_is_type(type, json_type_string) || !known_type(json_object_get_string(type)))
        err_detail(err, "billingType",
                   "must be one of qualified_lead, closed_won_lead, percentage_of_deal, "
                   "meeting_held");
    percent = type != NULL && strcmp(json_object_get_string(type), "percentage_of_deal") == 0;
    if (!json_object_is_type(terms, json_type_array) || json_object_array_length(terms) == 0
        || json_object_array_length(terms) > MAX_TERMS)
        err_detail(err, "billingTerms", "must be a list of 1 to %d terms", MAX_TERMS);
    else
        for (size_t i = 0; i < json_object_array_length(terms); i++)
            check_term(json_object_array_get_idx(terms, i), i, percent, &previous_end, &open_seen,
                       err);
    return err->ndetails == 0 ? true : err_set(err, ERR_VALIDATION_FAILED, "invalid billing");
}

/* the live partner in reach: its document (one read) */
static bson_t *
partner_doc(struct app *app, const struct principal *p, const char *id, bson_oid_t *oid,
            struct err *err)
{
    bson_t *doc = NULL;

    return partner_load(app, p, id, &doc, oid, err) ? doc : NULL;
}

json_object *
partners_billing_get(struct app *app, const struct principal *p, const char *id, struct err *err)
{
    bson_oid_t oid;
    bson_t *doc = partner_doc(app, p, id, &oid, err);
    bson_iter_t it;
    json_object *out = NULL;

    if (doc == NULL)
        return NULL;
    if (bson_iter_init_find(&it, doc, "billing") && BSON_ITER_HOLDS_DOCUMENT(&it)) {
        char *json = bson_as_relaxed_extended_json(doc, NULL); /* plain strings and ints only */
        json_object *all = json_tokener_parse(json), *billing;
        bson_free(json);
        if (all != NULL && json_object_object_get_ex(all, "billing", &billing))
            out = json_object_get(billing);
        json_object_put(all);
    }
    if (out == NULL) {
        out = json_object_new_object();
        json_object_object_add(out, "billingType", NULL);
        json_object_object_add(out, "billingTerms", json_object_new_array());
    }
    if (!json_object_object_get_ex(out, "currency", NULL))
        json_object_object_add(out, "currency", json_object_new_string(LEDGER_CURRENCY_DEFAULT));
    bson_destroy(doc);
    return out;
}

static void
billing_event(struct app *app, const struct principal *p, const bson_oid_t *partner,
              json_object *billing)
{
    char hex[OID_STR_SIZE];
    struct event ev = {.action = "partner.billing_updated",
                       .entity_type = "partner",
                       .entity_id = hex,
                       .partner_id = hex,
                       .after = billing,
                       .source = SOURCE_UI};

    oid_format(partner, hex);
    events_record(app, p, &ev);
}

json_object *
partners_billing_put(struct app *app, const struct principal *p, const char *id, json_object *in,
                     struct err *err)
{
    bson_oid_t oid;
    bson_t *doc = NULL, *billing = NULL, *set = NULL;
    bson_error_t error;
    json_object *out = NULL;

    doc = partner_doc(app, p, id, &oid, err); /* another partner's id: 404 before 403 */
    if (doc == NULL)
        goto out;
    if (!scope_trusted(p)) {
        err_set(err, ERR_FORBIDDEN, "only staff change billing");
        goto out;
    }
    if (!check_billing(in, err))
        goto out;
    billing = bson_new_from_json((const uint8_t *)json_object_to_json_string(in), -1, &error);
    if (billing == NULL) {
        err_set(err, ERR_INTERNAL, "internal error");
        err_cause(err, "billing as BSON: %s", error.message);
        goto out;
    }
    set = BCON_NEW("billing", BCON_DOCUMENT(billing));
    if (!store_set_by_id(app->db, "partners", &oid, set, err))
        goto out;
    billing_event(app, p, &oid, in);
    out = partners_billing_get(app, p, id, err);
out:
    bson_destroy(set);
    bson_destroy(billing);
    bson_destroy(doc);
    return out;
}

bool
partner_lookup(struct app *app, const char *id, char *name, size_t name_cap, char *billing_type,
               size_t type_cap, struct err *err)
{
    bson_oid_t oid;
    bson_t *filter, *doc = NULL;
    bson_iter_t it, sub;
    bool found = false;

    name[0] = billing_type[0] = '\0';
    if (!oid_parse_str(id, &oid))
        return err_set(err, ERR_NOT_FOUND, "no such partner");
    /* by _id alone (FerretDB passes it down); an archived partner is none */
    filter = BCON_NEW("_id", BCON_OID(&oid));
    bson_t *opts = BCON_NEW("projection", "{", "name", BCON_INT32(1), "billing", BCON_INT32(1),
                            "archivedAt", BCON_INT32(1), "}");
    bool ok = store_find_one(app->db, "partners", filter, opts, &doc, &found, err);
    bson_destroy(filter);
    bson_destroy(opts);
    found = found && !json_bson_archived(doc);
    if (ok && found) {
        if (bson_iter_init_find(&it, doc, "name") && BSON_ITER_HOLDS_UTF8(&it))
            snprintf(name, name_cap, "%s", bson_iter_utf8(&it, NULL));
        if (bson_iter_init_find(&it, doc, "billing") && BSON_ITER_HOLDS_DOCUMENT(&it)
            && bson_iter_recurse(&it, &sub) && bson_iter_find(&sub, "billingType")
            && BSON_ITER_HOLDS_UTF8(&sub))
            snprintf(billing_type, type_cap, "%s", bson_iter_utf8(&sub, NULL));
    }
    bson_destroy(doc);
    if (ok && !found)
        return err_set(err, ERR_NOT_FOUND, "no such partner");
    return ok;
}
