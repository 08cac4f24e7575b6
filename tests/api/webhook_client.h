/* webhook_client.h - the providers' side of the webhook tests: HubSpot deliveries signed as
 * HubSpot signs them (v3, computed here with OpenSSL, not with the code under test), ChiliPiper
 * bookings on the secret path, and waits for the worker's verdict in the inbox */
#ifndef PC_WEBHOOK_CLIENT_H
#define PC_WEBHOOK_CLIENT_H

#include <stdint.h>

#include "api.h"

/* now in Unix milliseconds */
long long wall_ms(void);

/* hubspot_post - POST body to /api/v1/webhooks/hubspot signed with secret (NULL: the
 * harness's) at timestamp ts_ms (0: now); tamper flips a byte of the body after signing */
void hubspot_post(struct api_res *res, const char *body, const char *secret, long long ts_ms,
                  bool tamper);

/* chilipiper_post - POST body to /api/v1/webhooks/chilipiper/<token>[/<type>] (token NULL:
 * the harness's, type may be NULL) */
void chilipiper_post(struct api_res *res, const char *body, const char *token, const char *type);

/* stripe_event_post - POST body to /api/v1/webhooks/stripe signed as Stripe signs at t (0:
 * now) with secret (NULL: the harness's STRIPE_WEBHOOK_SECRET); extra_v1 (may be NULL) goes
 * before the right v1; tamper changes the body after signing. The status; the answer's id
 * into id (may be NULL) */
long stripe_event_post(const char *body, long long t, const char *secret, const char *extra_v1,
                       bool tamper, char id[64]);

/* inbox_wait - poll GET /webhook-inbox/:id as the owner until its status is no longer
 * received (or timeout_ms pass); copies the status ("" on timeout) and returns the entry's JSON
 * (caller puts it) */
json_object *inbox_wait(const char *id, char *status, size_t cap, int timeout_ms);

/* property_event - one contact.propertyChange event as JSON text into out */
void property_event(char *out, size_t cap, long long event_id, long long contact, long long at_ms,
                    const char *property, const char *value);

/* unique_number - a number unique in this test run (contact ids, event ids) */
long long unique_number(void);

#endif
