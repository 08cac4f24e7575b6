/* test_integrations.c - the Integrations page's reads (case "integrations" of suite
 * "hubspot"): connection state without secrets, the inbox by provider and status, for staff */
#include <stdio.h>
#include <string.h>

#include "domain.h"
#include "stack_access.h"
#include "webhook_client.h"

static json_object *
member(json_object *o, const char *key)
{
    json_object *v = NULL;

    ck_assert_msg(json_object_object_get_ex(o, key, &v), "no %s in %s", key,
                  json_object_to_json_string(o));
    return v;
}

/* key is absent or an object */
static void
optional_object(json_object *o, const char *key)
{
    json_object *v = NULL;

    if (json_object_object_get_ex(o, key, &v))
        ck_assert_msg(json_object_is_type(v, json_type_object), "%s: %s", key,
                      json_object_to_json_string(v));
}

START_TEST(integrations_show_the_connections_without_secrets)
{
    struct api_res res;
    json_object *hs, *cp, *days;
    char e[400], body[500];

    property_event(e, sizeof(e), unique_number(), unique_number(), wall_ms(), "firstname", "X");
    snprintf(body, sizeof(body), "[%s]", e);
    hubspot_post(&res, body, NULL, 0, false);
    ck_assert_int_eq(res.status, 200);
    char status[32], id[32];
    snprintf(id, sizeof(id), "%s", api_json_str(&res, "id"));
    api_res_free(&res);
    json_object_put(inbox_wait(id, status, sizeof(status), 20000));
    client_call(owner_session(), "GET", "/api/v1/integrations", NULL, &res);
    ck_assert_int_eq(res.status, 200);
    hs = member(res.json, "hubspot");
    cp = member(res.json, "chilipiper");
    ck_assert(json_object_get_boolean(member(hs, "configured")));
    ck_assert(json_object_get_boolean(member(hs, "webhookConfigured")));
    ck_assert(json_object_get_boolean(member(hs, "apiConfigured")));
    ck_assert_str_eq(json_object_get_string(member(hs, "lifecycleRule")),
                     "lifecyclestage=salesqualifiedlead");
    ck_assert_ptr_nonnull(json_object_get_string(member(hs, "lastReceivedAt")));
    days = member(hs, "last7Days");
    ck_assert_int_gt(json_object_get_int(member(days, "ignored")), 0);
    optional_object(hs, "lastSync"); /* the newest sync task, absent before the first */
    ck_assert(json_object_get_boolean(member(cp, "webhookConfigured")));
    ck_assert_ptr_nonnull(strstr(json_object_get_string(member(cp, "webhookUrl")),
                                 "/api/v1/webhooks/chilipiper/{CHILIPIPER_WEBHOOK_SECRET}"));
    optional_object(cp, "lastReconcile");
    ck_assert_ptr_null(strstr(res.body, harness_env("CHILIPIPER_WEBHOOK_SECRET")));
    ck_assert_ptr_null(strstr(res.body, harness_env("HUBSPOT_APP_SECRET")));
    ck_assert_ptr_null(strstr(res.body, harness_env("HUBSPOT_ACCESS_TOKEN")));
    ck_assert_ptr_null(strstr(res.body, harness_env("CHILIPIPER_API_KEY")));
    api_res_free(&res);
}
END_TEST

START_TEST(the_inbox_lists_by_provider_and_status_for_staff_only)
{
    struct partner_user pu;
    struct api_res res;
    json_object *list;
    char e[400], body[500], id[32], status[32], path[128];

    property_event(e, sizeof(e), unique_number(), unique_number(), wall_ms(), "firstname", "Y");
    snprintf(body, sizeof(body), "[%s]", e);
    hubspot_post(&res, body, NULL, 0, false);
    snprintf(id, sizeof(id), "%s", api_json_str(&res, "id"));
    api_res_free(&res);
    json_object_put(inbox_wait(id, status, sizeof(status), 20000));
    ck_assert_str_eq(status, "ignored");
    client_call(owner_session(), "GET",
                "/api/v1/webhook-inbox?provider=hubspot&status=ignored&perPage=5", NULL, &res);
    ck_assert_int_eq(res.status, 200);
    ck_assert(json_object_object_get_ex(res.json, "list", &list));
    ck_assert_str_eq(
        json_object_get_string(json_object_object_get(json_object_array_get_idx(list, 0), "id")),
        id);                                          /* newest first */
    ck_assert_ptr_null(strstr(res.body, "\"body\"")); /* the list leaves the bodies out */
    api_res_free(&res);
    snprintf(path, sizeof(path), "/api/v1/webhook-inbox/%s", id);
    client_call(owner_session(), "GET", path, NULL, &res);
    ck_assert_str_eq(api_json_str(&res, "body"), body); /* the raw body as received */
    api_res_free(&res);
    client_call(owner_session(), "GET", "/api/v1/webhook-inbox?provider=paypal", NULL, &res);
    ck_assert_int_eq(api_status_free(&res), 422);
    snprintf(path, sizeof(path), "/api/v1/webhook-inbox/%s/replay", id);
    client_call(owner_session(), "POST", path, NULL, &res); /* only failed ones */
    ck_assert_int_eq(api_status_free(&res), 409);
    fixture_partner_user(&pu, "admin");
    client_call(&pu.client, "GET", "/api/v1/webhook-inbox", NULL, &res);
    ck_assert_int_eq(api_status_free(&res), 403);
    client_call(&pu.client, "GET", "/api/v1/integrations", NULL, &res);
    ck_assert_int_eq(api_status_free(&res), 403);
    client_free(&pu.client);
}
END_TEST

TCase *
tcase_integrations(void)
{
    TCase *tc = tcase_create("integrations");

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, integrations_show_the_connections_without_secrets);
    tcase_add_test(tc, the_inbox_lists_by_provider_and_status_for_staff_only);
    return tc;
}
