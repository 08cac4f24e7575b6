/* unit.h - the suites of the unit test binary (one per lib or fcgi module) */
#ifndef PC_UNIT_H
#define PC_UNIT_H

#include <check.h>

Suite *suite_access(void);
Suite *suite_api_token(void);
Suite *suite_chilipiper_map(void);
Suite *suite_clock(void);
Suite *suite_config(void);
Suite *suite_cron_runs(void);
Suite *suite_db(void);
Suite *suite_dispatch(void);
Suite *suite_err(void);
Suite *suite_export_csv(void);
Suite *suite_hubspot_client(void);
Suite *suite_hubspot_props(void);
Suite *suite_hubspot_signature(void);
Suite *suite_import_csv(void);
Suite *suite_indexes(void);
Suite *suite_import_map(void);
Suite *suite_import_seen(void);
Suite *suite_import_xlsx(void);
Suite *suite_isotime(void);
Suite *suite_json(void);
Suite *suite_jwt_token(void);
Suite *suite_lead_status(void);
Suite *suite_ledger_terms(void);
Suite *suite_mail(void);
Suite *suite_action_links(void);
Suite *suite_meeting_attendance(void);
Suite *suite_model(void);
Suite *suite_model_body(void);
Suite *suite_model_output(void);
Suite *suite_model_query(void);
Suite *suite_models(void);
Suite *suite_model_terms(void);
Suite *suite_multipart(void);
Suite *suite_name_key(void);
Suite *suite_netaddr(void);
Suite *suite_oid(void);
Suite *suite_passwd(void);
Suite *suite_queue(void);
Suite *suite_rds(void);
Suite *suite_req(void);
Suite *suite_res(void);
Suite *suite_router(void);
Suite *suite_routes(void);
Suite *suite_openapi(void);
Suite *suite_scope(void);
Suite *suite_store_plan(void);
Suite *suite_stripe_client(void);
Suite *suite_stripe_signature(void);
Suite *suite_tpl(void);
Suite *suite_utf8(void);

#endif
