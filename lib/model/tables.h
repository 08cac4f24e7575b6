/* tables.h - the field table of every collection the API reads or writes (lib/model/tables/) */
#ifndef PC_MODELS_H
#define PC_MODELS_H

#include "model/model.h"

/* FIELD - one line of a field table: API name, type, flags, filter operators (0: none), then by
 * name only what differs from the default: .bson (database name), .min, .max, .values */
#define FIELD(name, ftype, fflags, fops, ...)                                                      \
    {                                                                                              \
        .json = (name), .type = (ftype), .flags = (fflags), .ops = (fops), __VA_ARGS__             \
    }

extern const struct model users_model;
extern const struct model partners_model;
extern const struct model leads_model;
extern const struct model meetings_model;
extern const struct model webhook_inbox_model;
extern const struct model sync_tasks_model;
extern const struct model conflicts_model;
extern const struct model cron_runs_model;
extern const struct model api_tokens_model;
extern const struct model ledger_model;
extern const struct model invoices_model;
extern const struct model returns_model;
extern const struct model imports_model;

/* NULL-terminated value lists of enum fields other files need */
extern const char *const lead_statuses[];
extern const char *const meeting_statuses[];
extern const char *const webhook_providers[];
extern const char *const webhook_statuses[];
extern const char *const sync_task_kinds[];
extern const char *const sync_task_statuses[];
extern const char *const meeting_outcomes[];
extern const char *const conflict_actions[];
extern const char *const cron_run_statuses[];
extern const char *const ledger_kinds[];
extern const char *const invoice_statuses[];
extern const char *const invoice_kinds[];
extern const char *const return_reasons[];
extern const char *const return_statuses[];
extern const char *const import_statuses[];

/* request bodies other than a collection's create and update (bodies_table.c) */
extern const struct model sign_in_body, forgot_password_body, reset_password_body;
extern const struct model accept_invite_body, change_password_body, me_update_body;
extern const struct model lead_status_body, note_body, user_status_body, billing_body;
extern const struct model import_upload_body, check_invite_body, manual_amount_body;
extern const struct model return_request_body, return_decision_body;
extern const struct model meeting_outcome_body, conflict_resolve_body;
extern const char *const billing_type_values[];

/* answers other than one record of a collection (replies_table.c) */
extern const struct model session_reply, message_reply, health_reply, queued_reply;
extern const struct model invite_info_reply;
extern const struct model dashboard_reply, partner_stats_reply, billing_reply;
extern const struct model lead_detail_reply, note_reply, note_list_reply, lead_history_reply;
extern const struct model sales_managers_reply, queue_list_reply, dead_list_reply;
extern const struct model replayed_reply, cron_run_reply, import_preview_reply;
extern const struct model import_started_reply, import_job_reply, openapi_document_reply;
extern const struct model import_columns_reply;
extern const struct model meeting_outcome_reply, meeting_types_reply, invoice_detail_reply;

/* the integrations' bodies and answers (integration_replies_table.c) */
extern const struct model lead_sync_body, sync_started_reply, webhook_received_reply;
extern const struct model inbox_replayed_reply, webhook_delivery_reply, integrations_reply;

/* POST /leads/bulk (lead_bulk_table.c) */
extern const char *const lead_bulk_actions[];
extern const struct model lead_bulk_body, lead_bulk_reply;

/* the reminders' bodies and answers (reminder_replies_table.c) */
extern const struct model token_body;
extern const struct model action_apply_body;
extern const struct model action_info_reply;
extern const char *const lead_action_names[];

/* the partner API's tokens, bodies and answers (api_tokens_table.c) */
extern const struct model api_token_created_reply, api_token_list_reply, partner_status_body;
extern const struct model partner_job_accepted_reply, partner_job_reply;
extern const char *const partner_job_statuses[];

/* webhooks to partners (partner_webhooks_table.c) */
extern const struct model partner_webhooks_model, partner_webhook_deliveries_model;
extern const struct model partner_webhook_secret_reply, partner_webhook_replay_body;
extern const struct model partner_webhook_queued_reply, partner_webhook_event_model;
extern const char *const partner_webhook_events[];
extern const char *const partner_webhook_outcomes[];

/* saved views of the leads list (views_table.c) */
extern const struct model views_model, view_list_reply;
extern const char *const view_columns[];

/* models_all - every model, for the table checks of the unit tests and the OpenAPI schemas */
extern const struct model *const models_all[];
extern const size_t models_count;

#endif
