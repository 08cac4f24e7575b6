/* user_admin.c - changing users: details, role, partner, active flag, archive */
#include <stdio.h>
#include <string.h>

#include "auth/sessions.h"
#include "core/clock.h"
#include "core/oid.h"
#include "domain/users_int.h"
#include "model/tables.h"

/* load id and check p may manage it */
static bool
manageable(struct app *app, const struct principal *p, const char *id, struct user_row *row,
           struct err *err)
{
    bool found = false;

    if (!user_load(app, id, row, NULL, &found, err))
        return false;
    if (!found)
        return err_set(err, ERR_NOT_FOUND, "no such user");
    return user_manage_or_fail(p, row, err);
}

/* role and partner changes follow the invitation rules */
static bool
check_role_change(struct app *app, const struct principal *p, json_object *in,
                  const struct user_row *row, struct err *err)
{
    const char *role = json_str(in, "role");
    char partner[OID_STR_SIZE], name[128];
    json_object *v;
    bool partner_given = json_object_object_get_ex(in, "partner", &v);

    snprintf(partner, sizeof(partner), "%s",
             partner_given ? (json_str(in, "partner") ? json_str(in, "partner") : "")
                           : row->partner);
    if (role != NULL && role_parse(role) == ROLE_OWNER)
        return err_set(err, ERR_FORBIDDEN, "there is one owner");
    if (role != NULL && role_parse(role) == ROLE_ADMIN && p->role != ROLE_OWNER)
        return err_set(err, ERR_FORBIDDEN, "only the owner makes admins");
    if ((role ? role_parse(role) : row->role) == ROLE_USER && partner[0] == '\0') {
        err_detail(err, "partner", "is required for role user");
        return err_set(err, ERR_VALIDATION_FAILED, "invalid user");
    }
    return partner[0] == '\0' || !partner_given
           || partner_name(app, partner, "partner", name, sizeof(name), err);
}

json_object *
users_update(struct app *app, const struct principal *p, const char *id, json_object *in,
             struct err *err)
{
    struct user_row row;
    bson_t set = BSON_INITIALIZER;
    json_object *out = NULL;

    if (!manageable(app, p, id, &row, err))
        goto out;
    if (json_object_object_get_ex(in, "email", NULL)) {
        err_detail(err, "email", "cannot be changed; invite the new address instead");
        err_set(err, ERR_VALIDATION_FAILED, "invalid user");
        goto out;
    }
    if (!model_input(&users_model, in, MODEL_UPDATE, p, &set, err)
        || !check_role_change(app, p, in, &row, err))
        goto out;
    if (bson_empty(&set)) {
        err_detail(err, "body", "names nothing to change (name, role, partner)");
        err_set(err, ERR_VALIDATION_FAILED, "nothing to change");
        goto out;
    }
    if (!user_apply(app, &row, &set, NULL, err))
        goto out;
    user_event(app, p, "user.updated", &row, NULL, in, NULL);
    out = users_get(app, p, row.id, err);
out:
    bson_destroy(&set);
    return out;
}

/* deactivation (and archiving) end every session of the user at once */
static bool
end_sessions(struct app *app, const struct user_row *row, struct err *err)
{
    bson_t *set = BCON_NEW("tokensValidAfter", BCON_DATE_TIME(clock_now_s() * 1000));
    bool ok = user_apply(app, row, set, NULL, err) && sessions_revoke_user(app, row->id, err);

    bson_destroy(set);
    return ok;
}

json_object *
users_set_active(struct app *app, const struct principal *p, const char *id, json_object *in,
                 struct err *err)
{
    struct user_row row;
    json_object *v;
    bson_t *set;
    bool active, ok;

    if (!json_object_object_get_ex(in, "isActive", &v)
        || !json_object_is_type(v, json_type_boolean))
        err_detail(err, "isActive", "is required: true or false");
    model_refuse_unknown(in, (const char *const[]){"isActive", NULL}, err);
    if (err->ndetails > 0) {
        err_set(err, ERR_VALIDATION_FAILED, "invalid status");
        return NULL;
    }
    active = json_object_get_boolean(v);
    if (!manageable(app, p, id, &row, err))
        return NULL;
    set = BCON_NEW("isActive", BCON_BOOL(active));
    ok = user_apply(app, &row, set, NULL, err) && (active || end_sessions(app, &row, err));
    bson_destroy(set);
    if (!ok)
        return NULL;
    user_event(app, p, active ? "user.reactivated" : "user.deactivated", &row, NULL, in, NULL);
    return users_get(app, p, row.id, err);
}

bool
users_archive(struct app *app, const struct principal *p, const char *id, struct err *err)
{
    struct user_row row;
    bson_t *set;
    bool ok;

    if (!manageable(app, p, id, &row, err))
        return false;
    set = BCON_NEW("archivedAt", BCON_DATE_TIME(clock_now_ms()), "isActive", BCON_BOOL(false),
                   "inviteTokenHash", BCON_NULL, "resetTokenHash", BCON_NULL);
    ok = user_apply(app, &row, set, NULL, err) && end_sessions(app, &row, err);
    bson_destroy(set);
    if (ok)
        user_event(app, p, "user.archived", &row, NULL, NULL, NULL);
    return ok;
}

json_object *
users_update_me(struct app *app, const struct principal *p, json_object *in, struct err *err)
{
    struct user_row row;
    bool found = false;
    const char *name = NULL;

    json_object_object_foreach(in, key, val)
    {
        (void)val;
        if (strcmp(key, "name") != 0)
            err_detail(err, key, "cannot be changed here");
    }
    model_field_string(&users_model, in, "name", true, &name, err);
    if (err->ndetails > 0 || name == NULL) {
        err_set(err, ERR_VALIDATION_FAILED, "invalid account");
        return NULL;
    }
    if (!user_load(app, p->user_id, &row, NULL, &found, err))
        return NULL;
    if (!found) {
        err_set(err, ERR_NOT_FOUND, "no such user");
        return NULL;
    }
    bson_t *set = BCON_NEW("name", BCON_UTF8(name));
    bool ok = user_apply(app, &row, set, NULL, err);
    bson_destroy(set);
    return ok ? users_me_json(app, p->user_id, err) : NULL;
}
