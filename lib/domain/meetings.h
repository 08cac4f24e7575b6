/* meetings.h - meetings (appointments): reads within reach, and the upsert bookings use.
 *
 * Every json_object * returned is new and the caller's; NULL or false means err is set with one
 * of the codes named at the function, or unavailable (503: the database or Redis cannot be
 * reached) or internal (500), which any of them may return. */
#ifndef PC_MEETINGS_H
#define PC_MEETINGS_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stdint.h>

#include "app.h"
#include "core/err.h"
#include "core/oid.h"
#include "core/principal.h"
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
};

/* meetings_upsert - create or update the meeting of in->external_id; creates the lead when the
 * e-mail is new (needs partner_id), keeps an existing lead's partner (recording
 * lead.assignment_conflict when routing said otherwise); recomputes the lead's scheduledDate
 * as the latest scheduledTime of its meetings, cancelled ones included; moves a `new` lead to
 * `scheduled`; refreshes the partner's figures; announces a lead it made to the partner's
 * users (new-lead e-mail with the meeting time). id receives the meeting id. validation_failed
 * (the booking's fields; a new lead without a partner, or with one that does not exist). */
bool meetings_upsert(struct app *app, const struct principal *p, const struct meeting_input *in,
                     char id[OID_STR_SIZE], bool *created, struct err *err);

#endif
