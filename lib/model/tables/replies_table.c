/* replies_table.c - the answers that are not one record of a collection: one table per answer,
 * for /api/openapi.json. The handlers build these objects themselves; the API suite checks every
 * answer it receives against the document (tests/api/check_responses.py), so a member added to
 * an answer and not here fails the tests. */
#include "model/tables.h"

#define REQ FIELD_REQUIRED
#define RO FIELD_READONLY
#define NUL FIELD_NULLABLE
#define BIG .min = 0, .max = 9007199254740991LL
#define MONTH "^[0-9]{4}-(0[1-9]|1[0-2])$"

static const char *const ok_values[] = {"ok", NULL};
static const char *const queued_values[] = {"queued", NULL};
static const char *const invite_roles[] = {"admin", "user", NULL};
static const char *const actor_kinds[] = {"anonymous", "user", "partner_token", "system", NULL};

// clang-format off
static const struct field session[] = {
    FIELD("user", FT_OBJECT, REQ, 0, .sub = &users_model),
};
static const struct field message[] = {
    FIELD("message", FT_STRING, REQ, 0, .max = 500),
};
static const struct field invite_info[] = {
    FIELD("email",       FT_EMAIL,  REQ,       0),
    FIELD("name",        FT_STRING, REQ,       0, .max = 100),
    FIELD("role",        FT_ENUM,   REQ,       0, .values = invite_roles),
    FIELD("partnerName", FT_STRING, REQ | NUL, 0, .max = 200),
    FIELD("invitedBy",   FT_STRING, REQ | NUL, 0, .max = 254),
    FIELD("expiresAt",   FT_DATE,   REQ,       0),
};
static const struct field health[] = {
    FIELD("status", FT_ENUM, REQ, 0, .values = ok_values),
};
static const struct field queued[] = {
    FIELD("status", FT_ENUM, REQ, 0, .values = queued_values),
};
static const struct field status_counts[] = {
    FIELD("new",               FT_INT, REQ, 0, BIG),
    FIELD("scheduled",         FT_INT, REQ, 0, BIG),
    FIELD("in_touch",          FT_INT, REQ, 0, BIG),
    FIELD("won",               FT_INT, REQ, 0, BIG),
    FIELD("lost_no_show",      FT_INT, REQ, 0, BIG),
    FIELD("lost_disqualified", FT_INT, REQ, 0, BIG),
    FIELD("lost_no_potential", FT_INT, REQ, 0, BIG),
};
// clang-format on

const struct model session_reply = {.name = "session", MODEL_FIELDS(session)};
const struct model message_reply = {.name = "message", MODEL_FIELDS(message)};
const struct model invite_info_reply = {.name = "inviteInfo", MODEL_FIELDS(invite_info)};
const struct model health_reply = {.name = "health", MODEL_FIELDS(health)};
const struct model queued_reply = {.name = "queued", MODEL_FIELDS(queued)};
static const struct model status_counts_reply = {.name = "leadStatusCounts",
                                                 MODEL_FIELDS(status_counts)};

// clang-format off
static const struct field week_count[] = {
    FIELD("weekStart", FT_STRING, REQ, 0, .format = "date", .max = 10),
    FIELD("count",     FT_INT,    REQ, 0, BIG),
};
// clang-format on
static const struct model week_count_reply = {.name = "weekCount", MODEL_FIELDS(week_count)};

/* the held and no-show rates of the dashboard (meeting_outcomes.c) */
// clang-format off
static const struct field meeting_outcome_rates[] = {
    FIELD("days",       FT_INT,    REQ,       0, .min = 1, .max = 3660),
    FIELD("held",       FT_INT,    REQ,       0, BIG),
    FIELD("noShow",     FT_INT,    REQ,       0, BIG),
    FIELD("pending",    FT_INT,    REQ,       0, BIG),
    FIELD("heldRate",   FT_NUMBER, REQ | NUL, 0, .min = 0, .max = 1),
    FIELD("noShowRate", FT_NUMBER, REQ | NUL, 0, .min = 0, .max = 1),
};
// clang-format on
static const struct model meeting_outcomes_reply = {.name = "meetingOutcomeRates",
                                                    MODEL_FIELDS(meeting_outcome_rates)};

// clang-format off
static const struct field dashboard[] = {
    FIELD("leadsByStatus",        FT_OBJECT,       REQ, 0, .sub = &status_counts_reply),
    FIELD("appointmentsThisWeek", FT_INT,          REQ, 0, BIG),
    FIELD("appointmentsNextWeek", FT_INT,          REQ, 0, BIG),
    FIELD("overdueLeads",         FT_INT,          REQ, 0, BIG),
    FIELD("leadsPerWeek",         FT_OBJECT_ARRAY, REQ, 0, .sub = &week_count_reply, .max = 60),
    FIELD("meetingOutcomes",      FT_OBJECT,       REQ, 0, .sub = &meeting_outcomes_reply),
};
static const struct field partner_stats[] = {
    FIELD("lastAppointmentDate", FT_DATE,   REQ | NUL, 0),
    FIELD("totalLeads",          FT_INT,    REQ,       0, BIG),
    FIELD("totalAppointments",   FT_INT,    REQ,       0, BIG),
    FIELD("leadsByStatus",       FT_OBJECT, REQ,       0, .sub = &status_counts_reply),
};
static const struct field billing_term[] = {
    FIELD("from",  FT_STRING, REQ,       0, .pattern = MONTH, .max = 7),
    FIELD("to",    FT_STRING, REQ | NUL, 0, .pattern = MONTH, .max = 7),
    FIELD("value", FT_INT,    REQ,       0, .min = 0, .max = 100000000),
};
// clang-format on

const struct model dashboard_reply = {.name = "dashboard", MODEL_FIELDS(dashboard)};
const struct model partner_stats_reply = {.name = "partnerStats", MODEL_FIELDS(partner_stats)};
static const struct model billing_term_reply = {.name = "billingTermOut",
                                                MODEL_FIELDS(billing_term)};

// clang-format off
static const struct field billing[] = {
    FIELD("billingType",  FT_ENUM,         REQ | NUL, 0, .values = billing_type_values),
    FIELD("billingTerms", FT_OBJECT_ARRAY, REQ,       0, .sub = &billing_term_reply, .max = 120),
    FIELD("currency",     FT_STRING,       REQ,       0, .pattern = "^[a-z]{3}$", .min = 3, .max = 3),
};
static const struct field lead_detail[] = {
    FIELD("meetings",           FT_OBJECT_ARRAY, REQ | RO, 0, .sub = &meetings_model),
    FIELD("allowedTransitions", FT_STRING_ARRAY, REQ | RO, 0, .values = lead_statuses, .max = 7),
    FIELD("offeredTransition",  FT_ENUM,         REQ | RO | NUL, 0, .values = lead_statuses),
    FIELD("hubspotUrl",         FT_STRING,       REQ | RO | NUL, 0, .format = "uri", .max = 200),
};
static const struct field meeting_outcome[] = {
    FIELD("offeredTransition",  FT_ENUM,         REQ | RO | NUL, 0, .values = lead_statuses),
};
static const struct field note_author[] = {
    FIELD("id",   FT_OBJECTID, REQ, 0),
    FIELD("name", FT_STRING,   0,   0, .max = 100),
};
// clang-format on

const struct model billing_reply = {.name = "billing", MODEL_FIELDS(billing)};

// clang-format off
static const struct field invoice_detail[] = {
    FIELD("lines", FT_OBJECT_ARRAY, REQ | RO, 0, .sub = &ledger_model),
};
// clang-format on
const struct model invoice_detail_reply = {
    .name = "invoiceDetail", MODEL_FIELDS(invoice_detail), .base = &invoices_model};
const struct model lead_detail_reply = {
    .name = "leadDetail", MODEL_FIELDS(lead_detail), .base = &leads_model};
const struct model meeting_outcome_reply = {
    .name = "meetingWithOffer", MODEL_FIELDS(meeting_outcome), .base = &meetings_model};
static const struct model note_author_reply = {.name = "noteAuthor", MODEL_FIELDS(note_author)};

// clang-format off
static const struct field note[] = {
    FIELD("id",        FT_OBJECTID, REQ, 0),
    FIELD("text",      FT_TEXT,     REQ, 0, .max = 5000),
    FIELD("author",    FT_OBJECT,   REQ, 0, .sub = &note_author_reply),
    FIELD("createdAt", FT_DATE,     REQ, 0),
    FIELD("deletable", FT_BOOL,     REQ, 0),
};
static const struct field actor[] = {
    FIELD("kind", FT_ENUM,     REQ, 0, .values = actor_kinds),
    FIELD("id",   FT_OBJECTID, 0,   0),
    FIELD("name", FT_STRING,   0,   0, .max = 200),
};
// clang-format on

const struct model note_reply = {.name = "note", MODEL_FIELDS(note)};
static const struct model actor_reply = {.name = "actor", MODEL_FIELDS(actor)};

// clang-format off
static const struct field note_list[] = {
    FIELD("list", FT_OBJECT_ARRAY, REQ, 0, .sub = &note_reply),
};
static const struct field lead_event[] = {
    FIELD("id",     FT_OBJECTID, REQ,       0),
    FIELD("action", FT_STRING,   REQ,       0, .max = 100),
    FIELD("before", FT_OBJECT,   REQ | NUL, 0),
    FIELD("after",  FT_OBJECT,   REQ | NUL, 0),
    FIELD("source", FT_STRING,   REQ | NUL, 0, .max = 100),
    FIELD("reason", FT_TEXT,     REQ | NUL, 0, .max = 1000),
    FIELD("at",     FT_DATE,     REQ,       0),
    FIELD("actor",  FT_OBJECT,   REQ,       0, .sub = &actor_reply),
};
// clang-format on

const struct model note_list_reply = {.name = "noteList", MODEL_FIELDS(note_list)};
static const struct model lead_event_reply = {.name = "leadEvent", MODEL_FIELDS(lead_event)};

// clang-format off
static const struct field lead_history[] = {
    FIELD("list", FT_OBJECT_ARRAY, REQ, 0, .sub = &lead_event_reply),
};
static const struct field sales_managers[] = {
    FIELD("list", FT_STRING_ARRAY, REQ, 0, .max = 100000),
};
static const struct field meeting_types[] = {
    FIELD("list", FT_STRING_ARRAY, REQ, 0, .max = 100000),
};
static const struct field queue_stats[] = {
    FIELD("name",        FT_STRING, REQ, 0, .max = 100),
    FIELD("length",      FT_INT,    REQ, 0, BIG),
    FIELD("pending",     FT_INT,    REQ, 0, BIG),
    FIELD("delayed",     FT_INT,    REQ, 0, BIG),
    FIELD("dead",        FT_INT,    REQ, 0, BIG),
    FIELD("oldestAgeMs", FT_INT,    REQ, 0, BIG),
};
static const struct field dead_job[] = {
    FIELD("id",         FT_STRING, REQ, 0, .max = 64),
    FIELD("jobId",      FT_STRING, 0,   0, .max = 200),
    FIELD("type",       FT_STRING, 0,   0, .max = 100),
    FIELD("payload",    FT_OBJECT, NUL, 0),
    FIELD("attempt",    FT_INT,    0,   0, BIG),
    FIELD("enqueuedAt", FT_INT,    0,   0, BIG),
    FIELD("error",      FT_TEXT,   0,   0),
    FIELD("failedAt",   FT_INT,    0,   0, BIG),
};
// clang-format on

const struct model lead_history_reply = {.name = "leadHistory", MODEL_FIELDS(lead_history)};
const struct model sales_managers_reply = {.name = "salesManagers", MODEL_FIELDS(sales_managers)};
const struct model meeting_types_reply = {.name = "meetingTypes", MODEL_FIELDS(meeting_types)};
static const struct model queue_stats_reply = {.name = "queueStats", MODEL_FIELDS(queue_stats)};
static const struct model dead_job_reply = {.name = "deadJob", MODEL_FIELDS(dead_job)};

// clang-format off
static const struct field queue_list[] = {
    FIELD("list", FT_OBJECT_ARRAY, REQ, 0, .sub = &queue_stats_reply),
};
static const struct field dead_list[] = {
    FIELD("list", FT_OBJECT_ARRAY, REQ, 0, .sub = &dead_job_reply),
};
static const struct field replayed[] = {
    FIELD("replayed", FT_BOOL, REQ, 0),
};
static const struct field cron_run[] = {
    FIELD("job",     FT_STRING, REQ, 0, .max = 100),
    FIELD("deleted", FT_INT,    0,   0, BIG),
    FIELD("moved",   FT_INT,    0,   0, BIG),
    FIELD("assumed", FT_INT,    0,   0, BIG), /* assume-outcomes */
    /* recount: the partners' figures rebuilt, and the drift that corrected */
    FIELD("partners",   FT_INT, 0, 0, BIG),
    FIELD("corrected",  FT_INT, 0, 0, BIG),
    FIELD("drift",      FT_INT, 0, 0, BIG),
    FIELD("leadsFixed", FT_INT, 0, 0, BIG),
    FIELD("orphans",    FT_INT, 0, 0, BIG),
    /* chilipiper-reconcile: the sync task started (or running), or why it was skipped */
    FIELD("task",    FT_OBJECTID, 0, 0),
    FIELD("running", FT_BOOL,     0, 0),
    FIELD("skipped", FT_STRING,   0, 0, .max = 200),
    /* daily-reminders (reminders.c) and purge-expired: per-part figures and per-partner errors */
    FIELD("sent",           FT_INT, 0, 0, BIG),
    FIELD("failed",         FT_INT, 0, 0, BIG),
    FIELD("tokens",         FT_INT, 0, 0, BIG),
    FIELD("linkTokens",     FT_INT, 0, 0, BIG),
    FIELD("usedLinkTokens", FT_INT, 0, 0, BIG),
    FIELD("resetTokens",    FT_INT, 0, 0, BIG),
    FIELD("inviteTokens",   FT_INT, 0, 0, BIG),
    FIELD("cronRuns",       FT_INT, 0, 0, BIG),
    FIELD("webhookDeliveries", FT_INT, 0, 0, BIG),
    FIELD("errors",         FT_STRING_ARRAY, 0, 0, .max = 100),
    /* monthly-invoices (invoices_run.c): the period, and per partner how it ended */
    FIELD("period",          FT_STRING, 0, 0, .max = 7, .pattern = "^[0-9]{4}-[0-9]{2}$"),
    FIELD("invoiced",        FT_INT,    0, 0, BIG),
    FIELD("alreadyInvoiced", FT_INT,    0, 0, BIG),
    FIELD("zero",            FT_INT,    0, 0, BIG),
};
static const struct field import_column[] = {
    FIELD("header", FT_STRING, REQ,       0, .max = 1000),
    FIELD("field",  FT_STRING, REQ | NUL, 0, .max = 100),
};
static const struct field import_problem[] = {
    FIELD("row",     FT_INT,    REQ,       0, BIG),
    FIELD("field",   FT_STRING, REQ | NUL, 0, .max = 100),
    FIELD("problem", FT_TEXT,   REQ,       0, .max = 1000),
};
static const struct field import_duplicate[] = {
    FIELD("row",             FT_INT,      REQ,       0, BIG),
    FIELD("email",           FT_STRING,   REQ,       0, .max = 254),
    FIELD("existingPartner", FT_OBJECTID, NUL,       0),
    FIELD("samePartner",     FT_BOOL,     NUL,       0),
    FIELD("firstRow",        FT_INT,      NUL,       0, BIG),
};
// clang-format on

const struct model queue_list_reply = {.name = "queueList", MODEL_FIELDS(queue_list)};
const struct model dead_list_reply = {.name = "deadJobList", MODEL_FIELDS(dead_list)};
const struct model replayed_reply = {.name = "replayed", MODEL_FIELDS(replayed)};
const struct model cron_run_reply = {.name = "cronRun", MODEL_FIELDS(cron_run)};
static const struct model import_column_reply = {.name = "importColumn",
                                                 MODEL_FIELDS(import_column)};
static const struct model import_problem_reply = {.name = "importProblem",
                                                  MODEL_FIELDS(import_problem)};
static const struct model import_duplicate_reply = {.name = "importDuplicate",
                                                    MODEL_FIELDS(import_duplicate)};

// clang-format off
static const struct field import_preview[] = {
    FIELD("columns",    FT_OBJECT_ARRAY, REQ, 0, .sub = &import_column_reply),
    FIELD("rows",       FT_OBJECT_ARRAY, REQ, 0, .max = 20),
    FIELD("truncated",  FT_BOOL,         0,   0),
    FIELD("total",      FT_INT,          REQ, 0, BIG),
    FIELD("failed",     FT_INT,          REQ, 0, BIG),
    FIELD("errors",     FT_OBJECT_ARRAY, REQ, 0, .sub = &import_problem_reply),
    FIELD("duplicates", FT_OBJECT_ARRAY, REQ, 0, .sub = &import_duplicate_reply),
};
static const struct field import_started[] = {
    FIELD("id", FT_OBJECTID, REQ, 0),
};
static const struct field import_job[] = {
    FIELD("id",         FT_OBJECTID,     REQ, 0),
    FIELD("status",     FT_STRING,       0,   0, .max = 40),
    FIELD("total",      FT_INT,          0,   0, BIG),
    FIELD("processed",  FT_INT,          0,   0, BIG),
    FIELD("created",    FT_INT,          0,   0, BIG),
    FIELD("updated",    FT_INT,          0,   0, BIG),
    FIELD("skipped",    FT_INT,          0,   0, BIG),
    FIELD("failed",     FT_INT,          0,   0, BIG),
    FIELD("errors",     FT_OBJECT_ARRAY, 0,   0, .sub = &import_problem_reply),
    FIELD("partner",    FT_OBJECTID,     NUL, 0),
    FIELD("filename",   FT_STRING,       NUL, 0, .max = 1000),
    FIELD("createdAt",  FT_DATE,         0,   0),
    FIELD("finishedAt", FT_DATE,         NUL, 0),
};
static const struct field import_field_spec[] = {
    FIELD("field",    FT_STRING,       REQ,       0, .max = 100),
    FIELD("label",    FT_STRING,       REQ,       0, .max = 100),
    FIELD("headers",  FT_STRING_ARRAY, REQ,       0, .max = 20),
    FIELD("required", FT_BOOL,         REQ,       0),
    FIELD("note",     FT_STRING,       REQ | NUL, 0, .max = 1000),
};
static const struct field openapi_document[] = {
    FIELD("openapi",    FT_STRING, REQ, 0, .max = 20),
    FIELD("info",       FT_OBJECT, REQ, 0),
    FIELD("paths",      FT_OBJECT, REQ, 0),
    FIELD("components", FT_OBJECT, 0,   0),
    FIELD("tags",       FT_OBJECT_ARRAY, 0, 0),
};
// clang-format on

const struct model import_preview_reply = {.name = "importPreview", MODEL_FIELDS(import_preview)};
const struct model import_started_reply = {.name = "importStarted", MODEL_FIELDS(import_started)};
const struct model import_job_reply = {.name = "importJob", MODEL_FIELDS(import_job)};
static const struct model import_field_spec_reply = {.name = "importFieldSpec",
                                                     MODEL_FIELDS(import_field_spec)};
static const struct field import_columns[] = {
    FIELD("fields", FT_OBJECT_ARRAY, REQ, 0, .sub = &import_field_spec_reply, .max = 100),
};
const struct model import_columns_reply = {.name = "importColumns", MODEL_FIELDS(import_columns)};
const struct model openapi_document_reply = {.name = "openApiDocument",
                                             MODEL_FIELDS(openapi_document)};
