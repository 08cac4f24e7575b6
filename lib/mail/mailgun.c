/* mailgun.c - the Mailgun transport: POST {base}/v3/{domain}/messages, basic auth api:<key> */
#include <ctype.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <openssl/crypto.h>
#include <string.h>

#include "core/log.h"
#include "http/http_client.h"
#include "mail/mail.h"

#define RETRY_AFTER_MAX_S 86400

/* the domain of an address, bare or "Name <a@domain>": the characters after the last '@' */
static void
address_domain(const char *address, char *out, size_t cap)
{
    const char *at = address ? strrchr(address, '@') : NULL;

    snprintf(out, cap, "%.*s", at ? (int)strcspn(at + 1, "> \t\r\n") : 0, at ? at + 1 : "");
}

char *
mailgun_form(const struct mail_message *m, const char *domain)
{
    struct form f = {0};
    char host[256], msgid[JOB_ID_CAP + sizeof(host) + 3];

    if (domain != NULL && domain[0] != '\0')
        snprintf(host, sizeof(host), "%s", domain);
    else
        address_domain(m->from, host, sizeof(host));
    snprintf(msgid, sizeof(msgid), "<%s@%s>", m->id, host[0] ? host : "partner-connector");
    form_add(&f, "from", m->from);
    form_add(&f, "to", m->to);
    form_add(&f, "subject", m->subject);
    form_add(&f, "text", m->text);
    form_add(&f, "html", m->html);
    form_add(&f, "o:tag", m->tag);
    form_add(&f, "h:Message-Id", msgid);
    form_add(&f, "v:pc-job-id", m->id);
    return f.buf;
}

int
mailgun_retry_after(const char *body)
{
    static const char marker[] = "try again after ";
    json_object *doc = body ? json_tokener_parse(body) : NULL, *msg;
    const char *p = NULL;
    long seconds = -1;

    if (doc != NULL && json_object_object_get_ex(doc, "message", &msg)
        && json_object_is_type(msg, json_type_string))
        p = strstr(json_object_get_string(msg), marker);
    if (p != NULL && isdigit((unsigned char)p[sizeof(marker) - 1])) {
        char *end;
        seconds = strtol(p + sizeof(marker) - 1, &end, 10);
        if (strncmp(end, " second", 7) != 0)
            seconds = -1;
        else if (seconds > RETRY_AFTER_MAX_S)
            seconds = RETRY_AFTER_MAX_S;
    }
    if (doc != NULL)
        json_object_put(doc);
    return (int)seconds;
}

/* what Mailgun's answer means: sent, retry (429 and 5xx, with the wait it asks for), refused */
static enum mail_outcome
outcome_of(const struct http_response *res, int *retry_after_s, char *error, size_t cap)
{
    if (res->status >= 200 && res->status < 300)
        return MAIL_SENT;
    if (res->status == 429 || res->status >= 500) {
        /* a 429's message says "try again after N seconds" when no Retry-After is sent */
        *retry_after_s = res->retry_after_s >= 0 ? res->retry_after_s
                         : res->status == 429    ? mailgun_retry_after(res->body)
                                                 : -1;
        snprintf(error, cap, "mailgun answered %ld", res->status);
        return MAIL_RETRY;
    }
    snprintf(error, cap, "mailgun refused the message: %ld %.160s", res->status, res->body);
    return MAIL_REJECTED;
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
    char *body = mailgun_form(m, cfg->mailgun_domain);
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
    enum mail_outcome outcome = MAIL_RETRY;

    snprintf(url, sizeof(url), "%s/v3/%s/messages", cfg->mailgun_base_url, cfg->mailgun_domain);
    snprintf(userpwd, sizeof(userpwd), "api:%s", cfg->mailgun_api_key);
    if (http != NULL && http_send(http, &rq, &res, &err)) {
        outcome = outcome_of(&res, retry_after_s, error, cap);
        http_response_release(&res);
    } else {
        snprintf(error, cap, "mailgun unreachable: %s", http ? err.cause : "out of memory");
    }
    free(body);
    OPENSSL_cleanse(userpwd, sizeof(userpwd));
    return outcome;
}
