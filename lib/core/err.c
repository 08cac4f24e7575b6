/* err.c - error codes, their HTTP statuses, and helpers to fill struct err */
#include "core/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const struct {
    const char *name;
    int status;
} codes[] = {
    [ERR_NONE] = {NULL, 200},
    [ERR_BAD_REQUEST] = {"bad_request", 400},
    [ERR_BAD_JSON] = {"bad_json", 400},
    [ERR_INVALID_TOKEN] = {"invalid_token", 400},
    [ERR_UNAUTHENTICATED] = {"unauthenticated", 401},
    [ERR_INVALID_API_TOKEN] = {"invalid_api_token", 401},
    [ERR_API_TOKEN_EXPIRED] = {"api_token_expired", 401},
    [ERR_API_TOKEN_REVOKED] = {"api_token_revoked", 401},
    [ERR_FORBIDDEN] = {"forbidden", 403},
    [ERR_CSRF_FAILED] = {"csrf_failed", 403},
    [ERR_ACCOUNT_DEACTIVATED] = {"account_deactivated", 403},
    [ERR_NOT_FOUND] = {"not_found", 404},
    [ERR_METHOD_NOT_ALLOWED] = {"method_not_allowed", 405},
    [ERR_CONFLICT] = {"conflict", 409},
    [ERR_INVALID_TRANSITION] = {"invalid_transition", 409},
    [ERR_DUPLICATE_NAME] = {"duplicate_name", 409},
    [ERR_IDEMPOTENCY_IN_FLIGHT] = {"idempotency_key_in_use", 409},
    [ERR_IDEMPOTENCY_MISMATCH] = {"idempotency_key_reused", 422},
    [ERR_PAYLOAD_TOO_LARGE] = {"payload_too_large", 413},
    [ERR_UNSUPPORTED_MEDIA_TYPE] = {"unsupported_media_type", 415},
    [ERR_VALIDATION_FAILED] = {"validation_failed", 422},
    [ERR_RATE_LIMITED] = {"rate_limited", 429},
    [ERR_INTERNAL] = {"internal", 500},
    [ERR_UNAVAILABLE] = {"unavailable", 503},
};

_Static_assert(sizeof(codes) / sizeof(codes[0]) == ERR_CODE_COUNT,
               "every enum err_code has a row in codes[]");

static bool
in_enum(enum err_code code)
{
    return (unsigned)code < ERR_CODE_COUNT;
}

const char *
err_name(enum err_code code)
{
    return in_enum(code) ? codes[code].name : NULL;
}

int
err_code_status(enum err_code code)
{
    return in_enum(code) ? codes[code].status : 0;
}

int
err_status(const char *code)
{
    if (code == NULL)
        return 200;
    for (size_t i = 1; i < ERR_CODE_COUNT; i++)
        if (codes[i].name != NULL && strcmp(codes[i].name, code) == 0)
            return codes[i].status;
    return 500;
}

bool
err_is(const struct err *err, enum err_code code)
{
    return in_enum(code) && err->code == codes[code].name;
}

bool
err_set(struct err *err, enum err_code code, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(err->message, sizeof(err->message), fmt, ap);
    va_end(ap);
    if (code == ERR_NONE || !in_enum(code)) {
        err_cause(err, "err_set with the code %d, which is not an error", (int)code);
        code = ERR_INTERNAL;
    }
    err->code = codes[code].name;
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
    err_set(err, ERR_UNAVAILABLE, "%s is unavailable, retry shortly", what);
    err_cause(err, "%s", cause ? cause : "");
    err->retry_after = 2;
    return false;
}

bool
err_conflict(struct err *err, const char *field, const char *problem, const char *message)
{
    char cause[sizeof(err->cause)];

    memcpy(cause, err->cause, sizeof(cause)); /* the driver's words stay for the log */
    err_reset(err);
    memcpy(err->cause, cause, sizeof(cause));
    err_detail(err, field, "%s", problem);
    return err_set(err, ERR_CONFLICT, "%s", message);
}

void
err_reset(struct err *err)
{
    memset(err, 0, sizeof(*err));
}
