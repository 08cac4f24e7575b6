/* job_email.c - the email queue: render the template, send it, record it in mail_log once */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/clock.h"
#include "core/json.h"
#include "db/store.h"
#include "domain/users.h"
#include "jobs.h"
#include "mail/mail.h"

/* whether this job's message was sent before (a redelivered job) */
static bool
already_sent(struct app *app, const char *id, bool *sent, struct err *err)
{
    bson_t *filter = BCON_NEW("_id", BCON_UTF8(id));
    int64_t n = 0;
    bool ok = store_count(app->db, "mail_log", filter, &n, err);

    bson_destroy(filter);
    *sent = n > 0;
    return ok;
}

static bool
record_sent(struct app *app, const struct mail_message *m, struct err *err)
{
    bson_t *doc = BCON_NEW("_id", BCON_UTF8(m->id), "to", BCON_UTF8(m->to), "template",
                           BCON_UTF8(m->tag), "transport", BCON_UTF8(app->cfg.mail_transport),
                           "sentAt", BCON_DATE_TIME(clock_now_ms()));
    bool ok = store_insert_once(app->db, "mail_log", doc, err);

    bson_destroy(doc);
    return ok;
}

/* render and send; the transport decides retry (429, 5xx) or dead (rejected) */
static enum job_result
render_and_send(struct app *app, const struct job *job, json_object *payload,
                struct job_outcome *out)
{
    struct mail_message m = {0};
    struct err err = ERR_INIT;
    enum job_result result = JOB_FAIL;

    /* a broken template does not heal by retrying: whatever its code, the job is dead */
    if (!mail_render(&app->cfg, json_str(payload, "template"), json_str(payload, "to"),
                     json_member(payload, "vars"), &m, &err)) {
        job_result_from_err(&err, out);
        goto out;
    }
    snprintf(m.id, sizeof(m.id), "%s", job->id);
    switch (mail_send(app, &m, &out->retry_after_s, out->error, sizeof(out->error))) {
    case MAIL_SENT:
        record_sent(app, &m, &err);
        result = job_result_from_err(&err, out);
        break;
    case MAIL_RETRY: result = JOB_RETRY; break;
    case MAIL_REJECTED: result = JOB_FAIL; break;
    }
out:
    mail_message_release(&m);
    return result;
}

enum job_result
job_email(struct app *app, const struct job *job, bool last_attempt, struct job_outcome *out)
{
    json_object *payload = job_payload(job);
    struct err err = ERR_INIT;
    enum job_result result = JOB_FAIL;
    bool sent = false;

    (void)last_attempt;
    if (payload != NULL && strcmp(job->type, USERS_RESET_JOB) == 0) {
        /* a forgotten password: the lookup the API did not make (users_forgot_password) */
        if (json_str(payload, "email") == NULL)
            snprintf(out->error, sizeof(out->error), "reset request without an e-mail");
        else if (users_password_reset_run(app, json_str(payload, "email"), &err))
            result = JOB_OK;
        else
            result = job_result_from_err(&err, out);
    } else if (payload == NULL || json_str(payload, "template") == NULL
               || json_str(payload, "to") == NULL)
        snprintf(out->error, sizeof(out->error), "e-mail job without template or recipient");
    else if (!already_sent(app, job->id, &sent, &err) || sent)
        result = job_result_from_err(&err, out); /* sent before: done */
    else
        result = render_and_send(app, job, payload, out);
    json_object_put(payload);
    return result;
}
