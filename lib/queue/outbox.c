/* outbox.c - jobs parked in the database while Redis is down */
#include "queue/outbox.h"

#include <string.h>

#include "core/clock.h"
#include "core/log.h"
#include "db/store.h"
#include "queue/job.h"
#include "queue/queue.h"

bool
outbox_push(struct app *app, const char *queue, const char *type, json_object *payload,
            const char *job_id, struct err *err)
{
    char id[JOB_ID_CAP];
    struct err qerr = ERR_INIT;
    const char *text = json_object_to_json_string_ext(payload, JSON_C_TO_STRING_PLAIN);
    bson_t *doc;
    bool ok;

    if (job_id != NULL)
        snprintf(id, sizeof(id), "%s", job_id);
    else
        job_id_new(id);
    if (queue_push(app, queue, type, text, id, NULL, NULL, &qerr))
        return true;
    if (!err_is(&qerr, ERR_UNAVAILABLE)) {
        *err = qerr;
        return false;
    }
    log_warn("queue unavailable, parking the job in the outbox", "queue=%s job=%s", queue, id);
    doc = BCON_NEW("_id", BCON_UTF8(id), "queue", BCON_UTF8(queue), "type", BCON_UTF8(type),
                   "payload", BCON_UTF8(text), "createdAt", BCON_DATE_TIME(clock_now_ms()));
    ok = store_insert_once(app->db, "outbox", doc, err); /* parked before: one is enough */
    bson_destroy(doc);
    return ok;
}

struct flush {
    struct app *app;
    long long moved;
};

static bool
flush_one(const bson_t *doc, void *ctx, struct err *err)
{
    struct flush *f = ctx;
    struct app *app = f->app;
    bson_iter_t id, queue, type, payload;
    bson_t *filter;
    bool ok;

    if (!bson_iter_init_find(&id, doc, "_id") || !bson_iter_init_find(&queue, doc, "queue")
        || !bson_iter_init_find(&type, doc, "type")
        || !bson_iter_init_find(&payload, doc, "payload"))
        return true; /* not ours: leave it */
    if (!queue_push(app, bson_iter_utf8(&queue, NULL), bson_iter_utf8(&type, NULL),
                    bson_iter_utf8(&payload, NULL), bson_iter_utf8(&id, NULL), NULL, NULL, err))
        return false;
    filter = BCON_NEW("_id", BCON_UTF8(bson_iter_utf8(&id, NULL)));
    ok = store_delete_one(app->db, "outbox", filter, NULL, err);
    bson_destroy(filter);
    f->moved += ok;
    return ok;
}

bool
outbox_flush(struct app *app, long long *moved, struct err *err)
{
    bson_t filter = BSON_INITIALIZER;
    bson_t *opts = BCON_NEW("sort", "{", "createdAt", BCON_INT32(1), "}", "limit", BCON_INT64(500));
    struct flush f = {app, 0};
    bool ok = store_each(app->db, "outbox", &filter, opts, flush_one, &f, err);

    *moved = f.moved;
    bson_destroy(opts);
    return ok;
}
