/* reminders.c - the daily reminder: per partner the overdue leads and the meetings that ended
 * without an outcome, per active user of it one lead-reminder e-mail with a magic link and
 * one-click action links of its own (job id lr.<day>.<user>: a repeat of the
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
#include "domain/meetings.h"
#include "domain/reminder_vars.h"
#include "mail/mail.h"

#define PARTNERS_MAX 10000
#define USERS_MAX 500

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

/* the counts the subject and headings say */
static void
summary_vars(json_object *vars, const struct reminder_docs *docs)
{
    json_object_object_add(vars, "count", json_object_new_int64((int64_t)docs->nleads));
    json_object_object_add(vars, "one", json_object_new_boolean(docs->nleads == 1));
    json_object_object_add(vars, "hasLeads", json_object_new_boolean(docs->nleads > 0));
    json_object_object_add(vars, "meetingCount", json_object_new_int64((int64_t)docs->nmeetings));
    json_object_object_add(vars, "oneMeeting", json_object_new_boolean(docs->nmeetings == 1));
    json_object_object_add(vars, "hasMeetings", json_object_new_boolean(docs->nmeetings > 0));
}

/* the e-mail of one user: a magic link and the action links stored for them, then the
 * message queued */
static bool
remind_user(struct app *app, const bson_t *user, const bson_t *partner,
            const struct reminder_docs *docs, const char *day, int64_t now, struct err *err)
{
    struct link_claim c = {.kind = LINK_MAGIC,
                           .user = json_bson_oid(user, "_id"),
                           .partner = json_bson_oid(partner, "_id")};
    char token[TOKEN_CAP], link[600], hex[OID_STR_SIZE], job[JOB_ID_CAP];
    bson_t *doc = c.user != NULL ? link_token_doc(&c, now, token) : NULL;
    struct link_batch batch = {0};
    json_object *vars = json_object_new_object();
    bool ok = false;

    if (doc == NULL) {
        err_set(err, ERR_INTERNAL, "cannot make a magic link");
        goto out;
    }
    if (!reminder_vars_lists(app->cfg.public_url, &c, docs, now, vars, &batch, err)
        || !store_insert_one(app->db, "link_tokens", doc, err)
        || !link_batch_insert(app, &batch, err))
        goto out;
    oid_format(c.user, hex);
    snprintf(link, sizeof(link), "%s/magic?token=%s", app->cfg.public_url, token);
    snprintf(job, sizeof(job), "lr.%s.%s", day, hex);
    json_object_object_add(vars, "name",
                           json_object_new_string(json_or_empty(json_bson_str(user, "name"))));
    json_object_object_add(vars, "partnerName",
                           json_object_new_string(json_or_empty(json_bson_str(partner, "name"))));
    summary_vars(vars, docs);
    json_object_object_add(vars, "link", json_object_new_string(link));
    ok = mail_enqueue(app, "lead-reminder", json_bson_str(user, "email"), vars, job, err);
out:
    OPENSSL_cleanse(token, sizeof(token));
    OPENSSL_cleanse(link, sizeof(link));
    link_batch_release(&batch);
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

/* the partner's meetings that ended without an outcome, newest first */
static bool
read_meetings(struct app *app, const bson_t *partner, int64_t now, struct rows *r, struct err *err)
{
    return meeting_attendance_awaiting(app, partner, now, REMINDER_MEETINGS_MAX * 4, keep, r, err);
}

/* one partner: its active users, overdue leads and meetings without an outcome, then one
 * e-mail each; *sent counts them */
static bool
remind_partner(struct app *app, const bson_t *partner, const char *day, int64_t now, int64_t *sent,
               struct err *err)
{
    const bson_oid_t *pid = json_bson_oid(partner, "_id");
    struct rows users = {.max = USERS_MAX},
                leads = {.max = REMINDER_LEADS_MAX, .now = now, .overdue_only = true},
                meetings = {.max = REMINDER_MEETINGS_MAX};
    struct reminder_docs docs;
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
                   BCON_NEW("sort", "{", "scheduledDate", BCON_INT32(1), "}"), &leads, err)
         && read_meetings(app, partner, now, &meetings, err);
    if (!ok || (leads.n == 0 && meetings.n == 0))
        goto out;
    docs = (struct reminder_docs){leads.v, meetings.v, leads.n, meetings.n};
    for (size_t i = 0; i < users.n && ok; i++)
        if ((ok = remind_user(app, users.v[i], partner, &docs, day, now, err)))
            (*sent)++;
out:
    rows_release(&users);
    rows_release(&leads);
    rows_release(&meetings);
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
                           BCON_NEW("projection", "{", "name", BCON_INT32(1), "outcomeCutoffHours",
                                    BCON_INT32(1), "}"),
                           &partners, err);

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
