/* uploads.h - the import tests' client: multipart uploads through nginx, polling an import to
 * its end, and the lookups their checks need */
#ifndef PC_UPLOADS_H
#define PC_UPLOADS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/json.h"
#include "fixtures.h"

#define BOUNDARY "pcImportBoundary9f3a"
#define PLAIN (JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE)

/* import_post_raw - POST len bytes of body as ctype with c's session (CSRF header included) */
void import_post_raw(struct session_client *c, const char *path, const char *ctype,
                     const char *body, size_t len, struct api_res *res);

/* import_upload - POST /leads/import (?dryRun=1 when dry_run) as c: a multipart form of the
 * partner field (when not NULL) and the file; returns the status */
long import_upload(struct session_client *c, bool dry_run, const char *filename, const char *data,
                   size_t len, const char *partner, struct api_res *res);

/* import_wait_done - GET /imports/:id as c until done (failing after timeout_s), checking that
 * processed never goes back; returns the final answer without its times (the caller puts it),
 * after checking they are set and in order; seconds (may be NULL) receives the time taken */
json_object *import_wait_done(struct session_client *c, const char *id, int timeout_s,
                              double *seconds);

/* assert_refused - res has status and error code, and details exactly (JSON; NULL: none);
 * frees res */
void assert_refused(struct api_res *res, long status, const char *code, const char *details);

/* json_plain - o as compact JSON (borrowed from o) */
const char *json_plain(json_object *o);

/* lead_id_by_email - the id of the lead with this e-mail, "" when none */
void lead_id_by_email(const char *email, char id[25]);

/* count_matching - documents of collection matching the extended JSON filter fmt, ... */
long long count_matching(const char *collection, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* rows_csv - a CSV of a header and n rows "prefix-i-tag@test.local,Name i,Company i%50" (caller
 * frees) */
char *rows_csv(const char *prefix, const char *tag, int n, size_t *len);

/* zip_parts - a zip archive (deflated) of name/content pairs (NULL-terminated); lens (may be
 * NULL, or 0 for one) gives a content's length, else strlen; caller frees */
char *zip_parts(const char *const *parts, const size_t *lens, size_t *len);

/* take_file - the whole file at path, read into memory, then removed (caller frees) */
char *take_file(const char *path, size_t *len);

#endif
