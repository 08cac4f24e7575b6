/* lead_notify.c - the new-lead e-mail (DESIGN §7.14): a lead assigned to a partner is
 * announced to that partner's active users; queued (or parked in the outbox while Redis is
 * down), never waited for, and never failing the change that caused it */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/json.h"
#include "core/log.h"
#include "core/oid.h"
#include "db/store.h"
#include "domain/leads.h"
#include "mail/mail.h"

#define RECIPIENTS_MAX 500

/* a string of the lead's JSON, "" when absent: template variables are never null */
static const char *
str(json_object *lead, const char *key)
{
    return json_or_empty(json_str(lead, key));
}

static void
add(json_object *vars, const char *key, const char *value)
{
    json_object_object_add(vars, key, json_object_new_string(value));
}

json_object *
lead_notify_vars(const char *public_url, json_object *lead, const char *recipient_name,
                 int64_t meeting_ms)
{
    json_object *vars = json_object_new_object();
    const char *first = str(lead, "firstName"), *last = str(lead, "lastName");
    char name[256], link[512], when[64] = "";

    snprintf(name, sizeof(name), "%s%s%s", first, first[0] && last[0] ? " " : "", last);
    snprintf(link, sizeof(link), "%s/leads/%s", public_url, str(lead, "id"));
    if (meeting_ms > 0) {
        time_t secs = (time_t)(meeting_ms / 1000);
        struct tm tm;
        gmtime_r(&secs, &tm);
        strftime(when, sizeof(when), "%Y-%m-%d %H:%M UTC", &tm);
    }
    add(vars, "name", recipient_name);
    add(vars, "partnerName", str(lead, "partnerName"));
    add(vars, "leadName", name[0] ? name : str(lead, "email"));
    add(vars, "leadEmail", str(lead, "email"));
    add(vars, "jobTitle", str(lead, "jobTitle"));
    add(vars, "company", str(lead, "company"));
    add(vars, "meetingTime", when);
    add(vars, "link", link);
    return vars;
}

struct notice {
    struct app *app;
    json_object *lead;
    int64_t meeting_ms;
};

/* queue the e-mail for one recipient (a users document with email and name); a failure is
 * logged and the next recipient still gets theirs */
static bool
notify_one(const bson_t *user, void *ctx, struct err *ignored)
{
    struct notice *n = ctx;
    const bson_oid_t *id = json_bson_oid(user, "_id");
    const char *email = json_bson_str(user, "email");
    char user_hex[OID_STR_SIZE], job[JOB_ID_CAP];
    struct err err = ERR_INIT;
    json_object *vars;

    (void)ignored;
    if (id == NULL || email == NULL)
        return true;
    oid_format(id, user_hex);
    /* one message per lead, partner and person: a repeat (retry, re-assignment) sends nothing */
    snprintf(job, sizeof(job), "nl.%s.%s.%s", str(n->lead, "id"), str(n->lead, "partner"),
             user_hex);
    vars = lead_notify_vars(n->app->cfg.public_url, n->lead,
                            json_or_empty(json_bson_str(user, "name")), n->meeting_ms);
    if (!mail_enqueue(n->app, "new-lead", email, vars, job, &err))
        log_error("cannot queue the new-lead e-mail", "job=%s err=\"%s %s\"", job, err.message,
                  err.cause);
    json_object_put(vars);
    return true;
}

void
lead_notify_partner(struct app *app, json_object *lead, int64_t meeting_ms)
{
    const char *partner = str(lead, "partner");
    struct notice n = {app, lead, meeting_ms};
    struct err err = ERR_INIT;
    bson_oid_t oid;
    bson_t *filter, *opts;

    if (!oid_parse_str(partner, &oid) || strlen(str(lead, "id")) != OID_HEX_LEN)
        return;
    filter = BCON_NEW("partner", BCON_OID(&oid), "isActive", BCON_BOOL(true), "status",
                      BCON_UTF8("active"), "archivedAt", BCON_NULL);
    opts = BCON_NEW("projection", "{", "email", BCON_INT32(1), "name", BCON_INT32(1), "}", "limit",
                    BCON_INT64(RECIPIENTS_MAX));
    if (!store_each(app->db, "users", filter, opts, notify_one, &n, &err))
        log_error("cannot find the partner's users for the new-lead e-mail",
                  "lead=%s partner=%s err=\"%s\"", str(lead, "id"), partner, err.cause);
    bson_destroy(filter);
    bson_destroy(opts);
}
