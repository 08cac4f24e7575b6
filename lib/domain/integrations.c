/* integrations.c - GET /integrations: configuration (without secrets), inbox and sync figures */
#include "domain/integrations.h"

#include <stdio.h>

#include "auth/scope.h"
#include "domain/sync_tasks.h"
#include "domain/webhook_inbox.h"

static void
add_str(json_object *o, const char *key, const char *value)
{
    json_object_object_add(o, key, value ? json_object_new_string(value) : NULL);
}

static void
add_bool(json_object *o, const char *key, bool value)
{
    json_object_object_add(o, key, json_object_new_boolean(value));
}

/* the inbox figures and the newest task of kind onto o; false with err */
static bool
add_activity(struct app *app, json_object *o, const char *provider, const char *kind,
             const char *task_key, struct err *err)
{
    json_object *task;

    if (!webhook_inbox_summary(app, provider, o, err))
        return false;
    task = sync_task_latest_json(app, kind, err);
    if (task == NULL && err->code != NULL)
        return false;
    if (task != NULL) /* absent before the first run (a nullable reference is not OpenAPI 3.0) */
        json_object_object_add(o, task_key, task);
    return true;
}

static json_object *
hubspot(struct app *app, struct err *err)
{
    const struct config *cfg = &app->cfg;
    json_object *o = json_object_new_object();
    char url[1024];

    snprintf(url, sizeof(url), "%s/api/v1/webhooks/hubspot", cfg->public_url);
    add_bool(o, "configured", cfg->hubspot_app_secret != NULL || cfg->hubspot_access_token != NULL);
    add_bool(o, "webhookConfigured", cfg->hubspot_app_secret != NULL);
    add_bool(o, "apiConfigured", cfg->hubspot_access_token != NULL);
    add_str(o, "webhookUrl", cfg->hubspot_webhook_url ? cfg->hubspot_webhook_url : url);
    add_str(o, "signatureVersions", cfg->hubspot_signatures);
    add_str(o, "apiBaseUrl", cfg->hubspot_base_url);
    add_str(o, "apiVersion", cfg->hubspot_api_version);
    add_str(o, "lifecycleRule", cfg->hubspot_lifecycle_rule);
    add_str(o, "defaultPartner", cfg->hubspot_default_partner);
    if (!add_activity(app, o, WEBHOOK_HUBSPOT, SYNC_HUBSPOT, "lastSync", err)) {
        json_object_put(o);
        return NULL;
    }
    return o;
}

static json_object *
chilipiper(struct app *app, struct err *err)
{
    const struct config *cfg = &app->cfg;
    json_object *o = json_object_new_object();
    char url[1024];

    /* the path token is a secret: the page shows where it goes, not what it is */
    snprintf(url, sizeof(url), "%s/api/v1/webhooks/chilipiper/{CHILIPIPER_WEBHOOK_SECRET}",
             cfg->public_url);
    add_bool(o, "configured", cfg->chilipiper_secret != NULL || cfg->chilipiper_api_key != NULL);
    add_bool(o, "webhookConfigured", cfg->chilipiper_secret != NULL);
    add_bool(o, "apiConfigured", cfg->chilipiper_api_key != NULL);
    add_str(o, "webhookUrl", url);
    add_str(o, "apiBaseUrl", cfg->chilipiper_base_url);
    if (!add_activity(app, o, WEBHOOK_CHILIPIPER, SYNC_CHILIPIPER, "lastReconcile", err)) {
        json_object_put(o);
        return NULL;
    }
    return o;
}

json_object *
integrations_status(struct app *app, const struct principal *p, struct err *err)
{
    json_object *out, *hs, *cp;

    if (!scope_trusted(p)) {
        err_set(err, ERR_FORBIDDEN, "the integrations are for staff");
        return NULL;
    }
    if ((hs = hubspot(app, err)) == NULL)
        return NULL;
    if ((cp = chilipiper(app, err)) == NULL) {
        json_object_put(hs);
        return NULL;
    }
    out = json_object_new_object();
    json_object_object_add(out, "hubspot", hs);
    json_object_object_add(out, "chilipiper", cp);
    return out;
}
