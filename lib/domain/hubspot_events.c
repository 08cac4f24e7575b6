/* hubspot_events.c - one HubSpot webhook delivery: dedupe by eventId, order by occurredAt per
 * contact, property changes onto the lead, creation under the lifecycle rule, deletions
 * anonymise */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/json.h"
#include "core/oid.h"
#include "db/store.h"
#include "domain/hubspot.h"
#include "domain/hubspot_patch.h"
#include "domain/leads.h"
#include "queue/events.h"

#define EVENTS_MAX 1000
#define SEEN "hubspot_events"
#define SEEN_KEEP_MS (7LL * 24 * 3600 * 1000)

struct hs_event {
    json_object *o; /* borrowed from the parsed batch */
    long long id, object, at;
    const char *type; /* "propertyChange", "creation", ... (the part after "contact.") */
    const char *property, *value;
    char key[32];
};

/* what a batch came to, for the inbox */
struct tally {
    int applied, duplicate, stale, ignored, failed;
};

static long long
num(json_object *o, const char *key)
{
    json_object *v = json_member(o, key);

    return v != NULL
                   && (json_object_is_type(v, json_type_int)
                       || json_object_is_type(v, json_type_string))
               ? json_object_get_int64(v)
               : -1;
}

/* a contact event, or false: contact.X, or object.X of object type 0-1 */
static bool
event_read(json_object *o, struct hs_event *e)
{
    const char *sub = json_str(o, "subscriptionType"), *dot;
    const char *otype = json_str(o, "objectTypeId");

    memset(e, 0, sizeof(*e));
    e->o = o;
    e->id = num(o, "eventId");
    e->object = num(o, "objectId");
    e->at = num(o, "occurredAt");
    if (sub == NULL || (dot = strchr(sub, '.')) == NULL || e->id < 0 || e->object < 0 || e->at < 0)
        return false;
    if (strncmp(sub, "contact.", 8) != 0
        && (strncmp(sub, "object.", 7) != 0 || otype == NULL || strcmp(otype, "0-1") != 0))
        return false;
    e->type = dot + 1;
    e->property = json_str(o, "propertyName");
    e->value = json_str(o, "propertyValue");
    snprintf(e->key, sizeof(e->key), "%lld", e->id);
    return true;
}

static int
by_contact_then_time(const void *a, const void *b)
{
    const struct hs_event *x = a, *y = b;

    if (x->object != y->object)
        return x->object < y->object ? -1 : 1;
    if (x->at != y->at)
        return x->at < y->at ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

static bool
seen_before(struct app *app, const struct hs_event *e, bool *seen, struct err *err)
{
    bson_t *filter = BCON_NEW("_id", BCON_UTF8(e->key)), *doc = NULL;
    bool ok = store_find_one(app->db, SEEN, filter, NULL, &doc, seen, err); /* by _id alone */

    bson_destroy(doc);
    bson_destroy(filter);
    return ok;
}

static bool
mark_seen(struct app *app, const struct hs_event *e, struct err *err)
{
    int64_t now = clock_now_ms();
    bson_t *doc = BCON_NEW("_id", BCON_UTF8(e->key), "objectId", BCON_INT64(e->object), "type",
                           BCON_UTF8(e->type), "at", BCON_DATE_TIME(now), "expiresAt",
                           BCON_DATE_TIME(now + SEEN_KEEP_MS));
    bool ok = store_insert_once(app->db, SEEN, doc, err);

    bson_destroy(doc);
    return ok;
}

/* one contact's events in a row: its lead loaded once, the property changes written at once */
struct group {
    struct hubspot_ctx *h;
    char contact[24];
    bson_t *doc; /* the lead, or NULL */
    struct hubspot_patch patch;
    struct webhook_report *r;
    struct tally *t;
};

static bool
group_load(struct group *g, struct err *err)
{
    bool found = false;

    bson_destroy(g->doc);
    g->doc = NULL;
    if (!hubspot_lead_find(g->h->app, "hubspotContactId", g->contact, &g->doc, &found, err))
        return false;
    if (!found) {
        bson_destroy(g->doc);
        g->doc = NULL;
    }
    hubspot_patch_release(&g->patch);
    hubspot_patch_init(&g->patch, g->doc);
    return true;
}

static bool
anonymised(const bson_t *doc)
{
    bson_iter_t it;

    return doc != NULL && bson_iter_init_find(&it, doc, "anonymisedAt")
           && BSON_ITER_HOLDS_DATE_TIME(&it);
}

/* the contact read from HubSpot made into a lead (the rule decides); *made when it was */
static bool
create_from_hubspot(struct group *g, const struct hs_event *e, bool *made, struct err *err)
{
    char why[160];
    enum contact_outcome out;
    json_object *contact;
    bool ok;

    *made = false;
    if (!hubspot_api_ready(g->h, err))
        return false;
    contact = hubspot_contact_get(&g->h->api, g->contact, g->h->properties, err);
    if (contact == NULL && err_is(err, ERR_NOT_FOUND)) {
        err_reset(err);
        webhook_report_error(g->r, "event %s: contact %s is gone from HubSpot", e->key, g->contact);
        return true;
    }
    ok =
        contact != NULL && hubspot_contact_apply(g->h, contact, e->at, &out, why, sizeof(why), err);
    json_object_put(contact);
    if (ok && out == CONTACT_SKIPPED && why[0] != '\0')
        g->t->ignored++;
    *made = ok && out != CONTACT_SKIPPED;
    return ok && group_load(g, err);
}

static bool
flush_patch(struct group *g, struct err *err)
{
    bool changed = false;

    if (g->doc == NULL || json_object_object_length(g->patch.times) == 0)
        return true;
    if (!hubspot_patch_commit(g->h, &g->patch, g->r->errors, &changed, err))
        return false;
    hubspot_patch_release(&g->patch); /* written: nothing left to write */
    hubspot_patch_init(&g->patch, g->doc);
    return true;
}

static bool
on_property(struct group *g, const struct hs_event *e, struct err *err)
{
    bool made = false;

    if (g->doc == NULL) {
        /* an unknown contact: nothing, unless this change makes the lifecycle rule match */
        if (e->property != NULL && g->h->rule.property[0] != '\0'
            && strcmp(e->property, g->h->rule.property) == 0
            && hubspot_rule_matches(&g->h->rule, e->value)) {
            if (!create_from_hubspot(g, e, &made, err))
                return false;
            made ? g->t->applied++ : g->t->ignored++;
            return true;
        }
        g->t->ignored++;
        return true;
    }
    if (anonymised(g->doc) || e->property == NULL) {
        g->t->ignored++;
        return true;
    }
    switch (hubspot_patch_set(g->h, &g->patch, e->property, e->value, e->at)) {
    case PATCH_SET: g->t->applied++; break;
    case PATCH_STALE: g->t->stale++; break;
    case PATCH_UNMAPPED: g->t->ignored++; break;
    }
    return true;
}

static bool
on_deletion(struct group *g, const struct hs_event *e, struct err *err)
{
    const bson_oid_t *lead = g->doc ? json_bson_oid(g->doc, "_id") : NULL;
    const bson_oid_t *partner = g->doc ? json_bson_oid(g->doc, "partner") : NULL;
    char partner_hex[OID_STR_SIZE] = "", reason[64];

    if (lead == NULL || anonymised(g->doc)) {
        g->t->ignored++;
        return true;
    }
    if (partner != NULL)
        oid_format(partner, partner_hex);
    snprintf(reason, sizeof(reason), "hubspot contact.%.40s", e->type);
    /* what was collected before the deletion is moot: it would be erased */
    hubspot_patch_release(&g->patch);
    hubspot_patch_init(&g->patch, g->doc);
    if (!leads_anonymise(g->h->app, &g->h->system, lead, partner_hex, reason, SOURCE_HUBSPOT, err))
        return false;
    g->t->applied++;
    return group_load(g, err);
}

/* one event of the group; false with err when it cannot be applied now */
static bool
on_event(struct group *g, const struct hs_event *e, struct err *err)
{
    bool made = false;

    if (strcmp(e->type, "propertyChange") == 0)
        return on_property(g, e, err);
    if (strcmp(e->type, "deletion") == 0 || strcmp(e->type, "privacyDeletion") == 0)
        return flush_patch(g, err) && on_deletion(g, e, err);
    if (strcmp(e->type, "creation") == 0 && g->doc == NULL) {
        if (!create_from_hubspot(g, e, &made, err))
            return false;
        made ? g->t->applied++ : g->t->ignored++;
        return true;
    }
    g->t->ignored++; /* a creation of a known lead, merge, restore, associations: nothing */
    return true;
}

/* a failure that waiting does not heal: named in the report, the event stays unseen (a replay
 * after the fix applies it), the rest of the batch goes on */
static bool
permanent(struct group *g, const struct hs_event *e, struct err *err)
{
    if (err_is(err, ERR_UNAVAILABLE) || err_is(err, ERR_RATE_LIMITED))
        return false;
    webhook_report_error(g->r, "event %s (%s of contact %s): %s", e->key, e->type, g->contact,
                         err->message);
    g->t->failed++;
    err_reset(err);
    return true;
}

/* events [from, to) of one contact; false with err (transient) */
static bool
apply_group(struct group *g, struct hs_event *ev, size_t from, size_t to, struct err *err)
{
    bool *done = calloc(to - from, sizeof(bool)), seen, ok = true;

    snprintf(g->contact, sizeof(g->contact), "%lld", ev[from].object);
    ok = (done != NULL || err_set(err, ERR_INTERNAL, "out of memory")) && group_load(g, err);
    for (size_t i = from; ok && i < to; i++) {
        if (!(ok = seen_before(g->h->app, &ev[i], &seen, err)))
            break;
        if (seen) {
            g->t->duplicate++;
            continue;
        }
        done[i - from] = on_event(g, &ev[i], err);
        ok = done[i - from] || permanent(g, &ev[i], err);
    }
    ok = ok && (flush_patch(g, err) || permanent(g, &ev[to - 1], err));
    /* marked only once their effects are written */
    for (size_t i = from; ok && i < to; i++)
        if (done[i - from])
            ok = mark_seen(g->h->app, &ev[i], err);
    free(done);
    return ok;
}

/* the batch's contact events, sorted; n and the count of other events */
static struct hs_event *
events_of(json_object *batch, size_t *n, struct tally *t)
{
    size_t len = json_object_array_length(batch);
    struct hs_event *ev = calloc(len ? len : 1, sizeof(*ev));

    *n = 0;
    for (size_t i = 0; ev != NULL && i < len; i++) {
        json_object *o = json_object_array_get_idx(batch, i);
        if (json_object_is_type(o, json_type_object) && event_read(o, &ev[*n]))
            (*n)++;
        else
            t->ignored++;
    }
    if (ev != NULL)
        qsort(ev, *n, sizeof(*ev), by_contact_then_time);
    return ev;
}

static void
report(struct webhook_report *r, const struct tally *t)
{
    r->applied = t->applied;
    r->status = t->failed > 0 ? "failed" : t->applied > 0 ? "processed" : "ignored";
    snprintf(r->summary, sizeof(r->summary),
             "%d events: %d applied, %d duplicate, %d stale, %d ignored, %d failed", r->events,
             t->applied, t->duplicate, t->stale, t->ignored, t->failed);
    if (t->failed > 0)
        snprintf(r->error, sizeof(r->error), "%d events could not be applied", t->failed);
}

bool
hubspot_batch_apply(struct hubspot_ctx *h, const char *body, struct webhook_report *r,
                    struct err *err)
{
    json_object *batch = json_tokener_parse(body);
    struct tally t = {0};
    struct group g = {.h = h, .r = r, .t = &t};
    struct hs_event *ev = NULL;
    size_t n = 0;
    bool ok = true;

    if (batch == NULL || !json_object_is_type(batch, json_type_array)
        || json_object_array_length(batch) > EVENTS_MAX) {
        json_object_put(batch);
        return err_set(err, ERR_BAD_JSON, "not a JSON array of at most %d events", EVENTS_MAX);
    }
    r->events = (int)json_object_array_length(batch);
    if (r->errors == NULL)
        r->errors = json_object_new_array();
    ev = events_of(batch, &n, &t);
    hubspot_patch_init(&g.patch, NULL);
    for (size_t from = 0, to; ok && ev != NULL && from < n; from = to) {
        for (to = from + 1; to < n && ev[to].object == ev[from].object; to++)
            ;
        ok = apply_group(&g, ev, from, to, err);
    }
    report(r, &t);
    hubspot_patch_release(&g.patch);
    bson_destroy(g.doc);
    free(ev);
    json_object_put(batch);
    return ok && (ev != NULL || err_set(err, ERR_INTERNAL, "out of memory"));
}
