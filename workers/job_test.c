/* job_test.c - test queues (PC_TEST_HOOKS only): a job that can block until released, fail a
 * number of times (asking for a Retry-After), fail for good or crash, and leaves one effect
 * document per job id */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/json.h"
#include "db/store.h"
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
job_test_effect(struct app *app, const struct job *job, bool last_attempt, struct job_outcome *out)
{
    json_object *p = job_payload(job), *retry_after = json_member(p, "retryAfter");
    int fail_times = json_object_get_int(json_member(p, "failTimes"));
    bool permanent = p != NULL && flag(p, "permanent");
    struct err err = ERR_INIT;
    bson_t *doc;

    (void)last_attempt;
    count_run(app, job);
    if (p != NULL && flag(p, "block"))
        wait_for_release(app, job);
    if (p != NULL && flag(p, "crash"))
        abort(); /* a poison job: the worker dies mid-job */
    if (retry_after != NULL)
        out->retry_after_s = json_object_get_int(retry_after); /* as a provider's Retry-After */
    json_object_put(p);
    if (permanent || job->attempt < fail_times) {
        snprintf(out->error, sizeof(out->error), "asked to fail (attempt %d)", job->attempt);
        return permanent ? JOB_FAIL : JOB_RETRY;
    }
    doc = BCON_NEW("_id", BCON_UTF8(job->id), "attempt", BCON_INT32(job->attempt), "at",
                   BCON_DATE_TIME(clock_now_ms()));
    store_insert_once(app->db, "test_effects", doc, &err);
    bson_destroy(doc);
    return job_result_from_err(&err, out);
}

enum job_result
job_test_noop(struct app *app, const struct job *job, bool last_attempt, struct job_outcome *out)
{
    (void)app;
    (void)job;
    (void)last_attempt;
    (void)out;
    return JOB_OK;
}
