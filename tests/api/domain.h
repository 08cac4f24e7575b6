/* domain.h - partners and leads made through the real API (make_*), and what the API cannot
 * make yet written through the library or the database (fixture_*: bookings, as the ChiliPiper
 * webhook will, and partner users) for the domain tests */
#ifndef PC_DOMAIN_H
#define PC_DOMAIN_H

#include <stdint.h>

#include "fixtures.h"

/* a signed-in owner client, one per test process */
struct session_client *owner_session(void);

/* make_partner - POST /partners as the owner; id receives the new id */
void make_partner(const char *name, char id[25]);

/* make_partner_typed - POST /partners as the owner with one meeting type (the routing of
 * bookings and CRM leads); id receives the new id */
void make_partner_typed(const char *name, const char *meeting_type, char id[25]);

/* history_count - the events of a lead's history (GET /leads/:id/history as the owner) with
 * action (and source, when not NULL) */
int history_count(const char *lead, const char *action, const char *source);

/* make_lead - POST /leads as the owner for partner with email and extra JSON members (may be
 * NULL, e.g. "\"company\":\"Acme\""); id receives the new id */
void make_lead(const char *partner, const char *email, const char *extra, char id[25]);

/* fresh_email - a unique lead address */
void fresh_email(const char *prefix, char *out, size_t cap);

/* fixture_booking - upsert meeting external_id for the lead's e-mail at ms (UTC milliseconds)
 * through meetings_upsert, as the ChiliPiper webhook will */
void fixture_booking(const char *external_id, const char *email, const char *partner, int64_t ms,
                     bool canceled);

/* a partner (made through the API) and one signed-in user of it of a role (fixture_user) */
struct partner_user {
    char partner[25];
    struct fixture_user user;
    struct session_client client;
};

/* fixture_partner_user - make pu: partner "Flow" and its user of role, signed in */
void fixture_partner_user(struct partner_user *pu, const char *role);

/* make_lead_in - a lead of pu's partner already in status from (moved by the owner with a
 * reason when not "new"); id receives its id */
void make_lead_in(struct partner_user *pu, const char *from, char id[25]);

/* lead_field - GET /leads/:id as the owner and copy field's string value ("" when null) */
void lead_field(const char *id, const char *field, char *out, size_t cap);

/* url_json - percent-encode json for a query string */
void url_json(const char *json, char *out, size_t cap);

/* set_status - PATCH /leads/:id/status as client c with body; returns the status code */
long set_status(struct session_client *c, const char *id, const char *body);

/* iso_ms - ms (UTC milliseconds) as the API writes dates: "YYYY-MM-DDTHH:MM:SS.mmmZ" */
void iso_ms(int64_t ms, char *out, size_t cap);

/* now_minute_ms - the current time rounded down to the minute, in ms */
int64_t now_minute_ms(void);

/* log_meeting - POST /leads/:lead/meetings as c at start_ms for minutes (0: none given) with
 * the extra JSON members (may be NULL); returns the status, id receives the meeting's id
 * ("" on failure) */
long log_meeting(struct session_client *c, const char *lead, int64_t start_ms, int minutes,
                 const char *extra, char id[25]);

/* call_status - method path body as c; the status, with the answer's string at field (a dotted
 * path, may be NULL) copied into out ("" when absent) */
long call_status(struct session_client *c, const char *method, const char *path, const char *body,
                 const char *field, char *out, size_t cap);

/* run_cron - POST /cron/job with the cron secret and, when offset_ms is not 0, the test clock
 * that far ahead; returns the status and the job's figure named field (-1 when absent) */
long run_cron(const char *job, long long offset_ms, const char *field, long long *value);

#endif
