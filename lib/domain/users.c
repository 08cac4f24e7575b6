/* users.c - reading users and the rules of reach and management */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "auth/sessions.h"
#include "core/clock.h"
#include "core/json.h"
#include "core/oid.h"
#include "db/store.h"
#include "domain/users_int.h"
#include "model/tables.h"
#include "queue/events.h"

static void
copy_utf8(const bson_t *doc, const char *key, char *out, size_t cap)
{
    const char *s = json_bson_str(doc, key);

    if (s != NULL)
        snprintf(out, cap, "%s", s);
}

void
user_row_read(const bson_t *doc, struct user_row *row)
{
    bson_iter_t it;
    char role[16] = "";
    const bson_oid_t *id = json_bson_oid(doc, "_id"), *partner = json_bson_oid(doc, "partner");

    memset(row, 0, sizeof(*row));
    if (id != NULL) {
        bson_oid_copy(id, &row->oid);
        oid_format(id, row->id);
    }
    copy_utf8(doc, "email", row->email, sizeof(row->email));
    copy_utf8(doc, "name", row->name, sizeof(row->name));
    copy_utf8(doc, "role", role, sizeof(role));
    row->role = role_parse(role);
    copy_utf8(doc, "status", row->status, sizeof(row->status));
    copy_utf8(doc, "passwordHash", row->password_hash, sizeof(row->password_hash));
    if (partner != NULL)
        oid_format(partner, row->partner);
    row->is_active = bson_iter_init_find(&it, doc, "isActive") && BSON_ITER_HOLDS_BOOL(&it)
                     && bson_iter_bool(&it);
    row->archived = bson_iter_init_find(&it, doc, "archivedAt") && BSON_ITER_HOLDS_DATE_TIME(&it);
}

static bool
load_where(struct app *app, bson_t *filter, struct user_row *row, bson_t **doc, bool *found,
           struct err *err)
{
    bson_t *d = NULL;
    bool ok = store_find_one(app->db, "users", filter, NULL, &d, found, err);

    bson_destroy(filter);
    if (ok && *found)
        user_row_read(d, row);
    if (doc != NULL)
        *doc = d;
    else
        bson_destroy(d);
    return ok;
}

bool
user_load(struct app *app, const char *id, struct user_row *row, bson_t **doc, bool *found,
          struct err *err)
{
    bson_oid_t oid;

    *found = false;
    if (doc != NULL)
        *doc = NULL;
    if (!oid_parse_str(id, &oid))
        return true;
    return load_where(app, BCON_NEW("_id", BCON_OID(&oid)), row, doc, found, err);
}

bool
user_load_by_email(struct app *app, const char *email, struct user_row *row, bool *found,
                   struct err *err)
{
    return load_where(app, BCON_NEW("email", BCON_UTF8(email)), row, NULL, found, err);
}

bool
user_in_reach(const struct principal *p, const struct user_row *row)
{
    if (p->kind == PRINCIPAL_SYSTEM || principal_is_staff(p))
        return true;
    if (p->kind != PRINCIPAL_USER)
        return false;
    if (strcmp(p->user_id, row->id) == 0)
        return true;
    return p->role == ROLE_ADMIN && p->partner_id[0] != '\0'
           && strcmp(p->partner_id, row->partner) == 0;
}

bool
user_manage_or_fail(const struct principal *p, const struct user_row *row, struct err *err)
{
    if (!user_in_reach(p, row) || row->archived)
        return err_set(err, ERR_NOT_FOUND, "no such user");
    if (row->role == ROLE_OWNER)
        return err_set(err, ERR_FORBIDDEN, "the owner cannot be changed here");
    if (strcmp(p->user_id, row->id) == 0)
        return err_set(err, ERR_FORBIDDEN, "use your account settings to change yourself");
    if (row->role == ROLE_ADMIN && p->role != ROLE_OWNER)
        return err_set(err, ERR_FORBIDDEN, "only the owner manages admins");
    if (p->role != ROLE_OWNER && p->role != ROLE_ADMIN)
        return err_set(err, ERR_FORBIDDEN, "only admins manage users");
    return true;
}

bool
user_apply(struct app *app, const struct user_row *row, const bson_t *set, const bson_t *unset,
           struct err *err)
{
    bson_t update = BSON_INITIALIZER, s;
    bson_t *filter = BCON_NEW("_id", BCON_OID(&row->oid));
    bool ok;

    BSON_APPEND_DOCUMENT_BEGIN(&update, "$set", &s);
    if (set != NULL) {
        bson_t *who = BCON_NEW("email", BCON_UTF8(row->email), "name", BCON_UTF8(row->name));
        bson_concat(&s, set);
        model_terms_refresh(&users_model, who, &s);
        bson_destroy(who);
    }
    BSON_APPEND_DATE_TIME(&s, "updatedAt", clock_now_ms());
    bson_append_document_end(&update, &s);
    if (unset != NULL && !bson_empty(unset))
        BSON_APPEND_DOCUMENT(&update, "$unset", unset);
    ok = store_update_one(app->db, "users", filter, &update, NULL, NULL, err);
    bson_destroy(filter);
    bson_destroy(&update);
    user_state_forget(app, row->id);
    return ok;
}

void
user_event(struct app *app, const struct principal *p, const char *action,
           const struct user_row *row, json_object *before, json_object *after, const char *reason)
{
    struct event ev = {.action = action,
                       .entity_type = "user",
                       .entity_id = row->id,
                       .partner_id = row->partner[0] ? row->partner : NULL,
                       .before = before,
                       .after = after,
                       .source = SOURCE_UI,
                       .reason = reason};

    events_record(app, p, &ev);
}

bool
partner_name(struct app *app, const char *partner_id, const char *field, char *name, size_t cap,
             struct err *err)
{
    bson_oid_t oid;
    bson_t *filter, *doc = NULL;
    bool found = false;

    if (!oid_parse_str(partner_id, &oid)) {
        err_detail(err, field, "must be an existing partner");
        return err_set(err, ERR_VALIDATION_FAILED, "invalid user");
    }
    filter = BCON_NEW("_id", BCON_OID(&oid)); /* alone: FerretDB passes it down */
    bson_t *opts =
        BCON_NEW("projection", "{", "name", BCON_INT32(1), "archivedAt", BCON_INT32(1), "}");
    bool ok = store_find_one(app->db, "partners", filter, opts, &doc, &found, err);
    bson_destroy(filter);
    bson_destroy(opts);
    found = found && !json_bson_archived(doc);
    if (ok && found) {
        bson_iter_t it;
        if (bson_iter_init_find(&it, doc, "name") && BSON_ITER_HOLDS_UTF8(&it))
            snprintf(name, cap, "%s", bson_iter_utf8(&it, NULL));
    }
    bson_destroy(doc);
    if (ok && !found) {
        err_detail(err, field, "must be an existing partner");
        return err_set(err, ERR_VALIDATION_FAILED, "invalid user");
    }
    return ok;
}

void
user_link(const struct app *app, const char *path, const char *token, char *out, size_t cap)
{
    snprintf(out, cap, "%s%s%s", app->cfg.public_url, path, token);
}

/* the users a principal may list: everyone (staff), their partner's (partner admin) */
static void
reach_filter(const struct principal *p, bson_t *scope)
{
    bson_oid_t oid;

    bson_init(scope);
    BSON_APPEND_NULL(scope, "archivedAt");
    if (principal_is_staff(p))
        return;
    if (p->partner_id[0] != '\0' && oid_parse_str(p->partner_id, &oid))
        BSON_APPEND_OID(scope, "partner", &oid);
    else
        BSON_APPEND_OID(scope, "_id", &(bson_oid_t){{0}}); /* nothing */
}

json_object *
users_list(struct app *app, const struct principal *p, const struct list_params *params,
           struct err *err)
{
    struct list_query q;
    bson_t scope;
    json_object *out = NULL;

    if (model_list_query(&users_model, params, &q, err)) {
        struct store_list_spec spec = {&users_model, &scope, &q, p, NULL, NULL};
        reach_filter(p, &scope);
        out = store_list(app->db, &spec, err);
        bson_destroy(&scope);
    }
    list_query_release(&q);
    return out;
}

json_object *
users_get(struct app *app, const struct principal *p, const char *id, struct err *err)
{
    struct user_row row;
    bson_t *doc = NULL;
    bool found = false;
    json_object *out = NULL;

    if (!user_load(app, id, &row, &doc, &found, err))
        return NULL;
    if (!found || row.archived || !user_in_reach(p, &row))
        err_set(err, ERR_NOT_FOUND, "no such user");
    else
        out = model_output(&users_model, doc, p);
    bson_destroy(doc);
    return out;
}

json_object *
users_me_json(struct app *app, const char *user_id, struct err *err)
{
    struct principal self = {.kind = PRINCIPAL_SYSTEM};

    return users_get(app, &self, user_id, err);
}
