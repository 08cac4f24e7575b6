/* pc_api.c - pc-api: configuration, per-process clients, the FastCGI accept loop, signals */
#include <fcgiapp.h>
#include <malloc.h>
#include <execinfo.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "core/clock.h"
#include "core/log.h"
#include "dispatch.h"
#include "domain/cron_jobs.h"
#include "domain/setup.h"
#include "handlers.h"
#include "openapi.h"

static volatile sig_atomic_t stop_requested;

static void
on_stop_signal(int sig)
{
    (void)sig;
    stop_requested = 1; /* accept() fails with EINTR; a request in progress finishes first */
}

/* a request that outlives PC_REQUEST_TIMEOUT_S (a dependency that hangs past every driver
 * timeout) ends this responder: multiwatch starts a fresh one and nginx answers 503. The line
 * names the request (formatted before it runs: the handler may only write) */
static char watchdog_line[512];
static size_t watchdog_len;

static void
on_watchdog(int sig)
{
    void *frames[32];
    int n;

    (void)sig;
    if (write(STDERR_FILENO, watchdog_line, watchdog_len) < 0)
        _exit(70);
    /* where it hung (backtrace() was called once at start, so it does not allocate here) */
    n = backtrace(frames, 32);
    backtrace_symbols_fd(frames, n, STDERR_FILENO);
    _exit(70);
}

static void
watchdog_arm(const struct req *req, unsigned seconds)
{
    int n = snprintf(watchdog_line, sizeof(watchdog_line),
                     "level=error proc=pc-api pid=%d msg=\"request watchdog fired, exiting\" "
                     "method=%s path=%.200s timeout_s=%u\n",
                     (int)getpid(), req->method ? req->method : "-", req->path ? req->path : "-",
                     seconds);

    if (n < 0)
        n = 0;
    watchdog_len = (size_t)n < sizeof(watchdog_line) ? (size_t)n : sizeof(watchdog_line) - 1;
    alarm(seconds);
}

static void
install_signals(void)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_stop_signal; /* no SA_RESTART: accept() must return */
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    signal(SIGALRM, on_watchdog);
    void *warm[1];
    backtrace(warm, 1); /* loads libgcc now: the watchdog's backtrace must not allocate */
}

/* the part of the watchdog's time the database commands may use: the rest is for answering,
 * so a slow database ends in a 503 from here, not in the watchdog's exit */
static double
db_budget_ms(long timeout_s)
{
    double ms = (double)timeout_s * 1000;

    return ms - (ms > 8000 ? 2000 : ms / 4);
}

static void
serve_one(struct app *app, FCGX_Request *fr)
{
    struct req req;
    struct res res;

    req_init(&req, app, fr->envp, fr->in);
    req.out = fr->out;
    res_init(&res);
    watchdog_arm(&req, (unsigned)app->cfg.request_timeout_s);
    db_set_deadline(app->db, clock_mono_ms() + db_budget_ms(app->cfg.request_timeout_s));
    dispatch(&req, &res);
    db_set_deadline(app->db, 0);
    alarm(0);
    res_send(&res, req.request_id, fr->out);
    res_release(&res);
    req_finish(&req);
}

static int
usage(void)
{
    fprintf(stderr,
            "usage: pc-api [--check-config | --setup | --openapi | --list-cron-jobs]\n"
            "  without options: a FastCGI responder on the socket passed as fd 0\n"
            "  --check-config    print the effective configuration, secrets masked\n"
            "  --setup           create indexes, the initial owner, missing search terms\n"
            "                    (idempotent)\n"
            "  --openapi         print /api/openapi.json (no configuration needed)\n"
            "  --list-cron-jobs  print each cron job's name and schedule (no configuration)\n");
    return 2;
}

/* --setup: indexes, owner, search terms; exit status 0, or 1 with the reason on stderr */
static int
run_setup(struct app *app)
{
    struct err err = ERR_INIT;
    bool created = false;
    long backfilled = 0;

    if (!setup_indexes(app, &err) || !setup_owner(app, &created, &err)
        || !setup_search_terms(app, &backfilled, &err)) {
        fprintf(stderr, "setup failed: %s%s%s\n", err.message, err.cause[0] ? ": " : "", err.cause);
        return 1;
    }
    printf("setup done: indexes ok, owner %s, search terms given to %ld\n",
           created ? "created" : "already present", backfilled);
    return 0;
}

/* --openapi: the document the API serves, for build steps that have no running stack; with
 * PC_TEST_HOOKS set, the one a stack with test hooks serves (its test-only rows and queues) */
static int
print_openapi(void)
{
    const char *hooks = getenv("PC_TEST_HOOKS");
    json_object *doc = openapi_document(routes, routes_count, hooks != NULL && *hooks != '\0');
    int rc = puts(json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PRETTY)) < 0 ? 1 : 0;

    json_object_put(doc);
    return rc;
}

int
main(int argc, char **argv)
{
    struct app app;
    FCGX_Request fr;

    if (argc == 2 && strcmp(argv[1], "--list-cron-jobs") == 0) {
        cron_jobs_print(stdout);
        return 0;
    }
    if (argc == 2 && strcmp(argv[1], "--openapi") == 0)
        return print_openapi();
    if (argc > 2
        || (argc == 2 && strcmp(argv[1], "--check-config") != 0 && strcmp(argv[1], "--setup") != 0))
        return usage();
    if (!app_open(&app, "pc-api"))
        return 1;
    if (argc == 2) {
        int rc = 0;
        if (strcmp(argv[1], "--setup") == 0)
            rc = run_setup(&app);
        else
            config_print(&app.cfg, stdout);
        app_close(&app);
        return rc;
    }
    if (FCGX_Init() != 0 || FCGX_InitRequest(&fr, 0, FCGI_FAIL_ACCEPT_ON_INTR) != 0) {
        log_error("cannot initialise fastcgi", NULL);
        app_close(&app);
        return 1;
    }
    install_signals();
    /* argon2id takes 19 MiB per password check: with a fixed threshold glibc serves such
     * blocks by mmap and gives them back, so an idle responder returns to its small size */
    mallopt(M_MMAP_THRESHOLD, 1024 * 1024);
    log_info("started", NULL);
    while (!stop_requested && FCGX_Accept_r(&fr) >= 0) {
        serve_one(&app, &fr);
        FCGX_Finish_r(&fr);
    }
    log_info("stopping", NULL);
    FCGX_Free(&fr, 1);
    app_close(&app);
    return 0;
}
