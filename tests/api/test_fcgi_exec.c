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
#include "exec_responder.h"
#include "stack_access.h"

#define EXEC_MAX_BODY 1024 /* PC_MAX_BODY_BYTES of the responder under test (its minimum) */

static const char *const exec_env[] = {"PC_MAX_BODY_BYTES=1024", NULL};

START_TEST(the_responder_alone_answers_health_with_its_headers)
{
    struct exec_res r;

    responder_up(exec_env);
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

    responder_up(exec_env);
    ck_assert_int_eq(exec_request("REQUEST_METHOD=GET REQUEST_URI=/api/v1/nowhere", NULL, 0, &r),
                     404);
    ck_assert_str_eq(exec_error_code(&r), "not_found");
    ck_assert_int_eq(exec_request("REQUEST_METHOD=GET REQUEST_URI=/", NULL, 0, &r), 404);
    ck_assert_int_eq(exec_request("REQUEST_METHOD=PUT REQUEST_URI=/api/v1/health", NULL, 0, &r),
                     405);
    ck_assert_str_eq(exec_error_code(&r), "method_not_allowed");
    ck_assert_msg(strstr(r.head, "Allow: GET") != NULL, "%s", r.head);
    ck_assert_int_eq(
        exec_request("REQUEST_METHOD=GET 'REQUEST_URI=/api/v1/health?deep=1&verbose=1'", NULL, 0,
                     &r),
        400);
    ck_assert_str_eq(exec_error_code(&r), "bad_request");
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
    responder_up(exec_env);
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
    ck_assert_str_eq(exec_error_code(&r), "payload_too_large");
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
