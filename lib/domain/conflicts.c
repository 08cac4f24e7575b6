/* conflicts.c - assignment conflicts: recorded by bookings and imports, listed and resolved by
 * staff. One open conflict per (lead, routed partner), kept unique by openKey, which becomes
 * the conflict's own id once it is resolved. */
#include "domain/conflicts.h"

#include <stdio.h>
#include <string.h>

#include "auth/scope.h"
#include "core/clock.h"
#include "core/json.h"
#include "core/oid.h"
#include "db/store.h"
#include "domain/leads.h"
#include "domain/partners.h"
#include "model/tables.h"
#include "queue/events.h"

static void
hex_of(const bson_t *doc, const char *key, char out[OID_STR_SIZE])
{
    const bson_oid_t *oid = json_bson_oid(doc, key);

    out[0] = '\0';
    if (oid != NULL)
        oid_format(oid, out);
}

/* $setOnInsert and $set of a conflict seen (again) */
static void
record_update(const struct conflict_input *c, const char *routed_name, bson_t *update)
{
    bson_oid_t id, oid;
    int64_t now = clock_now_ms();
    bson_t ins, set;

    bson_oid_init(&id, NULL);
    BSON_APPEND_DOCUMENT_BEGIN(update, "$setOnInsert", &ins);
    BSON_APPEND_OID(&ins, "_id", &id);
    BSON_APPEND_OID(&ins, "lead", json_bson_oid(c->lead, "_id"));
    BSON_APPEND_UTF8(&ins, "leadEmail", json_or_empty(json_bson_str(c->lead, "email")));
    BSON_APPEND_OID(&ins, "partner", json_bson_oid(c->lead, "partner"));
    BSON_APPEND_UTF8(&ins, "partnerName", json_or_empty(json_bson_str(c->lead, "partnerName")));
    oid_parse_str(c->routed_partner, &oid);
    BSON_APPEND_OID(&ins, "routedPartner", &oid);
    BSON_APPEND_UTF8(&ins, "routedPartnerName", routed_name);
    BSON_APPEND_UTF8(&ins, "source", c->source);
    BSON_APPEND_UTF8(&ins, "status", "open");
    BSON_APPEND_NULL(&ins, "resolvedAt");
    BSON_APPEND_NULL(&ins, "resolvedBy");
    BSON_APPEND_DATE_TIME(&ins, "createdAt", now);
    bson_append_document_end(update, &ins);
    BSON_APPEND_DOCUMENT_BEGIN(update, "$set", &set);
    if (c->meeting_id != NULL && oid_parse_str(c->meeting_id, &oid))
        BSON_APPEND_OID(&set, "meeting", &oid);
    if (c->import_id != NULL && oid_parse_str(c->import_id, &oid))
        BSON_APPEND_OID(&set, "import", &oid);
    if (c->row >= 0)
        BSON_APPEND_INT64(&set, "row", c->row);
    BSON_APPEND_DATE_TIME(&set, "updatedAt", now);
    bson_append_document_end(update, &set);
    BCON_APPEND(update, "$inc", "{", "occurrences", BCON_INT32(1), "}");
}

static void
record_event(struct app *app, const struct principal *p, const struct conflict_input *c,
             const char *lead, const char *partner)
{
    json_object *after = json_object_new_object();
    struct event ev = {.action = "lead.assignment_conflict",
                       .entity_type = "lead",
                       .entity_id = lead,
                       .partner_id = partner[0] ? partner : NULL,
                       .after = after,
                       .source =
                           strcmp(c->source, "import") == 0 ? SOURCE_IMPORT : SOURCE_CHILIPIPER,
                       .reason = "the e-mail belongs to a lead of another partner"};

    /* the import's word for it is older (docs/imports.md) */
    json_object_object_add(after,
                           strcmp(c->source, "import") == 0 ? "attemptedPartner" : "routedPartner",
                           json_object_new_string(c->routed_partner));
    if (c->meeting_id != NULL)
        json_object_object_add(after, "meetingId", json_object_new_string(c->meeting_id));
    if (c->import_id != NULL)
        json_object_object_add(after, "import", json_object_new_string(c->import_id));
    if (c->row >= 0)
        json_object_object_add(after, "row", json_object_new_int64(c->row));
    events_record(app, p, &ev);
    json_object_put(after);
}

bool
conflicts_record(struct app *app, const struct principal *p, const struct conflict_input *c,
                 struct err *err)
{
    char lead[OID_STR_SIZE], partner[OID_STR_SIZE], key[2 * OID_STR_SIZE], name[160] = "";
    char billing[32];
    bson_t *filter, *opts = BCON_NEW("upsert", BCON_BOOL(true));
    bool ok = false;

    hex_of(c->lead, "_id", lead);
    hex_of(c->lead, "partner", partner);
    if (lead[0] == '\0' || partner[0] == '\0' || c->routed_partner == NULL) {
        ok = true; /* nothing a conflict could name */
        goto out;
    }
    if (!partner_lookup(app, c->routed_partner, name, sizeof(name), billing, sizeof(billing), err)
        && !err_is(err, ERR_NOT_FOUND))
        goto out;
    err_reset(err);
    snprintf(key, sizeof(key), "%s.%s", lead, c->routed_partner);
    filter = BCON_NEW("openKey", BCON_UTF8(key));
    /* two writers racing on a new key: the loser's insert hits the unique index; again, it
     * finds the winner's document and updates it */
    for (int attempt = 0; attempt < 2 && !ok; attempt++) {
        bson_t update = BSON_INITIALIZER;
        err_reset(err);
        record_update(c, name, &update);
        ok = store_update_one(app->db, "conflicts", filter, &update, opts, NULL, err);
        bson_destroy(&update);
        if (!ok && !err_is(err, ERR_CONFLICT))
            break;
    }
    bson_destroy(filter);
    if (ok)
        record_event(app, p, c, lead, partner);
out:
    bson_destroy(opts);
    return ok;
}

json_object *
conflicts_list(struct app *app, const struct principal *p, const struct list_params *params,
               struct err *err)
{
    struct list_query q;
    json_object *out = NULL;

    if (!scope_trusted(p) || p->kind != PRINCIPAL_USER) {
        err_set(err, ERR_FORBIDDEN, "only staff see the assignment conflicts");
        return NULL;
    }
    if (model_list_query(&conflicts_model, params, &q, err)) {
        struct store_list_spec spec = {&conflicts_model, NULL, &q, p, NULL, NULL};
        out = store_list(app->db, &spec, err);
    }
    list_query_release(&q);
    return out;
}

static bool
conflict_load(struct app *app, const bson_oid_t *oid, bson_t **doc, struct err *err)
{
    bson_t *filter = BCON_NEW("_id", BCON_OID(oid));
    bool found = false, ok = store_find_one(app->db, "conflicts", filter, NULL, doc, &found, err);

    bson_destroy(filter);
    return ok && !found ? err_set(err, ERR_NOT_FOUND, "no such conflict") : ok;
}

/* compare-and-set of an open conflict to status (open_key set free), or back to open */
static bool
conflict_mark(struct app *app, const struct principal *p, const bson_oid_t *oid,
              const char *open_key, const char *status, struct err *err)
{
    bool reopen = strcmp(status, "open") == 0, matched = false, ok;
    char hex[OID_STR_SIZE];
    bson_oid_t by;
    int64_t now = clock_now_ms();
    bson_t *filter = BCON_NEW("_id", BCON_OID(oid), "status", BCON_UTF8(reopen ? "moved" : "open"));
    bson_t update = BSON_INITIALIZER, set;

    oid_format(oid, hex);
    BSON_APPEND_DOCUMENT_BEGIN(&update, "$set", &set);
    BSON_APPEND_UTF8(&set, "status", status);
    BSON_APPEND_UTF8(&set, "openKey", reopen ? open_key : hex); /* a resolved one frees its key */
    if (!reopen && oid_parse_str(p->user_id, &by))
        BSON_APPEND_OID(&set, "resolvedBy", &by);
    else
        BSON_APPEND_NULL(&set, "resolvedBy");
    if (reopen)
        BSON_APPEND_NULL(&set, "resolvedAt");
    else
        BSON_APPEND_DATE_TIME(&set, "resolvedAt", now);
    BSON_APPEND_DATE_TIME(&set, "updatedAt", now);
    bson_append_document_end(&update, &set);
    ok = store_update_one(app->db, "conflicts", filter, &update, NULL, &matched, err);
    bson_destroy(&update);
    bson_destroy(filter);
    if (ok && !matched)
        return err_set(err, ERR_CONFLICT, "the conflict is resolved already");
    return ok;
}

/* the lead goes to the routed partner with its meetings and notes (leads_update does it) */
static bool
move_lead(struct app *app, const struct principal *p, const bson_t *conflict, struct err *err)
{
    char lead[OID_STR_SIZE], routed[OID_STR_SIZE];
    json_object *body = json_object_new_object(), *out;

    hex_of(conflict, "lead", lead);
    hex_of(conflict, "routedPartner", routed);
    json_object_object_add(body, "partner", json_object_new_string(routed));
    out = leads_update(app, p, lead, body, err);
    json_object_put(body);
    if (out == NULL && err_is(err, ERR_NOT_FOUND)) {
        err_reset(err);
        return err_set(err, ERR_CONFLICT, "the lead is archived: nothing to move");
    }
    json_object_put(out);
    return out != NULL;
}

static void
resolved_event(struct app *app, const struct principal *p, const bson_t *conflict, const char *id,
               const char *action)
{
    char lead[OID_STR_SIZE], partner[OID_STR_SIZE], routed[OID_STR_SIZE];
    json_object *after = json_object_new_object();
    bool moved = strcmp(action, "move") == 0;
    struct event ev = {.action = "lead.conflict_resolved",
                       .entity_type = "lead",
                       .entity_id = lead,
                       .partner_id = moved ? routed : partner,
                       .after = after,
                       .source = SOURCE_UI};

    hex_of(conflict, "lead", lead);
    hex_of(conflict, "partner", partner);
    hex_of(conflict, "routedPartner", routed);
    json_object_object_add(after, "conflictId", json_object_new_string(id));
    json_object_object_add(after, "action", json_object_new_string(action));
    json_object_object_add(after, "partner", json_object_new_string(moved ? routed : partner));
    events_record(app, p, &ev);
    json_object_put(after);
}

json_object *
conflicts_resolve(struct app *app, const struct principal *p, const char *id, json_object *in,
                  struct err *err)
{
    const char *action, *key;
    bson_oid_t oid;
    bson_t *doc = NULL;
    json_object *out = NULL;
    bool moved;

    if (!scope_trusted(p) || p->kind != PRINCIPAL_USER) {
        err_set(err, ERR_FORBIDDEN, "only staff resolve assignment conflicts");
        goto out;
    }
    action = model_body_enum(in, "action", conflict_actions, "must be keep or move",
                             "invalid resolution", err);
    if (action == NULL)
        goto out;
    if (!oid_parse_str(id, &oid)) {
        err_set(err, ERR_NOT_FOUND, "no such conflict");
        goto out;
    }
    moved = strcmp(action, "move") == 0;
    if (!conflict_load(app, &oid, &doc, err)
        || !conflict_mark(app, p, &oid, NULL, moved ? "moved" : "kept", err))
        goto out;
    if (moved && !move_lead(app, p, doc, err)) { /* undone, so a retry finds it open */
        struct err ignored = ERR_INIT;
        key = json_bson_str(doc, "openKey");
        conflict_mark(app, p, &oid, key != NULL ? key : id, "open", &ignored);
        goto out;
    }
    resolved_event(app, p, doc, id, action);
    bson_destroy(doc);
    doc = NULL;
    if (conflict_load(app, &oid, &doc, err))
        out = model_output(&conflicts_model, doc, p);
out:
    bson_destroy(doc);
    return out;
}
