/* partner_names.c - no second partner of the same name (name_key: case, outer and repeated
 * spaces ignored) unless the request confirms it */
#include "domain/partners.h"

#include <stdio.h>
#include <string.h>

#include "core/json.h"
#include "core/name_key.h"
#include "db/store.h"

#define PARTNER_KEY_CAP 512 /* bytes of a name_key of 120 characters */

struct name_scan {
    const char *key;             /* the new name's key */
    const bson_oid_t *self;      /* the partner renamed (NULL on create) */
    char taken[PARTNER_KEY_CAP]; /* the other partner's name, "" while none */
};

static bool
scan_one(const bson_t *doc, void *ctx, struct err *err)
{
    struct name_scan *s = ctx;
    const bson_oid_t *id = json_bson_oid(doc, "_id");
    char key[PARTNER_KEY_CAP];

    (void)err;
    if (json_bson_archived(doc) || (s->self && id && bson_oid_equal(id, s->self)))
        return true;
    if (name_key(json_or_empty(json_bson_str(doc, "name")), key, sizeof(key))
        && strcmp(key, s->key) == 0) {
        snprintf(s->taken, sizeof(s->taken), "%s", json_bson_str(doc, "name"));
        return false; /* found: the scan ends (err stays empty) */
    }
    return true;
}

bool
partner_take_confirm(bson_t *fields)
{
    bson_iter_t it;
    bool confirm = bson_iter_init_find(&it, fields, "confirmDuplicateName")
                   && BSON_ITER_HOLDS_BOOL(&it) && bson_iter_bool(&it);
    bson_t rest = BSON_INITIALIZER;

    if (bson_has_field(fields, "confirmDuplicateName")) {
        bson_copy_to_excluding_noinit(fields, &rest, "confirmDuplicateName", NULL);
        bson_reinit(fields);
        bson_concat(fields, &rest);
    }
    bson_destroy(&rest);
    return confirm;
}

bool
partner_name_free(struct app *app, const bson_t *fields, const bson_t *current, struct err *err)
{
    char key[PARTNER_KEY_CAP], now[PARTNER_KEY_CAP];
    struct name_scan s = {
        .key = key, .self = current ? json_bson_oid(current, "_id") : NULL, .taken = ""};
    bson_t *filter, *opts;
    bool ok;

    if (!name_key(json_or_empty(json_bson_str(fields, "name")), key, sizeof(key)))
        return true; /* no name in the change, or one model_input refuses */
    /* the same name again (a settings form sends it each time): a duplicate kept, not made */
    if (current && name_key(json_or_empty(json_bson_str(current, "name")), now, sizeof(now))
        && strcmp(now, key) == 0)
        return true;
    filter = bson_new();
    opts = BCON_NEW("projection", "{", "name", BCON_INT32(1), "archivedAt", BCON_INT32(1), "}");
    ok = store_each(app->db, "partners", filter, opts, scan_one, &s, err);
    bson_destroy(opts);
    bson_destroy(filter);
    if (s.taken[0] == '\0')
        return ok;
    err_set(err, ERR_DUPLICATE_NAME,
            "a partner named \"%.200s\" exists; send confirmDuplicateName: true to save it anyway",
            s.taken);
    err_detail(err, "name", "is the name of another partner");
    return false;
}
