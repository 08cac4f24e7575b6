/* main.c - pc-api: configuration, per-process clients, the FastCGI accept loop, signals */
#include <fcgiapp.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "dispatch.h"
#include "log.h"
#include "setup.h"

static volatile sig_atomic_t stop_requested;

static void
on_stop_signal(int sig)
{
    (void)sig;
    stop_requested = 1; /* accept() fails with EINTR; a request in progress finishes first */
}

/* a request that outlives PC_REQUEST_TIMEOUT_S (a dependency that hangs past every driver
 * timeout) ends this responder: multiwatch starts a fresh one and nginx answers 503 */
static void
on_watchdog(int sig)
{
    static const char msg[] = "level=error proc=pc-api msg=\"request watchdog fired, exiting\"\n";

    (void)sig;
    if (write(STDERR_FILENO, msg, sizeof(msg) - 1) < 0)
        _exit(70);
    _exit(70);
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
}

static void
serve_one(struct app *app, FCGX_Request *fr)
{
    struct req req;
    struct res res;

    req_init(&req, app, fr->envp, fr->in);
    res_init(&res);
    alarm((unsigned)app->cfg.request_timeout_s);
    dispatch(&req, &res);
    alarm(0);
    res_send(&res, req.request_id, fr->out);
    res_release(&res);
    req_finish(&req);
}

static int
usage(void)
{
    fprintf(stderr, "usage: pc-api [--check-config | --setup]\n"
                    "  without options: a FastCGI responder on the socket passed as fd 0\n"
                    "  --check-config  print the effective configuration, secrets masked\n"
                    "  --setup         create indexes and the initial owner (idempotent)\n");
    return 2;
}

/* --setup: indexes and owner; exit status 0, or 1 with the reason on stderr */
static int
run_setup(struct app *app)
{
    struct err err = ERR_INIT;
    bool created = false;

    if (!setup_indexes(app, &err) || !setup_owner(app, &created, &err)) {
        fprintf(stderr, "setup failed: %s%s%s\n", err.message, err.cause[0] ? ": " : "", err.cause);
        return 1;
    }
    printf("setup done: indexes ok, owner %s\n", created ? "created" : "already present");
    return 0;
}

int
main(int argc, char **argv)
{
    struct app app;
    FCGX_Request fr;

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
