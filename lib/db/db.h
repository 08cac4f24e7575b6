/* db.h - the process's MongoDB client: open once, reconnect by itself, errors mapped to struct err
 */
#ifndef PC_DB_H
#define PC_DB_H

#include <mongoc/mongoc.h>
#include <stdbool.h>

#include "core/err.h"

struct db;

/* db_library_init / db_library_cleanup - the driver's process-wide set-up, once per process
 * before the first db_new and after the last db_free */
void db_library_init(void);
void db_library_cleanup(void);

/* db_new - parse url and create a single-threaded client (no I/O yet; the first operation
 * connects). timeout_ms fills serverSelection/connect/socket timeouts the URL leaves unset.
 * Returns NULL with err set when the URL is invalid. */
struct db *db_new(const char *url, long timeout_ms, struct err *err);
void db_free(struct db *db);

/* db_collection - a cached handle owned by db; never destroy it */
mongoc_collection_t *db_collection(struct db *db, const char *name);

/* db_database - the database named in the URL (default "partner_connector") */
mongoc_database_t *db_database(struct db *db);

/* db_take_commands - database commands (round trips) since the last call, and reset */
int db_take_commands(struct db *db);

/* db_ping - round trip to the server; false with err unavailable when it cannot be reached */
bool db_ping(struct db *db, struct err *err);

/* db_fail - map a driver error to our vocabulary (for store.c and db.c): unreachable server
 * -> unavailable (503); a unique index refusing the write (MongoDB's and FerretDB's ways) ->
 * conflict (409) whose detail names the field of collection's unique index; anything else ->
 * internal (500). what and collection (may be NULL) go to the logged cause. Returns false. */
bool db_fail(struct err *err, const bson_error_t *error, const char *collection, const char *what);

#endif
