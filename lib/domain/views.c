/* views.c - saved views of the leads list: create, list, read, delete (the owner's) */
#include "domain/views.h"

#include <string.h>

#include "core/clock.h"
#include "core/json.h"
#include "core/name_key.h"
#include "core/oid.h"
#include "db/store.h"
#include "model/tables.h"

#define VIEW_KEY_CAP 400 /* bytes of a name_key of 80 characters */

/* the circle a view is shared with: the owner's partner, or "staff" */
static const char *
circle_of(const struct principal *p)
{
    return p->partner_id[0] != '\0' ? p->partner_id : "staff";
}

/* the views within p's reach, and those with _id when id is not NULL */
static bson_t *
reach_filter(const struct principal *p, const bson_oid_t *owner, const bson_oid_t *id)
{
    bson_t *f = id ? BCON_NEW("_id", BCON_OID(id)) : bson_new();

    BCON_APPEND(f, "$or", "[", "{", "owner", BCON_OID(owner), "}", "{", "shared", BCON_BOOL(true),
                "circle", BCON_UTF8(circle_of(p)), "}", "]");
    return f;
}

static bool
room_for_one(struct app *app, const bson_oid_t *owner, struct err *err)
{
    bson_t *filter = BCON_NEW("owner", BCON_OID(owner));
    int64_t n = 0;
    bool ok = store_count_upto(app->db, "views", filter, VIEWS_MAX_PER_USER, &n, err);

    bson_destroy(filter);
    if (ok && n >= VIEWS_MAX_PER_USER)
        return err_set(err, ERR_CONFLICT, "a user has at most %d saved views; delete one",
                       VIEWS_MAX_PER_USER);
    return ok;
}

/* the checked fields and their name's key; a name of only spaces has no key */
static bool
read_fields(const struct principal *p, json_object *in, bson_t *fields, char *key, struct err *err)
{
    if (!model_input(&views_model, in, MODEL_CREATE, p, fields, err))
        return false;
    if (!name_key(json_or_empty(json_bson_str(fields, "name")), key, VIEW_KEY_CAP)) {
        bson_reinit(fields);
        err_detail(err, "name", "must not be empty");
        return err_set(err, ERR_VALIDATION_FAILED, "invalid view");
    }
    return true;
}

static bson_t *
view_doc(struct app *app, const bson_t *fields, const bson_oid_t *owner, const struct principal *p,
         const char *key)
{
    char name[256];
    bson_oid_t id;
    bson_t *doc;

    bson_oid_init(&id, NULL);
    store_string_by_id(app->db, "users", owner, "name", name, sizeof(name)); /* "" unread */
    doc = BCON_NEW("_id", BCON_OID(&id), "owner", BCON_OID(owner), "ownerName", BCON_UTF8(name),
                   "circle", BCON_UTF8(circle_of(p)), "nameKey", BCON_UTF8(key));
    bson_concat(doc, fields);
    if (!bson_has_field(doc, "columns")) {
        bson_t none = BSON_INITIALIZER;

        BSON_APPEND_ARRAY(doc, "columns", &none);
    }
    if (!bson_has_field(doc, "shared"))
        BSON_APPEND_BOOL(doc, "shared", false);
    BSON_APPEND_DATE_TIME(doc, "createdAt", clock_now_ms());
    return doc;
}

/* p's user id; a principal without one (not a person) has no views */
static bool
owner_of(const struct principal *p, bson_oid_t *owner, struct err *err)
{
    if (p->kind != PRINCIPAL_USER || !oid_parse_str(p->user_id, owner))
        return err_set(err, ERR_FORBIDDEN, "saved views belong to signed-in users");
    return true;
}

json_object *
views_create(struct app *app, const struct principal *p, json_object *in, struct err *err)
{
    bson_t fields = BSON_INITIALIZER, *doc = NULL;
    char key[VIEW_KEY_CAP];
    bson_oid_t owner;
    json_object *out = NULL;

    if (!owner_of(p, &owner, err) || !read_fields(p, in, &fields, key, err)
        || !room_for_one(app, &owner, err))
        goto out;
    doc = view_doc(app, &fields, &owner, p, key);
    /* the unique index owner_name_unique refuses a second view of the same name */
    if (!store_insert_one(app->db, "views", doc, err)) {
        if (err_is(err, ERR_CONFLICT))
            err_conflict(err, "name", "is taken", "you already have a view with this name");
        goto out;
    }
    out = model_output(&views_model, doc, p);
out:
    bson_destroy(doc);
    bson_destroy(&fields);
    return out;
}

json_object *
views_list(struct app *app, const struct principal *p, struct err *err)
{
    bson_t *filter = NULL, *opts = NULL;
    bson_oid_t owner;
    json_object *list = NULL, *out = NULL;

    if (!owner_of(p, &owner, err))
        return NULL;
    filter = reach_filter(p, &owner, NULL);
    opts = BCON_NEW("sort", "{", "nameKey", BCON_INT32(1), "_id", BCON_INT32(1), "}", "limit",
                    BCON_INT64(200));
    list = store_outputs(app->db, &views_model, filter, opts, p, err);
    if (list != NULL) {
        out = json_object_new_object();
        json_object_object_add(out, "list", list);
    }
    bson_destroy(opts);
    bson_destroy(filter);
    return out;
}

/* the view id within p's reach into *doc */
static bool
view_load(struct app *app, const struct principal *p, const char *id, bson_oid_t *owner,
          bson_t **doc, struct err *err)
{
    bson_oid_t oid;
    bson_t *filter;
    bool found = false, ok;

    if (!owner_of(p, owner, err))
        return false;
    if (!oid_parse_str(id, &oid))
        return err_set(err, ERR_NOT_FOUND, "no such view");
    filter = reach_filter(p, owner, &oid);
    ok = store_find_one(app->db, "views", filter, NULL, doc, &found, err);
    bson_destroy(filter);
    return !ok ? false : found ? true : err_set(err, ERR_NOT_FOUND, "no such view");
}

json_object *
views_get(struct app *app, const struct principal *p, const char *id, struct err *err)
{
    bson_t *doc = NULL;
    bson_oid_t owner;
    json_object *out = NULL;

    if (view_load(app, p, id, &owner, &doc, err))
        out = model_output(&views_model, doc, p);
    bson_destroy(doc);
    return out;
}

bool
views_delete(struct app *app, const struct principal *p, const char *id, struct err *err)
{
    bson_t *doc = NULL, *filter = NULL;
    bson_oid_t owner;
    const bson_oid_t *of;
    bool ok = false;

    if (!view_load(app, p, id, &owner, &doc, err))
        goto out;
    of = json_bson_oid(doc, "owner");
    if (of == NULL || !bson_oid_equal(of, &owner)) {
        err_set(err, ERR_FORBIDDEN, "only its owner may delete a view");
        goto out;
    }
    filter = BCON_NEW("_id", BCON_OID(json_bson_oid(doc, "_id")), "owner", BCON_OID(&owner));
    ok = store_delete_one(app->db, "views", filter, NULL, err);
out:
    bson_destroy(filter);
    bson_destroy(doc);
    return ok;
}
