/* import_chunks.h - the rows of an import waiting for the worker: documents of at most
 * IMPORT_BATCH rows in import_chunks, _id "<import id>:<seq>" (one import may be 20 MB, far
 * more than one document may hold) */
#ifndef PC_IMPORT_CHUNKS_H
#define PC_IMPORT_CHUNKS_H

#include <bson/bson.h>
#include <stdbool.h>

#include "app.h"
#include "core/err.h"
#include "import/import_upload.h"

#define IMPORT_CHUNK_DAYS 7 /* expiresAt: the purge-expired cron job removes forgotten chunks */

/* import_chunk_write - store u's batch as chunk number u->nchunks (then counts it); an
 * import_flush_fn */
bool import_chunk_write(struct import_upload *u, struct err *err);

/* import_chunk_read - chunk seq of import id; *doc is the caller's ({rows: [{row, partner,
 * fields}]}); not_found when it does not exist */
bool import_chunk_read(struct app *app, const bson_oid_t *id, int seq, bson_t **doc,
                       struct err *err);

/* import_chunks_delete - remove every chunk of import id */
bool import_chunks_delete(struct app *app, const bson_oid_t *id, struct err *err);

#endif
