/* test_db_limits.c - a database command that outlives its maxTimeMS ends its request in a JSON
 * 503 with Retry-After, not a 500 and not the request watchdog (issue 12 §4): a responder of
 * the test's own runs with PC_DB_MAX_TIME_MS=300 while the leads table of the stack's
 * PostgreSQL is locked, so FerretDB's find waits until its time limit cancels it */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "api.h"
#include "domain.h"
#include "exec_responder.h"
#include "stack_access.h"

#define LOCK_SECONDS 4

/* psql holds an exclusive lock on FerretDB's table of the leads collection for LOCK_SECONDS,
 * in the background; returns once the lock is taken */
static pid_t
lock_leads(void)
{
    char cmd[1024], flag[512];
    pid_t pid;

    snprintf(flag, sizeof(flag), "%s/run/leads-locked", harness_env("PC_VAR_DIR"));
    unlink(flag);
    snprintf(cmd, sizeof(cmd),
             "printf '%%s\\n' 'BEGIN;' \"SELECT format('LOCK TABLE %%I.%%I IN ACCESS EXCLUSIVE "
             "MODE', schemaname, tablename) FROM pg_tables WHERE tablename LIKE 'leads\\_%%' "
             "\\gexec\" '\\! touch %s' 'SELECT pg_sleep(%d);' 'COMMIT;' | psql -q -X -h "
             "%s/run/postgres -U ferretdb -d ferretdb >/dev/null",
             flag, LOCK_SECONDS, harness_env("PC_VAR_DIR"));
    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
        _exit(127);
    }
    for (int i = 0; i < 100 && access(flag, F_OK) != 0; i++)
        sleep_ms(50);
    ck_assert_msg(access(flag, F_OK) == 0, "psql did not take the lock");
    return pid;
}

static double
now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

START_TEST(a_command_past_its_time_limit_is_a_503_with_retry_after)
{
    static const char *const env[] = {"PC_DB_MAX_TIME_MS=300", NULL};
    struct partner_user pu;
    struct exec_res r;
    char vars[3072], id[25];
    double t0;
    pid_t locker;

    if (strcmp(getenv("PC_DB_ENGINE") ? getenv("PC_DB_ENGINE") : "", "ferretdb-postgresql") != 0)
        return; /* the lock is PostgreSQL's */
    fixture_partner_user(&pu, "user");
    make_lead_in(&pu, "new", id);
    responder_up(env);
    snprintf(vars, sizeof(vars),
             "REQUEST_METHOD=GET REQUEST_URI=/api/v1/leads 'HTTP_AUTHORIZATION=Bearer %s'",
             pu.client.access);
    ck_assert_int_eq(exec_request(vars, NULL, 0, &r), 200); /* the responder works */
    locker = lock_leads();
    t0 = now_s();
    ck_assert_int_eq(exec_request(vars, NULL, 0, &r), 503);
    ck_assert_msg(now_s() - t0 < LOCK_SECONDS - 1, "took %.1f s", now_s() - t0);
    ck_assert_str_eq(exec_error_code(&r), "unavailable");
    ck_assert_msg(strstr(r.head, "Retry-After: ") != NULL, "%s", r.head);
    ck_assert_msg(strstr(r.head, "Content-Type: application/json") != NULL, "%s", r.head);
    ck_assert_int_eq(wait_exit(locker, (LOCK_SECONDS + 10) * 1000), 0);
    /* the same responder (no watchdog exit) answers once the table is free again */
    ck_assert_int_eq(exec_request(vars, NULL, 0, &r), 200);
    responder_down();
    client_free(&pu.client);
}
END_TEST

Suite *
suite_db_limits(void)
{
    Suite *s = suite_create("db limits");
    TCase *tc = tcase_create("maxTimeMS");

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, a_command_past_its_time_limit_is_a_503_with_retry_after);
    suite_add_tcase(s, tc);
    return s;
}
