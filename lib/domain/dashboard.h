/* dashboard.h - the figures of the dashboard, within the caller's reach. The object returned is
 * new and the caller's; NULL means err is set: unavailable (503) or internal (500) from the
 * database, the only failures. */
#ifndef PC_DASHBOARD_H
#define PC_DASHBOARD_H

#include <json-c/json.h>
#include <time.h>

#include "app.h"
#include "core/err.h"
#include "core/principal.h"

/* dashboard_get - {leadsByStatus, appointmentsThisWeek, appointmentsNextWeek, overdueLeads,
 * leadsPerWeek: [{weekStart, count}] x 12, oldest first, meetingOutcomes (meeting_outcomes.h)};
 * weeks start on Monday, UTC; now is injected so tests control the weeks */
json_object *dashboard_get(struct app *app, const struct principal *p, time_t now, struct err *err);

/* dashboard_week_start - the Monday 00:00 UTC of the week holding t */
time_t dashboard_week_start(time_t t);

#endif
