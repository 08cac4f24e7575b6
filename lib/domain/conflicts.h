/* conflicts.h - assignment conflicts (DESIGN §7.3): a booking or an import row for a lead that
 * belongs to another partner keeps the lead where it is and records a conflict, which staff
 * resolve by keeping the assignment or moving the lead (with its meetings and notes).
 *
 * Every json_object * returned is new and the caller's; NULL or false means err is set with one
 * of the codes named at the function, or unavailable (503) or internal (500). */
#ifndef PC_CONFLICTS_H
#define PC_CONFLICTS_H

#include <bson/bson.h>
#include <json-c/json.h>
#include <stdbool.h>
#include <stdint.h>

#include "app.h"
#include "core/err.h"
#include "core/principal.h"
#include "model/model.h"

/* what caused a conflict */
struct conflict_input {
    const bson_t *lead;         /* the existing lead's document (borrowed) */
    const char *routed_partner; /* the partner the booking or row named (24 hex) */
    const char *source;         /* "chilipiper" or "import" */
    const char *meeting_id;     /* the booking's meeting (24 hex), or NULL */
    const char *import_id;      /* the import (24 hex), or NULL */
    int64_t row;                /* the import's row, or -1 */
};

/* conflicts_record - one open conflict per (lead, routed partner): a new one, or the open one
 * seen again (occurrences + 1, the latest meeting or row); and the audit event
 * lead.assignment_conflict on the lead. Only the database's codes. */
bool conflicts_record(struct app *app, const struct principal *p, const struct conflict_input *c,
                      struct err *err);

/* conflicts_list - {list, meta} of the conflicts (staff only: forbidden otherwise), newest
 * first by default; bad_request or validation_failed for a query the table does not allow */
json_object *conflicts_list(struct app *app, const struct principal *p,
                            const struct list_params *params, struct err *err);

/* conflicts_resolve - POST /conflicts/:id/resolve {action: keep | move} (staff only:
 * forbidden). keep leaves the lead with its partner; move gives it to the routed partner with
 * its meetings and notes (as a partner change of PATCH /leads/:id does, audited there). Audit
 * event lead.conflict_resolved. The resolved conflict. not_found, validation_failed (action;
 * the routed partner is archived), conflict (resolved already; the lead is archived) */
json_object *conflicts_resolve(struct app *app, const struct principal *p, const char *id,
                               json_object *in, struct err *err);

#endif
