/* meeting_outcomes.h - the held and no-show rates of the dashboard. One function on purpose:
 * counters maintained on each write can take its place without touching its callers. */
#ifndef PC_MEETING_OUTCOMES_H
#define PC_MEETING_OUTCOMES_H

#include <bson/bson.h>
#include <json-c/json.h>
#include <stdbool.h>
#include <stdint.h>

#include "app.h"
#include "core/err.h"

#define MEETING_OUTCOMES_DAYS 90 /* the window of the rates: meetings of the last 90 days */

/* meeting_outcomes_rates - adds "meetingOutcomes": {days, held, noShow, pending, heldRate,
 * noShowRate} to out (borrowed) for the meetings matching scope (borrowed: the caller's partner
 * restriction, may be empty) that started within the last MEETING_OUTCOMES_DAYS days before
 * now_ms and are not cancelled. pending: no outcome yet. The rates are shares of held + noShow
 * (0..1, three decimals), null while both are 0. Only the database's codes. */
bool meeting_outcomes_rates(struct app *app, const bson_t *scope, int64_t now_ms, json_object *out,
                            struct err *err);

#endif
