/* pc_worker.c - pc-worker --queue NAME[.N]: take jobs, run them, acknowledge, retry or bury them;
 * reclaim jobs of dead workers; reconnect after outages; finish the current job on SIGTERM */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "core/clock.h"
#include "core/log.h"
#include "db/rds.h"
#include "jobs.h"
#include "queue/queue.h"

#define BLOCK_MS 1000
#define OUTAGE_PAUSE_MS 500

static volatile sig_atomic_t stop_requested;

static void
on_stop_signal(int sig)
{
    (void)sig;
    stop_requested = 1;
}

static void
install_signals(void)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_stop_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART; /* blocking reads end by their own timeout (BLOCK_MS) */
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
}

static void
pause_ms(int ms)
{
    for (int waited = 0; waited < ms && !stop_requested; waited += 50)
        usleep(50 * 1000);
}

struct worker {
    struct app app;
    const struct queue_spec *spec;
    const struct job_handler *handler;
    char consumer[128];
};

/* record the end of a job: a retry on the last attempt is dead letters. A Redis outage here
 * leaves the job pending, and it is reclaimed after the visibility timeout (its effects are
 * idempotent). */
static void
finish(struct worker *w, const struct job *job, enum job_result result, bool last_attempt,
       const struct job_outcome *out, const char **outcome)
{
    struct err err = ERR_INIT;
    const char *q = w->spec->name;
    bool ok;

    if (result == JOB_OK) {
        ok = queue_finish_ok(&w->app, q, job, &err);
        *outcome = "ok";
    } else if (result == JOB_DEFER) {
        ok = queue_finish_defer(
            &w->app, q, job,
            clock_now_ms() + (int64_t)(out->retry_after_s > 0 ? out->retry_after_s : 1) * 1000,
            &err);
        *outcome = "deferred";
    } else if (result == JOB_RETRY && !last_attempt) {
        /* a provider's Retry-After says exactly when; otherwise back off exponentially */
        int64_t delay = out->retry_after_s >= 0
                            ? (int64_t)out->retry_after_s * 1000
                            : queue_backoff_ms(w->spec, job->attempt + 1, drand48());
        ok = queue_finish_retry(&w->app, q, job, clock_now_ms() + delay, out->error, &err);
        *outcome = "retry";
    } else {
        ok = queue_finish_dead(&w->app, q, job, out->error, &err);
        *outcome = "dead";
    }
    if (!ok)
        log_warn("cannot record the end of a job; it will be reclaimed",
                 "queue=%s job=%s err=\"%s\"", q, job->id, err.cause);
}

/* test hooks only (refused in production): the API tests move this worker's wall clock by the
 * milliseconds in Redis key <prefix>:test:clock:<queue>, so "24 hours later" takes no waiting;
 * no key, no offset */
static void
test_clock(struct worker *w)
{
    struct err err = ERR_INIT;
    redisReply *r;

    if (w->app.cfg.test_hooks == NULL)
        return;
    r = rds_cmd(w->app.rds, &err, "GET %s:test:clock:%s", w->app.cfg.queue_prefix, w->spec->name);
    clock_set_test_offset_ms(
        &w->app.cfg, r != NULL && r->type == REDIS_REPLY_STRING ? strtoll(r->str, NULL, 10) : 0);
    rds_reply_free(r);
}

static void
process(struct worker *w, struct job *job)
{
    struct job_outcome out = {.retry_after_s = -1};
    struct err err = ERR_INIT;
    const char *outcome = "skipped";
    enum job_result result = JOB_RETRY;
    double started = clock_mono_ms();
    long deliveries = queue_deliveries(&w->app, w->spec->name, job, &err);
    bool done = false, last_attempt;

    test_clock(w); /* the job runs on the clock the tests set now, not at the turn's start */
    /* each extra delivery of the same entry is a worker that died during it */
    if (deliveries > 1)
        job->attempt += (int)deliveries - 1;
    /* the loop alone decides which attempt is the last; the job is told */
    last_attempt = job->attempt + 1 >= w->spec->max_attempts;
    if (job->attempt >= w->spec->max_attempts) {
        snprintf(out.error, sizeof(out.error), "worker stopped during the job %ld times",
                 deliveries - 1);
        result = JOB_FAIL;
    } else if (queue_is_done(&w->app, w->spec->name, job->id, &done, &err) && done) {
        result = JOB_OK; /* finished before; only the acknowledgement was lost */
    } else {
        result = w->handler->run(&w->app, job, last_attempt, &out);
    }
    finish(w, job, result, last_attempt, &out, &outcome);
    /* a deferred job comes back every second while its limit holds: not a line each time */
    enum log_level level = result == JOB_DEFER ? LOG_DEBUG : LOG_INFO;
    if (log_enabled(level))
        log_write(level, "job", "queue=%s job=%s type=%s attempt=%d outcome=%s ms=%lld%s%s%s",
                  w->spec->name, job->id, job->type, job->attempt, outcome,
                  (long long)(clock_mono_ms() - started), out.error[0] ? " error=\"" : "",
                  out.error, out.error[0] ? "\"" : "");
}

/* one turn: promote due retries, reclaim one abandoned job, take one new job; false with err
 * when Redis failed */
static bool
turn(struct worker *w, double *last_claim, struct err *err)
{
    struct job job;
    int got;

    test_clock(w);
    if (queue_promote(&w->app, w->spec->name, clock_now_ms(), err) < 0)
        return false;
    if (clock_mono_ms() - *last_claim >= w->spec->visibility_ms / 2) {
        got = queue_claim(&w->app, w->spec, w->consumer, &job, err);
        if (got < 0)
            return false;
        if (got == 1) {
            log_info("reclaimed a job of a silent worker", "queue=%s job=%s", w->spec->name,
                     job.id);
            process(w, &job);
            job_release(&job);
            return true; /* claim again before blocking: there may be more */
        }
        *last_claim = clock_mono_ms();
    }
    got = queue_take(&w->app, w->spec->name, w->consumer, BLOCK_MS, &job, err);
    if (got < 0)
        return false;
    if (got == 1) {
        process(w, &job);
        job_release(&job);
    }
    return true;
}

static void
run(struct worker *w)
{
    double last_claim = -1e12;
    bool was_down = false;

    while (!stop_requested) {
        struct err err = ERR_INIT;
        if (turn(w, &last_claim, &err)) {
            if (was_down)
                log_info("queue store reachable again", "queue=%s", w->spec->name);
            was_down = false;
            continue;
        }
        /* a Redis that lost its data (no AOF) lost the consumer group too: make it again */
        if (strstr(err.cause, "NOGROUP") != NULL) {
            struct err gerr = ERR_INIT;
            if (queue_ensure_group(&w->app, w->spec->name, &gerr))
                continue;
        }
        if (!was_down)
            log_warn("queue store unavailable, retrying", "queue=%s err=\"%s: %s\"", w->spec->name,
                     err.message, err.cause);
        was_down = true;
        pause_ms(OUTAGE_PAUSE_MS);
    }
}

static int
usage(void)
{
    fprintf(stderr, "usage: pc-worker --queue NAME[.N] | --list-queues\n");
    return 2;
}

/* the queue an instance name serves: "partner-webhooks.3" (one of several workers of a queue, as
 * systemd's pc-worker@partner-webhooks.3 names it) serves partner-webhooks; a plain name itself */
static void
queue_of_instance(const char *instance, char *queue, size_t cap)
{
    const char *dot = strrchr(instance, '.');
    size_t len = strlen(instance);

    if (dot != NULL && dot[1] != '\0' && strspn(dot + 1, "0123456789") == strlen(dot + 1))
        len = (size_t)(dot - instance);
    snprintf(queue, cap, "%.*s", (int)len, instance);
}

int
main(int argc, char **argv)
{
    struct worker w;
    char host[64] = "host", queue[64];

    bool list = argc == 2 && strcmp(argv[1], "--list-queues") == 0;

    if (!list && (argc != 3 || strcmp(argv[1], "--queue") != 0))
        return usage();
    memset(&w, 0, sizeof(w));
    if (!app_open(&w.app, "pc-worker"))
        return 1;
    if (list) {
        jobs_list(w.app.cfg.test_hooks != NULL);
        app_close(&w.app);
        return 0;
    }
    queue_of_instance(argv[2], queue, sizeof(queue));
    w.spec = queue_spec_find(queue, w.app.cfg.test_hooks != NULL);
    w.handler = jobs_find(queue, w.app.cfg.test_hooks != NULL);
    if (w.spec == NULL || w.handler == NULL) {
        fprintf(stderr, "pc-worker: no queue named %s with a handler\n", argv[2]);
        app_close(&w.app);
        return 2;
    }
    gethostname(host, sizeof(host) - 1);
    snprintf(w.consumer, sizeof(w.consumer), "%s-%d", host, (int)getpid());
    srand48((long)getpid() ^ (long)time(NULL));
    rds_set_timeout(w.app.rds, BLOCK_MS + 4000);
    install_signals();
    log_info("started", "queue=%s consumer=%s", w.spec->name, w.consumer);
    run(&w);
    log_info("stopping", "queue=%s", w.spec->name);
    app_close(&w.app);
    return 0;
}
