/* counters.h - the figures kept on each partner document, changed by $inc (by _id) in the same
 * request as the write they count, so that no list total and no dashboard counts documents
 * (issue 12). Per partner: live leads (totalLeads, leadsByStatus), live leads created per week
 * (leadsByWeek), open live leads by the UTC day of their scheduledDate (openByDay, openBefore:
 * the overdue figure), meetings (totalAppointments), non-cancelled meetings per week
 * (meetingsByWeek), the latest meeting (lastAppointmentDate), held and no-show meetings
 * (meetingsHeld, meetingsNoShow). Staff figures are the sum over the partners.
 *
 * A write builds a delta (counters_lead, counters_meeting, counters_outcome) and applies it
 * with counters_apply once it is stored. The recount (counters_recount, the cron job recount)
 * rebuilds every figure from the data and reports what it corrected: on MongoDB $inc is atomic;
 * FerretDB updates read and write without a lock, so two changes of one partner at the same
 * moment can lose one $inc, and the recount puts it right. */
#ifndef PC_COUNTERS_H
#define PC_COUNTERS_H

#include <bson/bson.h>
#include <json-c/json.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "app.h"
#include "core/err.h"
#include "core/principal.h"
#include "db/store.h"

#define COUNTERS_INC_MAX 24
#define COUNTERS_WEEKS 12 /* weeks of leadsByWeek the dashboard shows, this one the last */

/* the changes of one write to one partner's figures; zero-initialise it (COUNTERS_DELTA_INIT) */
struct counters_delta {
    struct {
        char path[48]; /* "leadsByStatus.new", "leadsByWeek.2026-01-05" */
        int64_t n;
    } inc[COUNTERS_INC_MAX];
    int ninc;
    int64_t last_meeting_ms; /* $max of lastAppointmentDate; 0 = none */
    int64_t now_ms;          /* the write's time (its week window); 0 = now */
};

#define COUNTERS_DELTA_INIT                                                                        \
    {                                                                                              \
        .ninc = 0                                                                                  \
    }

/* counters_lead - sign (+1 or -1) live lead of status, created at created_ms, scheduled at
 * scheduled_ms (0: none): its status, its week (within the dashboard's weeks) and, when open
 * (new, scheduled, in_touch) and scheduled, its day. A status change is -1 old, +1 new. */
void counters_lead(struct counters_delta *d, int sign, const char *status, int64_t created_ms,
                   int64_t scheduled_ms);

/* counters_lead_doc - counters_lead with the fields of a lead document (dealStatus, createdAt,
 * scheduledDate); an archived lead counts nothing */
void counters_lead_doc(struct counters_delta *d, int sign, const bson_t *lead);

/* counters_meeting - sign a meeting at scheduled_ms: totalAppointments when count_total, its
 * week when it is not cancelled; a new time or a cancellation is -1 as it was, +1 as it is */
void counters_meeting(struct counters_delta *d, int sign, int64_t scheduled_ms, bool canceled,
                      bool count_total);

/* counters_outcome - the hook for meeting outcomes: sign one meeting with outcome "held" or
 * "no_show" (anything else counts nothing); a changed outcome is -1 old, +1 new */
void counters_outcome(struct counters_delta *d, int sign, const char *outcome);

/* counters_apply - one $inc (and $max) by _id on the partner's document; nothing when the delta
 * is empty. Only the database's codes. */
bool counters_apply(struct app *app, const bson_oid_t *partner, const struct counters_delta *d,
                    struct err *err);

/* counters_refresh_last - lastAppointmentDate of the partner recomputed from its meetings (the
 * latest one moved earlier or left with a lead; $max cannot lower it): one read, one write */
bool counters_refresh_last(struct app *app, const bson_oid_t *partner, struct err *err);

/* the figures of a dashboard, within a reach */
struct counters_figures {
    int64_t by_status[16]; /* lead_statuses order */
    int64_t weeks[COUNTERS_WEEKS];
    int64_t meetings_this_week, meetings_next_week;
    int64_t overdue_before_today; /* open leads scheduled before today's UTC midnight */
    int64_t open_today;           /* open leads scheduled today (before or after now) */
    int64_t total_meetings, held, no_show;
};

/* counters_figures_get - the figures of p's reach at now: its partner's document, or for staff
 * the sum over all partners. One round trip. */
bool counters_figures_get(struct app *app, const struct principal *p, time_t now,
                          struct counters_figures *f, struct err *err);

/* counters_leads_total / counters_meetings_total - store_total_fn of the leads and meetings
 * lists: the total from the figures when the flat filter asks only for what they count (the
 * partner scope or partner equality/in, archivedAt null, dealStatus equality/in/ne/not_in;
 * meetings: partner only) */
store_total_fn counters_leads_total;
store_total_fn counters_meetings_total;

/* counters_rebuild - the figures of the partner (NULL: every partner) recomputed from its
 * leads and meetings at now and stored where they differ; result (may be NULL) receives
 * {partners, corrected, drift} (drift: the sum of the absolute differences corrected) */
bool counters_rebuild(struct app *app, const bson_oid_t *partner, time_t now, json_object *result,
                      struct err *err);

/* counters_week_key / counters_day_key - "YYYY-MM-DD" of the Monday (UTC) of the week, and of
 * the UTC day, holding ms */
void counters_week_key(int64_t ms, char out[16]);
void counters_day_key(int64_t ms, char out[16]);

#endif
