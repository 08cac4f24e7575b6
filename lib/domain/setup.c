/* setup.c - indexes and owner bootstrap, both safe to run at every start */
#include "domain/setup.h"

#include <ctype.h>
#include <string.h>

#include "auth/passwd.h"
#include "core/clock.h"
#include "core/log.h"
#include "model/indexes.h"

static bool
create_index(struct app *app, const struct index_spec *spec, struct err *err)
{
    bson_error_t error;
    bson_t *keys = bson_new_from_json((const uint8_t *)spec->keys, -1, &error);
    bson_t *cmd = NULL, reply;
    bool ok;

    if (keys == NULL) {
        err_cause(err, "index %s: %s", spec->name, error.message);
        return err_set(err, ERR_INTERNAL, "invalid index declaration");
    }
    cmd = BCON_NEW("createIndexes", BCON_UTF8(spec->collection), "indexes", "[", "{", "key",
                   BCON_DOCUMENT(keys), "name", BCON_UTF8(spec->name), "unique",
                   BCON_BOOL(spec->unique), "}", "]");
    ok = mongoc_database_write_command_with_opts(db_database(app->db), cmd, NULL, &reply, &error);
    bson_destroy(&reply);
    bson_destroy(cmd);
    bson_destroy(keys);
    if (!ok)
        return db_fail(err, &error, spec->name);
    return true;
}

bool
setup_indexes(struct app *app, struct err *err)
{
    for (size_t i = 0; i < index_specs_count; i++)
        if (!create_index(app, &index_specs[i], err))
            return false;
    return true;
}

static bool
owner_exists(struct app *app, bool *exists, struct err *err)
{
    bson_t *filter = BCON_NEW("role", BCON_UTF8("owner"));
    bson_error_t error;
    int64_t n = mongoc_collection_count_documents(db_collection(app->db, "users"), filter, NULL,
                                                  NULL, NULL, &error);

    bson_destroy(filter);
    if (n < 0)
        return db_fail(err, &error, "count owners");
    *exists = n > 0;
    return true;
}

bool
setup_owner(struct app *app, bool *created, struct err *err)
{
    const struct config *cfg = &app->cfg;
    char hash[PASSWD_HASH_CAP], email[256];
    bson_t *doc = NULL;
    bson_error_t error;
    bool exists = false, ok = false;
    int64_t now = clock_now_ms();

    *created = false;
    if (!owner_exists(app, &exists, err))
        return false;
    if (exists || cfg->owner_email == NULL || cfg->owner_password == NULL)
        return true;
    snprintf(email, sizeof(email), "%s", cfg->owner_email);
    for (char *p = email; *p != '\0'; p++)
        *p = (char)tolower((unsigned char)*p);
    if (strchr(email, '@') == NULL)
        return err_set(err, ERR_VALIDATION_FAILED, "INITIAL_OWNER_EMAIL is not an e-mail address");
    if (!passwd_hash(cfg->owner_password, hash, err))
        return false;
    doc = BCON_NEW("email", BCON_UTF8(email), "name", BCON_UTF8(cfg->owner_name), "role",
                   BCON_UTF8("owner"), "partner", BCON_NULL, "isActive", BCON_BOOL(true), "status",
                   BCON_UTF8("active"), "passwordHash", BCON_UTF8(hash), "tokensValidAfter",
                   BCON_DATE_TIME(0), "createdAt", BCON_DATE_TIME(now), "updatedAt",
                   BCON_DATE_TIME(now));
    ok = mongoc_collection_insert_one(db_collection(app->db, "users"), doc, NULL, NULL, &error);
    bson_destroy(doc);
    if (!ok)
        return db_fail(err, &error, "insert owner");
    log_info("created the initial owner", "email=%s", email);
    *created = true;
    return true;
}
