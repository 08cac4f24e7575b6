/* routes.c - THE route table: one row per endpoint, sorted by path. Read it to know the API.
 * ROUTE(method, pattern, handler, access, named columns...) (router.h); the named columns:
 *   .query       the query parameters the handler reads; any other one is a 400 (router.c)
 *   .body        BODY_JSON (default) or BODY_MULTIPART; .body_limit bytes (0: the config's)
 *   .model       the resource's field table, for the OpenAPI schemas
 *   .reach       rows with :id whose role may refuse: out of reach answers 404 before 403
 *   .summary     one line for /api/openapi.json */
#include "domain/leads.h"
#include "domain/meetings.h"
#include "domain/partners.h"
#include "handlers.h"
#include "model/tables.h"
#include "router.h"

// clang-format off
const struct route routes[] = {
    ROUTE(GET,    "/api/openapi.json",                           openapi_get_route,          PUBLIC,   .summary = "OpenAPI document of this API"),
    ROUTE(GET,    "/api/v1/admin/queues",                        admin_queues_list_route,    OWNER,    .summary = "Per queue: length, pending, delayed, dead, oldest job age"),
    ROUTE(GET,    "/api/v1/admin/queues/:queue/dead",            admin_queues_dead_route,    OWNER,    .summary = "Dead-letter jobs of a queue, newest first"),
    ROUTE(POST,   "/api/v1/admin/queues/:queue/dead/:id/replay", admin_queues_replay_route,  OWNER,    .summary = "Put a dead job back on its queue with its attempts reset"),
    ROUTE(DELETE, "/api/v1/admin/queues/:queue/dead/:id",        admin_queues_delete_route,  OWNER,    .summary = "Discard a dead job"),
    ROUTE(POST,   "/api/v1/auth/accept-invite",                  auth_accept_invite_route,   PUBLIC,   .summary = "Accept an invitation: choose name and password, get signed in"),
    ROUTE(POST,   "/api/v1/auth/forgot-password",                auth_forgot_password_route, PUBLIC,   .summary = "Ask for a password reset link (same answer for every address)"),
    ROUTE(GET,    "/api/v1/auth/me",                             auth_me_route,              USER,     .summary = "The signed-in user"),
    ROUTE(PATCH,  "/api/v1/auth/me",                             auth_update_me_route,       USER,     .summary = "Change your own name"),
    ROUTE(POST,   "/api/v1/auth/password",                       auth_change_password_route, USER,     .summary = "Change your password (ends your other sessions)"),
    ROUTE(POST,   "/api/v1/auth/reset-password",                 auth_reset_password_route,  PUBLIC,   .summary = "Choose a new password with a reset token (ends every session)"),
    ROUTE(POST,   "/api/v1/auth/sign-in",                        auth_sign_in_route,         PUBLIC,   .summary = "Sign in with e-mail and password; sets the session cookies"),
    ROUTE(POST,   "/api/v1/auth/sign-out",                       auth_sign_out_route,        SESSION,  .summary = "Sign out: ends this session and clears the cookies"),
    ROUTE(POST,   "/api/v1/auth/token/refresh",                  auth_refresh_route,         SESSION,  .summary = "Rotate the refresh token and get a new access token"),
    ROUTE(GET,    "/api/v1/conflicts",                           conflicts_list_route,       ADMIN,    .query = QUERY_LIST, .model = &conflicts_model, .summary = "Assignment conflicts (staff): bookings and import rows for a lead of another partner"),
    ROUTE(POST,   "/api/v1/conflicts/:id/resolve",               conflicts_resolve_route,    ADMIN,    .summary = "Resolve a conflict (staff): {action: keep} or {action: move} the lead with its meetings and notes"),
    ROUTE(POST,   "/api/v1/cron/:job",                           cron_run_route,             CRON,     .summary = "Run a periodic job by name"),
    ROUTE(GET,    "/api/v1/dashboard",                           dashboard_route,            USER,     .summary = "Lead counts by status, this and next week's appointments, overdue leads, leads per week"),
    ROUTE(GET,    "/api/v1/health",                              health_get_route,           PUBLIC,   .query = "deep", .summary = "Liveness; with ?deep=1 also checks the database and Redis"),
    ROUTE(GET,    "/api/v1/imports/:id",                         imports_get_route,          ADMIN,    .summary = "Progress of an import: status, counters, errors (staff, or the partner's admins)"),
    ROUTE(GET,    "/api/v1/leads",                               leads_list_route,           USER,     .query = QUERY_LIST, .model = &leads_model, .summary = "Leads within your reach (table query: page, perPage, sort, filter, search)"),
    ROUTE(POST,   "/api/v1/leads",                               leads_create_route,         ADMIN,    .model = &leads_model, .summary = "Create a lead"),
    ROUTE(POST,   "/api/v1/leads/import",                        leads_import_route,         ADMIN,    .query = "dryRun", .body = BODY_MULTIPART, .summary = "Import leads from a CSV or XLSX file (multipart: file, partner?); ?dryRun=1 previews"),
    ROUTE(GET,    "/api/v1/leads/sales-managers",                leads_sales_managers_route, USER,     .summary = "Distinct sales managers of the leads within your reach"),
    ROUTE(GET,    "/api/v1/leads/:id",                           leads_get_route,            USER,     .model = &leads_model, .summary = "One lead with its meetings (newest first) and the statuses you may move it to"),
    ROUTE(PATCH,  "/api/v1/leads/:id",                           leads_update_route,         ADMIN,    .model = &leads_model, .reach = leads_reach, .summary = "Change a lead's details (not its status)"),
    ROUTE(DELETE, "/api/v1/leads/:id",                           leads_archive_route,        ADMIN,    .reach = leads_reach, .summary = "Archive a lead"),
    ROUTE(GET,    "/api/v1/leads/:id/history",                   leads_history_route,        USER,     .summary = "The audit events of a lead, newest first"),
    ROUTE(POST,   "/api/v1/leads/:id/meetings",                  meetings_log_route,         ADMIN,    .model = &meetings_model, .reach = leads_reach, .summary = "Log a meeting by hand (staff, or the lead's partner admins)"),
    ROUTE(GET,    "/api/v1/leads/:id/notes",                     notes_list_route,           USER,     .summary = "Notes of a lead, newest first"),
    ROUTE(POST,   "/api/v1/leads/:id/notes",                     notes_add_route,            USER,     .summary = "Add a note to a lead"),
    ROUTE(DELETE, "/api/v1/leads/:id/notes/:noteId",             notes_delete_route,         USER,     .summary = "Delete a note (its author within 15 minutes, staff any time)"),
    ROUTE(PATCH,  "/api/v1/leads/:id/status",                    leads_status_route,         USER,     .summary = "Change a lead's status along the allowed transitions (staff may override with a reason)"),
    ROUTE(GET,    "/api/v1/meetings",                            meetings_list_route,        USER,     .query = QUERY_LIST, .model = &meetings_model, .summary = "Meetings within your reach (table query; default newest first)"),
    ROUTE(GET,    "/api/v1/meetings/types",                      meetings_types_route,       USER,     .summary = "Distinct meeting types of the meetings within your reach"),
    ROUTE(GET,    "/api/v1/meetings/:id",                        meetings_get_route,         USER,     .model = &meetings_model, .summary = "One meeting"),
    ROUTE(PATCH,  "/api/v1/meetings/:id",                        meetings_change_route,      ADMIN,    .model = &meetings_model, .reach = meetings_reach, .summary = "Reschedule or change a meeting logged by hand"),
    ROUTE(POST,   "/api/v1/meetings/:id/cancel",                 meetings_cancel_route,      ADMIN,    .reach = meetings_reach, .summary = "Cancel a meeting logged by hand (it still counts for the lead's scheduled date)"),
    ROUTE(PATCH,  "/api/v1/meetings/:id/outcome",                meetings_outcome_route,     USER,     .summary = "Set a past meeting's outcome {outcome: held | no_show} (after the partner's cut-off: staff only)"),
    ROUTE(GET,    "/api/v1/partners",                            partners_list_route,        ADMIN,    .query = QUERY_LIST, .model = &partners_model, .summary = "Partners with last appointment and counts (table query)"),
    ROUTE(POST,   "/api/v1/partners",                            partners_create_route,      ADMIN,    .summary = "Create a partner (staff)"),
    ROUTE(GET,    "/api/v1/partners/:id",                        partners_get_route,         USER,     .summary = "One partner, by id or slug"),
    ROUTE(PATCH,  "/api/v1/partners/:id",                        partners_update_route,      ADMIN,    .model = &partners_model, .reach = partners_reach, .summary = "Change a partner (partner admins: ICP and billing e-mail)"),
    ROUTE(DELETE, "/api/v1/partners/:id",                        partners_archive_route,     OWNER,    .reach = partners_reach, .summary = "Archive a partner"),
    ROUTE(GET,    "/api/v1/partners/:id/billing",                partners_billing_get_route, ADMIN,    .model = &partners_model, .reach = partners_reach, .summary = "A partner's billing type and terms"),
    ROUTE(PUT,    "/api/v1/partners/:id/billing",                partners_billing_put_route, ADMIN,    .model = &partners_model, .reach = partners_reach, .summary = "Set a partner's billing type and terms (staff)"),
    ROUTE(GET,    "/api/v1/partners/:id/stats",                  partners_stats_route,       ADMIN,    .reach = partners_reach, .summary = "Last appointment, lead and appointment counts, leads by status"),
    ROUTE(GET,    "/api/v1/test/sleep",                          test_sleep_route,           LOOPBACK, .query = "s", .summary = "Test hook (PC_TEST_HOOKS only): hold the responder for ?s= seconds"),
    ROUTE(GET,    "/api/v1/users",                               users_list_route,           ADMIN,    .query = QUERY_LIST, .model = &users_model, .summary = "Users within your reach (table query: page, perPage, sort, filter, search)"),
    ROUTE(POST,   "/api/v1/users",                               users_invite_route,         ADMIN,    .model = &users_model, .summary = "Invite a user by e-mail (role, partner)"),
    ROUTE(GET,    "/api/v1/users/:id",                           users_get_route,            ADMIN,    .model = &users_model, .summary = "One user"),
    ROUTE(PATCH,  "/api/v1/users/:id",                           users_update_route,         ADMIN,    .model = &users_model, .summary = "Change a user's name, role or partner"),
    ROUTE(DELETE, "/api/v1/users/:id",                           users_archive_route,        ADMIN,    .summary = "Archive a user (ends their sessions)"),
    ROUTE(POST,   "/api/v1/users/:id/resend-invite",             users_resend_invite_route,  ADMIN,    .summary = "Send the invitation again with a new link"),
    ROUTE(PATCH,  "/api/v1/users/:id/status",                    users_status_route,         ADMIN,    .summary = "Activate or deactivate a user (deactivation ends their sessions)"),
};
// clang-format on

const size_t routes_count = sizeof(routes) / sizeof(routes[0]);
