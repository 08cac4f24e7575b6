/* partner_hooks.h - the events of the webhooks to partners (DESIGN §7.8): an audit event that a
 * partner's endpoints subscribe to becomes one partner-webhooks job per (event, endpoint). The
 * audit path carries them (events_record -> the events queue or its database fallback), so a
 * change that is recorded is announced, and one that is not never is. */
#ifndef PC_PARTNER_HOOKS_H
#define PC_PARTNER_HOOKS_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stdint.h>

#include "app.h"
#include "core/err.h"

#define PARTNER_HOOKS_QUEUE "partner-webhooks"

/* partner_hooks_type - the webhook type of an audit action (with its `after`, which tells a
 * booking's kind), NULL when partners are not told of it */
const char *partner_hooks_type(const char *action, json_object *after);

/* partner_hooks_body - the body a receiver gets for the audit event id/payload of type:
 * {id, type, createdAt, data}; the caller frees the text with free() */
char *partner_hooks_body(struct app *app, const char *event_id, const char *type,
                         json_object *audit);

/* partner_hooks_fanout - for the audit event id (payload as the events queue carries it): a job
 * on partner-webhooks for every enabled endpoint of its partner subscribed to its type, with the
 * job id "<event id>.<endpoint id>", so a repeated fan-out enqueues nothing twice. True when
 * there was nothing to do; false with err when the endpoints or the queue were unavailable. */
bool partner_hooks_fanout(struct app *app, const char *event_id, json_object *audit,
                          struct err *err);

/* partner_hooks_enqueue - one job for the endpoint (24 hex) with the given body; first_ms starts
 * the 24 h of retries; replay_of names the delivery a replay repeats (or NULL) */
bool partner_hooks_enqueue(struct app *app, const char *job_id, const char *endpoint,
                           const char *partner, const char *event_id, const char *type,
                           const char *body, int64_t first_ms, const char *replay_of,
                           struct err *err);

#endif
