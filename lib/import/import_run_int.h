/* import_run_int.h - shared by import_run.c (the job's course) and import_apply.c (one row's
 * effect) only */
#ifndef PC_IMPORT_RUN_INT_H
#define PC_IMPORT_RUN_INT_H

#include <bson/bson.h>
#include <stdbool.h>
#include <stdint.h>

#include "app.h"
#include "core/err.h"
#include "core/oid.h"
#include "core/principal.h"
#include "import/import_upload.h"

#define RUN_MAX_TOUCHED 256
#define RUN_MAX_LEADS (2 * IMPORT_BATCH) /* the chunk's existing leads plus the ones it made */

struct run {
    struct app *app;
    bson_oid_t id;
    char hex[OID_STR_SIZE];
    bson_oid_t token;       /* this run's claim on the import */
    struct principal actor; /* the importing user, named in the audit events */
    int64_t processed, created, updated, skipped, failed;
    int32_t chunks, last_chunk;
    size_t nerrors;       /* stored in the document so far */
    bson_t *chunk_errors; /* this chunk's new errors (an array being built) */
    size_t chunk_nerrors;
    size_t ntouched, nsaved; /* partners given or updated leads; nsaved already stored */
    char touched[RUN_MAX_TOUCHED][OID_STR_SIZE];
    size_t nleads; /* leads of this chunk's e-mails, by e-mail */
    bson_t *leads[RUN_MAX_LEADS];
};

/* import_apply_chunk - the effects of one chunk's rows (import_apply.c); false with err when
 * the database or Redis failed (the chunk is then run again, which is harmless) */
bool import_apply_chunk(struct run *r, const bson_t *chunk, struct err *err);

/* run_error - record a row problem of this chunk (up to IMPORT_MAX_ERRORS in all) */
void run_error(struct run *r, int64_t row, const char *field, const char *problem);

/* run_touch - remember a partner whose figures must be refreshed at the end */
void run_touch(struct run *r, const char *partner);

#endif
