/* hubspot_contacts.c - a HubSpot contact's properties onto its lead: find, patch (newest
 * value wins per property), create under the lifecycle rule */
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/email.h"
#include "core/json.h"
#include "core/log.h"
#include "db/store.h"
#include "domain/hubspot.h"
#include "domain/hubspot_patch.h"
#include "domain/leads.h"
#include "domain/partners.h"
#include "model/tables.h"

static void
add_property(struct hubspot_ctx *h, int *n, const char *name)
{
    for (int i = 0; i < *n; i++)
        if (strcmp(h->properties[i], name) == 0)
            return;
    if (*n + 1 < (int)(sizeof(h->properties) / sizeof(h->properties[0])))
        h->properties[(*n)++] = name;
}

void
hubspot_ctx_init(struct hubspot_ctx *h, struct app *app, void (*touch)(void *ctx), void *touch_ctx)
{
    const struct config *cfg = &app->cfg;
    char problem[160];
    int n = 0;

    memset(h, 0, sizeof(*h));
    h->app = app;
    h->system.kind = PRINCIPAL_SYSTEM;
    /* both were checked by config_load: they cannot fail here */
    hubspot_props_build(cfg->hubspot_property_map, &h->props, problem, sizeof(problem));
    hubspot_rule_parse(cfg->hubspot_lifecycle_rule, &h->rule, problem, sizeof(problem));
    h->api = (struct hubspot_client){.http = app_http(app),
                                     .base_url = cfg->hubspot_base_url,
                                     .token = cfg->hubspot_access_token,
                                     .version = cfg->hubspot_api_version,
                                     .timeout_ms = cfg->http_timeout_ms,
                                     .min_interval_ms = cfg->hubspot_min_interval_ms,
                                     .touch = touch,
                                     .touch_ctx = touch_ctx,
                                     .remaining = -1,
                                     .secondly_remaining = -1};
    add_property(h, &n, "email");
    for (int i = 0; i < h->props.n; i++)
        add_property(h, &n, h->props.e[i].property);
    if (h->rule.property[0] != '\0')
        add_property(h, &n, h->rule.property);
    add_property(h, &n, "lastmodifieddate");
    h->properties[n] = NULL;
}

bool
hubspot_api_ready(const struct hubspot_ctx *h, struct err *err)
{
    if (h->app->cfg.hubspot_access_token == NULL)
        return err_set(err, ERR_VALIDATION_FAILED, "HUBSPOT_ACCESS_TOKEN is not set");
    if (h->api.http == NULL)
        return err_set(err, ERR_INTERNAL, "out of memory");
    return true;
}

int64_t
hubspot_lead_at(const bson_t *lead, const char *property)
{
    bson_iter_t it, sub;

    if (lead == NULL || !bson_iter_init_find(&it, lead, "hubspotPropertyAt")
        || !BSON_ITER_HOLDS_DOCUMENT(&it) || !bson_iter_recurse(&it, &sub)
        || !bson_iter_find(&sub, property))
        return 0;
    return BSON_ITER_HOLDS_DATE_TIME(&sub) ? bson_iter_date_time(&sub) : bson_iter_as_int64(&sub);
}

bool
hubspot_lead_find(struct app *app, const char *key, const char *value, bson_t **doc, bool *found,
                  struct err *err)
{
    bson_t *filter = BCON_NEW(key, BCON_UTF8(value));
    bool ok = store_find_one(app->db, "leads", filter, NULL, doc, found, err);

    bson_destroy(filter);
    return ok;
}

/* the partner of a new lead: its meeting type's, else HUBSPOT_DEFAULT_PARTNER */
static bool
route(struct hubspot_ctx *h, const char *meeting_type, char partner[OID_STR_SIZE], struct err *err)
{
    const char *fallback = h->app->cfg.hubspot_default_partner;
    bool found = false;

    if (!partner_for_meeting_type(h->app, meeting_type, partner, &found, err))
        return false;
    if (found)
        return true;
    if (fallback != NULL) {
        if (partner_resolve(h->app, fallback, partner, err))
            return true;
        if (!err_is(err, ERR_NOT_FOUND))
            return false;
        err_reset(err);
        return err_set(err, ERR_VALIDATION_FAILED, "HUBSPOT_DEFAULT_PARTNER names no live partner");
    }
    return err_set(err, ERR_VALIDATION_FAILED,
                   "no partner takes meeting type '%.60s' and HUBSPOT_DEFAULT_PARTNER is not set",
                   meeting_type ? meeting_type : "");
}

bool
hubspot_lead_create(struct hubspot_ctx *h, const char *contact_id, struct hubspot_patch *patch,
                    char id[OID_STR_SIZE], struct err *err)
{
    const char *email = json_str(patch->values, "email");
    char partner[OID_STR_SIZE];
    bson_t fields = BSON_INITIALIZER;
    json_object *lead;
    bool ok = false;

    if (email == NULL || !email_valid(email, strlen(email))) {
        err_set(err, ERR_VALIDATION_FAILED, "contact %s has no valid e-mail", contact_id);
        goto out;
    }
    if (!route(h, json_str(patch->values, "meetingType"), partner, err))
        goto out;
    hubspot_patch_fields(h, patch, NULL, false, &fields);
    BSON_APPEND_UTF8(&fields, "hubspotContactId", contact_id);
    hubspot_patch_times(patch, NULL, &fields);
    ok = leads_insert(h->app, &h->system, &fields, partner, "hubspot", true, id, err);
    if (ok && (lead = leads_get(h->app, &h->system, id, err)) != NULL) {
        lead_notify_partner(h->app, lead, 0); /* the partner hears of its new lead */
        json_object_put(lead);
    }
    err_reset(err);
out:
    bson_destroy(&fields);
    return ok;
}

/* the lead of a contact: by its id, else by e-mail (*by_email); a lead of another contact with
 * that e-mail is refused (why) */
static bool
contact_lead(struct hubspot_ctx *h, const char *id, const char *email, bson_t **doc, bool *found,
             bool *by_email, char *why, size_t cap, struct err *err)
{
    char lower[256];
    const char *other;

    *by_email = false;
    if (!hubspot_lead_find(h->app, "hubspotContactId", id, doc, found, err))
        return false;
    if (*found)
        return true;
    if (email == NULL || strlen(email) >= sizeof(lower))
        return true;
    for (size_t i = 0; i <= strlen(email); i++)
        lower[i] = (char)(email[i] >= 'A' && email[i] <= 'Z' ? email[i] + 32 : email[i]);
    if (!hubspot_lead_find(h->app, "email", lower, doc, found, err))
        return false;
    other = *found ? json_bson_str(*doc, "hubspotContactId") : NULL;
    if (other != NULL && other[0] != '\0' && strcmp(other, id) != 0) {
        snprintf(why, cap, "e-mail %.80s belongs to the lead of contact %.30s", lower, other);
        bson_destroy(*doc);
        *doc = NULL;
        *found = false;
        *by_email = true; /* found, but not ours: no new lead either */
        return true;
    }
    *by_email = *found;
    return true;
}

bool
hubspot_contact_apply(struct hubspot_ctx *h, json_object *contact, int64_t at_ms,
                      enum contact_outcome *out, char *why, size_t cap, struct err *err)
{
    const char *id = json_str(contact, "id");
    json_object *props = json_member(contact, "properties");
    struct hubspot_patch patch;
    bson_t *doc = NULL;
    bool found = false, by_email = false, changed = false, ok;
    char lead_id[OID_STR_SIZE];

    *out = CONTACT_SKIPPED;
    why[0] = '\0';
    if (id == NULL || !json_object_is_type(props, json_type_object)) {
        snprintf(why, cap, "not a contact (no id or properties)");
        return true;
    }
    ok = contact_lead(h, id, json_str(props, "email"), &doc, &found, &by_email, why, cap, err);
    if (!ok || (!found && by_email))
        goto out;
    hubspot_patch_init(&patch, found ? doc : NULL);
    json_object_object_foreach(props, key, val)
    {
        if (val == NULL || json_object_is_type(val, json_type_string))
            hubspot_patch_set(h, &patch, key, val ? json_object_get_string(val) : NULL, at_ms);
    }
    if (found) {
        patch.link_contact = by_email ? id : NULL;
        ok = hubspot_patch_commit(h, &patch, NULL, &changed, err);
        *out = changed ? CONTACT_UPDATED : CONTACT_UNCHANGED;
    } else if (!hubspot_rule_matches(&h->rule, json_str(props, h->rule.property))) {
        snprintf(why, cap,
                 h->rule.property[0] ? "the lifecycle rule does not match"
                                     : "no lifecycle rule: HubSpot makes no leads");
    } else if ((ok = hubspot_lead_create(h, id, &patch, lead_id, err))) {
        *out = CONTACT_CREATED;
    }
    hubspot_patch_release(&patch);
out:
    bson_destroy(doc);
    return ok;
}
