/* err.c - error codes, their HTTP statuses, and helpers to fill struct err */
#include "core/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const struct {
    const char *code;
    int status;
} statuses[] = {
    {"bad_request", 400},        {"bad_json", 400},           {"invalid_token", 400},
    {"unauthenticated", 401},    {"forbidden", 403},          {"csrf_failed", 403},
    {"not_found", 404},          {"method_not_allowed", 405}, {"conflict", 409},
    {"invalid_transition", 409}, {"payload_too_large", 413},  {"unsupported_media_type", 415},
    {"validation_failed", 422},  {"rate_limited", 429},       {"internal", 500},
    {"unavailable", 503},
};

int
err_status(const char *code)
{
    if (code == NULL)
        return 200;
    for (size_t i = 0; i < sizeof(statuses) / sizeof(statuses[0]); i++)
        if (strcmp(statuses[i].code, code) == 0)
            return statuses[i].status;
    return 500;
}

bool
err_set(struct err *err, const char *code, const char *fmt, ...)
{
    va_list ap;

    err->code = code;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof(err->message), fmt, ap);
    va_end(ap);
    return false;
}

void
err_cause(struct err *err, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(err->cause, sizeof(err->cause), fmt, ap);
    va_end(ap);
}

void
err_detail(struct err *err, const char *field, const char *fmt, ...)
{
    va_list ap;
    struct err_detail *d;

    if (err->ndetails >= ERR_MAX_DETAILS)
        return;
    d = &err->details[err->ndetails++];
    snprintf(d->field, sizeof(d->field), "%s", field);
    va_start(ap, fmt);
    vsnprintf(d->problem, sizeof(d->problem), fmt, ap);
    va_end(ap);
}

bool
err_unavailable(struct err *err, const char *what, const char *cause)
{
    err_set(err, "unavailable", "%s is unavailable, retry shortly", what);
    err_cause(err, "%s", cause ? cause : "");
    err->retry_after = 2;
    return false;
}

void
err_reset(struct err *err)
{
    memset(err, 0, sizeof(*err));
}
