/* chilipiper.c - a ChiliPiper booking onto its meeting (meetings_upsert), one webhook delivery */
#include "domain/chilipiper.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/isotime.h"
#include "core/json.h"
#include "db/store.h"
#include "domain/meetings.h"
#include "domain/partners.h"

/* a and b say the same (NULL and "" alike; e-mails compared without case) */
static bool
same_text(const char *a, const char *b)
{
    return strcasecmp(a ? a : "", b ? b : "") == 0;
}

static int64_t
time_of(const bson_t *doc, const char *key)
{
    bson_iter_t it;

    return bson_iter_init_find(&it, doc, key) && BSON_ITER_HOLDS_DATE_TIME(&it)
               ? bson_iter_date_time(&it)
               : 0;
}

/* the booking says nothing the stored meeting does not (a repeat delivery, a reconciliation of
 * a meeting we know); what the booking leaves out counts as unchanged */
static bool
unchanged(const struct chilipiper_booking *b, const bson_t *m)
{
    const char *status = json_or_empty(json_bson_str(m, "status"));

    return time_of(m, "scheduledTime") == b->start_ms
           && b->canceled == (strcmp(status, "canceled") == 0)
           && (b->assignee_email == NULL
               || same_text(b->assignee_email, json_bson_str(m, "assigneeEmail")))
           && (b->host_email == NULL || same_text(b->host_email, json_bson_str(m, "hostEmail")))
           && (b->type == NULL || same_text(b->type, json_bson_str(m, "type")))
           && (b->title == NULL || same_text(b->title, json_bson_str(m, "title")))
           && (b->location == NULL || same_text(b->location, json_bson_str(m, "location")));
}

static const char *
or_stored(const char *given, const bson_t *m, const char *key)
{
    return given != NULL || m == NULL ? given : json_bson_str(m, key);
}

/* the meeting input of a booking: routed by meeting type (its name, else its id), what the
 * booking leaves out taken from the stored meeting m (may be NULL) */
static bool
input_of(struct app *app, const struct chilipiper_booking *b, const bson_t *m, json_object *raw,
         char partner[OID_STR_SIZE], struct meeting_input *in, struct err *err)
{
    bool found = false;

    if (!partner_for_meeting_type(app, b->type, partner, &found, err))
        return false;
    if (!found && !partner_for_meeting_type(app, b->type_id, partner, &found, err))
        return false;
    *in = (struct meeting_input){.external_id = b->meeting_id,
                                 .lead_email = b->guest_email,
                                 .scheduled_ms = b->start_ms,
                                 .canceled = b->canceled,
                                 .type = or_stored(b->type, m, "type"),
                                 .title = or_stored(b->title, m, "title"),
                                 .assignee_email = or_stored(b->assignee_email, m, "assigneeEmail"),
                                 .host_email = or_stored(b->host_email, m, "hostEmail"),
                                 .location = or_stored(b->location, m, "location"),
                                 .partner_id = found ? partner : NULL,
                                 .first_name = b->first_name,
                                 .last_name = b->last_name,
                                 .company = b->company,
                                 .raw = raw};
    return true;
}

/* meetings_upsert, with a new lead nobody takes said in the words of the booking */
static bool
upsert(struct app *app, const struct chilipiper_booking *b, const struct meeting_input *in,
       char meeting[OID_STR_SIZE], bool *created, struct err *err)
{
    struct principal system = {.kind = PRINCIPAL_SYSTEM};

    if (meetings_upsert(app, &system, in, meeting, created, err))
        return true;
    if (err_is(err, ERR_VALIDATION_FAILED) && in->partner_id == NULL && err->ndetails == 0) {
        err_reset(err);
        err_set(err, ERR_VALIDATION_FAILED,
                "no partner takes meeting type '%.80s' (add it to a partner, then replay)",
                b->type      ? b->type
                : b->type_id ? b->type_id
                             : "");
    }
    return false;
}

bool
chilipiper_booking_apply(struct app *app, const struct chilipiper_booking *b, json_object *raw,
                         enum booking_outcome *out, char meeting[OID_STR_SIZE], char *why,
                         size_t cap, struct err *err)
{
    bson_t *filter = BCON_NEW("externalId", BCON_UTF8(b->meeting_id)), *m = NULL;
    struct meeting_input in;
    char partner[OID_STR_SIZE];
    bool found = false, created = false;
    bool ok = store_find_one(app->db, "meetings", filter, NULL, &m, &found, err);

    *out = BOOKING_IGNORED;
    why[0] = meeting[0] = '\0';
    if (ok && found && strcmp(json_or_empty(json_bson_str(m, "status")), "canceled") == 0
        && !b->canceled) {
        snprintf(why, cap, "meeting %.60s is canceled already", b->meeting_id); /* late news */
        goto out;
    }
    if (ok && found && unchanged(b, m)) {
        *out = BOOKING_UNCHANGED;
        snprintf(why, cap, "meeting %.60s has not changed", b->meeting_id);
        goto out;
    }
    ok = ok && input_of(app, b, found ? m : NULL, raw, partner, &in, err)
         && upsert(app, b, &in, meeting, &created, err);
    if (ok)
        *out = created ? BOOKING_CREATED : BOOKING_UPDATED;
out:
    bson_destroy(m);
    bson_destroy(filter);
    return ok;
}

static void
summarise(struct webhook_report *r, const struct chilipiper_booking *b, enum booking_outcome o,
          const char *meeting, const char *why)
{
    static const char *const words[] = {"created", "updated", "unchanged", "ignored"};
    char when[ISOTIME_LEN + 1] = "";

    isotime_format(b->start_ms, when, sizeof(when));
    r->applied = o == BOOKING_CREATED || o == BOOKING_UPDATED;
    r->status = r->applied ? "processed" : "ignored";
    if (why[0] != '\0')
        snprintf(r->summary, sizeof(r->summary), "%s: %s", b->event, why);
    else
        snprintf(r->summary, sizeof(r->summary), "%s: meeting %.24s %s%s, %.60s at %s", b->event,
                 meeting, words[o], b->canceled ? " (canceled)" : "", b->guest_email, when);
}

bool
chilipiper_delivery_apply(struct app *app, const struct webhook_delivery *d,
                          struct webhook_report *r, struct err *err)
{
    json_object *o = json_tokener_parse(d->body);
    struct chilipiper_booking b;
    enum booking_outcome outcome;
    char meeting[OID_STR_SIZE], why[160];
    bool ok;

    r->events = 1;
    ok = chilipiper_booking_read(o, strcmp(d->kind, "any") == 0 ? NULL : d->kind, &b, err)
         && chilipiper_booking_apply(app, &b, o, &outcome, meeting, why, sizeof(why), err);
    if (ok)
        summarise(r, &b, outcome, meeting, why);
    json_object_put(o);
    return ok;
}
