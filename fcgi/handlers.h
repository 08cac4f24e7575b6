/* handlers.h - every handler named in routes.c, grouped by the file that defines it */
#ifndef PC_HANDLERS_H
#define PC_HANDLERS_H

#include "req.h"
#include "res.h"
#include "router.h"

/* health_routes.c */
int health_get_route(struct req *req, struct res *res);

/* openapi_routes.c */
int openapi_get_route(struct req *req, struct res *res);

/* admin_queues_routes.c */
int admin_queues_list_route(struct req *req, struct res *res);
int admin_queues_dead_route(struct req *req, struct res *res);
int admin_queues_replay_route(struct req *req, struct res *res);
int admin_queues_delete_route(struct req *req, struct res *res);

/* api_tokens_routes.c */
int api_tokens_create_route(struct req *req, struct res *res);
int api_tokens_list_route(struct req *req, struct res *res);
int api_tokens_revoke_route(struct req *req, struct res *res);

/* partner_api_routes.c */
int partner_status_route(struct req *req, struct res *res);
int partner_job_route(struct req *req, struct res *res);
int partner_leads_route(struct req *req, struct res *res);
int partner_lead_route(struct req *req, struct res *res);
int partner_meetings_route(struct req *req, struct res *res);
int partner_note_route(struct req *req, struct res *res);
int partner_outcome_route(struct req *req, struct res *res);
/* actions_routes.c */
int actions_check_route(struct req *req, struct res *res);
int actions_apply_route(struct req *req, struct res *res);

/* cron_routes.c */
int admin_cron_runs_route(struct req *req, struct res *res);

/* auth_routes.c */
int auth_sign_in_route(struct req *req, struct res *res);
int auth_sign_out_route(struct req *req, struct res *res);
int auth_refresh_route(struct req *req, struct res *res);
int auth_me_route(struct req *req, struct res *res);
int auth_update_me_route(struct req *req, struct res *res);
int auth_change_password_route(struct req *req, struct res *res);
int auth_forgot_password_route(struct req *req, struct res *res);
int auth_reset_password_route(struct req *req, struct res *res);
int auth_accept_invite_route(struct req *req, struct res *res);
int auth_magic_route(struct req *req, struct res *res);
int auth_check_invite_route(struct req *req, struct res *res);

/* users_routes.c */
int users_list_route(struct req *req, struct res *res);
int users_invite_route(struct req *req, struct res *res);
int users_get_route(struct req *req, struct res *res);
int users_update_route(struct req *req, struct res *res);
int users_status_route(struct req *req, struct res *res);
int users_resend_invite_route(struct req *req, struct res *res);
int users_archive_route(struct req *req, struct res *res);

/* partners_routes.c */
int partners_list_route(struct req *req, struct res *res);
int partners_create_route(struct req *req, struct res *res);
int partners_get_route(struct req *req, struct res *res);
int partners_update_route(struct req *req, struct res *res);
int partners_archive_route(struct req *req, struct res *res);
int partners_stats_route(struct req *req, struct res *res);
int partners_billing_get_route(struct req *req, struct res *res);
int partners_billing_put_route(struct req *req, struct res *res);
int partners_ledger_route(struct req *req, struct res *res);
int partners_credit_route(struct req *req, struct res *res);
int partners_charge_route(struct req *req, struct res *res);
int invoices_list_route(struct req *req, struct res *res);
int invoices_get_route(struct req *req, struct res *res);
int invoices_void_route(struct req *req, struct res *res);
int invoices_mark_paid_route(struct req *req, struct res *res);
int returns_request_route(struct req *req, struct res *res);
int returns_list_route(struct req *req, struct res *res);
int returns_approve_route(struct req *req, struct res *res);
int returns_reject_route(struct req *req, struct res *res);

/* partner_webhooks_routes.c */
int partner_webhooks_list_route(struct req *req, struct res *res);
int partner_webhooks_create_route(struct req *req, struct res *res);
int partner_webhooks_update_route(struct req *req, struct res *res);
int partner_webhooks_delete_route(struct req *req, struct res *res);
int partner_webhooks_rotate_route(struct req *req, struct res *res);
int partner_webhooks_test_route(struct req *req, struct res *res);
int partner_webhooks_deliveries_route(struct req *req, struct res *res);
int partner_webhooks_replay_route(struct req *req, struct res *res);
int partner_webhooks_replay_since_route(struct req *req, struct res *res);

/* leads_routes.c */
int leads_list_route(struct req *req, struct res *res);
int leads_get_route(struct req *req, struct res *res);
int leads_create_route(struct req *req, struct res *res);
int leads_update_route(struct req *req, struct res *res);
int leads_archive_route(struct req *req, struct res *res);
int leads_status_route(struct req *req, struct res *res);
int leads_sales_managers_route(struct req *req, struct res *res);
int leads_history_route(struct req *req, struct res *res);
int leads_bulk_route(struct req *req, struct res *res);
int leads_export_route(struct req *req, struct res *res);

/* notes_routes.c */
int notes_list_route(struct req *req, struct res *res);
int notes_add_route(struct req *req, struct res *res);
int notes_delete_route(struct req *req, struct res *res);

/* dashboard_routes.c */
int dashboard_route(struct req *req, struct res *res);

/* imports_routes.c */
int leads_import_route(struct req *req, struct res *res);
int imports_get_route(struct req *req, struct res *res);
int imports_list_route(struct req *req, struct res *res);
int imports_columns_route(struct req *req, struct res *res);

/* meetings_routes.c */
int meetings_list_route(struct req *req, struct res *res);
int meetings_get_route(struct req *req, struct res *res);
int meetings_types_route(struct req *req, struct res *res);
int meetings_log_route(struct req *req, struct res *res);
int meetings_change_route(struct req *req, struct res *res);
int meetings_cancel_route(struct req *req, struct res *res);
int meetings_outcome_route(struct req *req, struct res *res);

/* conflicts_routes.c */
int conflicts_list_route(struct req *req, struct res *res);
int conflicts_resolve_route(struct req *req, struct res *res);

/* test_hooks.c */
int test_sleep_route(struct req *req, struct res *res);

/* webhooks_routes.c */
int webhooks_hubspot_route(struct req *req, struct res *res);
int webhooks_stripe_route(struct req *req, struct res *res);
int webhooks_chilipiper_route(struct req *req, struct res *res);
int webhooks_chilipiper_typed_route(struct req *req, struct res *res);

/* integrations_routes.c */
int integrations_get_route(struct req *req, struct res *res);
int webhook_inbox_list_route(struct req *req, struct res *res);
int webhook_inbox_get_route(struct req *req, struct res *res);
int webhook_inbox_replay_route(struct req *req, struct res *res);
int leads_sync_route(struct req *req, struct res *res);
int sync_tasks_list_route(struct req *req, struct res *res);
int sync_tasks_get_route(struct req *req, struct res *res);

/* api_tokens_routes.c */
int api_tokens_create_route(struct req *req, struct res *res);
int api_tokens_list_route(struct req *req, struct res *res);
int api_tokens_revoke_route(struct req *req, struct res *res);

/* partner_api_routes.c */
int partner_status_route(struct req *req, struct res *res);
int partner_job_route(struct req *req, struct res *res);
int partner_leads_route(struct req *req, struct res *res);
int partner_lead_route(struct req *req, struct res *res);
int partner_meetings_route(struct req *req, struct res *res);
int partner_note_route(struct req *req, struct res *res);
int partner_outcome_route(struct req *req, struct res *res);

/* cron_routes.c */
int cron_run_route(struct req *req, struct res *res);

/* views_routes.c */
int views_list_route(struct req *req, struct res *res);
int views_create_route(struct req *req, struct res *res);
int views_get_route(struct req *req, struct res *res);
int views_delete_route(struct req *req, struct res *res);

#endif
