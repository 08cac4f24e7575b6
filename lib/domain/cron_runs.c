/* cron_runs.c - how a cron job runs: CRON_DISABLED, the per-day run lock (cron_locks, _id
 * "<job>:<day>"), and the record of every run in cron_runs */
#include "domain/cron_runs.h"

#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/log.h"
#include "db/store.h"
#include "model/tables.h"

#define LOCK_STALE_MS (2LL * 3600 * 1000) /* a run that crashed frees its day after 2 h */

bool
cron_local_day(time_t now, const char *tz, char out[CRON_DAY_CAP])
{
    const char *old = getenv("TZ");
    char *saved = old != NULL ? strdup(old) : NULL;
    struct tm tm;
    bool ok;

    setenv("TZ", tz, 1);
    tzset();
    ok = localtime_r(&now, &tm) != NULL && strftime(out, CRON_DAY_CAP, "%Y-%m-%d", &tm) == 10;
    if (saved != NULL)
        setenv("TZ", saved, 1);
    else
        unsetenv("TZ");
    tzset();
    free(saved);
    return ok;
}

bool
cron_job_once(const struct cron_job *job)
{
    if (job->own_lock)
        return false;
    return strncmp(job->schedule, "daily ", 6) == 0 || strncmp(job->schedule, "monthly ", 8) == 0;
}

bool
cron_lock_take(struct app *app, const char *key, const char *job, const char *day, bool rerun,
               int64_t now, bool *taken, struct err *err)
{
    bson_t *doc = BCON_NEW("_id", BCON_UTF8(key), "job", BCON_UTF8(job), "day", BCON_UTF8(day),
                           "status", BCON_UTF8("running"), "startedAt", BCON_DATE_TIME(now));
    bson_t *query = NULL, *update = NULL, *before = NULL;
    bool ok = store_insert_one(app->db, "cron_locks", doc, err);

    *taken = ok;
    if (ok || !err_is(err, ERR_CONFLICT))
        goto out;
    err_reset(err);
    query = BCON_NEW("_id", BCON_UTF8(key), "$or", "[", "{", "status", BCON_UTF8("failed"), "}",
                     "{", "status", BCON_UTF8(rerun ? "done" : "failed"), "}", "{", "status",
                     BCON_UTF8("running"), "startedAt", "{", "$lt",
                     BCON_DATE_TIME(now - LOCK_STALE_MS), "}", "}", "]");
    update = BCON_NEW("$set", "{", "status", BCON_UTF8("running"), "startedAt", BCON_DATE_TIME(now),
                      "}");
    ok = store_find_and_modify(app->db, "cron_locks", query, update, &before, err);
    *taken = ok && before != NULL;
out:
    bson_destroy(before);
    bson_destroy(update);
    bson_destroy(query);
    bson_destroy(doc);
    return ok;
}

void
cron_lock_finish(struct app *app, const char *key, bool ok)
{
    bson_t *filter = BCON_NEW("_id", BCON_UTF8(key));
    bson_t *update = BCON_NEW("$set", "{", "status", BCON_UTF8(ok ? "done" : "failed"), "}");
    struct err err = ERR_INIT;

    if (!store_update_one(app->db, "cron_locks", filter, update, NULL, NULL, &err))
        log_error("cannot release the cron run lock", "lock=%s err=\"%s %s\"", key, err.message,
                  err.cause);
    bson_destroy(filter);
    bson_destroy(update);
}

/* the record of one run: its figures (result without "job") and errors */
static void
record(struct app *app, const char *job, const char *day, int64_t started, const char *status,
       json_object *result, const struct err *failure)
{
    bson_oid_t id;
    bson_t doc = BSON_INITIALIZER, counts, errors;
    struct err err = ERR_INIT;
    json_object *list = NULL;
    int n = 0;

    bson_oid_init(&id, NULL);
    BSON_APPEND_OID(&doc, "_id", &id);
    BSON_APPEND_UTF8(&doc, "job", job);
    if (day != NULL)
        BSON_APPEND_UTF8(&doc, "day", day);
    else
        BSON_APPEND_NULL(&doc, "day");
    BSON_APPEND_UTF8(&doc, "status", status);
    BSON_APPEND_DATE_TIME(&doc, "startedAt", started);
    BSON_APPEND_DATE_TIME(&doc, "finishedAt", clock_now_ms());
    BSON_APPEND_DOCUMENT_BEGIN(&doc, "counts", &counts);
    json_object_object_foreach(result, key, val)
    {
        if (json_object_is_type(val, json_type_int))
            BSON_APPEND_INT64(&counts, key, json_object_get_int64(val));
        else if (strcmp(key, "skipped") == 0 && json_object_is_type(val, json_type_string))
            BSON_APPEND_UTF8(&counts, key, json_object_get_string(val));
    }
    bson_append_document_end(&doc, &counts);
    BSON_APPEND_ARRAY_BEGIN(&doc, "errors", &errors);
    if (failure != NULL && failure->code != NULL)
        BSON_APPEND_UTF8(&errors, "0", failure->message), n++;
    if (json_object_object_get_ex(result, "errors", &list))
        for (size_t i = 0; i < json_object_array_length(list) && n < 100; i++, n++) {
            char k[16];
            snprintf(k, sizeof(k), "%d", n);
            BSON_APPEND_UTF8(&errors, k,
                             json_object_get_string(json_object_array_get_idx(list, i)));
        }
    bson_append_array_end(&doc, &errors);
    if (!store_insert_one(app->db, "cron_runs", &doc, &err))
        log_error("cannot record the cron run", "job=%s err=\"%s %s\"", job, err.message,
                  err.cause);
    bson_destroy(&doc);
}

bool
cron_run(struct app *app, const struct cron_job *job, time_t now, json_object *result,
         struct err *err)
{
    char day[CRON_DAY_CAP], key[160], skipped[64];
    int64_t started = clock_now_ms();
    bool once = cron_job_once(job), taken = true, ok;

    if (config_cron_disabled(&app->cfg, job->name))
        return err_set(err, ERR_CONFLICT, "cron job %s is disabled by CRON_DISABLED", job->name);
    if (once && !cron_local_day(now, app->cfg.cron_timezone, day))
        return err_set(err, ERR_INTERNAL, "cannot compute the day of the run");
    snprintf(key, sizeof(key), "%s:%s", job->name, once ? day : "");
    if (once && !cron_lock_take(app, key, job->name, day, false, (int64_t)now * 1000, &taken, err))
        return false;
    if (!taken) {
        snprintf(skipped, sizeof(skipped), "already ran on %s (%s)", day, app->cfg.cron_timezone);
        json_object_object_add(result, "skipped", json_object_new_string(skipped));
        record(app, job->name, day, started, "skipped", result, NULL);
        return true;
    }
    ok = job->run(app, now, result, err);
    if (once)
        cron_lock_finish(app, key, ok);
    record(app, job->name, once ? day : NULL, started, ok ? "ok" : "failed", result,
           ok ? NULL : err);
    return ok;
}

json_object *
cron_runs_list(struct app *app, const struct principal *p, const struct list_params *params,
               const char *job, struct err *err)
{
    struct list_query q;
    bson_t scope = BSON_INITIALIZER;
    json_object *out = NULL;

    if (p->kind != PRINCIPAL_USER || p->role != ROLE_OWNER) {
        err_set(err, ERR_FORBIDDEN, "cron runs are for the owner");
        goto out;
    }
    if (job != NULL
        && (job[0] == '\0'
            || strspn(job, "abcdefghijklmnopqrstuvwxyz0123456789-") != strlen(job))) {
        err_detail(err, "job", "must be a job name (lower-case letters, digits, -)");
        err_set(err, ERR_VALIDATION_FAILED, "invalid cron runs query");
        goto out;
    }
    if (job != NULL)
        BSON_APPEND_UTF8(&scope, "job", job);
    if (model_list_query(&cron_runs_model, params, &q, err)) {
        struct store_list_spec spec = {.m = &cron_runs_model, .scope = &scope, .q = &q, .p = p};

        out = store_list(app->db, &spec, err);
    }
    list_query_release(&q);
out:
    bson_destroy(&scope);
    return out;
}
