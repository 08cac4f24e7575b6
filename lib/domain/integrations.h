/* integrations.h - the state of the HubSpot and ChiliPiper connections for staff (the
 * Integrations page): configured or not, the last delivery, the last 7 days of the inbox, the
 * last sync or reconciliation with its counts. Secrets are never part of it. */
#ifndef PC_INTEGRATIONS_H
#define PC_INTEGRATIONS_H

#include <json-c/json.h>

#include "app.h"
#include "core/err.h"
#include "core/principal.h"

/* integrations_status - {hubspot: {...}, chilipiper: {...}} (docs/api.md); forbidden (not
 * staff), unavailable */
json_object *integrations_status(struct app *app, const struct principal *p, struct err *err);

#endif
