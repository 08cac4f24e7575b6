/* unit_main.c - runs every unit suite; CK_RUN_SUITE=name runs one, CK_FORK=no for gdb */
#include <stdlib.h>

#include "unit.h"

int
main(void)
{
    SRunner *sr = srunner_create(suite_access());
    srunner_add_suite(sr, suite_api_token());
    srunner_add_suite(sr, suite_chilipiper_map());
    srunner_add_suite(sr, suite_clock());
    int failed;

    srunner_add_suite(sr, suite_config());
    srunner_add_suite(sr, suite_cron_runs());
    srunner_add_suite(sr, suite_db());
    srunner_add_suite(sr, suite_dispatch());
    srunner_add_suite(sr, suite_err());
    srunner_add_suite(sr, suite_export_csv());
    srunner_add_suite(sr, suite_hubspot_client());
    srunner_add_suite(sr, suite_hubspot_props());
    srunner_add_suite(sr, suite_hubspot_signature());
    srunner_add_suite(sr, suite_import_csv());
    srunner_add_suite(sr, suite_indexes());
    srunner_add_suite(sr, suite_import_map());
    srunner_add_suite(sr, suite_import_seen());
    srunner_add_suite(sr, suite_import_xlsx());
    srunner_add_suite(sr, suite_isotime());
    srunner_add_suite(sr, suite_json());
    srunner_add_suite(sr, suite_jwt_token());
    srunner_add_suite(sr, suite_lead_status());
    srunner_add_suite(sr, suite_ledger_terms());
    srunner_add_suite(sr, suite_mail());
    srunner_add_suite(sr, suite_action_links());
    srunner_add_suite(sr, suite_meeting_attendance());
    srunner_add_suite(sr, suite_model());
    srunner_add_suite(sr, suite_model_body());
    srunner_add_suite(sr, suite_model_output());
    srunner_add_suite(sr, suite_model_query());
    srunner_add_suite(sr, suite_models());
    srunner_add_suite(sr, suite_model_terms());
    srunner_add_suite(sr, suite_multipart());
    srunner_add_suite(sr, suite_netaddr());
    srunner_add_suite(sr, suite_name_key());
    srunner_add_suite(sr, suite_oid());
    srunner_add_suite(sr, suite_passwd());
    srunner_add_suite(sr, suite_queue());
    srunner_add_suite(sr, suite_rds());
    srunner_add_suite(sr, suite_req());
    srunner_add_suite(sr, suite_res());
    srunner_add_suite(sr, suite_router());
    srunner_add_suite(sr, suite_routes());
    srunner_add_suite(sr, suite_openapi());
    srunner_add_suite(sr, suite_scope());
    srunner_add_suite(sr, suite_store_plan());
    srunner_add_suite(sr, suite_stripe_client());
    srunner_add_suite(sr, suite_stripe_signature());
    srunner_add_suite(sr, suite_tpl());
    srunner_add_suite(sr, suite_utf8());
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
