/* leads.h - leads within the caller's reach: reads, manual writes, status changes, notes,
 * history; and the shared insert used by manual creation, imports and bookings.
 *
 * Every json_object * returned is new and the caller's; NULL or false means err is set with one
 * of the codes named at the function, or unavailable (503: the database or Redis cannot be
 * reached) or internal (500), which any of them may return. A lead outside p's reach, or
 * archived, is not_found, as if it did not exist. */
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

/* leads_list - {list, meta} of the live leads in reach; bad_request or validation_failed for a
 * sort, filter or page the field table does not allow */
json_object *leads_list(struct app *app, const struct principal *p,
                        const struct list_params *params, struct err *err);

/* leads_get - the lead with its meetings and the statuses p may move it to; not_found */
json_object *leads_get(struct app *app, const struct principal *p, const char *id, struct err *err);

/* leads_create - a manual lead (staff name its partner, others get their own); the new lead
 * as leads_get shows it. validation_failed (fields, partner), conflict (the e-mail is taken,
 * detail "email") */
json_object *leads_create(struct app *app, const struct principal *p, json_object *in,
                          struct err *err);

/* leads_update - change fields (not dealStatus); a partner change moves the lead's meetings
 * and notes along. not_found, validation_failed, conflict (the e-mail is taken) */
json_object *leads_update(struct app *app, const struct principal *p, const char *id,
                          json_object *in, struct err *err);

/* leads_archive - archivedAt = now; not_found */
bool leads_archive(struct app *app, const struct principal *p, const char *id, struct err *err);

/* leads_sales_managers - {list: [names]} of the leads in reach, sorted, no empty name */
json_object *leads_sales_managers(struct app *app, const struct principal *p, struct err *err);

/* leads_set_status - PATCH /leads/:id/status {status, reason?, dealAmount?} (lead_status.c).
 * not_found, validation_failed (input; a missing dealAmount or reason), invalid_transition
 * (off the table for p), conflict (the status changed meanwhile: reload) */
json_object *leads_set_status(struct app *app, const struct principal *p, const char *id,
                              json_object *in, const char *source, struct err *err);

#define LEAD_BULK_MAX 500 /* leads of one bulk request */

/* leads_bulk - POST /leads/bulk (lead_bulk.c): {action, ids[] | filter?, search?, after?, and
 * the action's members: status, reason?, dealAmount? | partner | salesManager}. Every lead goes
 * through its single route (leads_set_status, leads_update, leads_archive: their rules, their
 * audit event); the answer {results: [{id, ok, error?: {code, message}}], succeeded, failed,
 * next}: next is the last id done when the filter form may have more matching leads (send it
 * as after). As many leads as fit in 40% of PC_REQUEST_TIMEOUT_S are done; the ids form reports
 * the others with error code not_processed (send them again). validation_failed (the body; before
 * any lead is touched), forbidden (an action only admins may take). */
json_object *leads_bulk(struct app *app, const struct principal *p, json_object *in,
                        struct err *err);

#define LEAD_STATUS_SLOTS 16 /* >= the statuses of lead_statuses */

/* leads_count_by_status - counts[i] = the leads matching match (borrowed) whose dealStatus is
 * lead_statuses[i], by one $group aggregation (lead_status.c); counts is zeroed first. Only the
 * database's codes. */
bool leads_count_by_status(struct app *app, const bson_t *match, int64_t counts[LEAD_STATUS_SLOTS],
                           struct err *err);

/* lead_allowed_targets - the statuses a user or partner admin may move a lead in `from` to;
 * NULL-terminated list of static strings in out (cap >= 8) */
void lead_allowed_targets(const char *from, const char **out);

/* lead_status_label - "In Touch" for in_touch, ...; status itself when unknown (static) */
const char *lead_status_label(const char *status);

/* notes (notes.c): notes_list - {list} newest first, not_found (the lead); notes_add - the new
 * note (audited with source, SOURCE_*), not_found, validation_failed (text); notes_delete -
 * not_found (lead or note), forbidden (not the author within 15 minutes, nor staff) */
json_object *notes_list(struct app *app, const struct principal *p, const char *lead_id,
                        struct err *err);
json_object *notes_add(struct app *app, const struct principal *p, const char *lead_id,
                       json_object *in, const char *source, struct err *err);
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

/* leads_history - {list} of the lead's audit events, newest first, with the actors' names
 * (lead_history.c); not_found */
json_object *leads_history(struct app *app, const struct principal *p, const char *lead_id,
                           struct err *err);

/* leads_insert - insert a new lead from checked fields (borrowed, as model_input made them)
 * for partner_id with status "new" unless fields set one; copies the partner's name, sets
 * source, times and scheduledDate null, records lead.created and counts it in the partner's
 * figures (counters.h; unless refresh_stats is false: imports rebuild the figures of the
 * partners they touched once at the end). id receives the new id. validation_failed (no such
 * live partner), conflict (the e-mail exists). */
bool leads_insert(struct app *app, const struct principal *p, const bson_t *fields,
                  const char *partner_id, const char *source, bool refresh_stats,
                  char id[OID_STR_SIZE], struct err *err);

/* leads_anonymise - erase what identifies the person behind lead (lead_erase.c): the lead's
 * e-mail (replaced by erased-<id>@anonymised.invalid, unique as the index wants), names,
 * phone and job title; its meetings' guest e-mail, title and raw payload; its notes' text; the
 * before/after values of its audit events. Kept: the id, partner, status, dates, deal amount,
 * company facts and the meetings' times (what billing and the figures need). Sets anonymisedAt
 * and records lead.anonymised with the reason. Idempotent: a second run changes nothing more.
 * Only the database's codes. */
bool leads_anonymise(struct app *app, const struct principal *p, const bson_oid_t *lead,
                     const char *partner, const char *reason, const char *source, struct err *err);

/* lead_diff - the members of set (BSON names) whose value differs from the lead doc's go to
 * changed (an initialised bson), their old and new values, by JSON name, to before and after
 * (null and absent are the same: no value); returns how many changed */
int lead_diff(const bson_t *doc, const bson_t *set, bson_t *changed, json_object *before,
              json_object *after);

/* leads_reach - whether the live lead id is within p's reach (not_found otherwise); the
 * route table's reach check */
bool leads_reach(struct app *app, const struct principal *p, const char *id, struct err *err);

/* lead_json - the API's JSON of the lead document doc as leads_get shows it: with its meetings
 * (one read, when has_meetings and a booking has set the lead's scheduledDate; else []) and
 * allowedTransitions. NULL with err set. */
json_object *lead_json(struct app *app, const struct principal *p, const bson_t *doc,
                       bool has_meetings, struct err *err);

/* lead_load - the live lead id within p's reach (not_found otherwise); *doc is the caller's */
bool lead_load(struct app *app, const struct principal *p, const char *id, bson_t **doc,
               bson_oid_t *oid, char partner[OID_STR_SIZE], struct err *err);

#endif
