/* partner_api_run.c - a partner-api-lead job: the lead's status and note as its token would
 * set them through the UI's rules, and the outcome written to the job's record */
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/json.h"
#include "core/log.h"
#include "core/oid.h"
#include "db/rds.h"
#include "db/store.h"
#include "domain/leads.h"
#include "domain/partner_api.h"
#include "queue/events.h"

/* the token's principal, from the job's payload */
static bool
token_principal(json_object *payload, struct principal *p)
{
    memset(p, 0, sizeof(*p));
    p->kind = PRINCIPAL_PARTNER_TOKEN;
    p->role = ROLE_USER;
    snprintf(p->partner_id, sizeof(p->partner_id), "%s",
             json_or_empty(json_str(payload, "partner")));
    snprintf(p->token_id, sizeof(p->token_id), "%s", json_or_empty(json_str(payload, "token")));
    snprintf(p->token_name, sizeof(p->token_name), "%s",
             json_or_empty(json_str(payload, "tokenName")));
    return strlen(p->partner_id) == OID_HEX_LEN;
}

/* the id of the lead with email; not_found when there is none (lead_load then checks the reach:
 * another partner's lead is as unknown as a lead that does not exist) */
static bool
lead_by_email(struct app *app, const char *email, char id[OID_STR_SIZE], struct err *err)
{
    char lower[256];
    size_t i = 0;
    bson_t *filter, *doc = NULL;
    const bson_oid_t *oid;
    bool found = false, ok;

    for (; email[i] != '\0' && i + 1 < sizeof(lower); i++)
        lower[i] = (email[i] >= 'A' && email[i] <= 'Z') ? (char)(email[i] + 32) : email[i];
    lower[i] = '\0';
    filter = BCON_NEW("email", BCON_UTF8(lower));
    ok = store_find_one(app->db, "leads", filter, NULL, &doc, &found, err);
    bson_destroy(filter);
    if (ok && found && (oid = json_bson_oid(doc, "_id")) != NULL)
        oid_format(oid, id);
    else
        id[0] = '\0';
    bson_destroy(doc);
    if (!ok)
        return false;
    /* lead_load (by the id) then checks the archive and the reach */
    return id[0] != '\0' ? true : err_set(err, ERR_NOT_FOUND, "no such lead");
}

/* the status change, then the note: what a partner user does in the UI, in that order */
static json_object *
apply(struct app *app, const struct principal *p, const char *lead, json_object *payload,
      struct err *err)
{
    json_object *change = json_object_new_object(), *note = NULL, *out, *v;
    const char *text = json_str(payload, "note");

    json_object_object_add(change, "status", json_object_get(json_member(payload, "status")));
    if ((v = json_member(payload, "dealAmount")) != NULL)
        json_object_object_add(change, "dealAmount", json_object_get(v));
    out = leads_set_status(app, p, lead, change, SOURCE_PARTNER_API, err);
    json_object_put(change);
    if (out != NULL && text != NULL) {
        note = json_object_new_object();
        json_object_object_add(note, "text", json_object_new_string(text));
        json_object *added = notes_add(app, p, lead, note, SOURCE_PARTNER_API, err);
        if (added == NULL) {
            json_object_put(out);
            out = NULL;
        }
        json_object_put(added);
        json_object_put(note);
    }
    return out;
}

/* the refusal's reason: the message and each detail */
static void
reason_of(const struct err *err, char *out, size_t cap)
{
    int n = snprintf(out, cap, "%s", err->message);

    for (int i = 0; i < err->ndetails && n >= 0 && (size_t)n < cap; i++)
        n += snprintf(out + n, cap - (size_t)n, "%s%s: %s", i == 0 ? " (" : "; ",
                      err->details[i].field, err->details[i].problem);
    if (err->ndetails > 0 && n >= 0 && (size_t)n + 2 < cap)
        snprintf(out + n, cap - (size_t)n, ")");
}

static void
record(struct app *app, const char *id, const char *status, const char *lead, json_object *done,
       const struct err *err)
{
    char key[160], now[24], reason[1024] = "";
    const char *deal = done ? json_str(done, "dealStatus") : NULL;
    struct err werr = ERR_INIT;
    redisReply *r;

    snprintf(key, sizeof(key), "%s:papi:job:%s", app->cfg.queue_prefix, id);
    snprintf(now, sizeof(now), "%lld", (long long)clock_now_ms());
    if (err != NULL)
        reason_of(err, reason, sizeof(reason));
    r = rds_cmd(app->rds, &werr,
                "HSET %s status %s leadId %s dealStatus %s error %s reason %s "
                "finishedAt %s",
                key, status, lead ? lead : "", deal ? deal : "", err && err->code ? err->code : "",
                reason, now);
    if (r == NULL)
        log_warn("cannot record a partner API job's outcome", "job=%s err=\"%s\"", id, werr.cause);
    rds_reply_free(r);
}

bool
partner_api_run(struct app *app, const char *id, json_object *payload, bool last_attempt,
                struct err *err)
{
    struct principal p;
    char lead[OID_STR_SIZE] = "";
    const char *given = json_str(payload, "leadId"), *email = json_str(payload, "email");
    json_object *done = NULL;
    bool found;

    if (!token_principal(payload, &p)) {
        err_set(err, ERR_VALIDATION_FAILED, "the job names no partner");
        record(app, id, "refused", NULL, NULL, err);
        return true;
    }
    if (given != NULL)
        snprintf(lead, sizeof(lead), "%s", given);
    found = given != NULL || (email != NULL && lead_by_email(app, email, lead, err));
    if (found)
        done = apply(app, &p, lead, payload, err);
    if (done == NULL && err_is(err, ERR_UNAVAILABLE) && !last_attempt)
        return false; /* the database or Redis is back soon: the queue retries */
    /* a lead out of reach is reported without its id: the token never learns that it exists */
    record(app, id, done ? "done" : "refused", done || !err_is(err, ERR_NOT_FOUND) ? lead : NULL,
           done, done ? NULL : err);
    json_object_put(done);
    if (done != NULL)
        *err = (struct err)ERR_INIT;
    return true;
}
