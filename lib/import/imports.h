/* imports.h - lead imports from CSV and XLSX files: preview (dry run), start (stored rows and
 * a job on the imports queue), progress; the job itself is import_run.h.
 *
 * Every json_object * returned is new and the caller's; NULL means err is set with one of the
 * codes named at the function, or unavailable (503: the database or Redis cannot be reached)
 * or internal (500), which any of them may return. */
#ifndef PC_IMPORTS_H
#define PC_IMPORTS_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stddef.h>

#include "app.h"
#include "core/err.h"
#include "core/principal.h"
#include "model/model.h"

struct import_file {
    const char *data; /* the file's bytes (borrowed) */
    size_t len;
    const char *filename; /* as uploaded (a path is cut to its last part); may be NULL */
    const char *partner;  /* the form field: id or slug; NULL or "" = none */
};

/* imports_preview - the dry run: {columns: [{header, field|null}], rows: [first 20 mapped
 * rows, values cut to 256 characters], truncated: true when a value was cut, total, failed, errors:
 * [{row, field, problem}], duplicates: [{row, email, existingPartner, samePartner, firstRow}]};
 * nothing is written. forbidden (not staff and bound to no partner), validation_failed (a file that
 * cannot be imported, an unknown partner). */
json_object *imports_preview(struct app *app, const struct principal *p,
                             const struct import_file *file, struct err *err);

/* imports_start - read and check the file as imports_preview does, store its valid rows in
 * chunks, create the imports document (status queued) and enqueue its job (job id = import id).
 * Returns {id}. forbidden, validation_failed as imports_preview; when Redis is down
 * (unavailable) the chunks and the document are deleted again, so nothing half-made stays. */
json_object *imports_start(struct app *app, const struct principal *p,
                           const struct import_file *file, struct err *err);

/* imports_get - {id, status, total, processed, created, updated, skipped, failed, errors,
 * partner, filename, createdAt, finishedAt} of an import within p's reach (staff: all; a
 * partner admin: their partner's); not_found otherwise */
json_object *imports_get(struct app *app, const struct principal *p, const char *id,
                         struct err *err);

/* imports_columns - {fields: [{field, label, headers: [spellings; the first is the template's],
 * required, note|null}]}: the table the header mapping uses (import_map.h), for the client's
 * template and its list of accepted headers; new, the caller's */
json_object *imports_columns(void);

/* imports_list - one page of the imports p may see (the table query of imports_model; newest
 * first): staff all, a partner admin their partner's (staff imports for it included); who
 * started each (startedBy, startedByName), the file, partner, status and counters, no errors.
 * validation_failed or bad_request for a bad query. */
json_object *imports_list(struct app *app, const struct principal *p,
                          const struct list_params *params, struct err *err);

#endif
