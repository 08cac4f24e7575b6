/* partner_webhooks_table.c - webhooks to partners (DESIGN §7.8, issue 15): the endpoints of a
 * partner, the delivery log, their bodies and answers, and the event a receiver gets. The
 * signing secrets are stored in the endpoint's document (secret, previousSecret) and are in no
 * table: no answer can carry them but the two that hand a new one out (partner_webhook_secret). */
#include "model/tables.h"

#define REQ FIELD_REQUIRED
#define RO FIELD_READONLY
#define NUL FIELD_NULLABLE

const char *const partner_webhook_events[] = {
    "lead.created",        "lead.status_changed", "lead.note_added", "meeting.created",
    "meeting.rescheduled", "meeting.canceled",    "meeting.outcome", NULL};
/* the event types a delivery may carry: the subscribable ones and the test event */
static const char *const delivery_types[] = {
    "lead.created",    "lead.status_changed", "lead.note_added",
    "meeting.created", "meeting.rescheduled", "meeting.canceled",
    "meeting.outcome", "webhook.test",        NULL};
const char *const partner_webhook_outcomes[] = {"delivered", "retrying", "failed", "refused", NULL};

// clang-format off
static const struct field hook_fields[] = {
    /*    API name, type, flags, filter operators, then what differs from the default */
    FIELD("id",                      FT_OBJECTID,     RO | FIELD_SORTABLE,  OP_EQ | OP_IN, .bson = "_id"),
    FIELD("partner",                 FT_OBJECTID,     RO,                   0),
    FIELD("url",                     FT_STRING,       REQ,                  0, .min = 10, .max = 2000, .format = "uri"),
    FIELD("events",                  FT_STRING_ARRAY, REQ,                  0, .min = 1, .max = 7, .values = partner_webhook_events),
    FIELD("enabled",                 FT_BOOL,         0,                    0),
    FIELD("description",             FT_STRING,       NUL,                  0, .max = 200),
    FIELD("secretPrefix",            FT_STRING,       RO,                   0, .max = 16),
    FIELD("secretRotatedAt",         FT_DATE,         RO | NUL,             0),
    FIELD("previousSecretExpiresAt", FT_DATE,         RO | NUL,             0),
    FIELD("disabledAt",              FT_DATE,         RO | NUL,             0),
    FIELD("disabledReason",          FT_STRING,       RO | NUL,             0, .max = 300),
    FIELD("createdBy",               FT_OBJECTID,     RO | NUL,             0),
    FIELD("createdAt",               FT_DATE,         RO | FIELD_SORTABLE,  OPS_RANGE),
    FIELD("updatedAt",               FT_DATE,         RO,                   0),
};
static const struct field delivery_fields[] = {
    FIELD("id",             FT_OBJECTID,     RO | FIELD_SORTABLE,  OP_EQ | OP_IN, .bson = "_id"),
    FIELD("endpoint",       FT_OBJECTID,     RO,                   0),
    FIELD("event",          FT_STRING,       RO,                   OP_EQ, .max = 40),
    FIELD("type",           FT_ENUM,         RO,                   OPS_EQUALITY, .values = delivery_types),
    FIELD("attempt",        FT_INT,          RO,                   0, .min = 1, .max = 1000),
    FIELD("outcome",        FT_ENUM,         RO,                   OPS_EQUALITY, .values = partner_webhook_outcomes),
    FIELD("status",         FT_INT,          RO | NUL,             0, .min = 0, .max = 999),
    FIELD("url",            FT_STRING,       RO,                   0, .max = 2000),
    FIELD("address",        FT_STRING,       RO | NUL,             0, .max = 64),
    FIELD("requestHeaders", FT_STRING_MAP,   RO,                   0),
    FIELD("requestBody",    FT_TEXT,         RO,                   0, .max = 1000000),
    FIELD("response",       FT_TEXT,         RO | NUL,             0, .max = 2048),
    FIELD("error",          FT_STRING,       RO | NUL,             0, .max = 300),
    FIELD("durationMs",     FT_INT,          RO,                   0, .min = 0, .max = 3600000),
    FIELD("nextAttemptAt",  FT_DATE,         RO | NUL,             0),
    FIELD("replayOf",       FT_STRING,       RO | NUL,             0, .max = 40),
    FIELD("createdAt",      FT_DATE,         RO | FIELD_SORTABLE,  OPS_RANGE),
};
static const struct field secret_fields[] = {
    FIELD("secret",                  FT_STRING, REQ | RO,       0, .max = 64),
};
static const struct field replay_fields[] = {
    FIELD("since", FT_DATE, REQ, 0),
};
static const struct field queued_fields[] = {
    FIELD("queued",  FT_INT,    REQ, 0, .min = 0, .max = 1000),
    FIELD("eventId", FT_STRING, NUL, 0, .max = 40),
};
static const struct field event_data_fields[] = {
    FIELD("partnerId", FT_OBJECTID, REQ,       0),
    FIELD("leadId",    FT_OBJECTID, NUL,       0),
    FIELD("meetingId", FT_OBJECTID, NUL,       0),
    FIELD("source",    FT_STRING,   NUL,       0, .max = 40),
    FIELD("before",    FT_OBJECT,   NUL,       0),
    FIELD("after",     FT_OBJECT,   NUL,       0),
    FIELD("lead",      FT_OBJECT,   NUL,       0, .sub = &leads_model),
};
// clang-format on

const struct model partner_webhooks_model = {.name = "partnerWebhook",
                                             .collection = "partner_webhooks",
                                             MODEL_FIELDS(hook_fields),
                                             .default_sort = "createdAt",
                                             .default_desc = true};
const struct model partner_webhook_deliveries_model = {.name = "partnerWebhookDelivery",
                                                       .collection = "partner_webhook_deliveries",
                                                       MODEL_FIELDS(delivery_fields),
                                                       .default_sort = "createdAt",
                                                       .default_desc = true};
const struct model partner_webhook_secret_reply = {.name = "partnerWebhookWithSecret",
                                                   MODEL_FIELDS(secret_fields),
                                                   .base = &partner_webhooks_model};
const struct model partner_webhook_replay_body = {.name = "partnerWebhookReplay",
                                                  MODEL_FIELDS(replay_fields)};
const struct model partner_webhook_queued_reply = {.name = "partnerWebhookQueued",
                                                   MODEL_FIELDS(queued_fields)};
static const struct model event_data = {.name = "partnerWebhookEventData",
                                        MODEL_FIELDS(event_data_fields)};

// clang-format off
static const struct field event_fields[] = {
    FIELD("id",        FT_STRING, REQ, 0, .max = 40),
    FIELD("type",      FT_ENUM,   REQ, 0, .values = delivery_types),
    FIELD("createdAt", FT_DATE,   REQ, 0),
    FIELD("data",      FT_OBJECT, REQ, 0, .sub = &event_data),
};
// clang-format on

const struct model partner_webhook_event_model = {.name = "partnerWebhookEvent",
                                                  MODEL_FIELDS(event_fields)};
