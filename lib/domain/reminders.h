/* reminders.h - the daily reminder (domain.md §6.1, DESIGN §7.10): per partner its overdue
 * leads, one lead-reminder e-mail per active user with a personal magic link */
#ifndef PC_REMINDERS_H
#define PC_REMINDERS_H

#include <bson/bson.h>
#include <json-c/json.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "app.h"
#include "core/err.h"
#include "core/oid.h"

#define REMINDER_LEADS_MAX 50    /* listed per e-mail; the magic link opens all of them */
#define REMINDER_MEETINGS_MAX 20 /* meetings without an outcome listed per e-mail */

/* reminders_overdue - a lead is overdue at now_ms: scheduledDate set and before now (a lead
 * scheduled exactly now is not), its status neither won nor lost_*, not archived */
bool reminders_overdue(const bson_t *lead, int64_t now_ms);

/* reminders_run - the daily-reminders cron job: result gets partners (reminded), sent
 * (e-mails queued), failed (partners whose reminder failed) and errors (one line each); a
 * failing partner is logged and the others still go out. False only when the partners cannot
 * be read at all. */
bool reminders_run(struct app *app, time_t now, json_object *result, struct err *err);

/* reminders_token_body - a body {token} (and names' other members), *token borrowed from in;
 * validation_failed naming each problem */
bool reminders_token_body(json_object *in, const char *const *names, const char **token,
                          struct err *err);

/* reminders_magic_sign_in - POST /auth/magic {token}: uses the magic link up and gives its
 * user's id; invalid_token (unknown, used, expired, tampered), account_deactivated. The caller
 * starts the session. */
bool reminders_magic_sign_in(struct app *app, json_object *in, char user_id[OID_STR_SIZE],
                             struct err *err);

#endif
