/* rds.c - one hiredis connection per process with timeouts and transparent reconnection */
#include "db/rds.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <poll.h>
#include <string.h>
#include <sys/time.h>

#include "core/log.h"

struct rds {
    redisContext *c;
    char host[256];
    char path[256]; /* unix socket path when non-empty */
    int port;
    int db;
    char password[256];
    long timeout_ms;
};

static bool
parse_url(struct rds *r, const char *url)
{
    const char *p, *at, *slash, *colon, *q;

    if (strncmp(url, "unix://", 7) == 0) {
        p = url + 7;
        q = strchr(p, '?');
        snprintf(r->path, sizeof(r->path), "%.*s", q ? (int)(q - p) : (int)strlen(p), p);
        if (q != NULL && strncmp(q, "?db=", 4) == 0)
            r->db = atoi(q + 4);
        return r->path[0] == '/';
    }
    if (strncmp(url, "redis://", 8) != 0)
        return false;
    p = url + 8;
    at = strchr(p, '@');
    if (at != NULL) {
        colon = memchr(p, ':', (size_t)(at - p));
        if (colon != NULL)
            snprintf(r->password, sizeof(r->password), "%.*s", (int)(at - colon - 1), colon + 1);
        p = at + 1;
    }
    slash = strchr(p, '/');
    colon = strchr(p, ':');
    if (colon != NULL && (slash == NULL || colon < slash)) {
        snprintf(r->host, sizeof(r->host), "%.*s", (int)(colon - p), p);
        r->port = atoi(colon + 1);
    } else {
        snprintf(r->host, sizeof(r->host), "%.*s", slash ? (int)(slash - p) : (int)strlen(p), p);
        r->port = 6379;
    }
    if (slash != NULL && slash[1] != '\0')
        r->db = atoi(slash + 1);
    return r->host[0] != '\0' && r->port > 0 && r->port < 65536;
}

struct rds *
rds_new(const char *url, long timeout_ms, struct err *err)
{
    struct rds *r = calloc(1, sizeof(*r));

    if (r == NULL) {
        err_set(err, ERR_INTERNAL, "out of memory");
        return NULL;
    }
    r->timeout_ms = timeout_ms;
    if (!parse_url(r, url)) {
        err_set(err, ERR_INTERNAL, "invalid REDIS_URL");
        free(r);
        return NULL;
    }
    return r;
}

void
rds_disconnect(struct rds *r)
{
    if (r->c != NULL)
        redisFree(r->c);
    r->c = NULL;
}

void
rds_set_timeout(struct rds *r, long timeout_ms)
{
    r->timeout_ms = timeout_ms;
    rds_disconnect(r); /* the next command reconnects with the new timeout */
}

void
rds_free(struct rds *r)
{
    if (r == NULL)
        return;
    rds_disconnect(r);
    memset(r->password, 0, sizeof(r->password));
    free(r);
}

void
rds_reply_free(redisReply *reply)
{
    if (reply != NULL)
        freeReplyObject(reply);
}

/* run one command on a fresh context during connection set-up (AUTH, SELECT) */
static bool
setup_cmd(redisContext *c, const char *fmt, const char *arg, int num)
{
    redisReply *reply = arg ? redisCommand(c, fmt, arg) : redisCommand(c, fmt, num);
    bool ok = reply != NULL && reply->type != REDIS_REPLY_ERROR;

    if (reply != NULL)
        freeReplyObject(reply);
    return ok;
}

/* a healthy idle connection has nothing to read (no pub/sub here); readable means the server
 * closed it (restart, timeout): reconnect before sending rather than fail the caller */
static bool
connection_stale(const redisContext *c)
{
    struct pollfd pfd = {.fd = c->fd, .events = POLLIN};

    return poll(&pfd, 1, 0) != 0;
}

static bool
ensure_connected(struct rds *r, struct err *err)
{
    struct timeval tv = {r->timeout_ms / 1000, (r->timeout_ms % 1000) * 1000};

    if (r->c != NULL && r->c->err == 0 && !connection_stale(r->c))
        return true;
    rds_disconnect(r);
    r->c = r->path[0] ? redisConnectUnixWithTimeout(r->path, tv)
                      : redisConnectWithTimeout(r->host, r->port, tv);
    if (r->c == NULL || r->c->err != 0) {
        char cause[160];
        snprintf(cause, sizeof(cause), "%s", r->c ? r->c->errstr : "out of memory");
        rds_disconnect(r);
        return err_unavailable(err, "the queue store", cause);
    }
    redisSetTimeout(r->c, tv);
    if ((r->password[0] && !setup_cmd(r->c, "AUTH %s", r->password, 0))
        || (r->db != 0 && !setup_cmd(r->c, "SELECT %d", NULL, r->db))) {
        rds_disconnect(r);
        return err_unavailable(err, "the queue store", "redis AUTH or SELECT failed");
    }
    return true;
}

/* common tail of rds_cmd and rds_cmd_argv: classify a reply */
static redisReply *
check_reply(struct rds *r, redisReply *reply, struct err *err)
{
    if (reply == NULL) {
        char cause[160];
        snprintf(cause, sizeof(cause), "%s", r->c->errstr);
        log_warn("lost redis connection", "err=\"%s\"", cause);
        rds_disconnect(r);
        err_unavailable(err, "the queue store", cause);
        return NULL;
    }
    if (reply->type == REDIS_REPLY_ERROR) {
        err_set(err, ERR_INTERNAL, "internal error");
        err_cause(err, "redis: %.200s", reply->str);
        /* a replica or a loading server is an outage, not a bug */
        if (strncmp(reply->str, "LOADING", 7) == 0 || strncmp(reply->str, "READONLY", 8) == 0
            || strncmp(reply->str, "MASTERDOWN", 10) == 0)
            err_unavailable(err, "the queue store", reply->str);
        freeReplyObject(reply);
        return NULL;
    }
    return reply;
}

redisReply *
rds_vcmd(struct rds *r, struct err *err, const char *fmt, va_list ap)
{
    if (!ensure_connected(r, err))
        return NULL;
    return check_reply(r, redisvCommand(r->c, fmt, ap), err);
}

redisReply *
rds_cmd(struct rds *r, struct err *err, const char *fmt, ...)
{
    va_list ap;
    redisReply *reply;

    va_start(ap, fmt);
    reply = rds_vcmd(r, err, fmt, ap);
    va_end(ap);
    return reply;
}

redisReply *
rds_cmd_argv(struct rds *r, struct err *err, int argc, const char **argv, const size_t *lens)
{
    if (!ensure_connected(r, err))
        return NULL;
    return check_reply(r, redisCommandArgv(r->c, argc, argv, lens), err);
}

bool
rds_ping(struct rds *r, struct err *err)
{
    redisReply *reply = rds_cmd(r, err, "PING");
    bool ok = reply != NULL && reply->type == REDIS_REPLY_STATUS;

    rds_reply_free(reply);
    return ok;
}
