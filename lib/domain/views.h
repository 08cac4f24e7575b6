/* views.h - saved views of the leads list: a user's named filter + search + sort + columns,
 * optionally shared with the users of their partner (staff: with all staff).
 *
 * Every json_object * returned is new and the caller's; NULL or false means err is set: the
 * codes named at the function, or unavailable (503) or internal (500). A view is within p's
 * reach when p owns it or it is shared with p's circle (the same partner; staff for staff);
 * any other view is not_found, as a made-up id is. */
#ifndef PC_VIEWS_H
#define PC_VIEWS_H

#include <json-c/json.h>
#include <stdbool.h>

#include "app.h"
#include "core/err.h"
#include "core/principal.h"

#define VIEWS_MAX_PER_USER 50 /* views one user may own */

/* views_create - a new view of p from {name, query, columns?, shared?}. validation_failed
 * (fields; a name of only spaces), conflict (p has a view of that name, compared by name_key;
 * or VIEWS_MAX_PER_USER views already) */
json_object *views_create(struct app *app, const struct principal *p, json_object *in,
                          struct err *err);

/* views_list - {list}: p's own views and those shared with p, by name (at most 200) */
json_object *views_list(struct app *app, const struct principal *p, struct err *err);

/* views_get - one view within p's reach; not_found */
json_object *views_get(struct app *app, const struct principal *p, const char *id, struct err *err);

/* views_delete - delete p's own view; forbidden (shared with p, owned by another), not_found */
bool views_delete(struct app *app, const struct principal *p, const char *id, struct err *err);

#endif
