/* hubspot_sync.c - the bulk contact sync: search pages onto leads, the cursor in the task */
#include "domain/hubspot_sync.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/scope.h"
#include "core/clock.h"
#include "core/isotime.h"
#include "core/json.h"
#include "core/log.h"
#include "domain/hubspot.h"
#include "domain/sync_tasks.h"
#include "queue/queue.h"

#define QUEUE "sync-leads"
#define OVERLAP_MS 60000 /* the next run starts a minute before this one did */
#define QUERY_LIMIT 9900 /* HubSpot stops a search at 10 000 results: start a new one */
#define PAGES_MAX 100000 /* a bound on any run */

bool
hubspot_sync_start(struct app *app, const struct principal *p, bool full, char id[OID_STR_SIZE],
                   bool *running, struct err *err)
{
    json_object *payload;
    bool ok;

    *running = false;
    if (!scope_trusted(p))
        return err_set(err, ERR_FORBIDDEN, "the HubSpot sync is for staff");
    if (app->cfg.hubspot_access_token == NULL)
        return err_set(err, ERR_VALIDATION_FAILED, "HUBSPOT_ACCESS_TOKEN is not set");
    if (!sync_task_active(app, SYNC_HUBSPOT, id, err))
        return false;
    if (id[0] != '\0')
        return *running = true;
    if (!sync_task_create(app, SYNC_HUBSPOT, "user", p->user_id, id, err))
        return false;
    payload = json_object_new_object();
    json_object_object_add(payload, "task", json_object_new_string(id));
    json_object_object_add(payload, "full", json_object_new_boolean(full));
    ok = queue_push_json(app, QUEUE, "sync", payload, id, NULL, err);
    json_object_put(payload);
    if (!ok)
        sync_task_delete(app, id); /* nothing is kept: the caller tries again */
    return ok;
}

/* a run's place: where the query starts, its cursor, results seen within this query */
struct cursor {
    int64_t since;
    char after[128];
    int64_t offset;
    int errors; /* problems already stored on the task */
};

static int64_t
doc_int(const bson_t *doc, const char *key, int64_t fallback)
{
    bson_iter_t it;

    if (!bson_iter_init_find(&it, doc, key))
        return fallback;
    if (BSON_ITER_HOLDS_DATE_TIME(&it))
        return bson_iter_date_time(&it);
    return BSON_ITER_HOLDS_NUMBER(&it) ? bson_iter_as_int64(&it) : fallback;
}

/* the cursor a task saved; a task not started yet starts now (since the last run unless full) */
static bool
resume(struct app *app, const char *id, const bson_t *task, bool full, struct cursor *c,
       struct err *err)
{
    bson_iter_t it, sub;
    int64_t last = 0;
    bson_t *set;
    bool ok;

    memset(c, 0, sizeof(*c));
    snprintf(c->after, sizeof(c->after), "%s", json_or_empty(json_bson_str(task, "after")));
    c->offset = doc_int(task, "offset", 0);
    if (bson_iter_init_find(&it, task, "errors") && BSON_ITER_HOLDS_ARRAY(&it)
        && bson_iter_recurse(&it, &sub))
        while (bson_iter_next(&sub))
            c->errors++;
    c->since = doc_int(task, "since", -1);
    if (c->since >= 0)
        return true; /* started before: go on where it stopped */
    if (!full && !sync_task_last_done(app, SYNC_HUBSPOT, &last, err))
        return false;
    c->since = last > OVERLAP_MS ? last - OVERLAP_MS : 0;
    set = BCON_NEW("status", BCON_UTF8("running"), "startedAt", BCON_DATE_TIME(clock_now_ms()),
                   "since", BCON_DATE_TIME(c->since), "after", BCON_UTF8(""), "offset",
                   BCON_INT64(0));
    ok = sync_task_write(app, id, set, NULL, NULL, err);
    bson_destroy(set);
    return ok;
}

/* counts of one page */
struct page_tally {
    int processed, created, updated, unchanged, skipped, failed;
    int64_t last_modified;
};

/* when the contact changed last: its lastmodifieddate, else updatedAt, else now */
static int64_t
modified_at(json_object *contact)
{
    const char *s = json_str(json_member(contact, "properties"), "lastmodifieddate");
    int64_t ms;

    if (s == NULL)
        s = json_str(contact, "updatedAt");
    if (s != NULL && isotime_parse(s, strlen(s), &ms))
        return ms;
    return s != NULL && s[0] >= '0' && s[0] <= '9' ? (int64_t)strtoll(s, NULL, 10) : clock_now_ms();
}

/* one contact of a page; false only for a failure that waiting may heal */
static bool
apply_one(struct hubspot_ctx *h, json_object *contact, struct page_tally *t, json_object *problems,
          struct err *err)
{
    enum contact_outcome out;
    char why[160];
    int64_t at = modified_at(contact);

    t->processed++;
    if (at > t->last_modified)
        t->last_modified = at;
    if (hubspot_contact_apply(h, contact, at, &out, why, sizeof(why), err)) {
        int *counts[] = {&t->created, &t->updated, &t->unchanged, &t->skipped};
        (*counts[out])++;
        return true;
    }
    if (err_is(err, ERR_UNAVAILABLE) || err_is(err, ERR_RATE_LIMITED))
        return false;
    t->failed++;
    snprintf(why, sizeof(why), "contact %.30s: %.120s", json_or_empty(json_str(contact, "id")),
             err->message);
    json_object_array_add(problems, json_object_new_string(why));
    err_reset(err);
    return true;
}

/* the page's figures and the cursor after it, in one write */
static bool
save_page(struct app *app, const char *id, const struct cursor *c, const struct page_tally *t,
          json_object *problems, json_object *page, struct err *err)
{
    json_object *total = json_member(page, "total");
    bson_t *set = BCON_NEW("since", BCON_DATE_TIME(c->since), "after", BCON_UTF8(c->after),
                           "offset", BCON_INT64(c->offset));
    bson_t *inc = BCON_NEW("processed", BCON_INT32(t->processed), "created", BCON_INT32(t->created),
                           "updated", BCON_INT32(t->updated), "unchanged", BCON_INT32(t->unchanged),
                           "skipped", BCON_INT32(t->skipped), "failed", BCON_INT32(t->failed),
                           "pages", BCON_INT32(1));
    bool ok;

    /* HubSpot's total of this query (the progress bar's end), once it is known */
    if (total != NULL && c->offset <= HUBSPOT_PAGE_SIZE)
        BSON_APPEND_INT64(set, "total", json_object_get_int64(total));
    ok = sync_task_write(app, id, set, inc, problems, err);
    bson_destroy(inc);
    bson_destroy(set);
    return ok;
}

/* the next cursor: paging.next.after, "" at the end; past QUERY_LIMIT a new query from the
 * newest modification seen (HubSpot answers at most 10 000 results per query) */
static bool
advance(struct cursor *c, json_object *page, size_t n, int64_t last_modified)
{
    const char *next = json_str(json_member(json_member(page, "paging"), "next"), "after");

    c->offset += (int64_t)n;
    if (next == NULL || next[0] == '\0' || n == 0) {
        c->after[0] = '\0';
        return false;
    }
    if (c->offset >= QUERY_LIMIT && last_modified > c->since) {
        c->since = last_modified;
        c->after[0] = '\0';
        c->offset = 0;
        return true;
    }
    snprintf(c->after, sizeof(c->after), "%s", next);
    return true;
}

/* one page: search, apply, save; *more when another follows */
static bool
sync_page(struct hubspot_ctx *h, const char *id, struct cursor *c, bool *more, struct err *err)
{
    struct hubspot_search s = {
        .since_ms = c->since, .after = c->after, .properties = h->properties};
    json_object *page = hubspot_contacts_search(&h->api, &s, err), *results, *problems;
    struct page_tally t = {0};
    size_t n;
    bool ok = page != NULL;

    *more = false;
    if (!ok)
        return false;
    results = json_member(page, "results");
    n = json_object_is_type(results, json_type_array) ? json_object_array_length(results) : 0;
    problems = json_object_new_array();
    for (size_t i = 0; ok && i < n; i++)
        ok = apply_one(h, json_object_array_get_idx(results, i), &t, problems, err);
    if (ok) {
        while (c->errors + (int)json_object_array_length(problems) > SYNC_ERRORS_MAX)
            json_object_array_del_idx(problems, json_object_array_length(problems) - 1, 1);
        c->errors += (int)json_object_array_length(problems);
        *more = advance(c, page, n, t.last_modified);
        ok = save_page(h->app, id, c, &t, problems, page, err);
    }
    json_object_put(problems);
    json_object_put(page);
    return ok;
}

/* the task's end after a failure: on the last attempt, or for good */
static void
fail_task(struct app *app, const char *id, const struct err *why, bool last_attempt)
{
    struct err ignored = ERR_INIT;
    bool transient = err_is(why, ERR_UNAVAILABLE) || err_is(why, ERR_RATE_LIMITED);

    if (!transient || last_attempt)
        sync_task_end(app, id, "failed", why->message, &ignored);
}

bool
hubspot_sync_run(struct app *app, const char *id, bool full, void (*touch)(void *ctx),
                 void *touch_ctx, bool last_attempt, struct err *err)
{
    struct hubspot_ctx h;
    struct cursor c;
    bson_t *task = NULL;
    const char *status;
    bool ok, more = true;

    if (!sync_task_load(app, id, &task, err))
        return false;
    status = json_or_empty(json_bson_str(task, "status"));
    if (strcmp(status, "done") == 0 || strcmp(status, "failed") == 0) {
        bson_destroy(task);
        return true; /* ended before: a redelivery */
    }
    hubspot_ctx_init(&h, app, touch, touch_ctx);
    ok = hubspot_api_ready(&h, err) && resume(app, id, task, full, &c, err);
    for (int pages = 0; ok && more && pages < PAGES_MAX; pages++)
        ok = sync_page(&h, id, &c, &more, err);
    if (ok)
        ok = sync_task_end(app, id, "done", NULL, err);
    else
        fail_task(app, id, err, last_attempt);
    log_info("hubspot sync", "task=%s ok=%d calls=%ld waited_ms=%ld", id, ok, h.api.calls,
             h.api.waited_ms);
    bson_destroy(task);
    return ok;
}
