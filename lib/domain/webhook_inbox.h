/* webhook_inbox.h - deliveries of HubSpot and ChiliPiper webhooks: the route puts each one on
 * its provider's queue (one Redis call, nothing else), the worker records it in the inbox
 * (received, then processed, ignored or failed with the error) for 7 days, and staff read the
 * inbox and replay a failed delivery.
 *
 * Every json_object * returned is new and the caller's; NULL or false means err is set with one
 * of the codes named at the function, or unavailable (503: the database or Redis cannot be
 * reached) or internal (500), which any of them may return. */
#ifndef PC_WEBHOOK_INBOX_H
#define PC_WEBHOOK_INBOX_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stdint.h>

#include "app.h"
#include "core/err.h"
#include "core/oid.h"
#include "core/principal.h"
#include "model/model.h"
#include "queue/job.h"

#define WEBHOOK_HUBSPOT "hubspot"
#define WEBHOOK_CHILIPIPER "chilipiper"
#define WEBHOOK_STRIPE "stripe"
#define WEBHOOK_KEEP_MS (7LL * 24 * 3600 * 1000) /* the inbox and the bodies: 7 days */

/* webhook_queue - the queue of a provider ("hubspot-webhook"), NULL for an unknown one */
const char *webhook_queue(const char *provider);

/* webhook_enqueue - queue one delivery: payload {inbox, provider, kind, receivedAt, body} on the
 * provider's queue, the job id a new ObjectId that is also the inbox id (copied to id). kind
 * says what the route knew ("batch" for HubSpot, the ChiliPiper path's type or "any").
 * unavailable when Redis is down: the route answers 503 and the sender retries. */
bool webhook_enqueue(struct app *app, const char *provider, const char *kind, const char *body,
                     size_t len, char id[OID_STR_SIZE], struct err *err);

/* a delivery as a job carries it (strings borrowed from the payload) */
struct webhook_delivery {
    char inbox[OID_STR_SIZE];
    const char *provider, *kind, *body;
    int64_t received_ms;
};

/* webhook_delivery_read - the delivery of a job payload; false when it is not one */
bool webhook_delivery_read(json_object *payload, struct webhook_delivery *d);

/* what the worker made of a delivery */
struct webhook_report {
    const char *status; /* "processed", "ignored", "failed", or "received" (a retry follows) */
    int events, applied;
    char summary[256];
    char error[256];
    json_object *errors; /* owned: array of strings, one per problem; may stay NULL */
};

/* webhook_report_error - add a problem (printf-style) to r->errors, at most 50 kept */
void webhook_report_error(struct webhook_report *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void webhook_report_release(struct webhook_report *r);

/* webhook_inbox_begin - record the delivery as received (attempt counted), with its body kept
 * apart for a replay. Best effort: a failure is logged; the processing goes on. */
void webhook_inbox_begin(struct app *app, const struct webhook_delivery *d, int attempt);

/* webhook_inbox_finish - record the report; best effort like begin */
void webhook_inbox_finish(struct app *app, const struct webhook_delivery *d,
                          const struct webhook_report *r);

/* webhook_inbox_list - {list, meta} of deliveries, newest first; provider and status (either may
 * be NULL) narrow it. forbidden (not staff), validation_failed (an unknown provider or status,
 * or the table query) */
json_object *webhook_inbox_list(struct app *app, const struct principal *p,
                                const struct list_params *params, const char *provider,
                                const char *status, struct err *err);

/* webhook_inbox_get - one delivery with its raw body ("body", a string; null once expired);
 * forbidden, not_found */
json_object *webhook_inbox_get(struct app *app, const struct principal *p, const char *id,
                               struct err *err);

/* webhook_inbox_replay - queue a failed delivery again with its stored body (a new job id,
 * copied to job; the inbox entry goes back to received). forbidden, not_found, conflict (not
 * failed, or its body expired) */
bool webhook_inbox_replay(struct app *app, const struct principal *p, const char *id,
                          char job[JOB_ID_CAP], struct err *err);

/* webhook_inbox_summary - for the integrations page: the provider's newest delivery
 * (lastReceivedAt, lastStatus) and the counts of the last 7 days by status, added to out */
bool webhook_inbox_summary(struct app *app, const char *provider, json_object *out,
                           struct err *err);

#endif
