/* import_chunks.c - the rows of an import waiting for the worker, in chunk documents */
#include "import/import_chunks.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/clock.h"
#include "core/oid.h"
#include "db/store.h"

static void
chunk_id(const bson_oid_t *id, int seq, char out[40])
{
    char hex[OID_STR_SIZE];

    oid_format(id, hex);
    snprintf(out, 40, "%s:%06d", hex, seq);
}

/* rows: [{row, partner, fields}] of the batch */
static void
append_rows(const struct import_upload *u, bson_t *doc)
{
    bson_t rows, row;
    char key[24];
    bson_oid_t partner;

    BSON_APPEND_ARRAY_BEGIN(doc, "rows", &rows);
    for (size_t i = 0; i < u->nbatch; i++) {
        snprintf(key, sizeof(key), "%zu", i);
        if (!oid_parse_str(u->batch[i].partner, &partner)) /* checked when the row was read */
            memset(&partner, 0, sizeof(partner));
        BSON_APPEND_DOCUMENT_BEGIN(&rows, key, &row);
        BSON_APPEND_INT64(&row, "row", u->batch[i].row);
        BSON_APPEND_OID(&row, "partner", &partner);
        BSON_APPEND_DOCUMENT(&row, "fields", u->batch[i].fields);
        bson_append_document_end(&rows, &row);
    }
    bson_append_array_end(doc, &rows);
}

bool
import_chunk_write(struct import_upload *u, struct err *err)
{
    int64_t now = clock_now_ms();
    char id[40];
    bson_t doc = BSON_INITIALIZER;
    bool ok;

    chunk_id(&u->id, u->nchunks, id);
    BSON_APPEND_UTF8(&doc, "_id", id);
    BSON_APPEND_OID(&doc, "import", &u->id);
    BSON_APPEND_INT32(&doc, "seq", u->nchunks);
    append_rows(u, &doc);
    BSON_APPEND_DATE_TIME(&doc, "createdAt", now);
    BSON_APPEND_DATE_TIME(&doc, "expiresAt", now + (int64_t)IMPORT_CHUNK_DAYS * 86400000);
    ok = store_insert_one(u->app->db, "import_chunks", &doc, err);
    bson_destroy(&doc);
    if (!ok)
        return false;
    u->nchunks++;
    return true;
}

bool
import_chunk_read(struct app *app, const bson_oid_t *id, int seq, bson_t **doc, struct err *err)
{
    char cid[40];
    bson_t *filter;
    bool found = false, ok;

    chunk_id(id, seq, cid);
    filter = BCON_NEW("_id", BCON_UTF8(cid));
    ok = store_find_one(app->db, "import_chunks", filter, NULL, doc, &found, err);
    bson_destroy(filter);
    if (ok && !found)
        return err_set(err, ERR_NOT_FOUND, "import rows %s are missing", cid);
    return ok;
}

bool
import_chunks_delete(struct app *app, const bson_oid_t *id, struct err *err)
{
    bson_t *filter = BCON_NEW("import", BCON_OID(id));
    bool ok = store_delete_many(app->db, "import_chunks", filter, NULL, err);

    bson_destroy(filter);
    return ok;
}
