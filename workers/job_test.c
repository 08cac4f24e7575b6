/* job_test.c - test queues (PC_TEST_HOOKS only): a job that can block until released, fail a
 * number of times (asking for a Retry-After), fail for good or crash, and leaves one effect
 * document per job id */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/clock.h"
#include "db/db.h"
#include "db/rds.h"
#include "jobs.h"

static bool
flag(json_object *o, const char *key)
{
    json_object *v;

    return json_object_object_get_ex(o, key, &v) && json_object_get_boolean(v);
}

static void
count_run(struct app *app, const struct job *job)
{
    struct err err = ERR_INIT;
    rds_reply_free(rds_cmd(app->rds, &err, "INCR %s:test:runs:%s", app->cfg.queue_prefix, job->id));
}

/* wait (at most 2 minutes) until the test sets the release key */
static void
wait_for_release(struct app *app, const struct job *job)
{
    for (int i = 0; i < 2400; i++) {
        struct err err = ERR_INIT;
        redisReply *r =
            rds_cmd(app->rds, &err, "EXISTS %s:test:release:%s", app->cfg.queue_prefix, job->id);
        bool released = r != NULL && r->integer == 1;
        rds_reply_free(r);
        if (released)
            return;
        usleep(50 * 1000);
    }
}

enum job_result
job_test_effect(struct app *app, const struct job *job, struct job_outcome *out)
{
    json_object *p = job_payload(job), *v;
    bson_t *doc;
    bson_error_t error;
    bool ok;

    count_run(app, job);
    if (p != NULL && flag(p, "block"))
        wait_for_release(app, job);
    if (p != NULL && flag(p, "crash"))
        abort(); /* a poison job: the worker dies mid-job */
    int fail_times =
        p && json_object_object_get_ex(p, "failTimes", &v) ? json_object_get_int(v) : 0;
    bool permanent = p != NULL && flag(p, "permanent");
    if (p != NULL && json_object_object_get_ex(p, "retryAfter", &v))
        out->retry_after_s = json_object_get_int(v); /* as a provider's Retry-After */
    if (p != NULL)
        json_object_put(p);
    if (permanent || job->attempt < fail_times) {
        snprintf(out->error, sizeof(out->error), "asked to fail (attempt %d)", job->attempt);
        return permanent ? JOB_FAIL : JOB_RETRY;
    }
    doc = BCON_NEW("_id", BCON_UTF8(job->id), "attempt", BCON_INT32(job->attempt), "at",
                   BCON_DATE_TIME(clock_now_ms()));
    ok = mongoc_collection_insert_one(db_collection(app->db, "test_effects"), doc, NULL, NULL,
                                      &error);
    bson_destroy(doc);
    if (!ok && !db_is_duplicate(&error)) {
        snprintf(out->error, sizeof(out->error), "%.200s", error.message);
        return JOB_RETRY;
    }
    return JOB_OK;
}

enum job_result
job_test_noop(struct app *app, const struct job *job, struct job_outcome *out)
{
    (void)app;
    (void)job;
    (void)out;
    return JOB_OK;
}
