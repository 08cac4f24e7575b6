/* import_upload.h - one uploaded file read into an import: rows mapped, partners resolved,
 * checked against the leads table, errors collected, valid rows handed over in batches */
#ifndef PC_IMPORT_UPLOAD_H
#define PC_IMPORT_UPLOAD_H

#include <bson/bson.h>
#include <json-c/json.h>
#include <stdbool.h>

#include "app.h"
#include "core/err.h"
#include "core/oid.h"
#include "core/principal.h"
#include "import/import_map.h"
#include "import/import_partners.h"
#include "import/import_seen.h"

#define IMPORT_MAX_ROWS 100000   /* data rows of one file */
#define IMPORT_BATCH 500         /* rows per duplicate query and per stored chunk */
#define IMPORT_MAX_ERRORS 1000   /* entries of errors[] (and of duplicates[]) */
#define IMPORT_PREVIEW_ROWS 20   /* rows of the dry run's preview */
#define IMPORT_PREVIEW_CHARS 256 /* characters of a value it echoes: more than any lead field */

struct import_batch_row {
    long row;
    char email[256]; /* lower-cased, as stored */
    char partner[OID_STR_SIZE];
    bson_t *fields; /* model_input's result for the leads table */
};

struct import_upload;
typedef bool import_flush_fn(struct import_upload *u, struct err *err);

struct import_upload {
    struct app *app;
    bson_oid_t id;                    /* the import's id (chunks carry it) */
    char fixed_partner[OID_STR_SIZE]; /* the form field's partner or the partner admin's; "" = none
                                       */
    bool partner_locked;              /* a partner admin: every row goes to fixed_partner */
    import_flush_fn *flush; /* what a full batch goes to: duplicate checks or a stored chunk */
    struct import_columns cols;
    bool have_header;
    long total;           /* data rows (blank rows are not counted) */
    long failed;          /* data rows with at least one error */
    int nchunks;          /* chunks stored */
    json_object *errors;  /* [{row, field, problem}], at most IMPORT_MAX_ERRORS */
    json_object *preview; /* the first IMPORT_PREVIEW_ROWS mapped rows */
    bool preview_cut;     /* a value of preview was cut to IMPORT_PREVIEW_CHARS */
    json_object *dups;    /* dry run: [{row, email, existingPartner, samePartner, firstRow}] */
    struct import_seen *seen;
    /* dry run, import_dups.c: leads read all at once, once the row-by-row queries cost more */
    struct import_seen *leads; /* NULL = still querying per batch */
    int64_t lead_count;        /* estimated number of leads; -1 = not asked yet */
    long rows_queried;         /* rows checked by per-batch queries so far */
    struct import_partners partners;
    size_t nbatch;
    struct import_batch_row batch[IMPORT_BATCH];
    struct err *err; /* where a fatal problem of a row callback goes */
};

/* import_upload_new - a session for app with its own new id; flush receives each full batch
 * (and the last one). NULL when out of memory. import_upload_free(NULL) is a no-op. */
struct import_upload *import_upload_new(struct app *app, import_flush_fn *flush);
void import_upload_free(struct import_upload *u);

/* import_upload_read - read data[0..len) into u in two passes: the reader alone first (rows
 * counted, nothing looked up or written), so a file that cannot be imported costs one read and
 * leaves nothing behind; then the rows checked and flushed. False with err (validation_failed
 * detail "file" for files that cannot be imported: unreadable, a cell over the limit, no header,
 * no data rows, too many rows; unavailable when the database failed). Row problems are not
 * failures: they are in u->errors. */
bool import_upload_read(struct import_upload *u, const char *data, size_t len, struct err *err);

/* import_upload_error - append {row, field (NULL = the row), problem} to u->errors, up to the
 * cap */
void import_upload_error(struct import_upload *u, long row, const char *field, const char *problem);

/* import_batch_clear - free the rows of the batch and empty it */
void import_batch_clear(struct import_upload *u);

#endif
