/* chilipiper.h - ChiliPiper bookings onto meetings: a webhook payload (integrations.md §B.2) or
 * a meeting of the Edge API (§B.4), read tolerantly (unknown fields ignored, a few spellings of
 * each field accepted), then applied through meetings_upsert keyed by the ChiliPiper meeting id;
 * and the reconciliation that applies what the webhooks missed.
 *
 * Failures: err unavailable or rate_limited (try again later), validation_failed (the booking
 * lacks what it needs, or no partner takes its meeting type: a staff fix, then a replay). */
#ifndef PC_CHILIPIPER_H
#define PC_CHILIPIPER_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stdint.h>

#include "app.h"
#include "core/err.h"
#include "core/oid.h"
#include "domain/webhook_inbox.h"

/* a booking as we need it; strings borrowed from the JSON it was read from */
struct chilipiper_booking {
    const char *meeting_id;
    const char *event; /* "created", "updated", "canceled", or "reconcile" (the Edge API's state) */
    bool canceled;
    int64_t start_ms, end_ms;
    const char *guest_email, *first_name, *last_name, *company;
    const char *type, *type_id, *title, *assignee_email, *host_email, *location;
};

/* chilipiper_booking_read - the booking of a webhook payload (an object). path_type is the
 * type of a per-type URL ("created", "updated", "canceled"), used when the payload has no
 * `type`; "reconcile" reads an Edge API meeting (status Canceled = canceled). False with err
 * validation_failed naming each missing or malformed field (meetingIdChili,
 * meetingStartTime, primaryGuestEmail, type). */
bool chilipiper_booking_read(json_object *o, const char *path_type, struct chilipiper_booking *b,
                             struct err *err);

enum booking_outcome { BOOKING_CREATED, BOOKING_UPDATED, BOOKING_UNCHANGED, BOOKING_IGNORED };

/* chilipiper_booking_apply - the booking onto its meeting (meetings_upsert: the lead found or
 * made by guest e-mail, routed to the partner whose meeting types include the booking's; another
 * partner's lead keeps its assignment and lead.assignment_conflict is recorded; scheduledDate;
 * the new-lead e-mail; audit events). An identical repeat changes nothing (UNCHANGED); a
 * canceled meeting stays canceled (IGNORED, why says so). raw (borrowed, may be NULL) is kept
 * on the meeting. meeting receives the meeting's id. */
bool chilipiper_booking_apply(struct app *app, const struct chilipiper_booking *b, json_object *raw,
                              enum booking_outcome *out, char meeting[OID_STR_SIZE], char *why,
                              size_t cap, struct err *err);

/* chilipiper_delivery_apply - one webhook delivery (its body and the path's type in d->kind)
 * into r */
bool chilipiper_delivery_apply(struct app *app, const struct webhook_delivery *d,
                               struct webhook_report *r, struct err *err);

/* chilipiper_reconcile_start - the cron job: a sync task (kind chilipiper-reconcile) and its
 * job on chilipiper-webhook; adds {task} to result, or {skipped} when CHILIPIPER_API_KEY is not
 * set. unavailable when Redis is down. */
bool chilipiper_reconcile_start(struct app *app, json_object *result, struct err *err);

/* chilipiper_reconcile_run - the job: the Edge API's meetings of the last 7 days and the next 7
 * days, page by page, each applied as above (idempotent: what is known and unchanged is left);
 * progress and counts in the task. touch (may be NULL) is called before each call. */
bool chilipiper_reconcile_run(struct app *app, const char *task_id, void (*touch)(void *ctx),
                              void *touch_ctx, bool last_attempt, struct err *err);

#endif
