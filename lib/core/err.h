/* err.h - the one error value that lib/ fills and res.c renders as the API's JSON error shape */
#ifndef PC_ERR_H
#define PC_ERR_H

#include <stdbool.h>

#define ERR_MAX_DETAILS 32

struct err_detail {
    char field[64];
    char problem[160];
};

/* code is a static string from the vocabulary of err_status(); NULL means "no error" */
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
 * "return err_set(...)" from bool functions */
bool err_set(struct err *err, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* err_cause - record the internal cause (for the log only) */
void err_cause(struct err *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* err_detail - add a field problem; extra ones beyond ERR_MAX_DETAILS are dropped */
void err_detail(struct err *err, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* err_unavailable - shorthand for a dependency outage: 503 with Retry-After */
bool err_unavailable(struct err *err, const char *what, const char *cause);

/* err_status - HTTP status of an error code; unknown codes are 500 */
int err_status(const char *code);

/* err_reset - clear back to ERR_INIT */
void err_reset(struct err *err);

#endif
