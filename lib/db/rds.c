/* rds.c - one hiredis connection per process with timeouts and transparent reconnection */
#include "db/rds.h"

#include <curl/curl.h>
#include <openssl/crypto.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <poll.h>
#include <string.h>
#include <sys/time.h>

#include "core/log.h"

struct rds {
    redisContext *c;
    struct rds_url url;
    long timeout_ms;
};

/* a part of u, percent-decoded when decode, into out; "" when absent; false when too long */
static bool
url_part(CURLU *u, CURLUPart part, bool decode, char *out, size_t cap)
{
    char *v = NULL;
    bool ok = true;

    out[0] = '\0';
    if (curl_url_get(u, part, &v, decode ? CURLU_URLDECODE : 0) == CURLUE_OK) {
        ok = strlen(v) < cap;
        if (ok)
            memcpy(out, v, strlen(v) + 1);
    }
    curl_free(v);
    return ok;
}

/* digits only, at most 4 of them: a database number */
static bool
db_number(const char *s, int *db)
{
    size_t n = strspn(s, "0123456789");

    if (n == 0 || n > 4 || s[n] != '\0')
        return false;
    *db = atoi(s);
    return true;
}

/* unix:///path[?db=N]: curl reads the path after a host of its own */
static bool
parse_unix(CURLU *u, const char *url, struct rds_url *out)
{
    char with_host[1024], query[64];

    if (snprintf(with_host, sizeof(with_host), "unix://localhost%s", url + 7)
            >= (int)sizeof(with_host)
        || curl_url_set(u, CURLUPART_URL, with_host, CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK
        || !url_part(u, CURLUPART_PATH, true, out->path, sizeof(out->path))
        || !url_part(u, CURLUPART_QUERY, false, query, sizeof(query)))
        return false;
    if (query[0] != '\0' && (strncmp(query, "db=", 3) != 0 || !db_number(query + 3, &out->db)))
        return false;
    return out->path[0] == '/' && out->path[1] != '\0';
}

/* redis://[:password@]host[:port][/db] */
static bool
parse_tcp(CURLU *u, const char *url, struct rds_url *out)
{
    char port[8], path[16];
    size_t n;

    if (curl_url_set(u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK
        || !url_part(u, CURLUPART_HOST, true, out->host, sizeof(out->host))
        || !url_part(u, CURLUPART_PORT, false, port, sizeof(port))
        || !url_part(u, CURLUPART_PASSWORD, true, out->password, sizeof(out->password))
        || !url_part(u, CURLUPART_PATH, true, path, sizeof(path)))
        return false;
    n = strlen(out->host);
    if (n > 2 && out->host[0] == '[' && out->host[n - 1] == ']') { /* [::1] -> ::1 */
        memmove(out->host, out->host + 1, n - 2);
        out->host[n - 2] = '\0';
    }
    out->port = port[0] ? atoi(port) : 6379;
    if (strcmp(path, "/") != 0 && path[0] != '\0' && !db_number(path + 1, &out->db))
        return false;
    return out->host[0] != '\0' && out->port > 0 && out->port < 65536;
}

bool
rds_url_parse(const char *url, struct rds_url *out)
{
    CURLU *u = curl_url();
    bool ok = false;

    memset(out, 0, sizeof(*out));
    if (u != NULL && url != NULL) {
        if (strncmp(url, "unix://", 7) == 0)
            ok = parse_unix(u, url, out);
        else if (strncmp(url, "redis://", 8) == 0)
            ok = parse_tcp(u, url, out);
    }
    curl_url_cleanup(u);
    if (!ok)
        OPENSSL_cleanse(out, sizeof(*out));
    return ok;
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
    if (!rds_url_parse(url, &r->url)) {
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
    OPENSSL_cleanse(&r->url, sizeof(r->url));
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
    r->c = r->url.path[0] ? redisConnectUnixWithTimeout(r->url.path, tv)
                          : redisConnectWithTimeout(r->url.host, r->url.port, tv);
    if (r->c == NULL || r->c->err != 0) {
        char cause[160];
        snprintf(cause, sizeof(cause), "%s", r->c ? r->c->errstr : "out of memory");
        rds_disconnect(r);
        return err_unavailable(err, "the queue store", cause);
    }
    redisSetTimeout(r->c, tv);
    if ((r->url.password[0] && !setup_cmd(r->c, "AUTH %s", r->url.password, 0))
        || (r->url.db != 0 && !setup_cmd(r->c, "SELECT %d", NULL, r->url.db))) {
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
