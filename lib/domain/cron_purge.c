/* cron_purge.c - bounded deletes for the purge job: FerretDB has no TTL index, so expired
 * records go by query, a batch at a time, so one run never holds the database for long */
#include <string.h>

#include "db/store.h"
#include "domain/cron_runs.h"

struct ids {
    bson_t in; /* the $in array being built */
    uint32_t n;
};

static bool
add_id(const bson_t *doc, void *ctx, struct err *err)
{
    struct ids *ids = ctx;
    bson_iter_t it;
    char key[16];

    (void)err;
    if (bson_iter_init_find(&it, doc, "_id")) {
        snprintf(key, sizeof(key), "%u", ids->n++);
        bson_append_value(&ids->in, key, -1, bson_iter_value(&it));
    }
    return true;
}

/* the {_id: {$in: [...]}} of at most limit documents of collection matching filter, oldest ids
 * first, into match (caller's, initialised); *n counts them */
static bool
match_ids(struct app *app, const char *collection, const bson_t *filter, int64_t limit,
          bson_t *match, uint32_t *n, struct err *err)
{
    struct ids ids = {.n = 0};
    bson_t *opts = BCON_NEW("projection", "{", "_id", BCON_INT32(1), "}", "sort", "{", "_id",
                            BCON_INT32(1), "}", "limit", BCON_INT64(limit));
    bson_t in_doc;
    bool ok;

    bson_init(&ids.in);
    ok = store_each(app->db, collection, filter, opts, add_id, &ids, err);
    BSON_APPEND_DOCUMENT_BEGIN(match, "_id", &in_doc);
    BSON_APPEND_ARRAY(&in_doc, "$in", &ids.in);
    bson_append_document_end(match, &in_doc);
    *n = ok ? ids.n : 0;
    bson_destroy(&ids.in);
    bson_destroy(opts);
    return ok;
}

bool
cron_purge_batch(struct app *app, const char *collection, const bson_t *filter, int64_t limit,
                 int64_t *n, struct err *err)
{
    bson_t match = BSON_INITIALIZER;
    uint32_t found = 0;
    bool ok = match_ids(app, collection, filter, limit, &match, &found, err);

    *n = 0;
    if (ok && found > 0)
        ok = store_delete_many(app->db, collection, &match, n, err);
    bson_destroy(&match);
    return ok;
}

bool
cron_purge_set_batch(struct app *app, const char *collection, const bson_t *filter,
                     const bson_t *set, int64_t limit, int64_t *n, struct err *err)
{
    bson_t match = BSON_INITIALIZER, update = BSON_INITIALIZER;
    uint32_t found = 0;
    bool ok = match_ids(app, collection, filter, limit, &match, &found, err);

    *n = 0;
    if (ok && found > 0) {
        BSON_APPEND_DOCUMENT(&update, "$set", set);
        ok = store_update_many(app->db, collection, &match, &update, err);
        *n = ok ? found : 0;
    }
    bson_destroy(&update);
    bson_destroy(&match);
    return ok;
}

bool
cron_runs_purge(struct app *app, time_t now, int64_t limit, int64_t *n, struct err *err)
{
    int64_t before = ((int64_t)now - (int64_t)CRON_RUNS_KEEP_DAYS * 86400) * 1000, m = 0;
    bson_t *runs = BCON_NEW("startedAt", "{", "$lt", BCON_DATE_TIME(before), "}");
    bool ok = cron_purge_batch(app, "cron_runs", runs, limit, n, err)
              && cron_purge_batch(app, "cron_locks", runs, limit, &m, err);

    *n += m;
    bson_destroy(runs);
    return ok;
}
