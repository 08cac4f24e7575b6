/* setup.c - indexes and owner bootstrap, both safe to run at every start */
#include "domain/setup.h"

#include <ctype.h>
#include <string.h>

#include "auth/passwd.h"
#include "core/clock.h"
#include "core/log.h"
#include "db/store.h"
#include "model/indexes.h"
#include "model/tables.h"

static bool
create_index(struct app *app, const struct index_spec *spec, struct err *err)
{
    bson_error_t error;
    bson_t *keys = bson_new_from_json((const uint8_t *)spec->keys, -1, &error);
    bool ok;

    if (keys == NULL) {
        err_set(err, ERR_INTERNAL, "invalid index declaration");
        err_cause(err, "index %s: %s", spec->name, error.message);
        return false;
    }
    ok = store_create_index(app->db, spec->collection, spec->name, keys, spec->unique, err);
    bson_destroy(keys);
    return ok;
}

bool
setup_indexes(struct app *app, struct err *err)
{
    /* FerretDB 1.24 reads no index (DESIGN §8): there an index is a cost on every write and a
     * use only when unique */
    bool all = db_engine(app->db) == DB_ENGINE_MONGODB;

    for (size_t i = 0; i < index_specs_count; i++)
        if ((all || index_specs[i].unique) && !create_index(app, &index_specs[i], err))
            return false;
    return true;
}

static bool
owner_exists(struct app *app, bool *exists, struct err *err)
{
    bson_t *filter = BCON_NEW("role", BCON_UTF8("owner"));
    int64_t n = 0;
    bool ok = store_count(app->db, "users", filter, &n, err);

    bson_destroy(filter);
    *exists = n > 0;
    return ok;
}

bool
setup_owner(struct app *app, bool *created, struct err *err)
{
    const struct config *cfg = &app->cfg;
    char hash[PASSWD_HASH_CAP], email[256];
    bson_t *doc = NULL;
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
    model_terms_refresh(&users_model, NULL, doc); /* its name and e-mail are new: the terms */
    ok = store_insert_one(app->db, "users", doc, err);
    bson_destroy(doc);
    if (!ok)
        return false;
    log_info("created the initial owner", "email=%s", email);
    *created = true;
    return true;
}
