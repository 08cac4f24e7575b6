/* domain.h - partners, leads and meetings made through the real API (and the booking upsert
 * through the library, as the ChiliPiper webhook will) for the domain tests */
#ifndef PC_DOMAIN_H
#define PC_DOMAIN_H

#include <stdint.h>

#include "fixtures.h"

/* a signed-in owner client, one per test process */
struct session_client *owner_session(void);

/* make_partner - POST /partners as the owner; id receives the new id */
void make_partner(const char *name, char id[25]);

/* make_lead - POST /leads as the owner for partner with email and extra JSON members (may be
 * NULL, e.g. "\"company\":\"Acme\""); id receives the new id */
void make_lead(const char *partner, const char *email, const char *extra, char id[25]);

/* fresh_email - a unique lead address */
void fresh_email(const char *prefix, char *out, size_t cap);

/* book - upsert meeting external_id for the lead's e-mail at ms (UTC milliseconds) */
void book(const char *external_id, const char *email, const char *partner, int64_t ms,
          bool canceled);

/* lead_field - GET /leads/:id as the owner and copy field's string value ("" when null) */
void lead_field(const char *id, const char *field, char *out, size_t cap);

/* url_json - percent-encode json for a query string */
void url_json(const char *json, char *out, size_t cap);

/* set_status - PATCH /leads/:id/status as client c with body; returns the status code */
long set_status(struct session_client *c, const char *id, const char *body);

#endif
