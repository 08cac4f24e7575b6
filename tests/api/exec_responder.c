/* exec_responder.c - a pc-api of the test's own, spoken to with cgi-fcgi (exec_responder.h) */
#include "exec_responder.h"

#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "api.h"
#include "stack_access.h"

static pid_t responder;
static char sock_path[108];

void
responder_up(const char *const *env)
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
        for (; env != NULL && *env != NULL; env++)
            putenv((char *)(uintptr_t)*env);
        if (dup2(fd, 0) < 0 || freopen(log, "a", stderr) == NULL)
            _exit(127);
        close(fd);
        execl(bin, "pc-api", (char *)NULL);
        _exit(127);
    }
    close(fd);
}

void
responder_down(void)
{
    ck_assert_int_eq(kill(responder, SIGTERM), 0);
    ck_assert_int_eq(wait_exit(responder, 15000), 0);
    unlink(sock_path);
}

int
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

const char *
exec_error_code(const struct exec_res *r)
{
    static char code[64];
    const char *at = strstr(r->body, "\"code\":\"");

    snprintf(code, sizeof(code), "%.*s", at ? (int)strcspn(at + 8, "\"") : 0, at ? at + 8 : "");
    return code;
}
