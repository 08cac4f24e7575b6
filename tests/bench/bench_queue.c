/* bench_queue.c - queue figures for tests/bench/run.sh, against the harness stack's Redis
 * (environment from $PC_VAR_DIR/run/app.env; workers from $PC_BIN_DIR):
 *
 *   bench-queue enqueue N       queue_push N no-op jobs onto test-noop, print the rate
 *   bench-queue drain K N       start K pc-worker --queue test-noop, time until the N waiting
 *                               jobs are gone (XLEN 0, XPENDING 0, nothing delayed), print the
 *                               rate and each worker's VmRSS, stop the workers
 *   bench-queue hubspot B E     HubSpot event processing: C leads linked to contacts, then B
 *                               webhook deliveries of E property changes each (new event ids,
 *                               E distinct contacts per delivery) on an emptied hubspot-webhook,
 *                               drained by 1 worker; prints events/s (the stack's own worker of
 *                               that queue must be stopped)
 *   bench-queue webhooks K N ENDPOINT PARTNER
 *                               webhooks to partners: N lead.status_changed jobs for ENDPOINT (24
 * hex, of PARTNER) on an emptied partner-webhooks, delivered by K workers to the endpoint's
 * receiver; prints deliveries/s (the stack's own workers of that queue must be stopped)
 *
 * Output is one line of key=value pairs on stdout. Every measurement gives up after
 * BENCH_TIMEOUT_S; every worker started is stopped (SIGTERM, then SIGKILL), also on failure. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "core/clock.h"
#include "db/store.h"
#include "domain/webhook_inbox.h"
#include "queue/partner_hooks.h"
#include "queue/queue.h"
#include "queue/queue_internal.h"

#define QUEUE "test-noop"
#define HS_QUEUE "hubspot-webhook"
#define HS_CONTACTS 500
#define BENCH_TIMEOUT_S 120
#define MAX_WORKERS 16
#define POLL_MS 20

static double
now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};

    nanosleep(&ts, NULL);
}

static const char *
env_or(const char *name, const char *fallback)
{
    const char *v = getenv(name);

    return v != NULL && v[0] != '\0' ? v : fallback;
}

/* export every NAME=value line of run/app.env (plain values, no quoting) */
static bool
load_app_env(void)
{
    char path[1024], line[4096];
    FILE *f;

    snprintf(path, sizeof(path), "%s/run/app.env", env_or("PC_VAR_DIR", "var"));
    f = fopen(path, "r");
    if (f == NULL) {
        fprintf(stderr, "bench-queue: cannot read %s: %s\n", path, strerror(errno));
        return false;
    }
    while (fgets(line, sizeof(line), f) != NULL) {
        char *eq = strchr(line, '=');
        if (eq == NULL || eq == line)
            continue;
        *eq = '\0';
        eq[1 + strcspn(eq + 1, "\r\n")] = '\0';
        setenv(line, eq + 1, 1);
    }
    fclose(f);
    return true;
}

/* integer reply of a command; -1 on error */
static long long
redis_int(struct app *app, const char *cmd, const char *key)
{
    struct err err = ERR_INIT;
    redisReply *r = rds_cmd(app->rds, &err, cmd, key);
    long long n = -1;

    if (r != NULL && r->type == REDIS_REPLY_INTEGER)
        n = r->integer;
    rds_reply_free(r);
    return n;
}

/* whether the queue is empty everywhere at one instant: waiting, taken and delayed counted by one
 * script (three separate reads miss a deferred job that moves from delayed to waiting between
 * them); -1 on error */
static int
queue_empty(struct app *app, const struct queue_keys *k)
{
    static const char script[] = "local p = redis.call('XPENDING', KEYS[1], ARGV[1])\n"
                                 "return redis.call('XLEN', KEYS[1]) + p[1] + "
                                 "redis.call('ZCARD', KEYS[2])\n";
    struct err err = ERR_INIT;
    const char *args[] = {k->stream, k->delayed, QUEUE_GROUP};
    redisReply *r = queue_eval(app, &err, script, 2, 3, args);
    int empty = r != NULL && r->type == REDIS_REPLY_INTEGER ? r->integer == 0 : -1;

    rds_reply_free(r);
    return empty;
}

static int
cmd_enqueue(struct app *app, long n)
{
    struct err err = ERR_INIT;
    double start = now_s(), secs;

    for (long i = 0; i < n; i++) {
        if (!queue_push(app, QUEUE, "noop", "{}", NULL, NULL, NULL, &err)) {
            fprintf(stderr, "bench-queue: queue_push failed after %ld jobs: %s: %s\n", i,
                    err.message, err.cause);
            return 1;
        }
        if ((i & 255) == 0 && now_s() - start > BENCH_TIMEOUT_S) {
            fprintf(stderr, "bench-queue: enqueue timed out after %ld jobs\n", i);
            return 1;
        }
    }
    secs = now_s() - start;
    printf("enqueued=%ld seconds=%.3f jobs_per_s=%.0f\n", n, secs, (double)n / secs);
    return 0;
}

static pid_t
spawn_worker(int k, const char *queue)
{
    char bin[1024], log[1024];
    pid_t pid;

    snprintf(bin, sizeof(bin), "%s/pc-worker", env_or("PC_BIN_DIR", "build/release/bin"));
    snprintf(log, sizeof(log), "%s/log/bench-worker-%d.log", env_or("PC_VAR_DIR", "var"), k);
    fflush(NULL);
    pid = fork();
    if (pid == 0) {
        if (freopen("/dev/null", "r", stdin) == NULL || freopen("/dev/null", "w", stdout) == NULL
            || freopen(log, "a", stderr) == NULL)
            _exit(127);
        execl(bin, "pc-worker", "--queue", queue, (char *)NULL);
        _exit(127);
    }
    return pid;
}

/* VmRSS of pid in kB; -1 when unknown */
static long
rss_kb(pid_t pid)
{
    char path[64], line[256];
    long kb = -1;
    FILE *f;

    snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
    f = fopen(path, "r");
    if (f == NULL)
        return -1;
    while (fgets(line, sizeof(line), f) != NULL)
        if (strncmp(line, "VmRSS:", 6) == 0)
            kb = strtol(line + 6, NULL, 10);
    fclose(f);
    return kb;
}

/* SIGTERM every worker, wait up to 10 s (a worker finishes its blocking read first), then
 * SIGKILL the rest */
static void
stop_workers(const pid_t *pids, int k)
{
    bool alive[MAX_WORKERS];
    int left = 0;

    for (int i = 0; i < k; i++) {
        alive[i] = pids[i] > 0;
        if (alive[i]) {
            kill(pids[i], SIGTERM);
            left++;
        }
    }
    for (int waited = 0; left > 0 && waited < 10000; waited += 50) {
        for (int i = 0; i < k; i++)
            if (alive[i] && waitpid(pids[i], NULL, WNOHANG) == pids[i]) {
                alive[i] = false;
                left--;
            }
        if (left > 0)
            sleep_ms(50);
    }
    for (int i = 0; i < k; i++)
        if (alive[i]) {
            fprintf(stderr, "bench-queue: worker %d did not stop, killing it\n", (int)pids[i]);
            kill(pids[i], SIGKILL);
            waitpid(pids[i], NULL, 0);
        }
}

static int
cmd_drain(struct app *app, const char *queue, int k, long n, long per_job)
{
    struct queue_keys keys;
    pid_t pids[MAX_WORKERS] = {0};
    long rss[MAX_WORKERS];
    double start, secs = 0;
    long long len = -1;
    bool drained = false;
    int rc = 1;

    queue_keys_for(app, queue, &keys);
    len = redis_int(app, "XLEN %s", keys.stream);
    if (len < n) {
        fprintf(stderr, "bench-queue: %lld jobs waiting, expected at least %ld\n", len, n);
        return 1;
    }
    start = now_s();
    for (int i = 0; i < k; i++) {
        pids[i] = spawn_worker(i + 1, queue);
        if (pids[i] < 0) {
            fprintf(stderr, "bench-queue: fork failed: %s\n", strerror(errno));
            stop_workers(pids, i);
            return 1;
        }
    }
    while (now_s() - start < BENCH_TIMEOUT_S) {
        len = redis_int(app, "XLEN %s", keys.stream);
        if (len == 0 && queue_empty(app, &keys) == 1) {
            secs = now_s() - start;
            drained = true;
            break;
        }
        for (int i = 0; i < k; i++)
            if (waitpid(pids[i], NULL, WNOHANG) == pids[i]) {
                fprintf(stderr, "bench-queue: worker %d exited early, see its log\n", (int)pids[i]);
                pids[i] = 0;
                goto out;
            }
        sleep_ms(POLL_MS);
    }
    if (!drained) {
        fprintf(stderr, "bench-queue: not drained within %d s (XLEN %lld)\n", BENCH_TIMEOUT_S, len);
        goto out;
    }
    for (int i = 0; i < k; i++)
        rss[i] = rss_kb(pids[i]);
    printf("workers=%d jobs=%ld seconds=%.3f jobs_per_s=%.0f ", k, n, secs, (double)n / secs);
    if (per_job > 1)
        printf("events=%ld events_per_s=%.0f ", n * per_job, (double)(n * per_job) / secs);
    printf("worker_rss_kb=");
    for (int i = 0; i < k; i++)
        printf("%s%ld", i ? "," : "", rss[i]);
    printf("\n");
    rc = 0;
out:
    stop_workers(pids, k);
    return rc;
}

/* HS_CONTACTS leads linked to contacts base + i (a fresh base per run: no clash) */
static bool
seed_contacts(struct app *app, long long base)
{
    bson_t *docs[HS_CONTACTS];
    const bson_t *view[HS_CONTACTS];
    struct err err = ERR_INIT;
    char email[96], contact[32];
    bson_oid_t partner;
    int64_t now = clock_now_ms();
    bool ok;

    bson_oid_init(&partner, NULL);
    for (int i = 0; i < HS_CONTACTS; i++) {
        snprintf(email, sizeof(email), "hs-%lld-%d@bench.test", base, i);
        snprintf(contact, sizeof(contact), "%lld", base + i);
        docs[i] = BCON_NEW("email", BCON_UTF8(email), "partner", BCON_OID(&partner), "partnerName",
                           BCON_UTF8("Bench"), "dealStatus", BCON_UTF8("new"), "hubspotContactId",
                           BCON_UTF8(contact), "source", BCON_UTF8("hubspot"), "archivedAt",
                           BCON_NULL, "scheduledDate", BCON_NULL, "createdAt", BCON_DATE_TIME(now),
                           "updatedAt", BCON_DATE_TIME(now));
        view[i] = docs[i];
    }
    ok = store_insert_many(app->db, "leads", view, HS_CONTACTS, &err);
    for (int i = 0; i < HS_CONTACTS; i++)
        bson_destroy(docs[i]);
    if (!ok)
        fprintf(stderr, "bench-queue: seeding leads: %s %s\n", err.message, err.cause);
    return ok;
}

/* one delivery of e property changes to contacts base + (offset + i) % HS_CONTACTS */
static bool
push_delivery(struct app *app, long long base, long long first_event, long e, long offset)
{
    size_t cap = (size_t)e * 320 + 16, n = 0;
    char *body = malloc(cap), id[OID_STR_SIZE];
    struct err err = ERR_INIT;
    long long at = clock_now_ms();
    bool ok;

    n += (size_t)snprintf(body + n, cap - n, "[");
    for (long i = 0; i < e; i++)
        n += (size_t)snprintf(body + n, cap - n,
                              "%s{\"eventId\":%lld,\"subscriptionId\":9,\"portalId\":62515,"
                              "\"occurredAt\":%lld,\"subscriptionType\":\"contact.propertyChange\","
                              "\"objectId\":%lld,\"propertyName\":\"firstname\","
                              "\"propertyValue\":\"Name %lld\",\"changeSource\":\"CRM\"}",
                              i ? "," : "", first_event + i, at + i,
                              base + (offset + i) % HS_CONTACTS, first_event + i);
    snprintf(body + n, cap - n, "]");
    ok = webhook_enqueue(app, WEBHOOK_HUBSPOT, "batch", body, strlen(body), id, &err);
    if (!ok)
        fprintf(stderr, "bench-queue: enqueue: %s %s\n", err.message, err.cause);
    free(body);
    return ok;
}

static int
cmd_hubspot(struct app *app, long batches, long events)
{
    struct queue_keys keys;
    struct err err = ERR_INIT;
    long long base = (clock_now_ms() % 1000000000LL) * 1000;
    redisReply *r;

    queue_keys_for(app, HS_QUEUE, &keys);
    r = rds_cmd(app->rds, &err, "DEL %s", keys.stream); /* what the HTTP bench left there */
    rds_reply_free(r);
    if (!queue_ensure_group(app, HS_QUEUE, &err) || !seed_contacts(app, base))
        return 1;
    for (long b = 0; b < batches; b++)
        if (!push_delivery(app, base, base * 10 + b * events, events, b * 7))
            return 1;
    return cmd_drain(app, HS_QUEUE, 1, batches, events);
}

static int
cmd_webhooks(struct app *app, int k, long n, const char *endpoint, const char *partner)
{
    struct queue_keys keys;
    struct err err = ERR_INIT;
    long long run = clock_now_ms();
    char event[64], job[128], body[256];
    redisReply *r;

    queue_keys_for(app, PARTNER_HOOKS_QUEUE, &keys);
    r = rds_cmd(app->rds, &err, "DEL %s", keys.stream);
    rds_reply_free(r);
    if (!queue_ensure_group(app, PARTNER_HOOKS_QUEUE, &err))
        return 1;
    for (long i = 0; i < n; i++) {
        snprintf(event, sizeof(event), "bench%lld%06ld", run, i);
        snprintf(job, sizeof(job), "%s.%s", event, endpoint);
        snprintf(body, sizeof(body),
                 "{\"id\":\"%s\",\"type\":\"lead.status_changed\",\"createdAt\":\"2026-12-01T00:00:"
                 "00Z\","
                 "\"data\":{\"n\":%ld}}",
                 event, i);
        if (!partner_hooks_enqueue(app, job, endpoint, partner, event, "lead.status_changed", body,
                                   clock_now_ms(), NULL, &err)) {
            fprintf(stderr, "bench-queue: enqueue: %s %s\n", err.message, err.cause);
            return 1;
        }
    }
    return cmd_drain(app, PARTNER_HOOKS_QUEUE, k, n, 1);
}

static int
usage(void)
{
    fprintf(stderr,
            "usage: bench-queue enqueue N | drain K N | hubspot B E | webhooks K N ENDPOINT "
            "PARTNER   (K <= %d)\n",
            MAX_WORKERS);
    return 2;
}

int
main(int argc, char **argv)
{
    struct app app;
    int rc;

    if (argc == 6 && strcmp(argv[1], "webhooks") == 0) {
        int k = atoi(argv[2]);
        long n = strtol(argv[3], NULL, 10);
        if (k <= 0 || k > MAX_WORKERS || n <= 0 || strlen(argv[4]) != 24 || strlen(argv[5]) != 24)
            return usage();
        signal(SIGPIPE, SIG_IGN);
        if (!load_app_env() || !app_open(&app, "bench-queue"))
            return 1;
        rc = cmd_webhooks(&app, k, n, argv[4], argv[5]);
        app_close(&app);
        return rc;
    }
    if (argc < 3)
        return usage();
    bool enqueue = strcmp(argv[1], "enqueue") == 0 && argc == 3;
    bool drain = strcmp(argv[1], "drain") == 0 && argc == 4;
    bool hubspot = strcmp(argv[1], "hubspot") == 0 && argc == 4;
    long n = strtol(argv[argc - 1], NULL, 10);
    int k = drain || hubspot ? atoi(argv[2]) : 0;
    if ((!enqueue && !drain && !hubspot) || n <= 0 || (drain && (k <= 0 || k > MAX_WORKERS))
        || (hubspot && (k <= 0 || n > HS_CONTACTS)))
        return usage();
    signal(SIGPIPE, SIG_IGN);
    if (!load_app_env() || !app_open(&app, "bench-queue"))
        return 1;
    rc = enqueue ? cmd_enqueue(&app, n)
         : drain ? cmd_drain(&app, QUEUE, k, n, 1)
                 : cmd_hubspot(&app, k, n);
    app_close(&app);
    return rc;
}
