/* lead_history.c - the audit events of one lead, newest first, with the actors' names */
#include <stdio.h>
#include <string.h>

#include "core/isotime.h"
#include "core/oid.h"
#include "core/json.h"
#include "db/store.h"
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

static bool
name_actor(const bson_t *doc, void *ctx, struct err *err)
{
    struct actors *a = ctx;
    const bson_oid_t *id = json_bson_oid(doc, "_id");
    const char *name = json_bson_str(doc, "name");

    (void)err;
    for (int i = 0; id != NULL && name != NULL && i < a->n; i++)
        if (bson_oid_equal(&a->ids[i], id))
            snprintf(a->names[i], sizeof(a->names[i]), "%s", name);
    return true;
}

/* one query for every actor's name */
static bool
load_names(struct app *app, struct actors *a, struct err *err)
{
    bson_t filter = BSON_INITIALIZER, in, list;
    char key[16];
    bool ok;

    if (a->n == 0)
        return true;
    BSON_APPEND_DOCUMENT_BEGIN(&filter, "_id", &in);
    BSON_APPEND_ARRAY_BEGIN(&in, "$in", &list);
    for (int i = 0; i < a->n; i++) {
        snprintf(key, sizeof(key), "%d", i);
        BSON_APPEND_OID(&list, key, &a->ids[i]);
    }
    bson_append_array_end(&in, &list);
    bson_append_document_end(&filter, &in);
    ok = store_each(app->db, "users", &filter, NULL, name_actor, a, err);
    bson_destroy(&filter);
    return ok;
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

struct history {
    bson_t *events[HISTORY_MAX];
    int n;
    struct actors actors;
};

static bool
keep_event(const bson_t *doc, void *ctx, struct err *err)
{
    struct history *h = ctx;

    (void)err;
    if (h->n < HISTORY_MAX) {
        h->events[h->n] = bson_copy(doc);
        remember_actor(&h->actors, h->events[h->n++]);
    }
    return true;
}

/* the lead's events, newest first, and their actors' names */
static bool
history_read(struct app *app, const bson_oid_t *lead, struct history *h, struct err *err)
{
    bson_t *filter = BCON_NEW("entityType", BCON_UTF8("lead"), "entityId", BCON_OID(lead));
    bson_t *opts = BCON_NEW("sort", "{", "at", BCON_INT32(-1), "_id", BCON_INT32(-1), "}", "limit",
                            BCON_INT64(HISTORY_MAX));
    bool ok = store_each(app->db, "events", filter, opts, keep_event, h, err)
              && load_names(app, &h->actors, err);

    bson_destroy(filter);
    bson_destroy(opts);
    return ok;
}

json_object *
leads_history(struct app *app, const struct principal *p, const char *lead_id, struct err *err)
{
    bson_t *lead = NULL;
    bson_oid_t oid;
    char partner[OID_STR_SIZE];
    struct history h = {.n = 0};
    json_object *list, *out = NULL;

    if (!lead_load(app, p, lead_id, &lead, &oid, partner, err) || !history_read(app, &oid, &h, err))
        goto out;
    list = json_object_new_array();
    for (int i = 0; i < h.n; i++)
        json_object_array_add(list, event_json(&h.actors, h.events[i]));
    out = json_object_new_object();
    json_object_object_add(out, "list", list);
out:
    for (int i = 0; i < h.n; i++)
        bson_destroy(h.events[i]);
    bson_destroy(lead);
    return out;
}
