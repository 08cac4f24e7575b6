/* events.h - the audit log: who changed what, when, from where (the events collection) */
#ifndef PC_EVENTS_H
#define PC_EVENTS_H

#include <json-c/json.h>
#include <stdbool.h>

#include "app.h"
#include "core/err.h"
#include "core/principal.h"

/* sources, as stored */
#define SOURCE_UI "ui"
#define SOURCE_PARTNER_API "partner_api"
#define SOURCE_HUBSPOT "hubspot"
#define SOURCE_CHILIPIPER "chilipiper"
#define SOURCE_STRIPE "stripe"
#define SOURCE_CRON "cron"
#define SOURCE_IMPORT "import"
#define SOURCE_SYSTEM "system"
#define SOURCE_EMAIL_LINK "email" /* a person acting through a link in an e-mail */

struct event {
    const char *action;      /* vocabulary of domain.md §12.14: "lead.status_changed" ... */
    const char *entity_type; /* "lead", "user", "partner" ... */
    const char *entity_id;   /* 24-hex id of the entity, or NULL */
    const char *partner_id;  /* the partner the entity belongs to, or NULL */
    json_object *before;     /* borrowed: the changed fields before, or NULL */
    json_object *after;      /* borrowed: the changed fields after, or NULL */
    const char *source;      /* SOURCE_* */
    const char *reason;      /* why (override reason, failure reason), or NULL */
};

/* events_record - enqueue the event on the `events` queue; when Redis is unavailable write it
 * to the database directly, so no change goes unrecorded. Best effort: the change it records
 * stands either way, so it returns nothing and leaves the caller's err alone; when both fail
 * it logs the lost event with both causes. */
void events_record(struct app *app, const struct principal *actor, const struct event *ev);

/* events_payload - the job payload of an event (caller puts it) */
json_object *events_payload(const struct principal *actor, const struct event *ev, long long at_ms);

/* events_write - store one event document with _id = id (24 hex). Idempotent: writing the same
 * id twice leaves one document. Used by the events worker and the Redis-down fallback. */
bool events_write(struct app *app, const char *id, json_object *payload, struct err *err);

#endif
