/* reminders.c - the daily reminder: per partner the overdue leads, per active user of it one
 * lead-reminder e-mail with a magic link of its own (job id lr.<day>.<user>: a repeat of the
 * day sends nothing even past the run lock) */
#include "domain/reminders.h"

#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/link_tokens.h"
#include "core/json.h"
#include "core/log.h"
#include "core/oid.h"
#include "db/store.h"
#include "domain/cron_runs.h"
#include "mail/mail.h"

#define PARTNERS_MAX 10000
#define USERS_MAX 500
#define DAY_MS (86400LL * 1000)

/* documents copied from a cursor, used once it is closed */
struct rows {
    bson_t **v;
    size_t n, cap, max;
    int64_t now;
    bool overdue_only; /* keep only the overdue leads */
};

static bool
keep(const bson_t *doc, void *ctx, struct err *err)
{
    struct rows *r = ctx;
    bson_t **grown;

    if (r->n >= r->max || (r->overdue_only && !reminders_overdue(doc, r->now)))
        return true;
    if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 16;
        if ((grown = realloc(r->v, r->cap * sizeof(*grown))) == NULL)
            return err_set(err, ERR_INTERNAL, "out of memory");
        r->v = grown;
    }
    r->v[r->n++] = bson_copy(doc);
    return true;
}

static void
rows_release(struct rows *r)
{
    for (size_t i = 0; i < r->n; i++)
        bson_destroy(r->v[i]);
    free(r->v);
    r->v = NULL;
    r->n = r->cap = 0;
}

bool
reminders_overdue(const bson_t *lead, int64_t now_ms)
{
    const char *status = json_or_empty(json_bson_str(lead, "dealStatus"));
    bson_iter_t it;

    if (!bson_iter_init_find(&it, lead, "scheduledDate") || !BSON_ITER_HOLDS_DATE_TIME(&it)
        || bson_iter_date_time(&it) >= now_ms || json_bson_archived(lead))
        return false;
    return strcmp(status, "won") != 0 && strncmp(status, "lost_", 5) != 0;
}

/* one listed lead of the e-mail */
static json_object *
lead_vars(const bson_t *lead, int64_t now)
{
    json_object *o = json_object_new_object();
    const char *first = json_or_empty(json_bson_str(lead, "firstName"));
    const char *last = json_or_empty(json_bson_str(lead, "lastName"));
    const char *company = json_or_empty(json_bson_str(lead, "company"));
    char name[256], date[16] = "";
    int64_t sched = json_bson_date(lead, "scheduledDate"), upd = json_bson_date(lead, "updatedAt");
    time_t secs = (time_t)(sched / 1000);
    struct tm tm;

    snprintf(name, sizeof(name), "%s%s%s", first, first[0] && last[0] ? " " : "", last);
    if (gmtime_r(&secs, &tm) != NULL)
        strftime(date, sizeof(date), "%Y-%m-%d", &tm);
    json_object_object_add(
        o, "leadName",
        json_object_new_string(name[0] ? name : json_or_empty(json_bson_str(lead, "email"))));
    json_object_object_add(o, "leadEmail",
                           json_object_new_string(json_or_empty(json_bson_str(lead, "email"))));
    json_object_object_add(o, "company", json_object_new_string(company[0] ? company : "N/A"));
    json_object_object_add(o, "meetingDate", json_object_new_string(date));
    json_object_object_add(o, "daysOverdue", json_object_new_int64((now - sched) / DAY_MS));
    json_object_object_add(o, "daysSinceUpdate",
                           json_object_new_int64(upd > 0 ? (now - upd) / DAY_MS : 0));
    return o;
}

/* the e-mail of one user: a magic link stored for them, then the message queued */
static bool
remind_user(struct app *app, const bson_t *user, const bson_t *partner, json_object *leads,
            const char *day, int64_t now, struct err *err)
{
    struct link_claim c = {.kind = LINK_MAGIC,
                           .user = json_bson_oid(user, "_id"),
                           .partner = json_bson_oid(partner, "_id")};
    char token[TOKEN_CAP], link[600], hex[OID_STR_SIZE], job[JOB_ID_CAP];
    bson_t *doc = c.user != NULL ? link_token_doc(&c, now, token) : NULL;
    json_object *vars = NULL;
    size_t n = json_object_array_length(leads);
    bool ok = false;

    if (doc == NULL)
        return err_set(err, ERR_INTERNAL, "cannot make a magic link");
    if (!store_insert_one(app->db, "link_tokens", doc, err))
        goto out;
    oid_format(c.user, hex);
    snprintf(link, sizeof(link), "%s/magic?token=%s", app->cfg.public_url, token);
    snprintf(job, sizeof(job), "lr.%s.%s", day, hex);
    vars = json_object_new_object();
    json_object_object_add(vars, "name",
                           json_object_new_string(json_or_empty(json_bson_str(user, "name"))));
    json_object_object_add(vars, "partnerName",
                           json_object_new_string(json_or_empty(json_bson_str(partner, "name"))));
    json_object_object_add(vars, "count", json_object_new_int64((int64_t)n));
    json_object_object_add(vars, "one", json_object_new_boolean(n == 1));
    json_object_object_add(vars, "leads", json_object_get(leads));
    json_object_object_add(vars, "link", json_object_new_string(link));
    ok = mail_enqueue(app, "lead-reminder", json_bson_str(user, "email"), vars, job, err);
out:
    OPENSSL_cleanse(token, sizeof(token));
    json_object_put(vars);
    bson_destroy(doc);
    return ok;
}

/* read the documents of collection matching filter (borrowed) into r, with opts */
static bool
read_rows(struct app *app, const char *collection, bson_t *filter, bson_t *opts, struct rows *r,
          struct err *err)
{
    bool ok = store_each(app->db, collection, filter, opts, keep, r, err);

    bson_destroy(filter);
    bson_destroy(opts);
    return ok;
}

/* one partner: its active users and overdue leads, then one e-mail each; *sent counts them */
static bool
remind_partner(struct app *app, const bson_t *partner, const char *day, int64_t now, int64_t *sent,
               struct err *err)
{
    const bson_oid_t *pid = json_bson_oid(partner, "_id");
    struct rows users = {.max = USERS_MAX},
                leads = {.max = REMINDER_LEADS_MAX, .now = now, .overdue_only = true};
    json_object *list = NULL;
    bool ok = false;

    if (pid == NULL)
        return true;
    if (!read_rows(app, "users",
                   BCON_NEW("partner", BCON_OID(pid), "isActive", BCON_BOOL(true), "status",
                            BCON_UTF8("active"), "archivedAt", BCON_NULL),
                   BCON_NEW("projection", "{", "email", BCON_INT32(1), "name", BCON_INT32(1), "}"),
                   &users, err))
        goto out;
    ok = true;
    if (users.n == 0) /* nobody to tell: the leads are not even read */
        goto out;
    ok = read_rows(app, "leads", BCON_NEW("partner", BCON_OID(pid)),
                   BCON_NEW("sort", "{", "scheduledDate", BCON_INT32(1), "}"), &leads, err);
    if (!ok || leads.n == 0)
        goto out;
    list = json_object_new_array();
    for (size_t i = 0; i < leads.n; i++)
        json_object_array_add(list, lead_vars(leads.v[i], now));
    for (size_t i = 0; i < users.n && ok; i++)
        if ((ok = remind_user(app, users.v[i], partner, list, day, now, err)))
            (*sent)++;
out:
    json_object_put(list);
    rows_release(&users);
    rows_release(&leads);
    return ok;
}

bool
reminders_run(struct app *app, time_t now, json_object *result, struct err *err)
{
    struct rows partners = {.max = PARTNERS_MAX};
    json_object *errors = json_object_new_array();
    int64_t sent = 0, reminded = 0, failed = 0, now_ms = (int64_t)now * 1000;
    char day[CRON_DAY_CAP];
    bool ok = cron_local_day(now, app->cfg.cron_timezone, day)
              && read_rows(app, "partners", BCON_NEW("archivedAt", BCON_NULL),
                           BCON_NEW("projection", "{", "name", BCON_INT32(1), "}"), &partners, err);

    for (size_t i = 0; ok && i < partners.n; i++) {
        struct err perr = ERR_INIT;
        int64_t before = sent;
        char line[400];

        if (remind_partner(app, partners.v[i], day, now_ms, &sent, &perr)) {
            reminded += sent > before;
            continue;
        }
        failed++;
        snprintf(line, sizeof(line), "partner %s: %s",
                 json_or_empty(json_bson_str(partners.v[i], "name")), perr.message);
        log_error("cannot send a partner's reminders", "%s cause=\"%s\"", line, perr.cause);
        if (json_object_array_length(errors) < 100)
            json_object_array_add(errors, json_object_new_string(line));
    }
    json_object_object_add(result, "partners", json_object_new_int64(reminded));
    json_object_object_add(result, "sent", json_object_new_int64(sent));
    json_object_object_add(result, "failed", json_object_new_int64(failed));
    json_object_object_add(result, "errors", errors);
    rows_release(&partners);
    return ok;
}
