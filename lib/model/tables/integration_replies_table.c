/* integration_replies_table.c - the bodies and answers of the integrations' routes (HubSpot and
 * ChiliPiper webhooks, the webhook inbox, the contact sync, GET /integrations), for
 * /api/openapi.json; the API suite checks every answer against them */
#include "model/tables.h"

#define REQ FIELD_REQUIRED
#define NUL FIELD_NULLABLE
#define BIG .min = 0, .max = 9007199254740991LL

// clang-format off
static const struct field lead_sync[] = {
    FIELD("full", FT_BOOL, 0, 0),
};
static const struct field sync_started[] = {
    FIELD("id",             FT_OBJECTID, REQ, 0),
    FIELD("alreadyRunning", FT_BOOL,     REQ, 0),
};
static const struct field webhook_received[] = {
    FIELD("received", FT_BOOL,     REQ, 0),
    FIELD("id",       FT_OBJECTID, REQ, 0),
};
static const struct field inbox_replayed[] = {
    FIELD("id",  FT_OBJECTID, REQ, 0),
    FIELD("job", FT_STRING,   REQ, 0, .max = 64),
};
static const struct field webhook_delivery[] = {
    FIELD("body", FT_TEXT, REQ | NUL, 0, .max = 1048576),
};
static const struct field inbox_counts[] = {
    FIELD("received",  FT_INT, REQ, 0, BIG),
    FIELD("processed", FT_INT, REQ, 0, BIG),
    FIELD("ignored",   FT_INT, REQ, 0, BIG),
    FIELD("failed",    FT_INT, REQ, 0, BIG),
};
// clang-format on

static const struct model inbox_counts_reply = {.name = "webhookInboxCounts",
                                                MODEL_FIELDS(inbox_counts)};

// clang-format off
static const struct field provider_state[] = {
    FIELD("configured",        FT_BOOL,   REQ,       0),
    FIELD("webhookConfigured", FT_BOOL,   REQ,       0),
    FIELD("apiConfigured",     FT_BOOL,   REQ,       0),
    FIELD("webhookUrl",        FT_STRING, REQ | NUL, 0, .max = 2048),
    FIELD("apiBaseUrl",        FT_STRING, REQ | NUL, 0, .max = 2048),
    FIELD("lastReceivedAt",    FT_DATE,   REQ | NUL, 0),
    FIELD("lastStatus",        FT_STRING, REQ | NUL, 0, .max = 40),
    FIELD("last7Days",         FT_OBJECT, REQ,       0, .sub = &inbox_counts_reply),
};
// clang-format on

/* what both providers show; each adds its own below */
static const struct model provider_state_reply = {.name = "providerState",
                                                  MODEL_FIELDS(provider_state)};

// clang-format off
static const struct field hubspot_state[] = {
    FIELD("signatureVersions", FT_STRING, REQ | NUL, 0, .max = 100),
    FIELD("apiVersion",        FT_STRING, REQ | NUL, 0, .max = 100),
    FIELD("lifecycleRule",     FT_STRING, REQ | NUL, 0, .max = 1000),
    FIELD("defaultPartner",    FT_STRING, REQ | NUL, 0, .max = 200),
    FIELD("lastSync",          FT_OBJECT, 0,         0, .sub = &sync_tasks_model),
};
static const struct field chilipiper_state[] = {
    FIELD("lastReconcile",     FT_OBJECT, 0,         0, .sub = &sync_tasks_model),
};
// clang-format on

static const struct model hubspot_state_reply = {
    .name = "hubspotState", MODEL_FIELDS(hubspot_state), .base = &provider_state_reply};
static const struct model chilipiper_state_reply = {
    .name = "chilipiperState", MODEL_FIELDS(chilipiper_state), .base = &provider_state_reply};

// clang-format off
static const struct field integrations[] = {
    FIELD("hubspot",    FT_OBJECT, REQ, 0, .sub = &hubspot_state_reply),
    FIELD("chilipiper", FT_OBJECT, REQ, 0, .sub = &chilipiper_state_reply),
};
// clang-format on

const struct model lead_sync_body = {.name = "leadSyncBody", MODEL_FIELDS(lead_sync)};
const struct model sync_started_reply = {.name = "syncStarted", MODEL_FIELDS(sync_started)};
const struct model webhook_received_reply = {.name = "webhookReceived",
                                             MODEL_FIELDS(webhook_received)};
const struct model inbox_replayed_reply = {.name = "webhookReplayed", MODEL_FIELDS(inbox_replayed)};
const struct model webhook_delivery_reply = {
    .name = "webhookDeliveryDetail", MODEL_FIELDS(webhook_delivery), .base = &webhook_inbox_model};
const struct model integrations_reply = {.name = "integrations", MODEL_FIELDS(integrations)};
