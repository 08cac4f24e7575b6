/* test_fcgi_exec.c - pc-api without nginx: the test starts the responder on a socket of its own
 * and talks FastCGI to it with cgi-fcgi (libfcgi-bin), CGI variables in, the raw answer out,
 * as cgit's tests exec the binary. What nginx's shields would otherwise hide: the responder's
 * own 404/405, its query allow-list and its body cap. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "api.h"
#include "stack_access.h"

#define EXEC_MAX_BODY 1024 /* PC_MAX_BODY_BYTES of the responder under test (its minimum) */

static pid_t responder;
static char sock_path[108];

/* start pc-api on a fresh Unix socket (handed over as fd 0, as spawn-fcgi does) */
static void
responder_up(void)
{
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    char bin[1024], log[1024];
    int fd;

    stack_app(); /* exports the stack's environment (run/app.env), which the child inherits */
    snprintf(sock_path, sizeof(sock_path), "%s/run/exec-%d.sock", harness_env("PC_VAR_DIR"),
             (int)getpid());
    snprintf(bin, sizeof(bin), "%s/pc-api", harness_env("PC_BIN_DIR"));
    snprintf(log, sizeof(log), "%s/log/pc-api-exec.log", harness_env("PC_VAR_DIR"));
    unlink(sock_path);
    snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", sock_path);
    fd = socket(AF_UNIX, SOCK_STREAM, 0);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
    ck_assert_int_eq(listen(fd, 16), 0);
    responder = fork();
    ck_assert_int_ge(responder, 0);
    if (responder == 0) {
        char limit[32];
        snprintf(limit, sizeof(limit), "%d", EXEC_MAX_BODY);
        setenv("PC_MAX_BODY_BYTES", limit, 1);
        if (dup2(fd, 0) < 0 || freopen(log, "a", stderr) == NULL)
            _exit(127);
        close(fd);
        execl(bin, "pc-api", (char *)NULL);
        _exit(127);
    }
    close(fd);
}

/* SIGTERM ends the responder cleanly (exit 0) once it is idle */
static void
responder_down(void)
{
    ck_assert_int_eq(kill(responder, SIGTERM), 0);
    ck_assert_int_eq(wait_exit(responder, 15000), 0);
    unlink(sock_path);
}

struct exec_res {
    int status;
    char head[2048]; /* the CGI header lines */
    char body[4096];
};

/* one request through cgi-fcgi with only these CGI variables ("NAME=value ...", shell-safe
 * values) and body bytes of body (may be NULL); fills out, returns its status (0: no answer) */
static int
exec_request(const char *vars, const char *body, size_t body_len, struct exec_res *out)
{
    char cmd[4096], file[1024] = "/dev/null", raw[8192];
    size_t n;
    FILE *p, *f;
    char *sep;

    memset(out, 0, sizeof(*out));
    if (body != NULL) {
        snprintf(file, sizeof(file), "%s/run/exec-%d.body", harness_env("PC_VAR_DIR"),
                 (int)getpid());
        f = fopen(file, "w");
        ck_assert_ptr_nonnull(f);
        ck_assert_uint_eq(fwrite(body, 1, body_len, f), body_len);
        fclose(f);
    }
    /* env -i: cgi-fcgi sends its whole environment as FastCGI params, so it gets only these */
    snprintf(cmd, sizeof(cmd),
             "env -i REMOTE_ADDR=127.0.0.1 SERVER_PROTOCOL=HTTP/1.1 %s %s cgi-fcgi -bind "
             "-connect %s < %s",
             vars, body ? "CONTENT_TYPE=application/json" : "", sock_path, file);
    p = popen(cmd, "r");
    ck_assert_ptr_nonnull(p);
    n = fread(raw, 1, sizeof(raw) - 1, p);
    raw[n] = '\0';
    ck_assert_int_eq(pclose(p), 0);
    sep = strstr(raw, "\r\n\r\n");
    ck_assert_msg(sep != NULL, "no CGI header in: %s", raw);
    snprintf(out->head, sizeof(out->head), "%.*s", (int)(sep - raw), raw);
    snprintf(out->body, sizeof(out->body), "%s", sep + 4);
    /* a CGI answer without Status: is 200 */
    out->status = strncmp(raw, "Status: ", 8) == 0 ? atoi(raw + 8) : 200;
    return out->status;
}

/* the value of the error.code member of a JSON error body, "" when none */
static const char *
error_code(const struct exec_res *r)
{
    static char code[64];
    const char *at = strstr(r->body, "\"code\":\"");

    snprintf(code, sizeof(code), "%.*s", at ? (int)strcspn(at + 8, "\"") : 0, at ? at + 8 : "");
    return code;
}

START_TEST(the_responder_alone_answers_health_with_its_headers)
{
    struct exec_res r;

    responder_up();
    ck_assert_int_eq(exec_request("REQUEST_METHOD=GET REQUEST_URI=/api/v1/health", NULL, 0, &r),
                     200);
    ck_assert_msg(strstr(r.body, "\"status\":\"ok\"") != NULL, "%s", r.body);
    ck_assert_msg(strstr(r.head, "Content-Type: application/json") != NULL, "%s", r.head);
    ck_assert_msg(strstr(r.head, "Cache-Control: no-store") != NULL, "%s", r.head);
    ck_assert_msg(strstr(r.head, "X-Request-Id: ") != NULL, "%s", r.head);
    /* the deep check reaches the stack's database and Redis from this responder too */
    ck_assert_int_eq(
        exec_request("REQUEST_METHOD=GET 'REQUEST_URI=/api/v1/health?deep=1'", NULL, 0, &r), 200);
    responder_down();
}
END_TEST

START_TEST(the_responder_alone_answers_404_405_and_400_as_json)
{
    struct exec_res r;

    responder_up();
    ck_assert_int_eq(exec_request("REQUEST_METHOD=GET REQUEST_URI=/api/v1/nowhere", NULL, 0, &r),
                     404);
    ck_assert_str_eq(error_code(&r), "not_found");
    ck_assert_int_eq(exec_request("REQUEST_METHOD=GET REQUEST_URI=/", NULL, 0, &r), 404);
    ck_assert_int_eq(exec_request("REQUEST_METHOD=PUT REQUEST_URI=/api/v1/health", NULL, 0, &r),
                     405);
    ck_assert_str_eq(error_code(&r), "method_not_allowed");
    ck_assert_msg(strstr(r.head, "Allow: GET") != NULL, "%s", r.head);
    ck_assert_int_eq(
        exec_request("REQUEST_METHOD=GET 'REQUEST_URI=/api/v1/health?deep=1&verbose=1'", NULL, 0,
                     &r),
        400);
    ck_assert_str_eq(error_code(&r), "bad_request");
    ck_assert_msg(strstr(r.body, "\"field\":\"verbose\"") != NULL, "%s", r.body);
    responder_down();
}
END_TEST

START_TEST(the_responder_alone_refuses_a_body_over_its_cap)
{
    char body[EXEC_MAX_BODY + 2], vars[256];
    struct exec_res r;

    /* a JSON object of exactly the cap: read, then refused for its content (422) */
    memset(body, 'a', sizeof(body));
    memcpy(body, "{\"email\":\"", 10);
    memcpy(body + EXEC_MAX_BODY - 2, "\"}", 2);
    responder_up();
    snprintf(vars, sizeof(vars),
             "REQUEST_METHOD=POST REQUEST_URI=/api/v1/auth/sign-in CONTENT_LENGTH=%d",
             EXEC_MAX_BODY);
    ck_assert_int_eq(exec_request(vars, body, EXEC_MAX_BODY, &r), 422);
    /* one byte more: 413 before anything reads it */
    memcpy(body + EXEC_MAX_BODY - 2, "a\"}", 3);
    snprintf(vars, sizeof(vars),
             "REQUEST_METHOD=POST REQUEST_URI=/api/v1/auth/sign-in CONTENT_LENGTH=%d",
             EXEC_MAX_BODY + 1);
    ck_assert_int_eq(exec_request(vars, body, EXEC_MAX_BODY + 1, &r), 413);
    ck_assert_str_eq(error_code(&r), "payload_too_large");
    /* and the responder is still there for the next request */
    ck_assert_int_eq(exec_request("REQUEST_METHOD=GET REQUEST_URI=/api/v1/health", NULL, 0, &r),
                     200);
    responder_down();
}
END_TEST

Suite *
suite_fcgi_exec(void)
{
    Suite *s = suite_create("fcgi exec");
    TCase *tc = tcase_create("cgi-fcgi");

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, the_responder_alone_answers_health_with_its_headers);
    tcase_add_test(tc, the_responder_alone_answers_404_405_and_400_as_json);
    tcase_add_test(tc, the_responder_alone_refuses_a_body_over_its_cap);
    suite_add_tcase(s, tc);
    return s;
}
