/* chilipiper_reconcile.c - the Edge API's meetings of the last and the next 7 days, applied where
 * the webhooks missed them (ChiliPiper does not promise delivery) */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/clock.h"
#include "core/json.h"
#include "domain/chilipiper.h"
#include "domain/sync_tasks.h"
#include "http/chilipiper_client.h"
#include "queue/queue.h"

#define QUEUE "chilipiper-webhook"
#define PAGES_MAX 50 /* per window: 5 000 meetings a week */

bool
chilipiper_reconcile_start(struct app *app, json_object *result, struct err *err)
{
    char id[OID_STR_SIZE];
    json_object *payload;
    bool ok;

    if (app->cfg.chilipiper_api_key == NULL) {
        json_object_object_add(result, "skipped",
                               json_object_new_string("CHILIPIPER_API_KEY is not set"));
        return true;
    }
    if (!sync_task_active(app, SYNC_CHILIPIPER, id, err))
        return false;
    if (id[0] != '\0') {
        json_object_object_add(result, "task", json_object_new_string(id));
        json_object_object_add(result, "running", json_object_new_boolean(true));
        return true;
    }
    if (!sync_task_create(app, SYNC_CHILIPIPER, "cron", NULL, id, err))
        return false;
    payload = json_object_new_object();
    json_object_object_add(payload, "task", json_object_new_string(id));
    ok = queue_push_json(app, QUEUE, "reconcile", payload, id, NULL, err);
    json_object_put(payload);
    if (!ok) {
        sync_task_delete(app, id);
        return false;
    }
    json_object_object_add(result, "task", json_object_new_string(id));
    return true;
}

/* the meetings of an answer, wherever the (unpublished, changing) shape puts them */
static json_object *
records_of(json_object *answer, bool *more)
{
    static const char *const lists[] = {"results", "meetings", "items", NULL};
    json_object *data = json_member(answer, "data"), *list = NULL, *flag = NULL;

    if (json_object_is_type(data, json_type_array))
        list = data;
    for (const char *const *k = lists; list == NULL && *k != NULL; k++) {
        json_object *v = json_member(data, *k);
        if (!json_object_is_type(v, json_type_array))
            v = json_member(answer, *k);
        if (json_object_is_type(v, json_type_array))
            list = v;
    }
    flag = json_member(answer, "hasMore");
    if (flag == NULL)
        flag = json_member(data, "hasMore");
    if (json_object_is_type(flag, json_type_string))
        *more = strcasecmp(json_object_get_string(flag), "yes") == 0;
    else if (flag != NULL)
        *more = json_object_get_boolean(flag);
    else /* nothing said: a full page may have a next one */
        *more = list != NULL && json_object_array_length(list) >= CHILIPIPER_PAGE_SIZE;
    return list;
}

struct run {
    struct app *app;
    const char *task;
    int processed, created, updated, unchanged, skipped, failed;
    json_object *problems;
    int problems_kept;
};

static void
problem(struct run *r, const char *what, const char *why)
{
    char line[300];

    if (r->problems_kept >= SYNC_ERRORS_MAX)
        return;
    snprintf(line, sizeof(line), "meeting %.60s: %.200s", what ? what : "?", why);
    json_object_array_add(r->problems, json_object_new_string(line));
    r->problems_kept++;
}

/* one meeting of the Edge API; false only for a failure that waiting may heal */
static bool
apply_record(struct run *r, json_object *rec, struct err *err)
{
    struct chilipiper_booking b;
    enum booking_outcome out;
    char meeting[OID_STR_SIZE], why[160];

    r->processed++;
    if (!chilipiper_booking_read(rec, "reconcile", &b, err)) {
        problem(r, b.meeting_id, err->ndetails > 0 ? err->details[0].field : err->message);
        r->skipped++;
        err_reset(err);
        return true;
    }
    if (chilipiper_booking_apply(r->app, &b, rec, &out, meeting, why, sizeof(why), err)) {
        int *counts[] = {&r->created, &r->updated, &r->unchanged, &r->skipped};
        (*counts[out])++;
        return true;
    }
    if (err_is(err, ERR_UNAVAILABLE) || err_is(err, ERR_RATE_LIMITED))
        return false;
    problem(r, b.meeting_id, err->message);
    r->failed++;
    err_reset(err);
    return true;
}

/* every page of one window [from, to) */
static bool
window(struct run *r, const struct chilipiper_client *c, int64_t from, int64_t to,
       void (*touch)(void *), void *touch_ctx, struct err *err)
{
    bool more = true, ok = true;

    for (int page = 1; ok && more && page <= PAGES_MAX; page++) {
        json_object *answer, *list;
        if (touch != NULL)
            touch(touch_ctx);
        answer = chilipiper_meetings_page(c, from, to, page, err);
        if (answer == NULL)
            return false;
        list = records_of(answer, &more);
        for (size_t i = 0; ok && list != NULL && i < json_object_array_length(list); i++)
            ok = apply_record(r, json_object_array_get_idx(list, i), err);
        json_object_put(answer);
    }
    return ok;
}

static bool
save(struct run *r, const char *status, struct err *err)
{
    bson_t *set = BCON_NEW("status", BCON_UTF8(status), "processed", BCON_INT32(r->processed),
                           "created", BCON_INT32(r->created), "updated", BCON_INT32(r->updated),
                           "unchanged", BCON_INT32(r->unchanged), "skipped", BCON_INT32(r->skipped),
                           "failed", BCON_INT32(r->failed));
    bool ok;

    if (strcmp(status, "running") == 0)
        BSON_APPEND_DATE_TIME(set, "startedAt", clock_now_ms());
    else
        BSON_APPEND_DATE_TIME(set, "finishedAt", clock_now_ms());
    ok = sync_task_write(r->app, r->task, set, NULL, strcmp(status, "done") ? NULL : r->problems,
                         err);
    bson_destroy(set);
    return ok;
}

bool
chilipiper_reconcile_run(struct app *app, const char *task_id, void (*touch)(void *ctx),
                         void *touch_ctx, bool last_attempt, struct err *err)
{
    struct chilipiper_client c = {.http = app_http(app),
                                  .base_url = app->cfg.chilipiper_base_url,
                                  .api_key = app->cfg.chilipiper_api_key,
                                  .timeout_ms = app->cfg.http_timeout_ms};
    struct run r = {.app = app, .task = task_id, .problems = json_object_new_array()};
    int64_t now = clock_now_ms();
    bson_t *task = NULL;
    const char *status;
    bool ok = sync_task_load(app, task_id, &task, err);

    status = ok ? json_or_empty(json_bson_str(task, "status")) : "";
    if (ok && (strcmp(status, "done") == 0 || strcmp(status, "failed") == 0))
        goto out; /* ended before: a redelivery */
    if (ok && (c.api_key == NULL || c.http == NULL))
        ok = err_set(err, ERR_VALIDATION_FAILED, "CHILIPIPER_API_KEY is not set");
    /* a run starts over (applying is idempotent), so its counts start at zero too */
    ok = ok && save(&r, "running", err)
         && window(&r, &c, now - CHILIPIPER_SPAN_MAX_MS, now, touch, touch_ctx, err)
         && window(&r, &c, now, now + CHILIPIPER_SPAN_MAX_MS, touch, touch_ctx, err)
         && save(&r, "done", err);
    if (!ok && task != NULL
        && (last_attempt || !(err_is(err, ERR_UNAVAILABLE) || err_is(err, ERR_RATE_LIMITED)))) {
        struct err ignored = ERR_INIT;
        sync_task_end(app, task_id, "failed", err->message, &ignored);
    }
out:
    json_object_put(r.problems);
    bson_destroy(task);
    return ok;
}
