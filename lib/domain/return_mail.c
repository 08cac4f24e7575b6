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
#include "domain/returns.h"
#include "mail/mail.h"
#include "queue/job.h"

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
    add_str(vars, "reason", returns_reason_label(json_bson_str(ret, "reason")));
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

void
return_mail_decided(struct app *app, const bson_t *ret, int64_t credit, const char *currency,
                    const char *credit_note)
{
    char id[OID_STR_SIZE], job[JOB_ID_CAP], email[256], partner[200], amount[48];
    const char *status = json_or_empty(json_bson_str(ret, "status"));
    const bool approved = strcmp(status, "approved") == 0;
    struct err err = ERR_INIT;
    json_object *vars;

    oid_format(json_bson_oid(ret, "_id"), id);
    store_string_by_id(app->db, "users", json_bson_oid(ret, "requestedBy"), "email", email,
                       sizeof(email));
    if (email[0] == '\0') {
        log_warn("a decided return has no asker to tell", "return=%s", id);
        return;
    }
    store_string_by_id(app->db, "partners", json_bson_oid(ret, "partner"), "name", partner,
                       sizeof(partner));
    vars = common_vars(app, ret, partner);
    json_object_object_add(vars, approved ? "approved" : "rejected", json_object_new_boolean(1));
    add_str(vars, "decision", approved ? "approved" : "rejected");
    add_str(vars, "decisionNote", json_bson_str(ret, "decisionNote"));
    if (credit > 0) {
        ledger_money(credit, currency, amount, sizeof(amount));
        add_str(vars, "credit", amount);
        add_str(vars, "creditNote", credit_note);
    }
    snprintf(job, sizeof(job), "rt.%s.decided", id);
    if (!mail_enqueue(app, "return-decided", email, vars, job, &err))
        log_error("cannot queue the return-decided e-mail", "return=%s err=\"%s\"", id,
                  err.message);
    json_object_put(vars);
}
