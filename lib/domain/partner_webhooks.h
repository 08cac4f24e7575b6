/* partner_webhooks.h - the webhook endpoints of a partner (DESIGN §7.8, issue 15): managed by
 * the partner's admins and by staff (the routes' ADMIN access and the partner's reach), each
 * with a signing secret shown once; the delivery log; replays and test events */
#ifndef PC_PARTNER_WEBHOOKS_H
#define PC_PARTNER_WEBHOOKS_H

#include <json-c/json.h>
#include <stdbool.h>

#include "app.h"
#include "core/err.h"
#include "core/principal.h"
#include "model/model.h"

#define PARTNER_WEBHOOKS_MAX 10          /* endpoints per partner */
#define PARTNER_WEBHOOKS_REPLAY_MAX 1000 /* deliveries one replay-since queues at most */

/* the partner (id or slug, within p's reach) and the endpoint (24 hex) a route names */
struct hook_ref {
    const char *partner, *hook;
};

/* partner_webhook_url_check - the URL rule at save: http(s) syntax by curl's parser, https
 * unless PC_WEBHOOKS_ALLOW_HTTP, a host, no user or password, no fragment, and no IP literal of
 * a non-public kind; a detail for "url" in err when it breaks it */
bool partner_webhook_url_check(const struct config *cfg, const char *url, struct err *err);

/* the endpoints; create and rotate answer with the secret, the only answers that carry it */
json_object *partner_webhooks_list(struct app *app, const struct principal *p, const char *partner,
                                   const struct list_params *params, struct err *err);
json_object *partner_webhooks_create(struct app *app, const struct principal *p,
                                     const char *partner, json_object *in, struct err *err);
json_object *partner_webhooks_update(struct app *app, const struct principal *p,
                                     const struct hook_ref *r, json_object *in, struct err *err);
bool partner_webhooks_delete(struct app *app, const struct principal *p, const struct hook_ref *r,
                             struct err *err);
/* rotate: a new secret; the old one keeps signing (second v1=) for PC_WEBHOOK_SECRET_OVERLAP_S */
json_object *partner_webhooks_rotate(struct app *app, const struct principal *p,
                                     const struct hook_ref *r, struct err *err);

/* the delivery log of an endpoint, newest first (table query) */
json_object *partner_webhooks_deliveries(struct app *app, const struct principal *p,
                                         const struct hook_ref *r, const struct list_params *params,
                                         struct err *err);
/* replay one logged delivery (the same event id and body, signed anew): {queued: 1, eventId} */
json_object *partner_webhooks_replay(struct app *app, const struct principal *p,
                                     const struct hook_ref *r, const char *delivery,
                                     struct err *err);
/* replay every event delivered or tried since a time, once each: {queued: n} */
json_object *partner_webhooks_replay_since(struct app *app, const struct principal *p,
                                           const struct hook_ref *r, json_object *in,
                                           struct err *err);
/* a webhook.test event to the endpoint (enabled or not): {queued: 1, eventId} */
json_object *partner_webhooks_test(struct app *app, const struct principal *p,
                                   const struct hook_ref *r, struct err *err);

/* partner_webhook_deliver - one attempt of a partner-webhooks job (its payload, attempt 0 =
 * the first; last: the queue will not run it again). *retry_s >= 0 asks for another attempt
 * that many seconds later, -1 when the delivery is over (delivered, refused, given up, or the
 * endpoint gone). False with err when the database failed (the job is retried as a whole). */
bool partner_webhook_deliver(struct app *app, json_object *job, int attempt, bool last,
                             int *retry_s, struct err *err);

#endif
