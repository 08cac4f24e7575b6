/* leads.h - leads within the caller's reach: reads, manual writes, status changes, notes,
 * history; and the shared insert used by manual creation, imports and bookings */
#ifndef PC_LEADS_H
#define PC_LEADS_H

#include <bson/bson.h>
#include <json-c/json.h>
#include <stdbool.h>

#include "app.h"
#include "core/err.h"
#include "core/oid.h"
#include "core/principal.h"
#include "model/model.h"

json_object *leads_list(struct app *app, const struct principal *p,
                        const struct list_params *params, struct err *err);
json_object *leads_get(struct app *app, const struct principal *p, const char *id, struct err *err);
json_object *leads_create(struct app *app, const struct principal *p, json_object *in,
                          struct err *err);
json_object *leads_update(struct app *app, const struct principal *p, const char *id,
                          json_object *in, struct err *err);
bool leads_archive(struct app *app, const struct principal *p, const char *id, struct err *err);
json_object *leads_sales_managers(struct app *app, const struct principal *p, struct err *err);

/* leads_set_status - PATCH /leads/:id/status {status, reason?, dealAmount?} (lead_status.c) */
json_object *leads_set_status(struct app *app, const struct principal *p, const char *id,
                              json_object *in, const char *source, struct err *err);

#define LEAD_STATUS_SLOTS 16 /* >= the statuses of lead_statuses */

/* leads_count_by_status - counts[i] = the leads matching match (borrowed) whose dealStatus is
 * lead_statuses[i], by one $group aggregation (lead_status.c); counts is zeroed first */
bool leads_count_by_status(struct app *app, const bson_t *match, int64_t counts[LEAD_STATUS_SLOTS],
                           struct err *err);

/* lead_allowed_targets - the statuses a user or partner admin may move a lead in `from` to;
 * NULL-terminated list of static strings in out (cap >= 8) */
void lead_allowed_targets(const char *from, const char **out);

/* notes (notes.c) */
json_object *notes_list(struct app *app, const struct principal *p, const char *lead_id,
                        struct err *err);
json_object *notes_add(struct app *app, const struct principal *p, const char *lead_id,
                       json_object *in, struct err *err);
bool notes_delete(struct app *app, const struct principal *p, const char *lead_id,
                  const char *note_id, struct err *err);

/* new-lead e-mail (lead_notify.c) */

/* lead_notify_partner - queue one new-lead e-mail for each active user (not archived, not
 * deactivated, not merely invited) of the lead's partner. lead is the API's JSON of the lead
 * (borrowed); meeting_ms the start of the booked meeting, or 0. Job ids
 * nl.<lead>.<partner>.<user> make a repeat send nothing. Failures are logged, never returned:
 * the assignment that caused the e-mail stands. */
void lead_notify_partner(struct app *app, json_object *lead, int64_t meeting_ms);

/* lead_notify_vars - the new-lead template's variables (a new object the caller puts) */
json_object *lead_notify_vars(const char *public_url, json_object *lead, const char *recipient_name,
                              int64_t meeting_ms);

/* history (lead_history.c) */
json_object *leads_history(struct app *app, const struct principal *p, const char *lead_id,
                           struct err *err);

/* leads_insert - insert a new lead from checked fields (borrowed, as model_input made them)
 * for partner_id with status "new" unless fields set one; copies the partner's name, sets
 * source, times and scheduledDate null, records lead.created and refreshes the partner's
 * figures (unless refresh_stats is false: imports refresh once at the end). id receives the
 * new id. conflict when the e-mail exists. */
bool leads_insert(struct app *app, const struct principal *p, const bson_t *fields,
                  const char *partner_id, const char *source, bool refresh_stats,
                  char id[OID_STR_SIZE], struct err *err);

/* leads_reach - whether the live lead id is within p's reach (not_found otherwise); the
 * route table's reach check */
bool leads_reach(struct app *app, const struct principal *p, const char *id, struct err *err);

/* lead_load - the live lead id within p's reach (not_found otherwise); *doc is the caller's */
bool lead_load(struct app *app, const struct principal *p, const char *id, bson_t **doc,
               bson_oid_t *oid, char partner[OID_STR_SIZE], struct err *err);

#endif
