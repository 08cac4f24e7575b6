/* import_apply.c - one chunk of an import: each row becomes a new lead, fills the empty fields
 * of its partner's existing lead, or is skipped (another partner's lead: a conflict) */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/clock.h"
#include "core/json.h"
#include "core/oid.h"
#include "db/db.h"
#include "db/store.h"
#include "domain/conflicts.h"
#include "domain/leads.h"
#include "import/import_run_int.h"
#include "model/tables.h"
#include "queue/events.h"

/* a string of a lead or row, "" when absent */
static const char *
doc_str(const bson_t *doc, const char *key)
{
    return json_or_empty(json_bson_str(doc, key));
}

static void
doc_oid(const bson_t *doc, const char *key, char out[OID_STR_SIZE])
{
    const bson_oid_t *oid = json_bson_oid(doc, key);

    out[0] = '\0';
    if (oid != NULL)
        oid_format(oid, out);
}

static bson_t **
lead_slot(struct run *r, const char *email)
{
    for (size_t i = 0; i < r->nleads; i++)
        if (strcmp(doc_str(r->leads[i], "email"), email) == 0)
            return &r->leads[i];
    return NULL;
}

static void
leads_forget(struct run *r)
{
    for (size_t i = 0; i < r->nleads; i++)
        bson_destroy(r->leads[i]);
    r->nleads = 0;
}

static void
lead_keep(struct run *r, bson_t *doc)
{
    if (r->nleads < RUN_MAX_LEADS)
        r->leads[r->nleads++] = doc;
    else
        bson_destroy(doc);
}

static bool
keep_copy(const bson_t *doc, void *ctx, struct err *err)
{
    (void)err;
    lead_keep(ctx, bson_copy(doc));
    return true;
}

/* the leads that hold the chunk's e-mails: one query ($in) */
static bool
leads_load(struct run *r, const bson_t *chunk, struct err *err)
{
    bson_iter_t it, rows, row;
    bson_t filter = BSON_INITIALIZER, cond, list;
    char key[24];
    size_t n = 0;

    BSON_APPEND_DOCUMENT_BEGIN(&filter, "email", &cond);
    BSON_APPEND_ARRAY_BEGIN(&cond, "$in", &list);
    if (bson_iter_init_find(&it, chunk, "rows") && bson_iter_recurse(&it, &rows))
        while (bson_iter_next(&rows) && bson_iter_recurse(&rows, &row)
               && bson_iter_find_descendant(&row, "fields.email", &it)
               && BSON_ITER_HOLDS_UTF8(&it)) {
            snprintf(key, sizeof(key), "%zu", n++);
            BSON_APPEND_UTF8(&list, key, bson_iter_utf8(&it, NULL));
        }
    bson_append_array_end(&cond, &list);
    bson_append_document_end(&filter, &cond);
    bool ok = store_each(r->app->db, "leads", &filter, NULL, keep_copy, r, err);

    bson_destroy(&filter);
    return ok;
}

/* the lead that holds email now (after a conflicting insert), kept among the chunk's leads */
static bson_t *
lead_fetch(struct run *r, const char *email, const bson_oid_t *id, struct err *err)
{
    bson_t *filter = id ? BCON_NEW("_id", BCON_OID(id)) : BCON_NEW("email", BCON_UTF8(email)),
           *doc = NULL, **slot = lead_slot(r, email);
    bool found = false;
    bool ok = store_find_one(r->app->db, "leads", filter, NULL, &doc, &found, err);

    bson_destroy(filter);
    if (ok && !found)
        err_set(err, ERR_CONFLICT, "the lead of %s vanished", email);
    if (!ok || !found)
        return NULL;
    if (slot != NULL) {
        bson_destroy(*slot);
        *slot = doc;
    } else {
        lead_keep(r, doc);
    }
    return doc;
}

/* the row named another partner than the lead's: the lead stays, a conflict is recorded */
static bool
conflict_record(struct run *r, const bson_t *lead, int64_t row, const char *partner,
                struct err *err)
{
    struct conflict_input c = {.lead = lead,
                               .routed_partner = partner,
                               .source = "import",
                               .import_id = r->hex,
                               .row = row};

    return conflicts_record(r->app, &r->actor, &c, err);
}

/* $set of the row's fields the lead lacks (absent, null or "") */
static void
empty_fields(const bson_t *lead, const bson_t *fields, bson_t *set)
{
    bson_iter_t it, have;

    bson_iter_init(&it, fields);
    while (bson_iter_next(&it)) {
        const char *key = bson_iter_key(&it);
        if (strcmp(key, "email") == 0 || strcmp(key, "dealStatus") == 0)
            continue;
        if (!bson_iter_init_find(&have, lead, key) || BSON_ITER_HOLDS_NULL(&have)
            || (BSON_ITER_HOLDS_UTF8(&have) && bson_iter_utf8(&have, NULL)[0] == '\0'))
            bson_append_iter(set, key, -1, &it);
    }
}

/* $set the fields (their search terms, updatedAt) on the lead doc with this id */
static bool
set_fields(struct run *r, const bson_t *lead, const bson_oid_t *id, bson_t *set, struct err *err)
{
    bson_t *filter = BCON_NEW("_id", BCON_OID(id)), *update;
    bool ok;

    BSON_APPEND_DATE_TIME(set, "updatedAt", clock_now_ms());
    model_terms_refresh(&leads_model, lead, set);
    update = BCON_NEW("$set", BCON_DOCUMENT(set));
    ok = store_update_one(r->app->db, "leads", filter, update, NULL, NULL, err);
    bson_destroy(update);
    bson_destroy(filter);
    return ok;
}

/* the same partner's lead: fill its empty fields (updated) or leave it (skipped) */
static bool
fill_empty(struct run *r, const bson_t *lead, const bson_t *fields, const char *partner,
           struct err *err)
{
    static const struct principal system = {.kind = PRINCIPAL_SYSTEM};
    bson_t set = BSON_INITIALIZER;
    bson_oid_t id;
    bson_iter_t it;
    char hex[OID_STR_SIZE];
    json_object *after = NULL;
    bool ok = true;

    empty_fields(lead, fields, &set);
    if (bson_empty(&set) || !bson_iter_init_find(&it, lead, "_id") || !BSON_ITER_HOLDS_OID(&it)) {
        r->skipped++;
        goto out;
    }
    bson_oid_copy(bson_iter_oid(&it), &id);
    after = model_output(&leads_model, &set, &system);
    if (!(ok = set_fields(r, lead, &id, &set, err)))
        goto out;
    oid_format(&id, hex);
    struct event ev = {.action = "lead.updated",
                       .entity_type = "lead",
                       .entity_id = hex,
                       .partner_id = partner,
                       .after = after,
                       .source = SOURCE_IMPORT};
    events_record(r->app, &r->actor, &ev);
    r->updated++;
    run_touch(r, partner);
    ok = lead_fetch(r, doc_str(lead, "email"), &id, err) != NULL;
out:
    json_object_put(after);
    bson_destroy(&set);
    return ok;
}

/* an existing lead: archived or another partner's -> skipped; the same partner's -> filled */
static bool
existing(struct run *r, const bson_t *lead, int64_t row, const char *partner, const bson_t *fields,
         struct err *err)
{
    bson_iter_t it;
    char lead_partner[OID_STR_SIZE];

    doc_oid(lead, "partner", lead_partner);
    if (bson_iter_init_find(&it, lead, "archivedAt") && !BSON_ITER_HOLDS_NULL(&it)) {
        r->skipped++;
        return true;
    }
    if (strcmp(lead_partner, partner) != 0) {
        r->skipped++;
        return conflict_record(r, lead, row, partner, err);
    }
    return fill_empty(r, lead, fields, partner, err);
}

/* what the chunk knows of a lead it just made: enough for a repeat of its e-mail */
static void
keep_new(struct run *r, const char *id, const char *partner, const bson_t *fields)
{
    bson_t *doc = bson_new();
    bson_oid_t oid;

    oid_parse_str(id, &oid);
    BSON_APPEND_OID(doc, "_id", &oid);
    bson_concat(doc, fields);
    oid_parse_str(partner, &oid);
    BSON_APPEND_OID(doc, "partner", &oid);
    BSON_APPEND_NULL(doc, "archivedAt");
    lead_keep(r, doc);
}

/* a new e-mail: insert; a lead made meanwhile (or by an earlier run) is an existing one */
static bool
insert(struct run *r, int64_t row, const char *partner, const bson_t *fields, struct err *err)
{
    struct err e = ERR_INIT;
    char id[OID_STR_SIZE];
    const bson_t *lead;

    if (leads_insert(r->app, &r->actor, fields, partner, SOURCE_IMPORT, false, id, &e)) {
        r->created++;
        run_touch(r, partner);
        keep_new(r, id, partner, fields);
        return true;
    }
    if (err_is(&e, ERR_VALIDATION_FAILED)) {
        r->failed++;
        for (int i = 0; i < e.ndetails; i++)
            run_error(r, row, e.details[i].field, e.details[i].problem);
        return true;
    }
    if (!err_is(&e, ERR_CONFLICT)) {
        *err = e;
        return false;
    }
    lead = lead_fetch(r, doc_str(fields, "email"), NULL, err);
    return lead != NULL && existing(r, lead, row, partner, fields, err);
}

/* one stored row {row, partner, fields} */
static bool
apply_row(struct run *r, const bson_t *stored, struct err *err)
{
    bson_iter_t it;
    bson_t fields;
    const uint8_t *data;
    uint32_t len = 0;
    char partner[OID_STR_SIZE];
    int64_t row = bson_iter_init_find(&it, stored, "row") ? bson_iter_as_int64(&it) : 0;
    bson_t **lead;

    doc_oid(stored, "partner", partner);
    if (!bson_iter_init_find(&it, stored, "fields") || !BSON_ITER_HOLDS_DOCUMENT(&it))
        return err_set(err, ERR_INTERNAL, "import row %lld is damaged", (long long)row);
    bson_iter_document(&it, &len, &data);
    if (!bson_init_static(&fields, data, len))
        return err_set(err, ERR_INTERNAL, "import row %lld is damaged", (long long)row);
    lead = lead_slot(r, doc_str(&fields, "email"));
    return lead ? existing(r, *lead, row, partner, &fields, err)
                : insert(r, row, partner, &fields, err);
}

bool
import_apply_chunk(struct run *r, const bson_t *chunk, struct err *err)
{
    bson_iter_t it, rows;
    bool ok = leads_load(r, chunk, err);

    if (ok && bson_iter_init_find(&it, chunk, "rows") && bson_iter_recurse(&it, &rows)) {
        while (ok && bson_iter_next(&rows)) {
            const uint8_t *data;
            uint32_t len = 0;
            bson_t stored;
            bson_iter_document(&rows, &len, &data);
            ok = data != NULL && bson_init_static(&stored, data, len)
                     ? apply_row(r, &stored, err)
                     : err_set(err, ERR_INTERNAL, "import rows are damaged");
            if (ok)
                r->processed++;
        }
    }
    leads_forget(r);
    return ok;
}
