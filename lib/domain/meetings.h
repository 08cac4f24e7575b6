/* meetings.h - meetings (appointments): reads within reach, and the upsert bookings use.
 *
 * Every json_object * returned is new and the caller's; NULL or false means err is set with one
 * of the codes named at the function, or unavailable (503: the database or Redis cannot be
 * reached) or internal (500), which any of them may return. */
#ifndef PC_MEETINGS_H
#define PC_MEETINGS_H

#include <bson/bson.h>
#include <json-c/json.h>
#include <stdbool.h>
#include <stdint.h>

#include "app.h"
#include "core/err.h"
#include "core/oid.h"
#include "core/principal.h"
#include "db/store.h"
#include "model/model.h"

/* meetings_list - {list, meta} within the reach; bad_request or validation_failed for a sort,
 * filter or page the field table does not allow */
json_object *meetings_list(struct app *app, const struct principal *p,
                           const struct list_params *params, struct err *err);

/* meetings_get - not_found (also outside the reach) */
json_object *meetings_get(struct app *app, const struct principal *p, const char *id,
                          struct err *err);

/* a booking as a scheduler (ChiliPiper) reports it */
struct meeting_input {
    const char *external_id; /* the scheduler's meeting id: the upsert key (required) */
    const char *lead_email;  /* required */
    int64_t scheduled_ms;    /* start time (required) */
    bool canceled;
    const char *type, *title, *assignee_email, *host_email, *location; /* may be NULL */
    const char *partner_id; /* the partner a new lead goes to (routing); may be NULL */
    const char *first_name, *last_name, *company; /* for a new lead; may be NULL */
    json_object *raw; /* the original payload, kept for debugging; may be NULL */
    /* what a meeting logged by hand adds (meeting_manual.c); zero for a scheduler's booking */
    int64_t end_ms;         /* the end; 0: scheduled_ms + MEETING_DEFAULT_MINUTES */
    const char *source;     /* "manual", or NULL for "chilipiper" */
    json_object *attendees; /* array of e-mail strings (borrowed); may be NULL */
    const char *note;       /* may be NULL */
    const char *created_by; /* the user who logged it (24 hex); may be NULL */
};

/* the length of a meeting that states none */
#define MEETING_DEFAULT_MINUTES 30

/* meetings_upsert - create or update the meeting of in->external_id; creates the lead when the
 * e-mail is new (needs partner_id), keeps an existing lead's partner (recording the conflict
 * with conflicts_record when routing said otherwise); recomputes the lead's scheduledDate
 * as the latest scheduledTime of its meetings, cancelled ones included; moves a `new` lead to
 * `scheduled` (and, for a future meeting logged by hand, a lead in any status the flow lets
 * go to `scheduled`); a new time clears the outcome; refreshes the partner's figures;
 * announces a lead it made to the partner's users (new-lead e-mail with the meeting time).
 * id receives the meeting id. validation_failed (the booking's fields; a new lead without a
 * partner, or with one that does not exist). */
bool meetings_upsert(struct app *app, const struct principal *p, const struct meeting_input *in,
                     char id[OID_STR_SIZE], bool *created, struct err *err);

/* meeting_load - the document of the meeting id within p's reach (not_found otherwise); *doc
 * is the caller's */
bool meeting_load(struct app *app, const struct principal *p, const char *id, bson_t **doc,
                  struct err *err);

/* meetings_reach - whether the meeting id is within p's reach (not_found otherwise); the
 * route table's reach check */
bool meetings_reach(struct app *app, const struct principal *p, const char *id, struct err *err);

/* meetings_types - {list: [types]} of the meetings within reach, sorted, no empty one */
json_object *meetings_types(struct app *app, const struct principal *p, struct err *err);

/* meetings logged by hand (meeting_manual.c). Bodies are checked against meetings_model
 * (scheduledTime required on create; durationMinutes, type, title, assigneeEmail, location,
 * attendees as e-mail addresses, note) and the answer is the meeting as meetings_get shows it.
 * The route admits staff and admins; a partner admin reaches only the partner's leads. */

/* meetings_log - a meeting for the lead lead_id; not_found (the lead), validation_failed */
json_object *meetings_log(struct app *app, const struct principal *p, const char *lead_id,
                          json_object *in, struct err *err);

/* meetings_change - reschedule or edit a meeting logged by hand; not_found, validation_failed,
 * conflict (a ChiliPiper meeting, changed there; a cancelled one; one with an outcome) */
json_object *meetings_change(struct app *app, const struct principal *p, const char *id,
                             json_object *in, struct err *err);

/* meetings_cancel - cancel a meeting logged by hand (again: no change); not_found, conflict
 * (a ChiliPiper meeting; one with an outcome) */
json_object *meetings_cancel(struct app *app, const struct principal *p, const char *id,
                             struct err *err);

/* outcomes (meeting_attendance.c) */

/* meeting_attendance_set - PATCH /meetings/:id/outcome {outcome: held | no_show} on a meeting
 * that has started and is not cancelled, by the partner's users or staff; until the partner's
 * cut-off after its end, after that (or once assumed) by staff only. The meeting as
 * meetings_get shows it plus offeredTransition ("lost_no_show" after a no-show when p may
 * move the lead there, else null). not_found, validation_failed, conflict (not started yet,
 * cancelled), forbidden (past the cut-off). The audit event carries source (SOURCE_*). */
json_object *meeting_attendance_set(struct app *app, const struct principal *p, const char *id,
                                    json_object *in, const char *source, struct err *err);

/* meeting_attendance_settable - whether p may set an outcome on the meeting doc (borrowed) at
 * now: it has started, is not cancelled, and the cut-off has not passed (or p is staff);
 * conflict or forbidden otherwise */
bool meeting_attendance_settable(struct app *app, const struct principal *p, const bson_t *doc,
                                 int64_t now, struct err *err);

/* meeting_attendance_awaiting - fn(meeting, ctx) for each meeting of the partner document
 * (borrowed; its _id and outcomeCutoffHours are read) that has ended by now_ms without an
 * outcome, is not cancelled and whose cut-off has not passed: the meetings whose outcome its
 * users may still give; newest first, at most max read. Only the database's codes and fn's. */
bool meeting_attendance_awaiting(struct app *app, const bson_t *partner, int64_t now_ms,
                                 int64_t max, store_each_fn *fn, void *ctx, struct err *err);

/* meeting_attendance_assume - every meeting without an outcome whose end lies more than its
 * partner's cut-off (outcomeCutoffHours, default PARTNER_OUTCOME_CUTOFF_HOURS) before now_ms
 * counts as held: outcome held, outcomeAssumed true, audit event meeting.outcome_assumed.
 * *n receives how many. Only the database's codes. */
bool meeting_attendance_assume(struct app *app, int64_t now_ms, int64_t *n, struct err *err);

/* meeting_attendance_offer - the transition a lead's page offers after its latest meeting:
 * "lost_no_show" when the newest meeting of meetings (the lead's, newest first, as leads_get
 * lists them) that has started by now_ms and is not cancelled was a no-show and allowed (the
 * statuses the viewer may move the lead to) holds it; NULL otherwise. Both borrowed. */
const char *meeting_attendance_offer(json_object *meetings, json_object *allowed, int64_t now_ms);

#endif
