/* test_recount.c - run last: after every other suite wrote leads and meetings through every
 * path (create, status, move, archive, import, bookings, the fault tests), the recount finds
 * the figures kept on the partners exactly as the data says (issue 12 §3: drift zero) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api.h"
#include "domain.h"
#include "stack_access.h"

START_TEST(the_recount_finds_no_drift_after_the_suites)
{
    char auth[160];
    const char *headers[] = {auth, NULL};
    struct api_opts opts = {.headers = headers};
    struct api_res res;

    snprintf(auth, sizeof(auth), "Authorization: Bearer %s", harness_env("CRON_SECRET"));
    api_call(&res, "POST", "/api/v1/cron/recount", &opts);
    ck_assert_int_eq(res.status, 200);
    ck_assert_msg(api_json_str(&res, "drift") != NULL, "%s", res.body);
    ck_assert_msg(strcmp(api_json_str(&res, "drift"), "0") == 0
                      && strcmp(api_json_str(&res, "corrected"), "0") == 0,
                  "the recount corrected figures: %s", res.body);
    ck_assert_int_gt(atoi(api_json_str(&res, "partners")), 0);
    api_res_free(&res);
    /* and a second run has nothing left to do either */
    api_call(&res, "POST", "/api/v1/cron/recount", &opts);
    ck_assert_str_eq(api_json_str(&res, "drift"), "0");
    api_res_free(&res);
}
END_TEST

/* the balance is the sum of the lines: a lost $inc (ledger.c writes the line, then adds it) is
 * found and mended by the recount. Runs after the drift check above: it makes drift on purpose */
START_TEST(a_wrong_ledger_balance_is_rebuilt_from_the_lines)
{
    char auth[160], partner[25], path[96], got[64], filter[96], name[64];
    const char *headers[] = {auth, NULL};
    struct api_opts opts = {.headers = headers};
    struct api_res res;

    snprintf(name, sizeof(name), "Ledger recount %ld", (long)getpid());
    make_partner(name, partner);
    snprintf(path, sizeof(path), "/api/v1/partners/%s/credits", partner);
    ck_assert_int_eq(call_status(owner_session(), "POST", path,
                                 "{\"amount\":1234,\"description\":\"Recount\"}", NULL, NULL, 0),
                     201);
    snprintf(filter, sizeof(filter), "{\"_id\": {\"$oid\": \"%s\"}}", partner);
    mongo_update("partners", filter, "{\"$inc\": {\"ledgerBalance\": 5000}}");
    snprintf(auth, sizeof(auth), "Authorization: Bearer %s", harness_env("CRON_SECRET"));
    api_call(&res, "POST", "/api/v1/cron/recount", &opts);
    ck_assert_int_eq(res.status, 200);
    ck_assert_str_eq(api_json_str(&res, "corrected"), "1");
    ck_assert_str_eq(api_json_str(&res, "drift"), "5000");
    api_res_free(&res);
    snprintf(path, sizeof(path), "/api/v1/partners/%s", partner);
    ck_assert_int_eq(
        call_status(owner_session(), "GET", path, NULL, "ledgerBalance", got, sizeof(got)), 200);
    ck_assert_str_eq(got, "-1234");
}
END_TEST

Suite *
suite_recount(void)
{
    Suite *s = suite_create("recount");
    TCase *tc = tcase_create("drift");

    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, the_recount_finds_no_drift_after_the_suites);
    tcase_add_test(tc, a_wrong_ledger_balance_is_rebuilt_from_the_lines);
    suite_add_tcase(s, tc);
    return s;
}
