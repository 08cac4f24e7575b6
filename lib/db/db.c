/* db.c - MongoDB client per process; reconnection is the driver's, error mapping is ours */
#include "db/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/log.h"
#include "model/indexes.h"

#define DB_MAX_COLLECTIONS 32
#define DB_MAX_TIME_EXPIRED 50 /* MaxTimeMSExpired, MongoDB's and FerretDB's code */

/* a command needs at least this much of the request's time, or it is not sent */
#define DB_MIN_TIME_MS 50

struct db {
    mongoc_client_t *client;
    enum db_engine engine;
    long max_time_ms;
    double deadline_ms; /* clock_mono_ms() by which the request must answer; 0 = none */
    int commands;       /* commands sent since db_take_commands (round trips, for the access log) */
    mongoc_database_t *database;
    struct {
        char *name;
        mongoc_collection_t *coll;
    } colls[DB_MAX_COLLECTIONS];
    int ncolls;
};

static void
set_default_ms(mongoc_uri_t *uri, const char *option, long ms)
{
    if (!mongoc_uri_has_option(uri, option))
        mongoc_uri_set_option_as_int32(uri, option, (int32_t)ms);
}

static void
on_command_started(const mongoc_apm_command_started_t *event)
{
    struct db *db = mongoc_apm_command_started_get_context(event);

    db->commands++;
    log_debug("database command", "name=%s", mongoc_apm_command_started_get_command_name(event));
}

/* the options the URL leaves unset */
static void
uri_defaults(mongoc_uri_t *uri, const struct db_options *o)
{
    set_default_ms(uri, MONGOC_URI_SERVERSELECTIONTIMEOUTMS, o->timeout_ms);
    set_default_ms(uri, MONGOC_URI_CONNECTTIMEOUTMS, o->timeout_ms);
    /* a server that honours maxTimeMS answers before the socket gives up; one that does not
     * (FerretDB ignores it on insert, update, delete and count) is cut off here */
    set_default_ms(uri, MONGOC_URI_SOCKETTIMEOUTMS, o->max_time_ms + o->timeout_ms);
    /* libmongoc 1.23 (Debian 12) deadlocks a single-threaded client when a heartbeat's check of
     * a known server fails and the immediate retry cannot even start: a unix socket gone, a
     * host name that no longer resolves (CDRIVER-4666, fixed upstream after 1.23). Seen here:
     * a request after a minute idle during a database outage hung until the watchdog. Errors
     * already refresh the topology (a failed command marks the server unknown and the next one
     * rescans), so heartbeats are pushed out of reach instead. */
    set_default_ms(uri, MONGOC_URI_HEARTBEATFREQUENCYMS, INT32_MAX);
    /* FerretDB has no transactions and ignores retryable-write sessions */
    mongoc_uri_set_option_as_bool(uri, MONGOC_URI_RETRYWRITES, false);
}

bool
db_engine_parse(const char *s, enum db_engine *out)
{
    static const char *const names[] = {"mongodb", "ferretdb-postgresql", "ferretdb-sqlite"};

    for (size_t i = 0; s != NULL && i < sizeof(names) / sizeof(names[0]); i++)
        if (strcmp(s, names[i]) == 0) {
            *out = (enum db_engine)i;
            return true;
        }
    return false;
}

enum db_engine
db_engine(const struct db *db)
{
    return db->engine;
}

void
db_set_deadline(struct db *db, double deadline_ms)
{
    db->deadline_ms = deadline_ms;
}

bool
db_max_time_ms(struct db *db, int64_t *ms, struct err *err)
{
    double left;

    *ms = db->max_time_ms;
    if (db->deadline_ms <= 0)
        return true;
    left = db->deadline_ms - clock_mono_ms();
    if (left < DB_MIN_TIME_MS) {
        log_warn("request out of time before a database command", "left_ms=%.0f", left);
        return err_unavailable(err, "the database", "the request ran out of time");
    }
    if (left < (double)*ms)
        *ms = (int64_t)left;
    return true;
}

int
db_take_commands(struct db *db)
{
    int n = db->commands;

    db->commands = 0;
    return n;
}

void
db_library_init(void)
{
    mongoc_init();
}

void
db_library_cleanup(void)
{
    mongoc_cleanup();
}

struct db *
db_new(const char *url, const struct db_options *o, struct err *err)
{
    bson_error_t error;
    mongoc_uri_t *uri = NULL;
    struct db *db = NULL;
    const char *dbname;

    uri = mongoc_uri_new_with_error(url, &error);
    if (uri == NULL) {
        err_set(err, ERR_INTERNAL, "invalid MONGODB_URL");
        err_cause(err, "%s", error.message);
        goto out;
    }
    uri_defaults(uri, o);
    db = calloc(1, sizeof(*db));
    if (db == NULL) {
        err_set(err, ERR_INTERNAL, "out of memory");
        goto out;
    }
    db->client = mongoc_client_new_from_uri(uri);
    if (db->client == NULL) {
        err_set(err, ERR_INTERNAL, "cannot create database client");
        free(db);
        db = NULL;
        goto out;
    }
    db->engine = o->engine;
    db->max_time_ms = o->max_time_ms;
    mongoc_client_set_error_api(db->client, MONGOC_ERROR_API_VERSION_2);
    mongoc_apm_callbacks_t *callbacks = mongoc_apm_callbacks_new();
    mongoc_apm_set_command_started_cb(callbacks, on_command_started);
    mongoc_client_set_apm_callbacks(db->client, callbacks, db);
    mongoc_apm_callbacks_destroy(callbacks);
    mongoc_client_set_appname(db->client, "partner-connector");
    dbname = mongoc_uri_get_database(uri);
    db->database = mongoc_client_get_database(db->client, dbname ? dbname : "partner_connector");
out:
    mongoc_uri_destroy(uri);
    return db;
}

void
db_free(struct db *db)
{
    if (db == NULL)
        return;
    for (int i = 0; i < db->ncolls; i++) {
        mongoc_collection_destroy(db->colls[i].coll);
        free(db->colls[i].name);
    }
    mongoc_database_destroy(db->database);
    mongoc_client_destroy(db->client);
    free(db);
}

mongoc_database_t *
db_database(struct db *db)
{
    return db->database;
}

mongoc_collection_t *
db_collection(struct db *db, const char *name)
{
    for (int i = 0; i < db->ncolls; i++)
        if (strcmp(db->colls[i].name, name) == 0)
            return db->colls[i].coll;
    if (db->ncolls == DB_MAX_COLLECTIONS)
        abort(); /* a programming error: more collections than the schema has */
    db->colls[db->ncolls].name = strdup(name);
    db->colls[db->ncolls].coll = mongoc_database_get_collection(db->database, name);
    return db->colls[db->ncolls++].coll;
}

bool
db_ping(struct db *db, struct err *err)
{
    bson_t *cmd = BCON_NEW("ping", BCON_INT32(1));
    bson_error_t error;
    bool ok = mongoc_database_command_simple(db->database, cmd, NULL, NULL, &error);

    bson_destroy(cmd);
    if (!ok)
        return db_fail(err, &error, NULL, "ping");
    return true;
}

/* A unique index refused the write. MongoDB says 11000 (11001 on old servers), and so do
 * FerretDB 1.24's inserts and upserts ("E11000 duplicate key error collection: db.coll", no
 * index named). FerretDB's updates and findAndModify say code 1 with the backend's words:
 * SQLite "UNIQUE constraint failed: index '<table>_<index>'", PostgreSQL "duplicate key value
 * violates unique constraint "<table>_<index>_<hash>_idx" (SQLSTATE 23505)" (both seen with
 * FerretDB v1.24.2). */
static bool
is_duplicate(const bson_error_t *error)
{
    if (error->code == 11000 || error->code == 11001)
        return true;
    return error->domain == MONGOC_ERROR_SERVER && error->code == 1
           && (strstr(error->message, "UNIQUE constraint failed") != NULL
               || strstr(error->message, "(SQLSTATE 23505)") != NULL);
}

/* the first key of an index declaration ({"email": 1} -> email) */
static void
first_key(const char *keys, char *out, size_t cap)
{
    const char *start = strchr(keys, '"'), *end = start ? strchr(start + 1, '"') : NULL;

    out[0] = '\0';
    if (end != NULL && (size_t)(end - start - 1) < cap)
        snprintf(out, cap, "%.*s", (int)(end - start - 1), start + 1);
}

/* The field whose value is taken: the unique index of collection that the message names
 * (MongoDB "index: email_unique", FerretDB's table_index names), else the collection's only
 * unique index (FerretDB's inserts name none); "_id" for MongoDB's _id_ index; "" when it
 * cannot be told. */
static void
duplicate_field(const char *collection, const char *message, char *out, size_t cap)
{
    const struct index_spec *only = NULL;
    int unique = 0;

    out[0] = '\0';
    for (size_t i = 0; collection != NULL && i < index_specs_count; i++) {
        const struct index_spec *s = &index_specs[i];
        if (!s->unique || strcmp(s->collection, collection) != 0)
            continue;
        if (strstr(message, s->name) != NULL) {
            first_key(s->keys, out, cap);
            return;
        }
        only = s;
        unique++;
    }
    if (strstr(message, "index: _id_ ") != NULL)
        snprintf(out, cap, "_id");
    else if (unique == 1)
        first_key(only->keys, out, cap);
}

bool
db_fail(struct err *err, const bson_error_t *error, const char *collection, const char *what)
{
    char field[64];

    if (is_duplicate(error)) {
        duplicate_field(collection, error->message, field, sizeof(field));
        err_set(err, ERR_CONFLICT, "a record with the same %s already exists",
                field[0] ? field : "unique value");
        if (field[0] != '\0')
            err_detail(err, field, "is already taken");
        err_cause(err, "%s %s: %s", what, collection ? collection : "", error->message);
        return false;
    }
    if (error->domain == MONGOC_ERROR_SERVER && error->code == DB_MAX_TIME_EXPIRED) {
        log_warn("database command exceeded its time limit", "op=%s collection=%s err=\"%s\"", what,
                 collection ? collection : "", error->message);
        return err_unavailable(err, "the database", error->message);
    }
    if (error->domain == MONGOC_ERROR_SERVER_SELECTION || error->domain == MONGOC_ERROR_STREAM
        || error->domain == MONGOC_ERROR_CLIENT) {
        log_warn("cannot reach database", "op=%s err=\"%s\"", what, error->message);
        return err_unavailable(err, "the database", error->message);
    }
    err_set(err, ERR_INTERNAL, "internal error");
    err_cause(err, "%s %s: domain=%u code=%u %s", what, collection ? collection : "", error->domain,
              error->code, error->message);
    return false;
}
