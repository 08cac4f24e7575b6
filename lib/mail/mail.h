/* mail.h - e-mail: enqueue (requests), render from template files and send (the email worker) */
#ifndef PC_MAIL_H
#define PC_MAIL_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stddef.h>

#include "app.h"
#include "core/err.h"
#include "queue/job.h"

struct mail_message {
    char id[JOB_ID_CAP];                     /* the job id: Message-ID, file name, idempotency */
    char tag[48];                            /* the template name, sent to Mailgun as o:tag */
    char *from, *to, *subject, *text, *html; /* owned */
    /* template variables that had no value, per file ("x.txt: a,b; x.html: c"), "" when none:
     * rendered as nothing, so a misspelt name shows only here and in the worker's log */
    char missing[512];
};

/* mail_enqueue - queue template for to with vars (borrowed). job_id NULL makes one; a given
 * id is sent at most once. While Redis is down the job waits in the outbox (outbox.h); false
 * only when the database is down too. */
bool mail_enqueue(struct app *app, const char *template_name, const char *to, json_object *vars,
                  const char *job_id, struct err *err);

/* mail_render - fill m from PC_TEMPLATE_DIR/templates/<name>.txt (first line "Subject: ...",
 * a blank line, the text body) and <name>.html inside layout.html; m->missing names the
 * variables the templates use but vars lacks. The caller releases m. */
bool mail_render(const struct config *cfg, const char *template_name, const char *to,
                 json_object *vars, struct mail_message *m, struct err *err);
void mail_message_release(struct mail_message *m);

enum mail_outcome { MAIL_SENT, MAIL_RETRY, MAIL_REJECTED };

/* mail_send - deliver through MAIL_TRANSPORT. MAIL_RETRY for outages, 429 and 5xx (with
 * *retry_after_s from the provider, or -1); MAIL_REJECTED for a permanent refusal (4xx).
 * error receives a one-line reason when not sent. */
enum mail_outcome mail_send(struct app *app, const struct mail_message *m, int *retry_after_s,
                            char *error, size_t cap);

/* transports */
enum mail_outcome mail_file_write(const char *dir, const struct mail_message *m, char *error,
                                  size_t cap);
enum mail_outcome mailgun_send(struct app *app, const struct mail_message *m, int *retry_after_s,
                               char *error, size_t cap);

/* mailgun_form - the form body Mailgun's messages API expects (caller frees); the Message-Id
 * is "<job id@domain>", domain being MAILGUN_DOMAIN or, when NULL or empty, MAIL_FROM's */
char *mailgun_form(const struct mail_message *m, const char *domain);

/* mailgun_retry_after - the N of "try again after N seconds" in the message of a Mailgun 429
 * body ({"message": "..."}), at most a day; -1 when absent */
int mailgun_retry_after(const char *body);

/* mail_eml - the whole RFC 5322 message as the file transport writes it (caller frees) */
char *mail_eml(const struct mail_message *m, long long now);

#endif
