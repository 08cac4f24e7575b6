/* mailgun.c - the Mailgun transport: POST {base}/v3/{domain}/messages, basic auth api:<key> */
#include <stdio.h>
#include <stdlib.h>
#include <openssl/crypto.h>
#include <string.h>

#include "http_client.h"
#include "log.h"
#include "mail.h"

char *
mailgun_form(const struct mail_message *m)
{
    struct form f = {0};

    form_add(&f, "from", m->from);
    form_add(&f, "to", m->to);
    form_add(&f, "subject", m->subject);
    form_add(&f, "text", m->text);
    form_add(&f, "html", m->html);
    form_add(&f, "o:tag", m->tag);
    form_add(&f, "h:Message-Id", m->id);
    form_add(&f, "v:pc-job-id", m->id);
    return f.buf;
}

enum mail_outcome
mailgun_send(struct app *app, const struct mail_message *m, int *retry_after_s, char *error,
             size_t cap)
{
    const struct config *cfg = &app->cfg;
    struct http_client *http = app_http(app);
    struct http_response res;
    struct err err = ERR_INIT;
    char url[1024], userpwd[512];
    char *body = mailgun_form(m);
    static const char *const headers[] = {"Content-Type: application/x-www-form-urlencoded",
                                          "Accept: application/json", NULL};
    struct http_request rq = {
        .method = "POST",
        .url = url,
        .userpwd = userpwd,
        .headers = headers,
        .body = body,
        .body_len = strlen(body),
        .timeout_ms = cfg->http_timeout_ms,
    };
    enum mail_outcome outcome;

    snprintf(url, sizeof(url), "%s/v3/%s/messages", cfg->mailgun_base_url, cfg->mailgun_domain);
    snprintf(userpwd, sizeof(userpwd), "api:%s", cfg->mailgun_api_key);
    if (http == NULL || !http_send(http, &rq, &res, &err)) {
        snprintf(error, cap, "mailgun unreachable: %s", http ? err.cause : "out of memory");
        OPENSSL_cleanse(userpwd, sizeof(userpwd));
        free(body);
        return MAIL_RETRY;
    }
    if (res.status >= 200 && res.status < 300) {
        outcome = MAIL_SENT;
    } else if (res.status == 429 || res.status >= 500) {
        outcome = MAIL_RETRY;
        *retry_after_s = res.retry_after_s;
        snprintf(error, cap, "mailgun answered %ld", res.status);
    } else {
        outcome = MAIL_REJECTED;
        snprintf(error, cap, "mailgun refused the message: %ld %.160s", res.status, res.body);
    }
    http_response_release(&res);
    free(body);
    OPENSSL_cleanse(userpwd, sizeof(userpwd));
    return outcome;
}
