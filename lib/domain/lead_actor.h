/* lead_actor.h - who changed a lead and from where, in words, for the alerts (issue 17) */
#ifndef PC_LEAD_ACTOR_H
#define PC_LEAD_ACTOR_H

#include <stddef.h>

#include "app.h"
#include "core/principal.h"

/* lead_actor_describe - who: the person ("Olga Owner <olga@x.co>, agency owner"), the
 * partner's API token, or the integration ("HubSpot"); via: where from ("in Partner
 * Connector", "with a partner API token", "through the link in an e-mail", "synced from
 * HubSpot"). source is the event's SOURCE_*; partner_name the lead's partner ("" when none).
 * Never fails: a person whose account cannot be read is "a user (id …)". */
void lead_actor_describe(struct app *app, const struct principal *p, const char *source,
                         const char *partner_name, char *who, size_t who_cap, char *via,
                         size_t via_cap);

#endif
