/* import_run.c - the imports job's course: claim, chunks in order with progress saved after
 * each, then refreshed partner figures, deleted chunks and status done */
#include "import/import_run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/clock.h"
#include "core/json.h"
#include "core/log.h"
#include "core/oid.h"
#include "db/store.h"
#include "domain/partners.h"
#include "import/import_chunks.h"
#include "import/import_run_int.h"

void
run_error(struct run *r, int64_t row, const char *field, const char *problem)
{
    bson_t e;
    char key[24];

    if (r->nerrors + r->chunk_nerrors >= IMPORT_MAX_ERRORS)
        return;
    snprintf(key, sizeof(key), "%zu", r->chunk_nerrors++);
    BSON_APPEND_DOCUMENT_BEGIN(r->chunk_errors, key, &e);
    BSON_APPEND_INT64(&e, "row", row);
    if (field != NULL)
        BSON_APPEND_UTF8(&e, "field", field);
    else
        BSON_APPEND_NULL(&e, "field");
    BSON_APPEND_UTF8(&e, "problem", problem);
    bson_append_document_end(r->chunk_errors, &e);
}

void
run_touch(struct run *r, const char *partner)
{
    for (size_t i = 0; i < r->ntouched; i++)
        if (strcmp(r->touched[i], partner) == 0)
            return;
    if (r->ntouched < RUN_MAX_TOUCHED)
        snprintf(r->touched[r->ntouched++], OID_STR_SIZE, "%s", partner);
}

static int64_t
num(const bson_t *doc, const char *key)
{
    bson_iter_t it;

    return bson_iter_init_find(&it, doc, key) && BSON_ITER_HOLDS_NUMBER(&it)
               ? bson_iter_as_int64(&it)
               : 0;
}

static void
ref(const bson_t *doc, const char *key, char out[OID_STR_SIZE])
{
    const bson_oid_t *oid = json_bson_oid(doc, key);

    out[0] = '\0';
    if (oid != NULL)
        oid_format(oid, out);
}

/* the state of the import as the last run left it */
static void
run_from_doc(struct run *r, const bson_t *doc)
{
    bson_iter_t it, list;

    r->processed = num(doc, "processed");
    r->created = num(doc, "created");
    r->updated = num(doc, "updated");
    r->skipped = num(doc, "skipped");
    r->failed = num(doc, "failed");
    r->chunks = (int32_t)num(doc, "chunks");
    r->last_chunk = (int32_t)num(doc, "lastChunk");
    if (bson_iter_init_find(&it, doc, "errors") && bson_iter_recurse(&it, &list))
        while (bson_iter_next(&list))
            r->nerrors++;
    if (bson_iter_init_find(&it, doc, "partnersTouched") && bson_iter_recurse(&it, &list))
        while (bson_iter_next(&list))
            if (BSON_ITER_HOLDS_OID(&list) && r->ntouched < RUN_MAX_TOUCHED)
                oid_format(bson_iter_oid(&list), r->touched[r->ntouched++]);
    r->nsaved = r->ntouched;
    r->actor.kind = PRINCIPAL_USER;
    r->actor.role = ROLE_ADMIN;
    ref(doc, "createdBy", r->actor.user_id);
    ref(doc, "creatorPartner", r->actor.partner_id);
}

/* load the import and claim it for this run (status running); *done when nothing is left */
static bool
claim(struct run *r, bool *done, struct err *err)
{
    bson_t *filter = BCON_NEW("_id", BCON_OID(&r->id)), *doc = NULL, *update = NULL;
    bson_iter_t it;
    bool found = false, ok = store_find_one(r->app->db, "imports", filter, NULL, &doc, &found, err);

    if (ok && !found)
        ok = err_set(err, ERR_NOT_FOUND, "no such import");
    if (!ok)
        goto out;
    *done = bson_iter_init_find(&it, doc, "status") && BSON_ITER_HOLDS_UTF8(&it)
            && strcmp(bson_iter_utf8(&it, NULL), "queued") != 0
            && strcmp(bson_iter_utf8(&it, NULL), "running") != 0;
    if (*done)
        goto out;
    run_from_doc(r, doc);
    if (r->last_chunk < 0)
        r->processed = r->failed; /* the rows refused at upload count as processed */
    bson_oid_init(&r->token, NULL);
    update = BCON_NEW("$set", "{", "status", BCON_UTF8("running"), "runToken", BCON_OID(&r->token),
                      "processed", BCON_INT64(r->processed), "updatedAt",
                      BCON_DATE_TIME(clock_now_ms()), "}");
    ok = store_update_one(r->app->db, "imports", filter, update, NULL, NULL, err);
out:
    bson_destroy(update);
    bson_destroy(filter);
    bson_destroy(doc);
    return ok;
}

/* the touched partners not stored yet, as {$each: [...]} of $addToSet */
static void
append_touched(struct run *r, bson_t *update)
{
    bson_t add, each, list;
    bson_oid_t oid;
    char key[24];

    BSON_APPEND_DOCUMENT_BEGIN(update, "$addToSet", &add);
    BSON_APPEND_DOCUMENT_BEGIN(&add, "partnersTouched", &each);
    BSON_APPEND_ARRAY_BEGIN(&each, "$each", &list);
    for (size_t i = r->nsaved; i < r->ntouched; i++) {
        snprintf(key, sizeof(key), "%zu", i - r->nsaved);
        oid_parse_str(r->touched[i], &oid);
        BSON_APPEND_OID(&list, key, &oid);
    }
    bson_append_array_end(&each, &list);
    bson_append_document_end(&add, &each);
    bson_append_document_end(update, &add);
}

/* counters, errors and the finished chunk, in one update guarded by this run's claim;
 * *lost when another run holds the claim now */
static bool
save_progress(struct run *r, int32_t seq, bool *lost, struct err *err)
{
    bson_t *filter = BCON_NEW("_id", BCON_OID(&r->id), "runToken", BCON_OID(&r->token));
    bson_t *update = BCON_NEW("$set", "{", "processed", BCON_INT64(r->processed), "created",
                              BCON_INT64(r->created), "updated", BCON_INT64(r->updated), "skipped",
                              BCON_INT64(r->skipped), "failed", BCON_INT64(r->failed), "lastChunk",
                              BCON_INT32(seq), "updatedAt", BCON_DATE_TIME(clock_now_ms()), "}");
    bool ok, matched = false;

    if (r->chunk_nerrors > 0)
        BCON_APPEND(update, "$push", "{", "errors", "{", "$each", BCON_ARRAY(r->chunk_errors), "}",
                    "}");
    if (r->ntouched > r->nsaved)
        append_touched(r, update);
    ok = store_update_one(r->app->db, "imports", filter, update, NULL, &matched, err);
    *lost = ok && !matched;
    bson_destroy(update);
    bson_destroy(filter);
    if (!ok)
        return false;
    r->nerrors += r->chunk_nerrors;
    r->nsaved = r->ntouched;
    return true;
}

static bool
run_chunk(struct run *r, int32_t seq, bool *lost, struct err *err)
{
    bson_t *chunk = NULL;
    bool ok;

    bson_reinit(r->chunk_errors);
    r->chunk_nerrors = 0;
    ok = import_chunk_read(r->app, &r->id, seq, &chunk, err) && import_apply_chunk(r, chunk, err)
         && save_progress(r, seq, lost, err);
    bson_destroy(chunk);
    return ok;
}

/* the end: partner figures once each, chunks gone, status done */
static bool
finish(struct run *r, struct err *err)
{
    bson_t *filter = BCON_NEW("_id", BCON_OID(&r->id), "runToken", BCON_OID(&r->token)), *update;
    bson_oid_t oid;
    int64_t now = clock_now_ms();
    bool ok = true;

    for (size_t i = 0; i < r->ntouched && ok; i++)
        ok = oid_parse_str(r->touched[i], &oid) && partners_refresh_stats(r->app, &oid, err);
    if (ok)
        ok = import_chunks_delete(r->app, &r->id, err);
    update = BCON_NEW("$set", "{", "status", BCON_UTF8("done"), "finishedAt", BCON_DATE_TIME(now),
                      "updatedAt", BCON_DATE_TIME(now), "}", "$unset", "{", "runToken",
                      BCON_UTF8(""), "}");
    if (ok)
        ok = store_update_one(r->app->db, "imports", filter, update, NULL, NULL, err);
    bson_destroy(update);
    bson_destroy(filter);
    return ok;
}

bool
import_run(struct app *app, const char *id, struct err *err)
{
    struct run *r = calloc(1, sizeof(*r));
    bool done = false, lost = false, ok;

    if (r == NULL)
        return err_set(err, ERR_INTERNAL, "out of memory");
    r->app = app;
    r->chunk_errors = bson_new();
    if (!oid_parse_str(id, &r->id)) {
        ok = err_set(err, ERR_NOT_FOUND, "no such import");
        goto out;
    }
    oid_format(&r->id, r->hex);
    ok = claim(r, &done, err);
    for (int32_t seq = r->last_chunk + 1; ok && !done && !lost && seq < r->chunks; seq++)
        ok = run_chunk(r, seq, &lost, err);
    if (lost)
        log_info("import taken over by another run", "import=%s", r->hex);
    if (ok && !done && !lost)
        ok = finish(r, err);
out:
    bson_destroy(r->chunk_errors);
    free(r);
    return ok;
}

void
import_mark_failed(struct app *app, const char *id, const char *reason)
{
    bson_oid_t oid;
    struct err ignored = ERR_INIT;
    bson_t *filter, *update;

    if (!oid_parse_str(id, &oid))
        return;
    filter = BCON_NEW("_id", BCON_OID(&oid), "status", "{", "$in", "[", BCON_UTF8("queued"),
                      BCON_UTF8("running"), "]", "}");
    update = BCON_NEW("$set", "{", "status", BCON_UTF8("failed"), "finishedAt",
                      BCON_DATE_TIME(clock_now_ms()), "}", "$push", "{", "errors", "{", "row",
                      BCON_NULL, "field", BCON_NULL, "problem", BCON_UTF8(reason), "}", "}");
    if (!store_update_one(app->db, "imports", filter, update, NULL, NULL, &ignored))
        log_warn("cannot mark the import failed", "import=%s err=\"%s\"", id, ignored.cause);
    err_reset(&ignored);
    bson_destroy(update);
    bson_destroy(filter);
    import_chunks_delete(app, &oid, &ignored);
}
