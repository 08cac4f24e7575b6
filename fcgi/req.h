/* req.h - one HTTP request as nginx hands it over FastCGI: method, path, params, body, principal */
#ifndef PC_REQ_H
#define PC_REQ_H

#include <fcgiapp.h>
#include <json-c/json.h>
#include <stdbool.h>
#include <stddef.h>

#include "app.h"
#include "core/err.h"
#include "core/principal.h"

#define REQ_MAX_PARAMS 4

struct route;

struct req {
    struct app *app;
    char **envp;      /* FastCGI params (CGI-style variables), borrowed */
    FCGX_Stream *in;  /* body stream; NULL when the body is given directly (tests) */
    FCGX_Stream *out; /* the answer's stream, for a handler that streams a file (export);
                         NULL outside a FastCGI request */
    const char *method;
    char *path;  /* owned: REQUEST_URI up to '?' */
    char *query; /* owned: after '?', "" when none */
    const struct route *route;
    int nparams;
    struct {
        char name[24]; /* from the route pattern, without ':' */
        char value[128];
    } params[REQ_MAX_PARAMS];
    char request_id[64];
    char *body; /* owned, NUL-terminated */
    size_t body_len;
    bool body_read;
    json_object *json; /* owned: parsed body */
    struct principal principal;
    double started_ms;
};

/* req_init - set up from FastCGI params; the body is read later by req_read_body */
void req_init(struct req *req, struct app *app, char **envp, FCGX_Stream *in);

/* req_finish - free everything request-scoped (DESIGN's ctx_finish) */
void req_finish(struct req *req);

/* req_env - a FastCGI param (e.g. "REMOTE_ADDR"), NULL when absent */
const char *req_env(const struct req *req, const char *name);

/* req_header - a request header by its HTTP name ("X-CSRF-Token"), NULL when absent */
const char *req_header(const struct req *req, const char *name);

/* req_param - a route parameter (":id" -> "id"), NULL when the route has none by that name */
const char *req_param(const struct req *req, const char *name);

/* req_query - copy the decoded query parameter into buf; false when absent or too long */
bool req_query(const struct req *req, const char *name, char *buf, size_t cap);

/* req_cookie - copy the named cookie's value into buf; false when absent or too long */
bool req_cookie(const struct req *req, const char *name, char *buf, size_t cap);

/* req_content_length - CONTENT_LENGTH, 0 when absent, -1 when malformed */
long req_content_length(const struct req *req);

/* req_read_body - read up to limit bytes of body; payload_too_large past it */
bool req_read_body(struct req *req, long limit, struct err *err);

/* req_json - the body parsed as a JSON object (borrowed, owned by req) that meets the rules of
 * every body (model_body_check: no key twice, all text valid UTF-8 without NUL); bad_json
 * otherwise, or validation_failed naming a string value that is not text */
json_object *req_json(struct req *req, struct err *err);

#endif
