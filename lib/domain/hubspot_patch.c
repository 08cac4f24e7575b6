/* hubspot_patch.c - collect HubSpot's changes to a lead, check them, write only what changes */
#include "domain/hubspot_patch.h"

#include <stdio.h>
#include <string.h>

#include "core/json.h"
#include "core/oid.h"
#include "db/store.h"
#include "domain/leads.h"
#include "model/tables.h"
#include "queue/events.h"

void
hubspot_patch_init(struct hubspot_patch *patch, const bson_t *doc)
{
    patch->doc = doc;
    patch->values = json_object_new_object();
    patch->times = json_object_new_object();
    patch->link_contact = NULL;
}

void
hubspot_patch_release(struct hubspot_patch *patch)
{
    json_object_put(patch->values);
    json_object_put(patch->times);
    patch->values = patch->times = NULL;
}

enum patch_result
hubspot_patch_set(const struct hubspot_ctx *h, struct hubspot_patch *patch, const char *property,
                  const char *value, int64_t at_ms)
{
    const char *field = hubspot_props_field(&h->props, property);
    json_object *had = json_member(patch->times, property);

    if (field == NULL)
        return PATCH_UNMAPPED;
    if (at_ms < hubspot_lead_at(patch->doc, property)
        || (had != NULL && at_ms < json_object_get_int64(had)))
        return PATCH_STALE;
    json_object_object_add(patch->values, field,
                           value && value[0] ? json_object_new_string(value) : NULL);
    json_object_object_add(patch->times, property, json_object_new_int64(at_ms));
    return PATCH_SET;
}

void
hubspot_patch_fields(const struct hubspot_ctx *h, const struct hubspot_patch *patch,
                     json_object *problems, bool keep_nulls, bson_t *out)
{
    char line[300];

    json_object_object_foreach(patch->values, field, value)
    {
        json_object *one;
        bson_t checked = BSON_INITIALIZER;
        struct err err = ERR_INIT;

        if (value == NULL && (!keep_nulls || strcmp(field, "email") == 0))
            continue;
        one = json_object_new_object();
        json_object_object_add(one, field, json_object_get(value));
        if (model_input(&leads_model, one, MODEL_UPDATE, &h->system, &checked, &err)) {
            bson_concat(out, &checked);
        } else if (problems != NULL) {
            snprintf(line, sizeof(line), "%s: %s", field,
                     err.ndetails > 0 ? err.details[0].problem : err.message);
            json_object_array_add(problems, json_object_new_string(line));
        }
        bson_destroy(&checked);
        json_object_put(one);
    }
}

bool
hubspot_patch_times(const struct hubspot_patch *patch, const bson_t *doc, bson_t *out)
{
    bson_t times;
    bson_iter_t it, sub;
    bool newer = false;

    BSON_APPEND_DOCUMENT_BEGIN(out, "hubspotPropertyAt", &times);
    /* the lead's own times, unless the patch has a newer one */
    if (doc != NULL && bson_iter_init_find(&it, doc, "hubspotPropertyAt")
        && BSON_ITER_HOLDS_DOCUMENT(&it) && bson_iter_recurse(&it, &sub))
        while (bson_iter_next(&sub))
            if (json_member(patch->times, bson_iter_key(&sub)) == NULL)
                bson_append_iter(&times, bson_iter_key(&sub), -1, &sub);
    json_object_object_foreach(patch->times, property, at)
    {
        int64_t ms = json_object_get_int64(at);
        newer |= ms > hubspot_lead_at(doc, property) || hubspot_lead_at(doc, property) == 0;
        BSON_APPEND_INT64(&times, property, ms);
    }
    bson_append_document_end(out, &times);
    return newer;
}

static void
updated_event(struct hubspot_ctx *h, const bson_oid_t *lead, const bson_t *doc, json_object *before,
              json_object *after)
{
    const bson_oid_t *partner = json_bson_oid(doc, "partner");
    char id[OID_STR_SIZE], partner_hex[OID_STR_SIZE] = "";
    struct event ev = {.action = "lead.updated",
                       .entity_type = "lead",
                       .entity_id = id,
                       .before = before,
                       .after = after,
                       .source = SOURCE_HUBSPOT};

    oid_format(lead, id);
    if (partner != NULL)
        oid_format(partner, partner_hex);
    ev.partner_id = partner_hex[0] ? partner_hex : NULL;
    events_record(h->app, &h->system, &ev);
}

/* write changed; a taken e-mail is dropped from it (a problem) and the rest written */
static bool
store_changes(struct hubspot_ctx *h, const bson_t *doc, const bson_oid_t *lead, bson_t *changed,
              json_object *problems, json_object *after, struct err *err)
{
    bson_t rest = BSON_INITIALIZER;
    bool ok = store_set_by_id(h->app->db, "leads", lead, changed, err);

    if (ok || !err_is(err, ERR_CONFLICT) || json_member(after, "email") == NULL) {
        bson_destroy(&rest);
        return ok;
    }
    err_reset(err);
    if (problems != NULL)
        json_object_array_add(
            problems, json_object_new_string("email: belongs to another lead, not changed"));
    json_object_object_del(after, "email");
    bson_copy_to_excluding_noinit(changed, &rest, "email", "searchTerms", NULL);
    ok = model_terms_refresh(&leads_model, doc, &rest)
         && store_set_by_id(h->app->db, "leads", lead, &rest, err);
    bson_destroy(&rest);
    return ok;
}

bool
hubspot_patch_commit(struct hubspot_ctx *h, struct hubspot_patch *patch, json_object *problems,
                     bool *changed, struct err *err)
{
    const bson_oid_t *lead = json_bson_oid(patch->doc, "_id");
    bson_t set = BSON_INITIALIZER, delta = BSON_INITIALIZER;
    json_object *before = json_object_new_object(), *after = json_object_new_object();
    bool newer, ok = true;
    int n;

    *changed = false;
    if (lead == NULL) {
        ok = err_set(err, ERR_INTERNAL, "lead without an id");
        goto out;
    }
    hubspot_patch_fields(h, patch, problems, true, &set);
    n = lead_diff(patch->doc, &set, &delta, before, after);
    if (patch->link_contact != NULL) {
        BSON_APPEND_UTF8(&delta, "hubspotContactId", patch->link_contact);
        json_object_object_add(after, "hubspotContactId",
                               json_object_new_string(patch->link_contact));
        n++;
    }
    newer = hubspot_patch_times(patch, patch->doc, &delta);
    if (n == 0 && !newer)
        goto out; /* nothing new: no write, no event */
    ok = model_terms_refresh(&leads_model, patch->doc, &delta)
         && store_changes(h, patch->doc, lead, &delta, problems, after, err);
    if (ok && n > 0 && json_object_object_length(after) > 0) {
        updated_event(h, lead, patch->doc, before, after);
        *changed = true;
    }
out:
    json_object_put(before);
    json_object_put(after);
    bson_destroy(&delta);
    bson_destroy(&set);
    return ok;
}
