/* err.h - the one error value that lib/ fills and res.c renders as the API's JSON error shape */
#ifndef PC_ERR_H
#define PC_ERR_H

#include <stdbool.h>

#define ERR_MAX_DETAILS 32

/* The vocabulary of error codes (style.md §1.6). err_set takes one of these, never a string, so
 * a code without a status does not compile; err.c's table gives each its name and status, and
 * the err unit suite fails on a code the table forgot. */
enum err_code {
    ERR_NONE = 0,
    ERR_BAD_REQUEST,            /* 400 */
    ERR_BAD_JSON,               /* 400 */
    ERR_INVALID_TOKEN,          /* 400: a reset, invite or magic link that is invalid or used */
    ERR_UNAUTHENTICATED,        /* 401 */
    ERR_INVALID_API_TOKEN,      /* 401: a partner API token that is malformed or unknown */
    ERR_API_TOKEN_EXPIRED,      /* 401: a partner API token past its expiresAt */
    ERR_API_TOKEN_REVOKED,      /* 401: a partner API token revoked by the partner */
    ERR_FORBIDDEN,              /* 403 */
    ERR_CSRF_FAILED,            /* 403 */
    ERR_ACCOUNT_DEACTIVATED,    /* 403: the right password of a deactivated account */
    ERR_NOT_FOUND,              /* 404 */
    ERR_METHOD_NOT_ALLOWED,     /* 405 */
    ERR_CONFLICT,               /* 409: a unique value taken, a concurrent change */
    ERR_INVALID_TRANSITION,     /* 409: a lead status the transition table refuses */
    ERR_DUPLICATE_NAME,         /* 409: another record has this name; the client may confirm */
    ERR_IDEMPOTENCY_IN_FLIGHT,  /* 409: a request with this Idempotency-Key is still running */
    ERR_IDEMPOTENCY_MISMATCH,   /* 422: an Idempotency-Key reused with another request body */
    ERR_PAYLOAD_TOO_LARGE,      /* 413 */
    ERR_UNSUPPORTED_MEDIA_TYPE, /* 415 */
    ERR_VALIDATION_FAILED,      /* 422: details[] names each field */
    ERR_RATE_LIMITED,           /* 429, with Retry-After */
    ERR_INTERNAL,               /* 500: a bug; the cause is logged, never sent */
    ERR_UNAVAILABLE,            /* 503, with Retry-After: the database or Redis is down */
    ERR_CODE_COUNT
};

struct err_detail {
    char field[64];
    char problem[160];
};

/* code is the name of an enum err_code (a static string, compared with err_is); NULL means
 * "no error" */
struct err {
    const char *code;
    char message[256];
    char cause[256]; /* logged, never sent: driver messages and other internals */
    int retry_after; /* seconds, sent as Retry-After on 429 and 503; 0 = not sent */
    int ndetails;
    struct err_detail details[ERR_MAX_DETAILS];
};

#define ERR_INIT                                                                                   \
    {                                                                                              \
        0                                                                                          \
    }

/* err_set - record code and a printf-style human message; returns false so callers can
 * "return err_set(...)" from bool functions. A value outside the enum records ERR_INTERNAL. */
bool err_set(struct err *err, enum err_code code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* err_is - err holds code (ERR_NONE: holds no error) */
bool err_is(const struct err *err, enum err_code code);

/* err_cause - record the internal cause (for the log only) */
void err_cause(struct err *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* err_detail - add a field problem; extra ones beyond ERR_MAX_DETAILS are dropped */
void err_detail(struct err *err, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* err_unavailable - shorthand for a dependency outage: 503 with Retry-After */
bool err_unavailable(struct err *err, const char *what, const char *cause);

/* err_conflict - a unique value is taken: conflict with message and the one detail {field,
 * problem}, replacing what err held (the store's generic wording included); returns false */
bool err_conflict(struct err *err, const char *field, const char *problem, const char *message);

/* err_name - the code's name as the API writes it ("not_found"); NULL for ERR_NONE and for a
 * value outside the enum */
const char *err_name(enum err_code code);

/* err_code_status - the HTTP status of code; 200 for ERR_NONE, 0 outside the enum */
int err_code_status(enum err_code code);

/* err_status - HTTP status of an error code's name (as rendered); 200 for NULL. A name outside
 * the vocabulary cannot come from err_set; it answers 500. */
int err_status(const char *code);

/* err_reset - clear back to ERR_INIT */
void err_reset(struct err *err);

#endif
