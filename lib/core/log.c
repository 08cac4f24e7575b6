/* log.c - structured logging to stderr: ts= level= proc= pid= req= msg= and extra fields */
#include "core/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static const char *log_proc = "pc";
static enum log_level log_min = LOG_INFO;
static char log_request[80];

static const char *const level_names[] = {"debug", "info", "warn", "error"};

void
log_init(const char *proc, enum log_level min)
{
    log_proc = proc;
    log_min = min;
}

int
log_level_parse(const char *name)
{
    for (int i = 0; i < 4; i++)
        if (strcmp(name, level_names[i]) == 0)
            return i;
    return -1;
}

void
log_set_request(const char *request_id)
{
    snprintf(log_request, sizeof(log_request), "%s", request_id ? request_id : "");
}

int
log_enabled(enum log_level level)
{
    return level >= log_min;
}

/* quote msg for a key="value" field: escape quotes, backslashes and control characters */
static void
write_quoted(char *out, size_t cap, const char *s)
{
    size_t n = 0;

    for (; *s != '\0' && n + 3 < cap; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') {
            out[n++] = '\\';
            out[n++] = (char)c;
        } else if (c < 0x20) {
            out[n++] = ' ';
        } else {
            out[n++] = (char)c;
        }
    }
    out[n] = '\0';
}

void
log_write(enum log_level level, const char *msg, const char *fields, ...)
{
    char line[4096], ts[32], quoted[512], extra[1400] = "";
    struct timeval tv;
    struct tm tm;
    va_list ap;

    if (level < log_min)
        return;
    gettimeofday(&tv, NULL);
    gmtime_r(&tv.tv_sec, &tm);
    strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%S", &tm);
    write_quoted(quoted, sizeof(quoted), msg);
    if (fields != NULL) {
        va_start(ap, fields);
        vsnprintf(extra, sizeof(extra), fields, ap);
        va_end(ap);
    }
    snprintf(line, sizeof(line), "ts=%s.%03dZ level=%s proc=%s pid=%d%s%s msg=\"%s\"%s%s\n", ts,
             (int)(tv.tv_usec / 1000), level_names[level], log_proc, (int)getpid(),
             log_request[0] ? " req=" : "", log_request, quoted, extra[0] ? " " : "", extra);
    /* one write() per line so lines of concurrent processes never interleave */
    if (write(STDERR_FILENO, line, strlen(line)) < 0)
        return;
}
