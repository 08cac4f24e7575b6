/* outbox.c - jobs parked in the database while Redis is down */
#include "queue/outbox.h"

#include <string.h>

#include "core/clock.h"
#include "core/log.h"
#include "db/db.h"
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
    bson_error_t error;
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
    ok = mongoc_collection_insert_one(db_collection(app->db, "outbox"), doc, NULL, NULL, &error);
    bson_destroy(doc);
    if (!ok && !db_is_duplicate(&error))
        return db_fail(err, &error, "park job in outbox");
    return true;
}

static bool
flush_one(struct app *app, const bson_t *doc, struct err *err)
{
    bson_iter_t id, queue, type, payload;
    bson_t *filter;
    bson_error_t error;
    bool ok;

    if (!bson_iter_init_find(&id, doc, "_id") || !bson_iter_init_find(&queue, doc, "queue")
        || !bson_iter_init_find(&type, doc, "type")
        || !bson_iter_init_find(&payload, doc, "payload"))
        return true; /* not ours: leave it */
    if (!queue_push(app, bson_iter_utf8(&queue, NULL), bson_iter_utf8(&type, NULL),
                    bson_iter_utf8(&payload, NULL), bson_iter_utf8(&id, NULL), NULL, NULL, err))
        return false;
    filter = BCON_NEW("_id", BCON_UTF8(bson_iter_utf8(&id, NULL)));
    ok = mongoc_collection_delete_one(db_collection(app->db, "outbox"), filter, NULL, NULL, &error);
    bson_destroy(filter);
    return ok ? true : db_fail(err, &error, "clear outbox entry");
}

bool
outbox_flush(struct app *app, long long *moved, struct err *err)
{
    bson_t filter = BSON_INITIALIZER;
    bson_t *opts = BCON_NEW("sort", "{", "createdAt", BCON_INT32(1), "}", "limit", BCON_INT64(500));
    mongoc_cursor_t *cursor =
        mongoc_collection_find_with_opts(db_collection(app->db, "outbox"), &filter, opts, NULL);
    const bson_t *doc;
    bson_error_t error;
    bool ok = true;

    *moved = 0;
    while (ok && mongoc_cursor_next(cursor, &doc)) {
        ok = flush_one(app, doc, err);
        *moved += ok;
    }
    if (ok && mongoc_cursor_error(cursor, &error))
        ok = db_fail(err, &error, "read outbox");
    mongoc_cursor_destroy(cursor);
    bson_destroy(opts);
    return ok;
}
