/* return_mail.c - the e-mails of a lead return (return_mail.h). Each is queued under a job id
 * of the return and the step, so a retried request or decision sends it once. */
#include "domain/return_mail.h"

#include <stdio.h>
#include <string.h>

#include "core/json.h"
#include "core/log.h"
#include "core/oid.h"
#include "db/store.h"
#include "domain/ledger.h"
#include "mail/mail.h"
#include "queue/job.h"

/* the reasons as the returns page words them */
static const char *
reason_label(const char *reason)
{
    static const struct {
        const char *code, *label;
    } labels[] = {{"outside_icp", "Outside our ICP"},
                  {"already_in_crm", "Already in our CRM"},
                  {"not_decision_maker", "Not a decision maker"},
                  {"no_show", "No-show"},
                  {"wrong_contact_data", "Wrong contact data"},
                  {"duplicate", "Duplicate"}};

    for (size_t i = 0; reason != NULL && i < sizeof(labels) / sizeof(labels[0]); i++)
        if (strcmp(labels[i].code, reason) == 0)
            return labels[i].label;
    return json_or_empty(reason);
}

static void
add_str(json_object *vars, const char *name, const char *value)
{
    if (value != NULL && value[0] != '\0')
        json_object_object_add(vars, name, json_object_new_string(value));
}

/* the variables both e-mails share */
static json_object *
common_vars(struct app *app, const bson_t *ret, const char *partner_name)
{
    json_object *vars = json_object_new_object();
    char lead[OID_STR_SIZE], link[256];

    oid_format(json_bson_oid(ret, "lead"), lead);
    snprintf(link, sizeof(link), "%s/leads/%s", app->cfg.public_url, lead);
    add_str(vars, "partnerName", partner_name);
    add_str(vars, "leadEmail", json_bson_str(ret, "leadEmail"));
    add_str(vars, "reason", reason_label(json_bson_str(ret, "reason")));
    add_str(vars, "note", json_bson_str(ret, "note"));
    add_str(vars, "leadLink", link);
    return vars;
}

void
return_mail_requested(struct app *app, const bson_t *ret, const bson_t *pdoc)
{
    char id[OID_STR_SIZE], job[JOB_ID_CAP], link[256];
    struct err err = ERR_INIT;
    json_object *vars = common_vars(app, ret, json_bson_str(pdoc, "name"));

    oid_format(json_bson_oid(ret, "_id"), id);
    snprintf(link, sizeof(link), "%s/returns", app->cfg.public_url);
    add_str(vars, "link", link);
    snprintf(job, sizeof(job), "rt.%s.asked", id);
    if (!mail_enqueue(app, "return-requested", app->cfg.alert_email_to, vars, job, &err))
        log_error("cannot queue the return-requested e-mail", "return=%s err=\"%s\"", id,
                  err.message);
    json_object_put(vars);
}

/* one string field of the document of collection with _id id ("" when none) */
static void
field_of(struct app *app, const char *collection, const bson_oid_t *id, const char *field,
         char *out, size_t cap)
{
    bson_t *filter, *opts, *doc = NULL;
    bool found = false;
    struct err err = ERR_INIT;

    out[0] = '\0';
    if (id == NULL)
        return;
    filter = BCON_NEW("_id", BCON_OID(id));
    opts = BCON_NEW("projection", "{", field, BCON_INT32(1), "}");
    if (store_find_one(app->db, collection, filter, opts, &doc, &found, &err) && found)
        snprintf(out, cap, "%s", json_or_empty(json_bson_str(doc, field)));
    bson_destroy(doc);
    bson_destroy(opts);
    bson_destroy(filter);
}

void
return_mail_decided(struct app *app, const bson_t *ret, int64_t credit, const char *currency)
{
    char id[OID_STR_SIZE], job[JOB_ID_CAP], email[256], partner[200], amount[48];
    const char *status = json_or_empty(json_bson_str(ret, "status"));
    const bool approved = strcmp(status, "approved") == 0;
    struct err err = ERR_INIT;
    json_object *vars;

    oid_format(json_bson_oid(ret, "_id"), id);
    field_of(app, "users", json_bson_oid(ret, "requestedBy"), "email", email, sizeof(email));
    if (email[0] == '\0') {
        log_warn("a decided return has no asker to tell", "return=%s", id);
        return;
    }
    field_of(app, "partners", json_bson_oid(ret, "partner"), "name", partner, sizeof(partner));
    vars = common_vars(app, ret, partner);
    json_object_object_add(vars, approved ? "approved" : "rejected", json_object_new_boolean(1));
    add_str(vars, "decision", approved ? "approved" : "rejected");
    add_str(vars, "decisionNote", json_bson_str(ret, "decisionNote"));
    add_str(vars, "link", json_object_get_string(json_object_object_get(vars, "leadLink")));
    if (credit != 0) {
        ledger_money(credit, currency, amount, sizeof(amount));
        add_str(vars, "credit", amount);
    }
    snprintf(job, sizeof(job), "rt.%s.decided", id);
    if (!mail_enqueue(app, "return-decided", email, vars, job, &err))
        log_error("cannot queue the return-decided e-mail", "return=%s err=\"%s\"", id,
                  err.message);
    json_object_put(vars);
}
