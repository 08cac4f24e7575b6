/* events.c - audit events: built here, carried by the events queue, stored by events_write */
#include "queue/events.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/clock.h"
#include "core/json.h"
#include "core/log.h"
#include "core/oid.h"
#include "db/store.h"
#include "queue/job.h"
#include "queue/partner_hooks.h"
#include "queue/queue.h"

static const char *const actor_kinds[] = {"anonymous", "user", "partner_token", "system"};

static void
add_str(json_object *o, const char *key, const char *value)
{
    json_object_object_add(o, key, value ? json_object_new_string(value) : NULL);
}

json_object *
events_payload(const struct principal *actor, const struct event *ev, long long at_ms)
{
    json_object *o = json_object_new_object(), *a = json_object_new_object();

    add_str(a, "kind", actor_kinds[actor ? actor->kind : PRINCIPAL_SYSTEM]);
    add_str(a, "user", actor && actor->user_id[0] ? actor->user_id : NULL);
    add_str(a, "token", actor && actor->token_id[0] ? actor->token_id : NULL);
    add_str(a, "tokenName", actor && actor->token_id[0] ? actor->token_name : NULL);
    add_str(o, "action", ev->action);
    add_str(o, "entityType", ev->entity_type);
    add_str(o, "entityId", ev->entity_id);
    add_str(o, "partner", ev->partner_id);
    json_object_object_add(o, "actor", a);
    json_object_object_add(o, "before", ev->before ? json_object_get(ev->before) : NULL);
    json_object_object_add(o, "after", ev->after ? json_object_get(ev->after) : NULL);
    add_str(o, "source", ev->source);
    add_str(o, "reason", ev->reason);
    json_object_object_add(o, "at", json_object_new_int64(at_ms));
    return o;
}

void
events_record(struct app *app, const struct principal *actor, const struct event *ev)
{
    json_object *payload = events_payload(actor, ev, (long long)clock_now_ms());
    char id[JOB_ID_CAP];
    struct err qerr = ERR_INIT, werr = ERR_INIT;

    job_id_new(id);
    if (!queue_push_json(app, "events", ev->action, payload, id, NULL, &qerr)) {
        log_warn("events queue unavailable, writing the event directly", "action=%s cause=\"%s\"",
                 ev->action, qerr.cause);
        if (!events_write(app, id, payload, &werr))
            log_error("audit event lost: neither the queue nor the database took it",
                      "action=%s entity=%s queue=\"%s\" database=\"%s %s\"", ev->action,
                      ev->entity_id ? ev->entity_id : "-", qerr.cause, werr.message, werr.cause);
        else if (!partner_hooks_fanout(app, id, payload, &werr)) /* to the outbox meanwhile */
            log_error("partner webhook events lost", "action=%s entity=%s err=\"%s %s\"",
                      ev->action, ev->entity_id ? ev->entity_id : "-", werr.message, werr.cause);
    }
    json_object_put(payload);
}

/* a 24-hex string as ObjectId, anything else as string, NULL/absent as null */
static void
append_ref(bson_t *doc, const char *key, json_object *v)
{
    bson_oid_t oid;
    const char *s = v ? json_object_get_string(v) : NULL;

    if (s == NULL || !json_object_is_type(v, json_type_string))
        BSON_APPEND_NULL(doc, key);
    else if (oid_parse_str(s, &oid))
        BSON_APPEND_OID(doc, key, &oid);
    else
        BSON_APPEND_UTF8(doc, key, s);
}

/* a JSON value (object) as an embedded document, or null */
static void
append_json(bson_t *doc, const char *key, json_object *v)
{
    bson_error_t error;
    bson_t *sub = NULL;

    if (v != NULL && json_object_is_type(v, json_type_object)) {
        sub = bson_new_from_json((const uint8_t *)json_object_to_json_string(v), -1, &error);
        if (sub == NULL) /* e.g. a key that reads as extended JSON ("$..."): kept as null */
            log_warn("event field without a BSON form, stored as null", "field=%s err=\"%s\"", key,
                     error.message);
    }
    if (sub != NULL)
        BSON_APPEND_DOCUMENT(doc, key, sub);
    else
        BSON_APPEND_NULL(doc, key);
    bson_destroy(sub);
}

bool
events_write(struct app *app, const char *id, json_object *payload, struct err *err)
{
    bson_t doc = BSON_INITIALIZER, actor;
    bson_oid_t oid;
    json_object *a = json_member(payload, "actor");
    bool ok;

    if (!oid_parse_str(id, &oid))
        return err_set(err, ERR_INTERNAL, "event id must be an ObjectId");
    BSON_APPEND_OID(&doc, "_id", &oid);
    BSON_APPEND_UTF8(&doc, "action", json_object_get_string(json_member(payload, "action")));
    BSON_APPEND_UTF8(&doc, "entityType",
                     json_object_get_string(json_member(payload, "entityType")));
    append_ref(&doc, "entityId", json_member(payload, "entityId"));
    append_ref(&doc, "partner", json_member(payload, "partner"));
    BSON_APPEND_DOCUMENT_BEGIN(&doc, "actor", &actor);
    BSON_APPEND_UTF8(&actor, "kind", a ? json_object_get_string(json_member(a, "kind")) : "system");
    append_ref(&actor, "user", json_member(a, "user"));
    append_ref(&actor, "token", json_member(a, "token"));
    if (json_member(a, "tokenName") != NULL) /* the partner API token's name, as it was then */
        BSON_APPEND_UTF8(&actor, "tokenName", json_object_get_string(json_member(a, "tokenName")));
    bson_append_document_end(&doc, &actor);
    append_json(&doc, "before", json_member(payload, "before"));
    append_json(&doc, "after", json_member(payload, "after"));
    BSON_APPEND_UTF8(&doc, "source", json_object_get_string(json_member(payload, "source")));
    json_object *reason = json_member(payload, "reason");
    if (reason != NULL && json_object_is_type(reason, json_type_string))
        BSON_APPEND_UTF8(&doc, "reason", json_object_get_string(reason));
    else
        BSON_APPEND_NULL(&doc, "reason");
    BSON_APPEND_DATE_TIME(&doc, "at", json_object_get_int64(json_member(payload, "at")));
    ok = store_insert_once(app->db, "events", &doc, err); /* a redelivered job wrote it before */
    bson_destroy(&doc);
    return ok;
}
