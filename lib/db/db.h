/* db.h - the process's MongoDB client: open once, reconnect by itself, errors mapped to struct err
 */
#ifndef PC_DB_H
#define PC_DB_H

#include <mongoc/mongoc.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"

struct db;

/* what the server behind MONGODB_URL serves well (PC_DB_ENGINE): store.c shapes its queries by it;
 * every choice gives the same answers on every engine */
enum db_engine {
    DB_ENGINE_MONGODB,             /* indexes serve every declared filter and sort */
    DB_ENGINE_FERRETDB_POSTGRESQL, /* top-level equalities pushed down, no index reads */
    DB_ENGINE_FERRETDB_SQLITE,     /* a lone _id pushed down, nothing else */
};

/* db_engine_parse - the engine named s (mongodb, ferretdb-postgresql, ferretdb-sqlite); false
 * when s names none */
bool db_engine_parse(const char *s, enum db_engine *out);

struct db_options {
    long timeout_ms;  /* server selection and connect timeouts the URL leaves unset */
    long max_time_ms; /* maxTimeMS of every command (socket timeout: this + timeout_ms) */
    enum db_engine engine;
};

/* db_library_init / db_library_cleanup - the driver's process-wide set-up, once per process
 * before the first db_new and after the last db_free */
void db_library_init(void);
void db_library_cleanup(void);

/* db_new - parse url and create a single-threaded client (no I/O yet; the first operation
 * connects) with o's timeouts where the URL leaves them unset. Returns NULL with err set when
 * the URL is invalid. */
struct db *db_new(const char *url, const struct db_options *o, struct err *err);
void db_free(struct db *db);

/* db_collection - a cached handle owned by db; never destroy it */
mongoc_collection_t *db_collection(struct db *db, const char *name);

/* db_database - the database named in the URL (default "partner_connector") */
mongoc_database_t *db_database(struct db *db);

/* db_engine - the engine the client was made for */
enum db_engine db_engine(const struct db *db);

/* db_set_deadline - the monotonic time (clock_mono_ms) by which the current request must have
 * its answer; 0 = none (workers, tools). Commands get the time that is left as maxTimeMS. */
void db_set_deadline(struct db *db, double deadline_ms);

/* db_max_time_ms - the maxTimeMS for the next command: the configured one, less when the
 * request's deadline is nearer. False with err unavailable (503, Retry-After) when the request
 * has no time left for another command. */
bool db_max_time_ms(struct db *db, int64_t *ms, struct err *err);

/* db_take_commands - database commands (round trips) since the last call, and reset */
int db_take_commands(struct db *db);

/* db_ping - round trip to the server; false with err unavailable when it cannot be reached */
bool db_ping(struct db *db, struct err *err);

/* db_fail - map a driver error to our vocabulary (for store.c and db.c): unreachable server
 * or a command past its maxTimeMS -> unavailable (503, Retry-After); a unique index refusing the
 * write (MongoDB's and FerretDB's ways) -> conflict (409) whose detail names the field of
 * collection's unique index; anything else -> internal (500). what and collection (may be NULL) go
 * to the logged cause. Returns false. */
bool db_fail(struct err *err, const bson_error_t *error, const char *collection, const char *what);

#endif
