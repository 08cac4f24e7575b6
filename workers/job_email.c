/* job_email.c - the email queue: render the template, send it, record it in mail_log once */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/clock.h"
#include "core/json.h"
#include "db/db.h"
#include "jobs.h"
#include "mail/mail.h"

/* whether this job's message was sent before (a redelivered job) */
static bool
already_sent(struct app *app, const char *id, bool *sent, struct err *err)
{
    bson_t *filter = BCON_NEW("_id", BCON_UTF8(id));
    bson_error_t error;
    int64_t n = mongoc_collection_count_documents(db_collection(app->db, "mail_log"), filter, NULL,
                                                  NULL, NULL, &error);

    bson_destroy(filter);
    if (n < 0)
        return db_fail(err, &error, "mail_log lookup");
    *sent = n > 0;
    return true;
}

static bool
record_sent(struct app *app, const struct mail_message *m, struct err *err)
{
    bson_t *doc = BCON_NEW("_id", BCON_UTF8(m->id), "to", BCON_UTF8(m->to), "template",
                           BCON_UTF8(m->tag), "transport", BCON_UTF8(app->cfg.mail_transport),
                           "sentAt", BCON_DATE_TIME(clock_now_ms()));
    bson_error_t error;
    bool ok =
        mongoc_collection_insert_one(db_collection(app->db, "mail_log"), doc, NULL, NULL, &error);

    bson_destroy(doc);
    if (!ok && !db_is_duplicate(&error))
        return db_fail(err, &error, "mail_log insert");
    return true;
}

enum job_result
job_email(struct app *app, const struct job *job, struct job_outcome *out)
{
    json_object *payload = job_payload(job), *vars = NULL;
    struct mail_message m = {0};
    struct err err = ERR_INIT;
    enum job_result result = JOB_FAIL;
    bool sent = false;

    if (payload == NULL || json_str(payload, "template") == NULL
        || json_str(payload, "to") == NULL) {
        snprintf(out->error, sizeof(out->error), "e-mail job without template or recipient");
        goto out;
    }
    if (!already_sent(app, job->id, &sent, &err)) {
        result = JOB_RETRY;
        snprintf(out->error, sizeof(out->error), "%s", err.message);
        goto out;
    }
    if (sent) {
        result = JOB_OK;
        goto out;
    }
    json_object_object_get_ex(payload, "vars", &vars);
    if (!mail_render(&app->cfg, json_str(payload, "template"), json_str(payload, "to"), vars, &m,
                     &err)) {
        snprintf(out->error, sizeof(out->error), "%.120s %.120s", err.message, err.cause);
        goto out; /* a broken template does not heal by retrying */
    }
    snprintf(m.id, sizeof(m.id), "%s", job->id);
    switch (mail_send(app, &m, &out->retry_after_s, out->error, sizeof(out->error))) {
    case MAIL_SENT: result = record_sent(app, &m, &err) ? JOB_OK : JOB_RETRY; break;
    case MAIL_RETRY: result = JOB_RETRY; break;
    case MAIL_REJECTED: result = JOB_FAIL; break;
    }
out:
    mail_message_release(&m);
    if (payload != NULL)
        json_object_put(payload);
    return result;
}
