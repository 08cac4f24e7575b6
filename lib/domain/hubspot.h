/* hubspot.h - HubSpot contacts onto leads: the webhook batch (hubspot_events.c), one contact's
 * properties (hubspot_contacts.c) and the bulk sync (hubspot_sync.c).
 *
 * A lead knows its contact by hubspotContactId and keeps, per HubSpot property, the time of the
 * change it applied last (hubspotPropertyAt, hidden from the API): an event or a synced
 * contact older than that for a property does not overwrite it, so the newest value wins
 * whatever the order of delivery. Failures: err unavailable or rate_limited (try again later:
 * the database, Redis or HubSpot), or another code (the job is wrong; dead letters). */
#ifndef PC_HUBSPOT_H
#define PC_HUBSPOT_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stdint.h>

#include "app.h"
#include "core/err.h"
#include "core/hubspot_props.h"
#include "core/oid.h"
#include "core/principal.h"
#include "domain/webhook_inbox.h"
#include "http/hubspot_client.h"

/* what one job works with: the property map and lifecycle rule of the configuration, the API */
struct hubspot_ctx {
    struct app *app;
    struct hubspot_props props;
    struct hubspot_rule rule;
    struct hubspot_client api;
    struct principal system;
    const char *properties[HUBSPOT_PROPS_MAX + 4]; /* what to ask HubSpot for, NULL-ended */
};

/* hubspot_ctx_init - from app's configuration (checked at start, so this cannot fail); touch
 * (may be NULL) is called before each HubSpot call and wait */
void hubspot_ctx_init(struct hubspot_ctx *h, struct app *app, void (*touch)(void *ctx),
                      void *touch_ctx);

/* hubspot_api_ready - an access token is configured (else err validation_failed) */
bool hubspot_api_ready(const struct hubspot_ctx *h, struct err *err);

enum contact_outcome { CONTACT_CREATED, CONTACT_UPDATED, CONTACT_UNCHANGED, CONTACT_SKIPPED };

/* hubspot_contact_apply - a contact (a SimplePublicObject: id, properties) onto its lead, as of
 * at_ms (its lastmodifieddate): the lead with its hubspotContactId, else the lead with its
 * e-mail (then linked to it); the mapped properties not older than what the lead holds are set.
 * No lead: one is made when the lifecycle rule matches, for the partner whose meeting types
 * include the contact's meeting type, else HUBSPOT_DEFAULT_PARTNER; otherwise skipped, with the
 * reason in why (cap bytes). validation_failed when a lead should be made but cannot (no valid
 * e-mail, no partner). */
bool hubspot_contact_apply(struct hubspot_ctx *h, json_object *contact, int64_t at_ms,
                           enum contact_outcome *out, char *why, size_t cap, struct err *err);

/* hubspot_batch_apply - one webhook delivery (a JSON array of events, integrations.md §A.2),
 * event by event in occurredAt order per contact: a known eventId is skipped (dedupe, 7 days);
 * contact.propertyChange sets the mapped property on the contact's lead (unknown contact:
 * nothing, unless the change makes the lifecycle rule match); contact.creation makes a lead when
 * the rule matches (the contact is read from HubSpot); contact.deletion and
 * contact.privacyDeletion anonymise the lead. r counts and explains it. False with err when an
 * event could not be applied for now (unavailable, rate_limited: the events before it stay
 * applied, the delivery is retried) or when the body is not an array of events. An event
 * that can never be applied is a problem in r->errors and r->status "failed". */
bool hubspot_batch_apply(struct hubspot_ctx *h, const char *body, struct webhook_report *r,
                         struct err *err);

/* hubspot_lead_at - the time the lead applied property last (0: never) */
int64_t hubspot_lead_at(const bson_t *lead, const char *property);

#endif
