/* rds.h - the process's Redis connection: connects lazily, reconnects after a failure */
#ifndef PC_RDS_H
#define PC_RDS_H

#include <hiredis.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>

#include "core/err.h"

struct rds;

/* REDIS_URL, parsed */
struct rds_url {
    char host[256];     /* name, IPv4 or IPv6 address (without brackets); "" for a socket */
    int port;           /* 6379 unless given */
    char path[256];     /* the unix socket; "" for TCP */
    int db;             /* SELECTed when not 0 */
    char password[256]; /* percent-decoded; "" = no AUTH */
};

/* rds_url_parse - redis://[[user]:password@]host[:port][/db] (host a name, an IPv4 address or
 * an [IPv6] one; the user is ignored: AUTH takes the password alone) or unix:///path[?db=N],
 * parsed by libcurl's URL parser. False, with *out cleared, for anything else: another scheme,
 * no host, a port outside 1..65535, a db that is not a number. */
bool rds_url_parse(const char *url, struct rds_url *out);

/* rds_new - rds_url_parse(url); no I/O yet. Returns NULL with err set when the URL is
 * invalid. */
struct rds *rds_new(const char *url, long timeout_ms, struct err *err);
void rds_free(struct rds *r);

/* rds_cmd - run a printf-style hiredis command. Returns a reply the caller frees with
 * rds_reply_free, or NULL with err set: unavailable when Redis cannot be reached (the
 * connection is dropped and re-made on the next call), internal for an error reply. */
redisReply *rds_cmd(struct rds *r, struct err *err, const char *fmt, ...);

/* rds_vcmd - rds_cmd with a va_list */
redisReply *rds_vcmd(struct rds *r, struct err *err, const char *fmt, va_list ap);

/* rds_cmd_argv - binary-safe variant of rds_cmd */
redisReply *rds_cmd_argv(struct rds *r, struct err *err, int argc, const char **argv,
                         const size_t *lens);

void rds_reply_free(redisReply *reply);

/* rds_ping - true when Redis answers PONG */
bool rds_ping(struct rds *r, struct err *err);

/* rds_set_timeout - command timeout from now on (blocking reads need more than the default) */
void rds_set_timeout(struct rds *r, long timeout_ms);

/* rds_disconnect - drop the connection (tests and fork safety) */
void rds_disconnect(struct rds *r);

#endif
