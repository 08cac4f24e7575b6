/* import_run.h - the imports job: the stored rows of one import become leads, chunk by chunk */
#ifndef PC_IMPORT_RUN_H
#define PC_IMPORT_RUN_H

#include <stdbool.h>

#include "app.h"
#include "core/err.h"

/* import_run - run import id (24 hex): status running; for each chunk after the last finished
 * one, new e-mails become leads (leads_insert, source import), an existing lead of the same
 * partner gets its empty fields filled (updated; skipped when nothing was empty), one of
 * another partner is left alone (skipped, lead.assignment_conflict event), rows that fail are
 * counted with their errors; the counters, processed and the last finished chunk are saved
 * after every chunk, so a redelivered job resumes there. At the end: each touched partner's
 * figures refreshed once, the chunks deleted, status done. A run that finds another worker has
 * taken the import over stops quietly. True when done (or nothing left to do); false with err:
 * unavailable = try again later, anything else = it cannot finish. */
bool import_run(struct app *app, const char *id, struct err *err);

/* import_mark_failed - an import that will not finish: status failed, finishedAt, the reason as
 * an error {row: null, field: null, problem}; its chunks are deleted. Best effort. */
void import_mark_failed(struct app *app, const char *id, const char *reason);

#endif
