/* lead_history.c - the audit events of one lead, newest first, with the actors' names */
#include <stdio.h>
#include <string.h>

#include "core/isotime.h"
#include "core/oid.h"
#include "db/db.h"
#include "domain/leads.h"
#include "model/model.h"

#define HISTORY_MAX 500
#define ACTORS_MAX 64

struct actors {
    bson_oid_t ids[ACTORS_MAX];
    char names[ACTORS_MAX][128];
    int n;
};

static void
remember_actor(struct actors *a, const bson_t *event)
{
    bson_iter_t it, user;

    if (!bson_iter_init_find(&it, event, "actor") || !BSON_ITER_HOLDS_DOCUMENT(&it)
        || !bson_iter_recurse(&it, &user) || !bson_iter_find(&user, "user")
        || !BSON_ITER_HOLDS_OID(&user) || a->n == ACTORS_MAX)
        return;
    for (int i = 0; i < a->n; i++)
        if (bson_oid_equal(&a->ids[i], bson_iter_oid(&user)))
            return;
    bson_oid_copy(bson_iter_oid(&user), &a->ids[a->n++]);
}

/* one query for every actor's name */
static void
load_names(struct app *app, struct actors *a)
{
    bson_t filter = BSON_INITIALIZER, in, list;
    mongoc_cursor_t *cursor;
    const bson_t *doc;
    char key[16];

    if (a->n == 0)
        return;
    BSON_APPEND_DOCUMENT_BEGIN(&filter, "_id", &in);
    BSON_APPEND_ARRAY_BEGIN(&in, "$in", &list);
    for (int i = 0; i < a->n; i++) {
        snprintf(key, sizeof(key), "%d", i);
        BSON_APPEND_OID(&list, key, &a->ids[i]);
    }
    bson_append_array_end(&in, &list);
    bson_append_document_end(&filter, &in);
    cursor = mongoc_collection_find_with_opts(db_collection(app->db, "users"), &filter, NULL, NULL);
    while (mongoc_cursor_next(cursor, &doc)) {
        bson_iter_t id, name;
        if (!bson_iter_init_find(&id, doc, "_id") || !bson_iter_init_find(&name, doc, "name")
            || !BSON_ITER_HOLDS_UTF8(&name))
            continue;
        for (int i = 0; i < a->n; i++)
            if (bson_oid_equal(&a->ids[i], bson_iter_oid(&id)))
                snprintf(a->names[i], sizeof(a->names[i]), "%s", bson_iter_utf8(&name, NULL));
    }
    mongoc_cursor_destroy(cursor);
    bson_destroy(&filter);
}

static json_object *
actor_json(const struct actors *a, const bson_t *event)
{
    json_object *o = json_object_new_object();
    bson_iter_t it, sub;
    char hex[OID_STR_SIZE];

    if (!bson_iter_init_find(&it, event, "actor") || !BSON_ITER_HOLDS_DOCUMENT(&it))
        return o;
    bson_iter_recurse(&it, &sub);
    while (bson_iter_next(&sub)) {
        const char *key = bson_iter_key(&sub);
        if (strcmp(key, "kind") == 0 && BSON_ITER_HOLDS_UTF8(&sub))
            json_object_object_add(o, "kind", json_object_new_string(bson_iter_utf8(&sub, NULL)));
        if (strcmp(key, "user") == 0 && BSON_ITER_HOLDS_OID(&sub)) {
            oid_format(bson_iter_oid(&sub), hex);
            json_object_object_add(o, "id", json_object_new_string(hex));
            for (int i = 0; i < a->n; i++)
                if (bson_oid_equal(&a->ids[i], bson_iter_oid(&sub)))
                    json_object_object_add(o, "name", json_object_new_string(a->names[i]));
        }
    }
    return o;
}

static json_object *
event_json(const struct actors *a, const bson_t *event)
{
    json_object *o = json_object_new_object();
    static const char *const keys[] = {"action", "before", "after", "source", "reason", "at"};
    bson_iter_t it;
    char hex[OID_STR_SIZE];

    if (bson_iter_init_find(&it, event, "_id") && BSON_ITER_HOLDS_OID(&it)) {
        oid_format(bson_iter_oid(&it), hex);
        json_object_object_add(o, "id", json_object_new_string(hex));
    }
    for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
        if (bson_iter_init_find(&it, event, keys[i]))
            json_object_object_add(o, keys[i], model_output_value(&it));
    json_object_object_add(o, "actor", actor_json(a, event));
    return o;
}

json_object *
leads_history(struct app *app, const struct principal *p, const char *lead_id, struct err *err)
{
    bson_t *lead = NULL, *filter, *opts;
    bson_oid_t oid;
    char partner[OID_STR_SIZE];
    mongoc_cursor_t *cursor;
    const bson_t *doc;
    bson_error_t error;
    bson_t *events[HISTORY_MAX];
    int n = 0;
    struct actors actors = {.n = 0};
    json_object *list, *out = NULL;

    if (!lead_load(app, p, lead_id, &lead, &oid, partner, err))
        return NULL;
    bson_destroy(lead);
    filter = BCON_NEW("entityType", BCON_UTF8("lead"), "entityId", BCON_OID(&oid));
    opts = BCON_NEW("sort", "{", "at", BCON_INT32(-1), "_id", BCON_INT32(-1), "}", "limit",
                    BCON_INT64(HISTORY_MAX));
    cursor = mongoc_collection_find_with_opts(db_collection(app->db, "events"), filter, opts, NULL);
    while (n < HISTORY_MAX && mongoc_cursor_next(cursor, &doc)) {
        events[n] = bson_copy(doc);
        remember_actor(&actors, events[n++]);
    }
    if (mongoc_cursor_error(cursor, &error)) {
        db_fail(err, &error, "lead history");
    } else {
        load_names(app, &actors);
        list = json_object_new_array();
        for (int i = 0; i < n; i++)
            json_object_array_add(list, event_json(&actors, events[i]));
        out = json_object_new_object();
        json_object_object_add(out, "list", list);
    }
    for (int i = 0; i < n; i++)
        bson_destroy(events[i]);
    mongoc_cursor_destroy(cursor);
    bson_destroy(filter);
    bson_destroy(opts);
    return out;
}
