/* mail.c - enqueue, render from template files, pick the transport */
#include "mail/mail.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/email.h"
#include "core/log.h"
#include "mail/tpl.h"
#include "queue/outbox.h"
#include "queue/queue.h"

#define TEMPLATE_MAX_BYTES (256 * 1024)

static bool
template_name_valid(const char *name)
{
    size_t n = strlen(name);

    return n > 0 && n < 40 && strspn(name, "abcdefghijklmnopqrstuvwxyz-") == n;
}

bool
mail_enqueue(struct app *app, const char *template_name, const char *to, json_object *vars,
             const char *job_id, struct err *err)
{
    json_object *payload;
    bool ok;

    if (!template_name_valid(template_name) || !email_valid(to, strlen(to)))
        return err_set(err, ERR_INTERNAL, "invalid e-mail template or recipient");
    payload = json_object_new_object();
    json_object_object_add(payload, "template", json_object_new_string(template_name));
    json_object_object_add(payload, "to", json_object_new_string(to));
    json_object_object_add(payload, "vars",
                           vars ? json_object_get(vars) : json_object_new_object());
    ok = outbox_push(app, "email", template_name, payload, job_id, err);
    json_object_put(payload);
    return ok;
}

/* read dir/templates/name.ext into a malloc'd string; NULL with err when missing */
static char *
read_template(const char *dir, const char *name, const char *ext, struct err *err)
{
    char path[1024];
    FILE *f;
    char *text = NULL;
    size_t n = 0;

    snprintf(path, sizeof(path), "%s/templates/%s.%s", dir, name, ext);
    f = fopen(path, "r");
    if (f == NULL) {
        err_set(err, ERR_INTERNAL, "no e-mail template %s.%s", name, ext);
        err_cause(err, "cannot open %s", path);
        return NULL;
    }
    text = malloc(TEMPLATE_MAX_BYTES + 1);
    if (text != NULL) {
        n = fread(text, 1, TEMPLATE_MAX_BYTES, f);
        text[n] = '\0';
    }
    fclose(f);
    if (text == NULL)
        err_set(err, ERR_INTERNAL, "out of memory");
    return text;
}

/* the variables every template may use besides its own */
static json_object *
render_vars(const struct config *cfg, json_object *vars)
{
    json_object *all = json_object_new_object();
    char year[16];
    time_t now = time(NULL);
    struct tm tm;

    gmtime_r(&now, &tm);
    snprintf(year, sizeof(year), "%d", tm.tm_year + 1900);
    json_object_object_add(all, "appName", json_object_new_string("Partner Connector"));
    json_object_object_add(all, "appUrl", json_object_new_string(cfg->public_url));
    json_object_object_add(all, "year", json_object_new_string(year));
    if (vars == NULL || !json_object_is_type(vars, json_type_object))
        return all;
    json_object_object_foreach(vars, key, val)
        json_object_object_add(all, key, json_object_get(val));
    return all;
}

/* split rendered text "Subject: ...\n\nbody" */
static bool
split_subject(char *text, char **subject, char **body, struct err *err)
{
    char *nl;

    if (strncmp(text, "Subject: ", 9) != 0 || (nl = strchr(text, '\n')) == NULL)
        return err_set(err, ERR_INTERNAL, "text template must start with a Subject: line");
    *nl = '\0';
    *subject = strdup(text + 9);
    (*subject)[strcspn(*subject, "\r")] = '\0';
    nl++;
    if (*nl == '\n')
        nl++;
    *body = strdup(nl);
    return true;
}

/* render one template file; the names of its missing variables are appended to m->missing */
static bool
render_file(const struct config *cfg, const char *name, const char *ext, json_object *vars,
            struct mail_message *m, struct tpl_result *out, struct err *err)
{
    char *tpl = read_template(cfg->template_dir, name, ext, err);
    size_t used = strlen(m->missing);
    bool ok;

    if (tpl == NULL)
        return false;
    ok = tpl_render(tpl, vars, strcmp(ext, "html") == 0, out, err);
    free(tpl);
    if (ok && out->missing > 0) {
        log_warn("e-mail template variables missing", "template=%s.%s missing=%s", name, ext,
                 out->missing_names);
        snprintf(m->missing + used, sizeof(m->missing) - used, "%s%s.%s: %s", used > 0 ? "; " : "",
                 name, ext, out->missing_names);
    }
    return ok;
}

bool
mail_render(const struct config *cfg, const char *template_name, const char *to, json_object *vars,
            struct mail_message *m, struct err *err)
{
    struct tpl_result text = {0}, content = {0}, page = {0};
    json_object *all = NULL;
    bool ok = false;

    memset(m, 0, sizeof(*m));
    if (!template_name_valid(template_name) || !email_valid(to, strlen(to)))
        return err_set(err, ERR_VALIDATION_FAILED, "invalid e-mail template or recipient");
    all = render_vars(cfg, vars);
    if (!render_file(cfg, template_name, "txt", all, m, &text, err)
        || !split_subject(text.text, &m->subject, &m->text, err)
        || !render_file(cfg, template_name, "html", all, m, &content, err))
        goto out;
    json_object_object_add(all, "subject", json_object_new_string(m->subject));
    json_object_object_add(all, "content", json_object_new_string(content.text));
    if (!render_file(cfg, "layout", "html", all, m, &page, err))
        goto out;
    m->html = page.text;
    page.text = NULL;
    m->from = strdup(cfg->mail_from);
    m->to = strdup(to);
    snprintf(m->tag, sizeof(m->tag), "%s", template_name);
    ok = true;
out:
    free(text.text);
    free(content.text);
    free(page.text);
    json_object_put(all);
    if (!ok)
        mail_message_release(m);
    return ok;
}

void
mail_message_release(struct mail_message *m)
{
    free(m->from);
    free(m->to);
    free(m->subject);
    free(m->text);
    free(m->html);
    memset(m, 0, sizeof(*m));
}

enum mail_outcome
mail_send(struct app *app, const struct mail_message *m, int *retry_after_s, char *error,
          size_t cap)
{
    *retry_after_s = -1;
    if (strcmp(app->cfg.mail_transport, "mailgun") == 0)
        return mailgun_send(app, m, retry_after_s, error, cap);
    return mail_file_write(app->cfg.mail_dir, m, error, cap);
}
