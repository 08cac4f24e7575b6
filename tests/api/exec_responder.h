/* exec_responder.h - a pc-api of the test's own on a Unix socket (fd 0, as spawn-fcgi hands it
 * over) with the stack's environment plus some variables, spoken to with cgi-fcgi: what nginx
 * would otherwise hide (test_fcgi_exec.c), or a configuration the stack does not run
 * (test_db_limits.c) */
#ifndef PC_EXEC_RESPONDER_H
#define PC_EXEC_RESPONDER_H

#include <stddef.h>

struct exec_res {
    int status;
    char head[2048]; /* the CGI header lines */
    char body[4096];
};

/* responder_up - start pc-api with the stack's environment and env ("NAME=value" strings,
 * NULL-terminated; may be NULL); its log is pc-api-exec.log among the stack's logs */
void responder_up(const char *const *env);

/* responder_down - SIGTERM; it must exit cleanly (0) once idle */
void responder_down(void);

/* exec_request - one request through cgi-fcgi with only these CGI variables ("NAME=value ...",
 * shell-safe values) and body bytes of body (may be NULL); fills out, returns its status (0: no
 * answer) */
int exec_request(const char *vars, const char *body, size_t body_len, struct exec_res *out);

/* exec_error_code - the error.code member of a JSON error body, "" when none */
const char *exec_error_code(const struct exec_res *r);

#endif
