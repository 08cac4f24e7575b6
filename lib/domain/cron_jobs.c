/* cron_jobs.c - periodic jobs: each one a function, the table names them */
#include "domain/cron_jobs.h"

#include <string.h>

#include "db/db.h"
#include "queue/outbox.h"

/* expired records are deleted by query: FerretDB has no TTL indexes (DESIGN §8) */
static const char *const expiring_collections[] = {"tokens", "import_chunks"};

static bool
purge_expired(struct app *app, time_t now, json_object *result, struct err *err)
{
    int64_t deleted = 0;

    for (size_t i = 0; i < sizeof(expiring_collections) / sizeof(expiring_collections[0]); i++) {
        mongoc_collection_t *coll = db_collection(app->db, expiring_collections[i]);
        bson_t *filter =
            BCON_NEW("expiresAt", "{", "$lt", BCON_DATE_TIME((int64_t)now * 1000), "}");
        bson_t reply;
        bson_error_t error;
        bool ok = mongoc_collection_delete_many(coll, filter, NULL, &reply, &error);

        if (ok) {
            bson_iter_t it;
            if (bson_iter_init_find(&it, &reply, "deletedCount"))
                deleted += bson_iter_as_int64(&it);
        }
        bson_destroy(&reply);
        bson_destroy(filter);
        if (!ok)
            return db_fail(err, &error, "purge expired");
    }
    json_object_object_add(result, "deleted", json_object_new_int64(deleted));
    return true;
}

static bool
flush_outbox(struct app *app, time_t now, json_object *result, struct err *err)
{
    long long moved = 0;

    (void)now;
    if (!outbox_flush(app, &moved, err))
        return false;
    json_object_object_add(result, "moved", json_object_new_int64(moved));
    return true;
}

static const struct cron_job jobs[] = {
    {"flush-outbox", flush_outbox, "every 60s"},
    {"purge-expired", purge_expired, "every 1h"},
};

const struct cron_job *
cron_job_find(const char *name)
{
    if (name == NULL)
        return NULL;
    for (size_t i = 0; i < sizeof(jobs) / sizeof(jobs[0]); i++)
        if (strcmp(jobs[i].name, name) == 0)
            return &jobs[i];
    return NULL;
}

void
cron_jobs_print(FILE *out)
{
    for (size_t i = 0; i < sizeof(jobs) / sizeof(jobs[0]); i++)
        fprintf(out, "%s %s\n", jobs[i].name, jobs[i].schedule);
}
