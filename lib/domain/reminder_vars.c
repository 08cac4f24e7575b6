/* reminder_vars.c - the listed leads and meetings of one user's reminder, with their links */
#include "domain/reminder_vars.h"

#include <stdio.h>
#include <time.h>

#include "core/json.h"

#define DAY_MS (86400LL * 1000)

static void
add_string(json_object *o, const char *key, const char *v)
{
    json_object_object_add(o, key, json_object_new_string(json_or_empty(v)));
}

/* "2026-05-04" or "2026-05-04 14:30 UTC" of ms */
static void
day_of(int64_t ms, bool with_time, char *out, size_t cap)
{
    time_t secs = (time_t)(ms / 1000);
    struct tm tm;

    out[0] = '\0';
    if (gmtime_r(&secs, &tm) != NULL)
        strftime(out, cap, with_time ? "%Y-%m-%d %H:%M UTC" : "%Y-%m-%d", &tm);
}

/* one listed lead of the e-mail, without its links */
static json_object *
lead_vars(const bson_t *lead, int64_t now)
{
    json_object *o = json_object_new_object();
    const char *first = json_or_empty(json_bson_str(lead, "firstName"));
    const char *last = json_or_empty(json_bson_str(lead, "lastName"));
    const char *company = json_or_empty(json_bson_str(lead, "company"));
    char name[256], date[32];
    int64_t sched = json_bson_date(lead, "scheduledDate"), upd = json_bson_date(lead, "updatedAt");

    snprintf(name, sizeof(name), "%s%s%s", first, first[0] && last[0] ? " " : "", last);
    day_of(sched, false, date, sizeof(date));
    add_string(o, "leadName", name[0] ? name : json_bson_str(lead, "email"));
    add_string(o, "leadEmail", json_bson_str(lead, "email"));
    add_string(o, "company", company[0] ? company : "N/A");
    add_string(o, "meetingDate", date);
    json_object_object_add(o, "daysOverdue", json_object_new_int64((now - sched) / DAY_MS));
    json_object_object_add(o, "daysSinceUpdate",
                           json_object_new_int64(upd > 0 ? (now - upd) / DAY_MS : 0));
    return o;
}

/* one meeting that ended without an outcome, without its links */
static json_object *
meeting_vars(const bson_t *meeting)
{
    json_object *o = json_object_new_object();
    const char *title = json_bson_str(meeting, "title");
    char when[40];

    day_of(json_bson_date(meeting, "scheduledTime"), true, when, sizeof(when));
    add_string(o, "leadEmail", json_bson_str(meeting, "leadEmail"));
    add_string(o, "title", title != NULL && title[0] ? title : json_bson_str(meeting, "type"));
    add_string(o, "when", when);
    return o;
}

/* item with the links of its lead (or meeting) appended to list */
static bool
with_links(const char *public_url, const struct link_claim *who, bool meeting, json_object *item,
           int64_t now, json_object *list, struct link_batch *batch, struct err *err)
{
    json_object *links = json_object_new_array();
    bool ok = lead_actions_links(public_url, who, meeting, now, links, batch, err);

    json_object_object_add(item, "actions", links);
    json_object_array_add(list, item);
    return ok;
}

bool
reminder_vars_lists(const char *public_url, const struct link_claim *who,
                    const struct reminder_docs *docs, int64_t now_ms, json_object *vars,
                    struct link_batch *batch, struct err *err)
{
    json_object *leads = json_object_new_array(), *meetings = json_object_new_array();
    struct link_claim c = *who;
    bool ok = true;

    json_object_object_add(vars, "leads", leads);
    json_object_object_add(vars, "meetings", meetings);
    for (size_t i = 0; ok && i < docs->nleads; i++) {
        c.lead = json_bson_oid(docs->leads[i], "_id");
        c.meeting = NULL;
        ok = c.lead == NULL
             || with_links(public_url, &c, false, lead_vars(docs->leads[i], now_ms), now_ms, leads,
                           batch, err);
    }
    for (size_t i = 0; ok && i < docs->nmeetings; i++) {
        c.lead = json_bson_oid(docs->meetings[i], "lead");
        c.meeting = json_bson_oid(docs->meetings[i], "_id");
        ok = c.lead == NULL || c.meeting == NULL
             || with_links(public_url, &c, true, meeting_vars(docs->meetings[i]), now_ms, meetings,
                           batch, err);
    }
    return ok;
}
