/* invite_check.c - what an invitation link offers, read when the page opens (issue 17): the
 * e-mail, the name the admin typed, the role, the partner and who invited; nothing is used up */
#include <stdio.h>
#include <string.h>

#include "auth/sessions.h"
#include "core/isotime.h"
#include "core/oid.h"
#include "domain/users_int.h"
#include "model/model.h"

/* {token} and nothing else */
static bool
check_input(json_object *in, struct err *err)
{
    const char *token;

    model_string(in, "token", 1, INT64_MAX, true, &token, err);
    model_refuse_unknown(in, (const char *const[]){"token", NULL}, err);
    return err->ndetails == 0 ? true : err_set(err, ERR_VALIDATION_FAILED, "invalid link check");
}

static void
add_str_or_null(json_object *out, const char *key, const char *value)
{
    json_object_object_add(out, key, value && value[0] ? json_object_new_string(value) : NULL);
}

/* the inviter's name (else their e-mail) into out; "" when unknown */
static void
inviter_label(struct app *app, const bson_t *doc, char *out, size_t cap)
{
    const bson_oid_t *by = json_bson_oid(doc, "invitedBy");
    struct user_row inviter = {0};
    struct err ignored = ERR_INIT;
    char hex[OID_STR_SIZE];
    bool found = false;

    out[0] = '\0';
    if (by == NULL)
        return;
    oid_format(by, hex);
    if (user_load(app, hex, &inviter, NULL, &found, &ignored) && found)
        snprintf(out, cap, "%s", inviter.name[0] ? inviter.name : inviter.email);
}

json_object *
users_check_invite(struct app *app, json_object *in, struct err *err)
{
    struct user_row row;
    bson_t *doc = NULL;
    bson_iter_t it;
    char partner[128] = "", by[256], expires[ISOTIME_LEN + 1] = "";
    struct err ignored = ERR_INIT;
    json_object *out;

    if (!check_input(in, err) || !user_by_invite_token(app, json_str(in, "token"), &row, &doc, err))
        return NULL;
    if (row.partner[0] != '\0')
        partner_name(app, row.partner, "partner", partner, sizeof(partner), &ignored);
    inviter_label(app, doc, by, sizeof(by));
    if (bson_iter_init_find(&it, doc, "inviteExpiresAt") && BSON_ITER_HOLDS_DATE_TIME(&it))
        isotime_format(bson_iter_date_time(&it), expires, sizeof(expires));
    bson_destroy(doc);
    out = json_object_new_object();
    json_object_object_add(out, "email", json_object_new_string(row.email));
    json_object_object_add(out, "name", json_object_new_string(row.name));
    json_object_object_add(out, "role", json_object_new_string(role_name(row.role)));
    add_str_or_null(out, "partnerName", partner);
    add_str_or_null(out, "invitedBy", by);
    json_object_object_add(out, "expiresAt", json_object_new_string(expires));
    return out;
}
