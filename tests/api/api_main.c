/* api_main.c - runs the API suites against the stack the harness started */
#include <curl/curl.h>
#include <signal.h>
#include <stdlib.h>

#include "api.h"

int
main(void)
{
    SRunner *sr;
    int failed;

    signal(SIGPIPE, SIG_IGN); /* a restarted Redis closes our connection under us */
    curl_global_init(CURL_GLOBAL_DEFAULT);
    sr = srunner_create(suite_foundation());
    srunner_add_suite(sr, suite_edge());
    srunner_add_suite(sr, suite_auth());
    srunner_add_suite(sr, suite_users());
    srunner_add_suite(sr, suite_partners());
    srunner_add_suite(sr, suite_leads());
    srunner_add_suite(sr, suite_lead_search());
    srunner_add_suite(sr, suite_lead_bulk());
    srunner_add_suite(sr, suite_lead_export());
    srunner_add_suite(sr, suite_views());
    srunner_add_suite(sr, suite_lead_flow());
    srunner_add_suite(sr, suite_meetings());
    srunner_add_suite(sr, suite_conflicts());
    srunner_add_suite(sr, suite_dashboard());
    srunner_add_suite(sr, suite_queues());
    srunner_add_suite(sr, suite_imports());
    srunner_add_suite(sr, suite_hubspot());
    srunner_add_suite(sr, suite_chilipiper());
    srunner_add_suite(sr, suite_reminders());
    srunner_add_suite(sr, suite_partner_api());
    srunner_add_suite(sr, suite_lead_actions());
    srunner_add_suite(sr, suite_partner_webhooks());
    srunner_add_suite(sr, suite_billing());
    srunner_add_suite(sr, suite_fcgi_exec());
    srunner_add_suite(sr, suite_db_limits());
    srunner_add_suite(sr, suite_faults());  /* it stops and restarts services */
    srunner_add_suite(sr, suite_recount()); /* last: every suite's writes counted */
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    curl_global_cleanup();
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
