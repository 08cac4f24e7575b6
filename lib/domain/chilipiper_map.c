/* chilipiper_map.c - read a ChiliPiper booking from a webhook payload or an Edge API meeting:
 * the documented names first (integrations.md §B.2), then the spellings the Edge API uses */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "core/isotime.h"
#include "core/json.h"
#include "domain/chilipiper.h"

/* the first string member among keys (NULL-terminated), NULL when none */
static const char *
first_str(json_object *o, const char *const *keys)
{
    for (const char *const *k = keys; *k != NULL; k++) {
        const char *s = json_str(o, *k);
        if (s != NULL && s[0] != '\0')
            return s;
    }
    return NULL;
}

/* a string member, or the "name"/"email" member of an object member */
static const char *
str_or_member(json_object *o, const char *key, const char *inner)
{
    json_object *v = json_member(o, key);

    if (json_object_is_type(v, json_type_string))
        return json_object_get_string(v);
    return json_object_is_type(v, json_type_object) ? json_str(v, inner) : NULL;
}

/* a time: ISO 8601 text or epoch milliseconds; false when absent or malformed */
static bool
time_of(json_object *o, const char *const *keys, int64_t *ms)
{
    for (const char *const *k = keys; *k != NULL; k++) {
        json_object *v = json_member(o, *k);
        if (json_object_is_type(v, json_type_string))
            return isotime_parse(json_object_get_string(v), strlen(json_object_get_string(v)), ms);
        if (json_object_is_type(v, json_type_int) && json_object_get_int64(v) > 0) {
            *ms = json_object_get_int64(v);
            return true;
        }
    }
    return false;
}

/* a form answer of primaryGuestDataFields by a normalised name ("firstname" matches
 * "FirstName", "first_name", "First Name") */
static const char *
guest_field(json_object *o, const char *const *names)
{
    json_object *fields = json_member(o, "primaryGuestDataFields");
    char norm[64];

    if (!json_object_is_type(fields, json_type_object))
        return NULL;
    json_object_object_foreach(fields, key, val)
    {
        size_t n = 0;
        for (const char *c = key; *c != '\0' && n + 1 < sizeof(norm); c++)
            if (isalnum((unsigned char)*c))
                norm[n++] = (char)tolower((unsigned char)*c);
        norm[n] = '\0';
        for (const char *const *want = names; *want != NULL; want++)
            if (strcmp(norm, *want) == 0 && json_object_is_type(val, json_type_string))
                return json_object_get_string(val);
    }
    return NULL;
}

/* the guest of an Edge API meeting: the first attendee that is neither assignee nor host */
static const char *
attendee_email(json_object *o, const char *assignee, const char *host)
{
    json_object *list = json_member(o, "attendees");
    size_t n = json_object_is_type(list, json_type_array) ? json_object_array_length(list) : 0;

    for (size_t i = 0; i < n; i++) {
        json_object *a = json_object_array_get_idx(list, i);
        const char *e = json_object_is_type(a, json_type_string) ? json_object_get_string(a)
                                                                 : json_str(a, "email");
        if (e != NULL && strchr(e, '@') != NULL && (assignee == NULL || strcasecmp(e, assignee))
            && (host == NULL || strcasecmp(e, host)))
            return e;
    }
    return NULL;
}

static bool
known_type(const char *t)
{
    static const char *const names[] = {"created",    "new",      "updated",  "rescheduled",
                                        "reassigned", "canceled", "cancelled"};

    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (strcasecmp(t, names[i]) == 0)
            return true;
    return false;
}

/* created / updated / canceled from `type` (or actionType), else the path's type */
static const char *
event_of(json_object *o, const char *path_type)
{
    const char *t = json_str(o, "type"), *action = json_str(o, "actionType");

    if (path_type != NULL && strcmp(path_type, "reconcile") == 0)
        return "reconcile"; /* an Edge API meeting: its state, not an event */
    if (action != NULL && strcasecmp(action, "prospect_cancel") == 0)
        return "canceled";
    if (t == NULL || (path_type != NULL && !known_type(t)))
        t = path_type; /* the per-type URL says it when the body does not (clearly) */
    if (t == NULL)
        return NULL;
    if (strcasecmp(t, "created") == 0 || strcasecmp(t, "new") == 0)
        return "created";
    if (strcasecmp(t, "updated") == 0 || strcasecmp(t, "rescheduled") == 0
        || strcasecmp(t, "reassigned") == 0)
        return "updated";
    if (strcasecmp(t, "canceled") == 0 || strcasecmp(t, "cancelled") == 0)
        return "canceled";
    return NULL;
}

static void
read_people(json_object *o, struct chilipiper_booking *b)
{
    static const char *const assignee[] = {"assigneeEmail", "assignedUserEmail", NULL};
    static const char *const host[] = {"hostEmail", NULL};
    static const char *const guest[] = {"primaryGuestEmail", "guestEmail", NULL};
    static const char *const first[] = {"firstname", "first", "givenname", NULL};
    static const char *const last[] = {"lastname", "last", "surname", "familyname", NULL};
    static const char *const company[] = {"company", "companyname", "organization", NULL};

    b->assignee_email = first_str(o, assignee);
    if (b->assignee_email == NULL)
        b->assignee_email = str_or_member(o, "assignee", "email");
    b->host_email = first_str(o, host);
    if (b->host_email == NULL)
        b->host_email = str_or_member(o, "host", "email");
    b->guest_email = first_str(o, guest);
    if (b->guest_email == NULL)
        b->guest_email = str_or_member(o, "guest", "email");
    if (b->guest_email == NULL)
        b->guest_email = attendee_email(o, b->assignee_email, b->host_email);
    b->first_name = guest_field(o, first);
    b->last_name = guest_field(o, last);
    b->company = guest_field(o, company);
}

static void
read_meeting(json_object *o, struct chilipiper_booking *b)
{
    static const char *const type_id[] = {"meetingTypeIdChili", "meetingTypeId", NULL};
    static const char *const title[] = {"meetingTitle", "title", "subject", NULL};
    static const char *const location[] = {"meetingLocation", "location", NULL};
    static const char *const end[] = {"meetingEndTime", "endTime", "end", NULL};

    b->type = json_str(o, "meetingTypeName");
    if (b->type == NULL)
        b->type = str_or_member(o, "meetingType", "name");
    b->type_id = first_str(o, type_id);
    if (b->type_id == NULL)
        b->type_id = str_or_member(o, "meetingType", "id");
    b->title = first_str(o, title);
    b->location = first_str(o, location);
    time_of(o, end, &b->end_ms);
}

bool
chilipiper_booking_read(json_object *o, const char *path_type, struct chilipiper_booking *b,
                        struct err *err)
{
    static const char *const id[] = {"meetingIdChili", "meetingId", "id", NULL};
    static const char *const start[] = {"meetingStartTime", "scheduledAt", "startTime", "start",
                                        NULL};
    const char *status;

    memset(b, 0, sizeof(*b));
    if (!json_object_is_type(o, json_type_object))
        return err_set(err, ERR_VALIDATION_FAILED, "a booking must be a JSON object");
    b->meeting_id = first_str(o, id);
    b->event = event_of(o, path_type);
    read_people(o, b);
    read_meeting(o, b);
    status = json_str(o, "status");
    if (status == NULL)
        status = json_str(o, "meetingStatus");
    b->canceled = (b->event != NULL && strcmp(b->event, "canceled") == 0)
                  || (status != NULL && strncasecmp(status, "cancel", 6) == 0);
    if (b->meeting_id == NULL || strlen(b->meeting_id) > 200)
        err_detail(err, "meetingIdChili", "is required (at most 200 characters)");
    if (!time_of(o, start, &b->start_ms))
        err_detail(err, "meetingStartTime", "is required (ISO 8601)");
    if (b->guest_email == NULL)
        err_detail(err, "primaryGuestEmail", "is required");
    if (b->event == NULL)
        err_detail(err, "type", "must be Created, Updated or Canceled");
    if (err->ndetails == 0)
        return true;
    err_set(err, ERR_VALIDATION_FAILED, "not a ChiliPiper booking: %s %s%s", err->details[0].field,
            err->details[0].problem, err->ndetails > 1 ? " (and more)" : "");
    return false;
}
