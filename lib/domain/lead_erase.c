/* lead_erase.c - anonymise a lead whose person asked to be forgotten (a HubSpot contact
 * deletion): personal fields erased everywhere they were copied, billing facts kept */
#include <stdio.h>

#include "core/clock.h"
#include "core/oid.h"
#include "db/store.h"
#include "domain/leads.h"
#include "model/tables.h"
#include "queue/events.h"

#define ERASED_NOTE "(erased with the contact)"

/* the lead itself: a unique placeholder e-mail, the personal fields null */
static bool
erase_lead(struct app *app, const bson_oid_t *lead, const char *email, struct err *err)
{
    bson_t *set =
        BCON_NEW("email", BCON_UTF8(email), "firstName", BCON_NULL, "lastName", BCON_NULL, "phone",
                 BCON_NULL, "jobTitle", BCON_NULL, "anonymisedAt", BCON_DATE_TIME(clock_now_ms()));
    bool ok;

    /* the terms of what is left of the person: the placeholder e-mail (company words go too) */
    model_terms_refresh(&leads_model, NULL, set);
    ok = store_set_by_id(app->db, "leads", lead, set, err);
    bson_destroy(set);
    return ok;
}

/* the billing copies: the ledger lines' descriptions (their amounts stay: billing facts) and
 * the returns' e-mail and note */
static bool
erase_billing(struct app *app, const bson_oid_t *lead, const char *email, struct err *err)
{
    bson_t *by_lead = BCON_NEW("lead", BCON_OID(lead));
    bson_t *lines = BCON_NEW("$set", "{", "description", BCON_UTF8("Lead " ERASED_NOTE), "}");
    bson_t *returns =
        BCON_NEW("$set", "{", "leadEmail", BCON_UTF8(email), "note", BCON_UTF8(ERASED_NOTE), "}");
    bool ok = store_update_many(app->db, "ledger", by_lead, lines, err)
              && store_update_many(app->db, "returns", by_lead, returns, err);

    bson_destroy(returns);
    bson_destroy(lines);
    bson_destroy(by_lead);
    return ok;
}

/* the copies: meetings (guest e-mail, title, the scheduler's payload), notes, audit values */
static bool
erase_copies(struct app *app, const bson_oid_t *lead, const char *email, struct err *err)
{
    bson_t *by_lead = BCON_NEW("lead", BCON_OID(lead));
    bson_t *by_entity = BCON_NEW("entityType", BCON_UTF8("lead"), "entityId", BCON_OID(lead));
    bson_t *meetings = BCON_NEW("$set", "{", "leadEmail", BCON_UTF8(email), "title", BCON_NULL, "}",
                                "$unset", "{", "raw", BCON_UTF8(""), "}");
    bson_t *notes = BCON_NEW("$set", "{", "text", BCON_UTF8(ERASED_NOTE), "}");
    bson_t *events = BCON_NEW("$set", "{", "before", BCON_NULL, "after", BCON_NULL, "}");
    bool ok = store_update_many(app->db, "meetings", by_lead, meetings, err)
              && store_update_many(app->db, "notes", by_lead, notes, err)
              && store_update_many(app->db, "events", by_entity, events, err);

    bson_destroy(events);
    bson_destroy(notes);
    bson_destroy(meetings);
    bson_destroy(by_entity);
    bson_destroy(by_lead);
    return ok && erase_billing(app, lead, email, err);
}

bool
leads_anonymise(struct app *app, const struct principal *p, const bson_oid_t *lead,
                const char *partner, const char *reason, const char *source, struct err *err)
{
    char hex[OID_STR_SIZE], email[80];
    struct event ev = {.action = "lead.anonymised",
                       .entity_type = "lead",
                       .entity_id = hex,
                       .partner_id = partner && partner[0] ? partner : NULL,
                       .source = source,
                       .reason = reason};

    oid_format(lead, hex);
    snprintf(email, sizeof(email), "erased-%s@anonymised.invalid", hex);
    /* the copies first: a retry after a failure finds the lead still to do */
    if (!erase_copies(app, lead, email, err) || !erase_lead(app, lead, email, err))
        return false;
    events_record(app, p, &ev);
    return true;
}
