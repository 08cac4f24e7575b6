/* partner_api.h - the partner API's status pushes (DESIGN §7.7, domain.md §3.9): accepted at
 * once as a job of the partner-api-lead queue, run by pc-worker with the transition rules of a
 * partner user, the outcome readable by the partner's tokens for 7 days (kept in Redis).
 *
 * json_object * returned are new and the caller's; NULL or false means err is set: the codes
 * named at the function, or unavailable (503) or internal (500). */
#ifndef PC_PARTNER_API_H
#define PC_PARTNER_API_H

#include <json-c/json.h>
#include <stdbool.h>

#include "app.h"
#include "core/err.h"
#include "core/principal.h"

#define PARTNER_API_QUEUE "partner-api-lead"
#define PARTNER_JOB_TTL_S (7 * 24 * 3600)

/* partner_api_submit - check {leadId | email, status, note?, dealAmount?} and queue it for p
 * (a partner token): {jobId, status: queued}. validation_failed (fields; neither or both of
 * leadId and email); unavailable when Redis cannot take the job (nothing was queued) */
json_object *partner_api_submit(struct app *app, const struct principal *p, json_object *in,
                                struct err *err);

/* partner_api_job - {id, status, leadId, dealStatus, error, reason, createdAt, finishedAt} of
 * one of p's partner's jobs; not_found (unknown, expired, or another partner's) */
json_object *partner_api_job(struct app *app, const struct principal *p, const char *id,
                             struct err *err);

/* partner_api_run - run the job id with payload (borrowed) as its token would: set the lead's
 * status, then add the note. The outcome (done, or refused with the error's code and message:
 * a lead of another partner is refused as not_found) is written to the job's record. Returns
 * false only when it should be retried (err unavailable); last_attempt records even that as
 * refused. */
bool partner_api_run(struct app *app, const char *id, json_object *payload, bool last_attempt,
                     struct err *err);

#endif
