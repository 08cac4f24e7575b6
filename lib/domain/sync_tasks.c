/* sync_tasks.c - the sync_tasks documents: create, load, progress, end, read for staff */
#include "domain/sync_tasks.h"

#include <stdio.h>
#include <string.h>

#include "auth/scope.h"
#include "core/clock.h"
#include "core/json.h"
#include "db/store.h"
#include "model/tables.h"

#define TASKS "sync_tasks"

bool
sync_task_create(struct app *app, const char *kind, const char *trigger, const char *requested_by,
                 char id[OID_STR_SIZE], struct err *err)
{
    bson_oid_t oid, user;
    int64_t now = clock_now_ms();
    bson_t doc = BSON_INITIALIZER, errors;
    bool ok;

    bson_oid_init(&oid, NULL);
    BSON_APPEND_OID(&doc, "_id", &oid);
    BSON_APPEND_UTF8(&doc, "kind", kind);
    BSON_APPEND_UTF8(&doc, "status", "queued");
    BSON_APPEND_UTF8(&doc, "trigger", trigger);
    if (requested_by != NULL && oid_parse_str(requested_by, &user))
        BSON_APPEND_OID(&doc, "requestedBy", &user);
    else
        BSON_APPEND_NULL(&doc, "requestedBy");
    BSON_APPEND_NULL(&doc, "since");
    BSON_APPEND_NULL(&doc, "total");
    static const char *const counters[] = {"processed", "created", "updated", "unchanged",
                                           "skipped",   "failed",  "pages"};
    for (size_t i = 0; i < sizeof(counters) / sizeof(counters[0]); i++)
        BSON_APPEND_INT32(&doc, counters[i], 0);
    BSON_APPEND_ARRAY_BEGIN(&doc, "errors", &errors);
    bson_append_array_end(&doc, &errors);
    BSON_APPEND_NULL(&doc, "error");
    BSON_APPEND_DATE_TIME(&doc, "createdAt", now);
    BSON_APPEND_DATE_TIME(&doc, "updatedAt", now);
    BSON_APPEND_NULL(&doc, "startedAt");
    BSON_APPEND_NULL(&doc, "finishedAt");
    ok = store_insert_one(app->db, TASKS, &doc, err);
    bson_destroy(&doc);
    if (ok)
        oid_format(&oid, id);
    return ok;
}

void
sync_task_delete(struct app *app, const char *id)
{
    struct err ignored = ERR_INIT;
    bson_oid_t oid;
    bson_t *filter;

    if (!oid_parse_str(id, &oid))
        return;
    filter = BCON_NEW("_id", BCON_OID(&oid));
    store_delete_one(app->db, TASKS, filter, NULL, &ignored);
    bson_destroy(filter);
}

bool
sync_task_load(struct app *app, const char *id, bson_t **doc, struct err *err)
{
    bson_oid_t oid;
    bson_t *filter;
    bool found = false, ok;

    *doc = NULL;
    if (!oid_parse_str(id, &oid))
        return err_set(err, ERR_NOT_FOUND, "no such sync task");
    filter = BCON_NEW("_id", BCON_OID(&oid));
    ok = store_find_one(app->db, TASKS, filter, NULL, doc, &found, err);
    bson_destroy(filter);
    return ok && (found || err_set(err, ERR_NOT_FOUND, "no such sync task"));
}

/* the newest task of kind matching status (NULL: any) */
static bool
newest(struct app *app, const char *kind, const char *status, bson_t **doc, bool *found,
       struct err *err)
{
    bson_t *filter = status ? BCON_NEW("kind", BCON_UTF8(kind), "status", BCON_UTF8(status))
                            : BCON_NEW("kind", BCON_UTF8(kind));
    bson_t *opts = BCON_NEW("sort", "{", "createdAt", BCON_INT32(-1), "_id", BCON_INT32(-1), "}");
    bool ok = store_find_one(app->db, TASKS, filter, opts, doc, found, err);

    bson_destroy(opts);
    bson_destroy(filter);
    return ok;
}

bool
sync_task_active(struct app *app, const char *kind, char id[OID_STR_SIZE], struct err *err)
{
    static const char *const active[] = {"running", "queued"};
    bson_t *doc = NULL;
    bool found = false, ok = true;

    id[0] = '\0';
    for (size_t i = 0; ok && !found && i < 2; i++) {
        ok = newest(app, kind, active[i], &doc, &found, err);
        if (ok && found && json_bson_oid(doc, "_id") != NULL)
            oid_format(json_bson_oid(doc, "_id"), id);
        bson_destroy(doc);
        doc = NULL;
    }
    return ok;
}

bool
sync_task_last_done(struct app *app, const char *kind, int64_t *started_ms, struct err *err)
{
    bson_t *doc = NULL;
    bson_iter_t it;
    bool found = false, ok = newest(app, kind, "done", &doc, &found, err);

    *started_ms = 0;
    if (ok && found && bson_iter_init_find(&it, doc, "startedAt") && BSON_ITER_HOLDS_DATE_TIME(&it))
        *started_ms = bson_iter_date_time(&it);
    bson_destroy(doc);
    return ok;
}

bool
sync_task_write(struct app *app, const char *id, const bson_t *set, const bson_t *inc,
                json_object *problems, struct err *err)
{
    bson_oid_t oid;
    bson_t update = BSON_INITIALIZER, s, each, list;
    bson_t *filter;
    size_t n = problems ? json_object_array_length(problems) : 0;
    char key[24];
    bool ok;

    if (!oid_parse_str(id, &oid))
        return err_set(err, ERR_NOT_FOUND, "no such sync task");
    filter = BCON_NEW("_id", BCON_OID(&oid));
    BSON_APPEND_DOCUMENT_BEGIN(&update, "$set", &s);
    if (set != NULL)
        bson_concat(&s, set);
    BSON_APPEND_DATE_TIME(&s, "updatedAt", clock_now_ms());
    bson_append_document_end(&update, &s);
    if (inc != NULL && !bson_empty(inc))
        BSON_APPEND_DOCUMENT(&update, "$inc", inc);
    if (n > 0) {
        BSON_APPEND_DOCUMENT_BEGIN(&update, "$push", &s);
        BSON_APPEND_DOCUMENT_BEGIN(&s, "errors", &each);
        BSON_APPEND_ARRAY_BEGIN(&each, "$each", &list);
        for (size_t i = 0; i < n && i < SYNC_ERRORS_MAX; i++) {
            snprintf(key, sizeof(key), "%zu", i);
            BSON_APPEND_UTF8(&list, key,
                             json_object_get_string(json_object_array_get_idx(problems, i)));
        }
        bson_append_array_end(&each, &list);
        bson_append_document_end(&s, &each);
        bson_append_document_end(&update, &s);
    }
    ok = store_update_one(app->db, TASKS, filter, &update, NULL, NULL, err);
    bson_destroy(&update);
    bson_destroy(filter);
    return ok;
}

bool
sync_task_end(struct app *app, const char *id, const char *status, const char *error,
              struct err *err)
{
    bson_t *set =
        BCON_NEW("status", BCON_UTF8(status), "finishedAt", BCON_DATE_TIME(clock_now_ms()));
    bool ok;

    if (error != NULL)
        BSON_APPEND_UTF8(set, "error", error);
    ok = sync_task_write(app, id, set, NULL, NULL, err);
    bson_destroy(set);
    return ok;
}

json_object *
sync_tasks_list(struct app *app, const struct principal *p, const struct list_params *params,
                const char *kind, struct err *err)
{
    struct list_query q;
    bson_t scope = BSON_INITIALIZER;
    json_object *out = NULL;

    if (!scope_trusted(p)) {
        err_set(err, ERR_FORBIDDEN, "sync tasks are for staff");
        goto out;
    }
    if (kind != NULL && strcmp(kind, SYNC_HUBSPOT) != 0 && strcmp(kind, SYNC_CHILIPIPER) != 0) {
        err_detail(err, "kind", "must be %s or %s", SYNC_HUBSPOT, SYNC_CHILIPIPER);
        err_set(err, ERR_VALIDATION_FAILED, "invalid sync task query");
        goto out;
    }
    if (kind != NULL)
        BSON_APPEND_UTF8(&scope, "kind", kind);
    if (model_list_query(&sync_tasks_model, params, &q, err)) {
        struct store_list_spec spec = {.m = &sync_tasks_model, .scope = &scope, .q = &q, .p = p};

        out = store_list(app->db, &spec, err);
    }
    list_query_release(&q);
out:
    bson_destroy(&scope);
    return out;
}

json_object *
sync_tasks_get(struct app *app, const struct principal *p, const char *id, struct err *err)
{
    bson_t *doc = NULL;
    json_object *out = NULL;

    if (!scope_trusted(p))
        err_set(err, ERR_FORBIDDEN, "sync tasks are for staff");
    else if (sync_task_load(app, id, &doc, err))
        out = model_output(&sync_tasks_model, doc, p);
    bson_destroy(doc);
    return out;
}

json_object *
sync_task_latest_json(struct app *app, const char *kind, struct err *err)
{
    struct principal system = {.kind = PRINCIPAL_SYSTEM};
    bson_t *doc = NULL;
    bool found = false;
    json_object *out = NULL;

    if (newest(app, kind, NULL, &doc, &found, err) && found)
        out = model_output(&sync_tasks_model, doc, &system);
    bson_destroy(doc);
    return out;
}
