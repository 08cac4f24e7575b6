/* res.h - the response a handler builds: status, extra headers, a JSON body (or raw bytes) */
#ifndef PC_RES_H
#define PC_RES_H

#include <fcgiapp.h>
#include <json-c/json.h>
#include <stddef.h>

#include "core/err.h"

#define RES_MAX_HEADERS 16

struct res {
    int status;
    json_object *json; /* owned */
    char *raw;         /* owned; used instead of json when set */
    size_t raw_len;
    const char *content_type; /* static string */
    int nheaders;
    struct {
        char name[48];
        char *value; /* owned */
    } headers[RES_MAX_HEADERS];
    const char *error_code; /* for the access log */
    bool head_only;         /* a HEAD request: the headers of the answer, not its body */
    bool sent;              /* the handler wrote the answer itself (a streamed file) */
};

void res_init(struct res *res);
void res_release(struct res *res);

/* res_json - answer status with obj as body; takes ownership of obj (NULL -> no body) */
int res_json(struct res *res, int status, json_object *obj);

/* res_raw - answer status with a copy of bytes of the given static content type */
int res_raw(struct res *res, int status, const char *content_type, const char *bytes, size_t len);

/* res_fail - render err as the one error shape; logs the internal cause; returns the status */
int res_fail(struct res *res, const struct err *err);

/* res_error - shorthand for res_fail with a code and message and no details */
int res_error(struct res *res, enum err_code code, const char *message);

/* res_header - set a response header, replacing one of the same name (the value is copied) */
void res_header(struct res *res, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* res_add_header - add a header even when one of that name exists (Set-Cookie) */
void res_add_header(struct res *res, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* res_serialize - status line, headers and body as FastCGI (CGI) output, NUL-terminated
 * (len excludes the NUL); caller frees */
char *res_serialize(const struct res *res, const char *request_id, size_t *len);

/* res_send - write the response to the FastCGI output stream */
void res_send(const struct res *res, const char *request_id, FCGX_Stream *out);

#endif
