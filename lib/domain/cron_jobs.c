/* cron_jobs.c - periodic jobs: each one a function, the table names them */
#include "domain/cron_jobs.h"

#include <string.h>

#include "db/store.h"
#include "domain/counters.h"
#include "domain/chilipiper.h"
#include "domain/cron_runs.h"
#include "domain/invoices.h"
#include "domain/meetings.h"
#include "domain/reminders.h"
#include "queue/outbox.h"

/* expired records are deleted by query: FerretDB has no TTL indexes (DESIGN §8). The webhook
 * inbox, its bodies and the seen HubSpot event ids live 7 days, the applied Stripe event ids
 * 30 (stripe_events.h); refresh tokens and the links of e-mails (magic and one-click action
 * tokens) until their expiresAt, a used link no longer; the reset and invitation tokens on the
 * users until theirs; the delivery log of the webhooks to partners (one document per attempt,
 * retried for 24 h at most) DELIVERY_LOG_DAYS after the attempt. At most PURGE_BATCH of each per
 * run: the hourly job catches up on a backlog. */
#define PURGE_BATCH 5000
#define DELIVERY_LOG_DAYS 30

static const struct {
    const char *collection, *figure; /* the figure of the run record, NULL: only "deleted" */
} expiring[] = {{"tokens", "tokens"},    {"link_tokens", "linkTokens"}, {"import_chunks", NULL},
                {"webhook_inbox", NULL}, {"webhook_payloads", NULL},    {"hubspot_events", NULL},
                {"stripe_events", NULL}};

/* the tokens kept on the users: a reset link past its expiry is forgotten, an invitation past
 * its expiry loses its token (the invitee stays invited: an admin resends it); a used link of
 * an e-mail is deleted at once (a second use is refused the same way: invalid_token) */
static bool
purge_tokens(struct app *app, time_t now, json_object *result, int64_t *deleted, struct err *err)
{
    int64_t now_ms = (int64_t)now * 1000, resets = 0, invites = 0, used = 0;
    bson_t *reset = BCON_NEW("resetExpiresAt", "{", "$lt", BCON_DATE_TIME(now_ms), "}");
    bson_t *reset_set = BCON_NEW("resetTokenHash", BCON_NULL, "resetExpiresAt", BCON_NULL);
    bson_t *invite = BCON_NEW("inviteExpiresAt", "{", "$lt", BCON_DATE_TIME(now_ms), "}",
                              "inviteTokenHash", "{", "$ne", BCON_NULL, "}");
    bson_t *invite_set = BCON_NEW("inviteTokenHash", BCON_NULL);
    bson_t *link = BCON_NEW("usedAt", "{", "$lt", BCON_DATE_TIME(now_ms), "}");
    bool ok = cron_purge_set_batch(app, "users", reset, reset_set, PURGE_BATCH, &resets, err)
              && cron_purge_set_batch(app, "users", invite, invite_set, PURGE_BATCH, &invites, err)
              && cron_purge_batch(app, "link_tokens", link, PURGE_BATCH, &used, err);

    json_object_object_add(result, "resetTokens", json_object_new_int64(resets));
    json_object_object_add(result, "inviteTokens", json_object_new_int64(invites));
    json_object_object_add(result, "usedLinkTokens", json_object_new_int64(used));
    *deleted += used;
    bson_destroy(reset);
    bson_destroy(reset_set);
    bson_destroy(invite);
    bson_destroy(invite_set);
    bson_destroy(link);
    return ok;
}

static bool
purge_delivery_log(struct app *app, time_t now, int64_t *n, struct err *err)
{
    const int64_t before = ((int64_t)now - (int64_t)DELIVERY_LOG_DAYS * 86400) * 1000;
    bson_t *old = BCON_NEW("createdAt", "{", "$lt", BCON_DATE_TIME(before), "}");
    bool ok = cron_purge_batch(app, "partner_webhook_deliveries", old, PURGE_BATCH, n, err);

    bson_destroy(old);
    return ok;
}

static bool
purge_expired(struct app *app, time_t now, json_object *result, struct err *err)
{
    int64_t deleted = 0, n = 0;

    if (!purge_tokens(app, now, result, &deleted, err))
        return false;

    for (size_t i = 0; i < sizeof(expiring) / sizeof(expiring[0]); i++) {
        bson_t *filter =
            BCON_NEW("expiresAt", "{", "$lt", BCON_DATE_TIME((int64_t)now * 1000), "}");
        bool ok = cron_purge_batch(app, expiring[i].collection, filter, PURGE_BATCH, &n, err);

        bson_destroy(filter);
        if (!ok)
            return false;
        if (expiring[i].figure != NULL)
            json_object_object_add(result, expiring[i].figure, json_object_new_int64(n));
        deleted += n;
    }
    if (!purge_delivery_log(app, now, &n, err))
        return false;
    json_object_object_add(result, "webhookDeliveries", json_object_new_int64(n));
    deleted += n;
    if (!cron_runs_purge(app, now, PURGE_BATCH, &n, err))
        return false;
    json_object_object_add(result, "cronRuns", json_object_new_int64(n));
    json_object_object_add(result, "deleted", json_object_new_int64(deleted + n));
    return true;
}

static bool
flush_outbox(struct app *app, time_t now, json_object *result, struct err *err)
{
    long long moved = 0;

    (void)now;
    if (!outbox_flush(app, &moved, err))
        return false;
    json_object_object_add(result, "moved", json_object_new_int64(moved));
    return true;
}

/* meetings without an outcome past their partner's cut-off count as held */
static bool
assume_outcomes(struct app *app, time_t now, json_object *result, struct err *err)
{
    int64_t n = 0;

    if (!meeting_attendance_assume(app, (int64_t)now * 1000, &n, err))
        return false;
    json_object_object_add(result, "assumed", json_object_new_int64(n));
    return true;
}

/* the partners' kept figures rebuilt from the leads and meetings; result names the drift it
 * corrected (zero when every write counted itself) */
static bool
recount(struct app *app, time_t now, json_object *result, struct err *err)
{
    return counters_rebuild(app, NULL, now, result, err);
}

/* the Edge API's meetings of the last and next 7 days, by a job on chilipiper-webhook */
static bool
chilipiper_reconcile(struct app *app, time_t now, json_object *result, struct err *err)
{
    (void)now;
    return chilipiper_reconcile_start(app, result, err);
}

static const struct cron_job jobs[] = {
    {"chilipiper-reconcile", chilipiper_reconcile, "every 15m", false},
    {"assume-outcomes", assume_outcomes, "every 1h", false},
    {"daily-reminders", reminders_run, "daily 09:00", false},
    {"flush-outbox", flush_outbox, "every 60s", false},
    {"monthly-invoices", invoices_monthly_run, "monthly 1 00:30", true},
    {"purge-expired", purge_expired, "every 1h", false},
    {"recount", recount, "every 1h", false},
};

const struct cron_job *
cron_job_find(const char *name)
{
    if (name == NULL)
        return NULL;
    for (size_t i = 0; i < sizeof(jobs) / sizeof(jobs[0]); i++)
        if (strcmp(jobs[i].name, name) == 0)
            return &jobs[i];
    return NULL;
}

void
cron_jobs_print(FILE *out)
{
    for (size_t i = 0; i < sizeof(jobs) / sizeof(jobs[0]); i++)
        fprintf(out, "%s %s\n", jobs[i].name, jobs[i].schedule);
}
