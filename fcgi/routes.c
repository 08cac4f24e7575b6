/* routes.c - THE route table: one row per endpoint, sorted by path. Read it to know the API.
 * ROUTE(method, pattern, handler, access, named columns...) (router.h); the named columns:
 *   .query       the query parameters the handler reads; any other one is a 400 (router.c)
 *   .in          the JSON body's field table; a row without one takes no body
 *   .body        BODY_MULTIPART or BODY_RAW instead of JSON; .body_limit bytes (0: the config's)
 *   .out         the success answer's field table; .reply = REPLY_PAGE: a page of them
 *   .ok          the success status when not 200; .alt_ok/.alt_out: a second success answer
 *   .fails       the error statuses only the handler knows (the others follow from the row)
 *   .reach       rows with :id whose role may refuse: out of reach answers 404 before 403
 *   .test_only   exists only with PC_TEST_HOOKS
 *   .summary     one line for /api/openapi.json */
#include "domain/invoices.h"
#include "domain/leads.h"
#include "domain/meetings.h"
#include "domain/partners.h"
#include "handlers.h"
#include "model/tables.h"
#include "router.h"

// clang-format off
const struct route routes[] = {
    ROUTE(GET,    "/api/openapi.json",                           openapi_get_route,          PUBLIC,   .out = &openapi_document_reply, .summary = "OpenAPI document of this API"),
    ROUTE(GET,    "/api/v1/admin/cron-runs",                     admin_cron_runs_route,      OWNER,    .query = QUERY_LIST ",job", .out = &cron_runs_model, .reply = REPLY_PAGE, .summary = "Owner: the runs of the cron jobs, newest first (table query; ?job=): started, finished, status, figures, errors"),
    ROUTE(GET,    "/api/v1/admin/queues",                        admin_queues_list_route,    OWNER,    .out = &queue_list_reply, .summary = "Per queue: length, pending, delayed, dead, oldest job age"),
    ROUTE(GET,    "/api/v1/admin/queues/:queue/dead",            admin_queues_dead_route,    OWNER,    .out = &dead_list_reply, .summary = "Dead-letter jobs of a queue, newest first"),
    ROUTE(POST,   "/api/v1/admin/queues/:queue/dead/:id/replay", admin_queues_replay_route,  OWNER,    .ok = 202, .out = &replayed_reply, .fails = {409}, .summary = "Put a dead job back on its queue with its attempts reset"),
    ROUTE(DELETE, "/api/v1/admin/queues/:queue/dead/:id",        admin_queues_delete_route,  OWNER,    .ok = 204, .summary = "Discard a dead job"),
    ROUTE(POST,   "/api/v1/auth/accept-invite",                  auth_accept_invite_route,   PUBLIC,   .in = &accept_invite_body, .out = &session_reply, .summary = "Accept an invitation: choose name and password, get signed in"),
    ROUTE(POST,   "/api/v1/auth/check-invite",                   auth_check_invite_route,    PUBLIC,   .in = &check_invite_body, .out = &invite_info_reply, .summary = "What an invitation link offers (e-mail, name, role, partner, who invited), without using it; 400 invalid_token for an unknown, expired or used link"),
    ROUTE(POST,   "/api/v1/auth/forgot-password",                auth_forgot_password_route, PUBLIC,   .in = &forgot_password_body, .ok = 202, .out = &message_reply, .summary = "Ask for a password reset link (same answer for every address)"),
    ROUTE(GET,    "/api/v1/auth/me",                             auth_me_route,              USER,     .out = &session_reply, .summary = "The signed-in user"),
    ROUTE(PATCH,  "/api/v1/auth/me",                             auth_update_me_route,       USER,     .in = &me_update_body, .out = &session_reply, .summary = "Change your own name"),
    ROUTE(POST,   "/api/v1/auth/magic",                          auth_magic_route,           PUBLIC,   .in = &token_body, .out = &session_reply, .fails = {403}, .summary = "Sign in with the personal link of a reminder e-mail (single use, 24 h); sets the session cookies; 400 invalid_token for an unknown, used or expired link, 403 account_deactivated"),
    ROUTE(POST,   "/api/v1/auth/password",                       auth_change_password_route, USER,     .in = &change_password_body, .out = &session_reply, .summary = "Change your password (ends your other sessions)"),
    ROUTE(POST,   "/api/v1/auth/reset-password",                 auth_reset_password_route,  PUBLIC,   .in = &reset_password_body, .ok = 204, .summary = "Choose a new password with a reset token (ends every session)"),
    ROUTE(POST,   "/api/v1/auth/sign-in",                        auth_sign_in_route,         PUBLIC,   .in = &sign_in_body, .out = &session_reply, .fails = {401, 403}, .summary = "Sign in with e-mail and password; sets the session cookies (403 account_deactivated: the right password of a deactivated account)"),
    ROUTE(POST,   "/api/v1/auth/sign-out",                       auth_sign_out_route,        SESSION,  .ok = 204, .summary = "Sign out: ends this session and clears the cookies"),
    ROUTE(POST,   "/api/v1/auth/token/refresh",                  auth_refresh_route,         SESSION,  .out = &session_reply, .summary = "Rotate the refresh token and get a new access token"),
    ROUTE(GET,    "/api/v1/conflicts",                           conflicts_list_route,       ADMIN,    .query = QUERY_LIST, .out = &conflicts_model, .reply = REPLY_PAGE, .summary = "Assignment conflicts (staff): bookings and import rows for a lead of another partner"),
    ROUTE(POST,   "/api/v1/conflicts/:id/resolve",               conflicts_resolve_route,    ADMIN,    .in = &conflict_resolve_body, .out = &conflicts_model, .fails = {409}, .summary = "Resolve a conflict (staff): {action: keep} or {action: move} the lead with its meetings and notes"),
    ROUTE(POST,   "/api/v1/cron/:job",                           cron_run_route,             CRON,     .query = "period", .out = &cron_run_reply, .fails = {409, 422}, .summary = "Run a periodic job by name; a daily job runs once per day of CRON_TIMEZONE (a repeat answers {skipped}); 409 when CRON_DISABLED names it; monthly-invoices takes ?period=YYYY-MM (default: the previous UTC month), is re-runnable and never bills twice"),
    ROUTE(GET,    "/api/v1/dashboard",                           dashboard_route,            USER,     .out = &dashboard_reply, .summary = "Lead counts by status, this and next week's appointments, overdue leads, leads per week"),
    ROUTE(GET,    "/api/v1/health",                              health_get_route,           PUBLIC,   .query = "deep", .out = &health_reply, .summary = "Liveness; with ?deep=1 also checks the database and Redis"),
    ROUTE(GET,    "/api/v1/imports/:id",                         imports_get_route,          ADMIN,    .out = &import_job_reply, .summary = "Progress of an import: status, counters, errors (staff, or the partner's admins)"),
    ROUTE(GET,    "/api/v1/integrations",                        integrations_get_route,     ADMIN,    .out = &integrations_reply, .summary = "Staff: HubSpot and ChiliPiper connection state, last delivery, inbox counts of 7 days, last sync and reconciliation"),
    ROUTE(GET,    "/api/v1/invoices",                            invoices_list_route,        ADMIN,    .query = QUERY_LIST, .out = &invoices_model, .reply = REPLY_PAGE, .summary = "Invoices, newest first (table query; staff see all, a partner's admins their own): partner, period, amount in cents, status draft|open|paid|failed|void|uncollectible, due date, Stripe links"),
    ROUTE(GET,    "/api/v1/invoices/:id",                        invoices_get_route,         ADMIN,    .out = &invoice_detail_reply, .summary = "One invoice with its ledger lines (each naming its lead)"),
    ROUTE(POST,   "/api/v1/invoices/:id/mark-paid",              invoices_mark_paid_route,   OWNER,    .out = &invoices_model, .fails = {409}, .reach = invoices_reach, .summary = "Owner: record a payment made outside Stripe (paid_out_of_band) on an open, failed or uncollectible invoice; 409 for another status or when Stripe refuses"),
    ROUTE(POST,   "/api/v1/invoices/:id/void",                   invoices_void_route,        OWNER,    .out = &invoices_model, .fails = {409}, .reach = invoices_reach, .summary = "Owner: void an open, failed or uncollectible invoice in Stripe; 409 for another status or when Stripe refuses"),
    ROUTE(GET,    "/api/v1/leads",                               leads_list_route,           USER,     .query = QUERY_LIST, .out = &leads_model, .reply = REPLY_PAGE, .summary = "Leads within your reach (table query: page, perPage, sort, filter, search)"),
    ROUTE(POST,   "/api/v1/leads",                               leads_create_route,         ADMIN,    .in = &leads_model, .ok = 201, .out = &lead_detail_reply, .fails = {409}, .summary = "Create a lead"),
    ROUTE(POST,   "/api/v1/leads/import",                        leads_import_route,         ADMIN,    .query = "dryRun", .body = BODY_MULTIPART, .in = &import_upload_body, .ok = 202, .out = &import_started_reply, .alt_ok = 200, .alt_out = &import_preview_reply, .summary = "Import leads from a CSV or XLSX file (multipart: file, partner?); ?dryRun=1 previews (200) 20 rows, values cut to 256 characters (then truncated: true); a cell over 32767 characters or an XML tag over 32 KiB is a 422 naming it"),
    ROUTE(GET,    "/api/v1/leads/sales-managers",                leads_sales_managers_route, USER,     .out = &sales_managers_reply, .summary = "Distinct sales managers of the leads within your reach"),
    ROUTE(POST,   "/api/v1/leads/sync",                          leads_sync_route,           ADMIN,    .in = &lead_sync_body, .ok = 202, .out = &sync_started_reply, .summary = "Staff: sync leads from HubSpot contacts now (body {full?}, or none); 202 {id, alreadyRunning} of the sync task; 422 when HUBSPOT_ACCESS_TOKEN is not set"),
    ROUTE(GET,    "/api/v1/leads/:id",                           leads_get_route,            USER,     .out = &lead_detail_reply, .summary = "One lead with its meetings (newest first) and the statuses you may move it to"),
    ROUTE(PATCH,  "/api/v1/leads/:id",                           leads_update_route,         ADMIN,    .in = &leads_model, .out = &lead_detail_reply, .fails = {409}, .reach = leads_reach, .summary = "Change a lead's details (not its status)"),
    ROUTE(DELETE, "/api/v1/leads/:id",                           leads_archive_route,        ADMIN,    .ok = 204, .reach = leads_reach, .summary = "Archive a lead"),
    ROUTE(GET,    "/api/v1/leads/:id/history",                   leads_history_route,        USER,     .out = &lead_history_reply, .summary = "The audit events of a lead, newest first"),
    ROUTE(POST,   "/api/v1/leads/:id/meetings",                  meetings_log_route,         ADMIN,    .in = &meetings_model, .ok = 201, .out = &meetings_model, .fails = {409}, .reach = leads_reach, .summary = "Log a meeting by hand (staff, or the lead's partner admins)"),
    ROUTE(GET,    "/api/v1/leads/:id/notes",                     notes_list_route,           USER,     .out = &note_list_reply, .summary = "Notes of a lead, newest first"),
    ROUTE(POST,   "/api/v1/leads/:id/notes",                     notes_add_route,            USER,     .in = &note_body, .ok = 201, .out = &note_reply, .summary = "Add a note to a lead"),
    ROUTE(DELETE, "/api/v1/leads/:id/notes/:noteId",             notes_delete_route,         USER,     .ok = 204, .fails = {403}, .summary = "Delete a note (its author within 15 minutes, staff any time)"),
    ROUTE(PATCH,  "/api/v1/leads/:id/status",                    leads_status_route,         USER,     .in = &lead_status_body, .out = &lead_detail_reply, .fails = {409}, .summary = "Change a lead's status along the allowed transitions (staff may override with a reason)"),
    ROUTE(GET,    "/api/v1/meetings",                            meetings_list_route,        USER,     .query = QUERY_LIST, .out = &meetings_model, .reply = REPLY_PAGE, .summary = "Meetings within your reach (table query; default newest first)"),
    ROUTE(GET,    "/api/v1/meetings/types",                      meetings_types_route,       USER,     .out = &meeting_types_reply, .summary = "Distinct meeting types of the meetings within your reach"),
    ROUTE(GET,    "/api/v1/meetings/:id",                        meetings_get_route,         USER,     .out = &meetings_model, .summary = "One meeting"),
    ROUTE(PATCH,  "/api/v1/meetings/:id",                        meetings_change_route,      ADMIN,    .in = &meetings_model, .out = &meetings_model, .fails = {409}, .reach = meetings_reach, .summary = "Reschedule or change a meeting logged by hand"),
    ROUTE(POST,   "/api/v1/meetings/:id/cancel",                 meetings_cancel_route,      ADMIN,    .out = &meetings_model, .fails = {409}, .reach = meetings_reach, .summary = "Cancel a meeting logged by hand (it still counts for the lead's scheduled date)"),
    ROUTE(PATCH,  "/api/v1/meetings/:id/outcome",                meetings_outcome_route,     USER,     .in = &meeting_outcome_body, .out = &meeting_outcome_reply, .fails = {409}, .summary = "Set a past meeting's outcome {outcome: held | no_show} (after the partner's cut-off: staff only)"),
    ROUTE(GET,    "/api/v1/partners",                            partners_list_route,        ADMIN,    .query = QUERY_LIST, .out = &partners_model, .reply = REPLY_PAGE, .summary = "Partners with last appointment and counts (table query)"),
    ROUTE(POST,   "/api/v1/partners",                            partners_create_route,      ADMIN,    .in = &partners_model, .ok = 201, .out = &partners_model, .fails = {409}, .summary = "Create a partner (staff)"),
    ROUTE(GET,    "/api/v1/partners/:id",                        partners_get_route,         USER,     .out = &partners_model, .summary = "One partner, by id or slug"),
    ROUTE(PATCH,  "/api/v1/partners/:id",                        partners_update_route,      ADMIN,    .in = &partners_model, .out = &partners_model, .fails = {409}, .reach = partners_reach, .summary = "Change a partner (partner admins: ICP and billing e-mail)"),
    ROUTE(DELETE, "/api/v1/partners/:id",                        partners_archive_route,     OWNER,    .ok = 204, .reach = partners_reach, .summary = "Archive a partner"),
    ROUTE(GET,    "/api/v1/partners/:id/billing",                partners_billing_get_route, ADMIN,    .out = &billing_reply, .reach = partners_reach, .summary = "A partner's billing type and terms"),
    ROUTE(PUT,    "/api/v1/partners/:id/billing",                partners_billing_put_route, ADMIN,    .in = &billing_body, .out = &billing_reply, .reach = partners_reach, .summary = "Set a partner's billing type and terms (staff)"),
    ROUTE(POST,   "/api/v1/partners/:id/charges",                partners_charge_route,      OWNER,    .in = &manual_amount_body, .ok = 201, .out = &invoice_detail_reply, .fails = {409}, .reach = partners_reach, .summary = "Owner: a manual charge {amount (cents), description}: a ledger line and at once a one-off invoice of it through Stripe (a failed Stripe step: 503/409, the draft is finished by the next monthly-invoices run)"),
    ROUTE(POST,   "/api/v1/partners/:id/credits",                partners_credit_route,      OWNER,    .in = &manual_amount_body, .ok = 201, .out = &ledger_model, .reach = partners_reach, .summary = "Owner: a credit {amount (cents), description}: a negative ledger line, taken off the partner's next monthly invoice"),
    ROUTE(GET,    "/api/v1/partners/:id/ledger",                 partners_ledger_route,      ADMIN,    .query = QUERY_LIST, .out = &ledger_model, .reply = REPLY_PAGE, .reach = partners_reach, .summary = "A partner's billing ledger, newest first (staff, or the partner's admins; table query): one immutable line per billable fact in cents, a correction is a new line; the balance is the partner's ledgerBalance"),
    ROUTE(GET,    "/api/v1/partners/:id/stats",                  partners_stats_route,       ADMIN,    .out = &partner_stats_reply, .reach = partners_reach, .summary = "Last appointment, lead and appointment counts, leads by status"),
    ROUTE(GET,    "/api/v1/sync-tasks",                          sync_tasks_list_route,      ADMIN,    .query = QUERY_LIST ",kind", .out = &sync_tasks_model, .reply = REPLY_PAGE, .summary = "Staff: runs of the HubSpot sync and the ChiliPiper reconciliation, newest first (?kind=)"),
    ROUTE(GET,    "/api/v1/sync-tasks/:id",                      sync_tasks_get_route,       ADMIN,    .out = &sync_tasks_model, .summary = "Staff: one sync task: status, progress (processed of total), counts, errors"),
    ROUTE(GET,    "/api/v1/test/sleep",                          test_sleep_route,           LOOPBACK, .query = "s", .test_only = true, .summary = "Test hook (PC_TEST_HOOKS only): hold the responder for ?s= seconds"),
    ROUTE(GET,    "/api/v1/users",                               users_list_route,           ADMIN,    .query = QUERY_LIST, .out = &users_model, .reply = REPLY_PAGE, .summary = "Users within your reach (table query: page, perPage, sort, filter, search)"),
    ROUTE(POST,   "/api/v1/users",                               users_invite_route,         ADMIN,    .in = &users_model, .ok = 201, .out = &users_model, .fails = {409}, .summary = "Invite a user by e-mail (role, partner)"),
    ROUTE(GET,    "/api/v1/users/:id",                           users_get_route,            ADMIN,    .out = &users_model, .summary = "One user"),
    ROUTE(PATCH,  "/api/v1/users/:id",                           users_update_route,         ADMIN,    .in = &users_model, .out = &users_model, .fails = {409}, .summary = "Change a user's name, role or partner"),
    ROUTE(DELETE, "/api/v1/users/:id",                           users_archive_route,        ADMIN,    .ok = 204, .summary = "Archive a user (ends their sessions)"),
    ROUTE(POST,   "/api/v1/users/:id/resend-invite",             users_resend_invite_route,  ADMIN,    .ok = 202, .out = &queued_reply, .fails = {409}, .summary = "Send the invitation again with a new link (queued)"),
    ROUTE(PATCH,  "/api/v1/users/:id/status",                    users_status_route,         ADMIN,    .in = &user_status_body, .out = &users_model, .fails = {409}, .summary = "Activate or deactivate a user (deactivation ends their sessions)"),
    ROUTE(GET,    "/api/v1/webhook-inbox",                       webhook_inbox_list_route,   ADMIN,    .query = QUERY_LIST ",provider,status", .out = &webhook_inbox_model, .reply = REPLY_PAGE, .summary = "Staff: webhook deliveries of the last 7 days, newest first (?provider=hubspot|chilipiper|stripe, ?status=)"),
    ROUTE(GET,    "/api/v1/webhook-inbox/:id",                   webhook_inbox_get_route,    ADMIN,    .out = &webhook_delivery_reply, .summary = "Staff: one webhook delivery with its raw body"),
    ROUTE(POST,   "/api/v1/webhook-inbox/:id/replay",            webhook_inbox_replay_route, ADMIN,    .ok = 202, .out = &inbox_replayed_reply, .fails = {409}, .summary = "Staff: queue a failed webhook delivery again; 202 {id, job}"),
    ROUTE(POST,   "/api/v1/webhooks/chilipiper/:token",          webhooks_chilipiper_route,  WEBHOOK_CHILIPIPER, .body = BODY_RAW, .out = &webhook_received_reply, .summary = "ChiliPiper booking webhook (secret path token; body: one booking as a JSON object): queued, 200 {received, id}"),
    ROUTE(POST,   "/api/v1/webhooks/chilipiper/:token/:type",    webhooks_chilipiper_typed_route, WEBHOOK_CHILIPIPER, .body = BODY_RAW, .out = &webhook_received_reply, .summary = "ChiliPiper booking webhook of one type (created, updated, canceled): queued, 200 {received, id}"),
    ROUTE(POST,   "/api/v1/webhooks/hubspot",                    webhooks_hubspot_route,     WEBHOOK_HUBSPOT, .body = BODY_RAW, .out = &webhook_received_reply, .summary = "HubSpot webhook (X-HubSpot-Signature-v3; body: a JSON array of 1 to 1000 event objects, as sent): the batch queued, 200 {received, id}"),
    ROUTE(POST,   "/api/v1/webhooks/stripe",                     webhooks_stripe_route,      WEBHOOK_STRIPE, .body = BODY_RAW, .out = &webhook_received_reply, .summary = "Stripe webhook (Stripe-Signature: any v1, 300 s; body: one event object): queued on stripe-webhook, 200 {received, id}; invoice.finalized, .paid, .payment_failed, .voided, .marked_uncollectible are applied, others ignored"),
};
// clang-format on

const size_t routes_count = sizeof(routes) / sizeof(routes[0]);
