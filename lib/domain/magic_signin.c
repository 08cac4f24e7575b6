/* magic_signin.c - POST /auth/magic: the reminder's personal link signs its user in once */
#include <string.h>

#include "auth/link_tokens.h"
#include "core/json.h"
#include "core/oid.h"
#include "domain/reminders.h"
#include "model/model.h"
#include "queue/events.h"

bool
reminders_token_body(json_object *in, const char *const *names, const char **token, struct err *err)
{
    model_refuse_unknown(in, names, err);
    model_string(in, "token", 1, TOKEN_CAP - 1, true, token, err);
    return err->ndetails == 0 ? true : err_set(err, ERR_VALIDATION_FAILED, "invalid request");
}

bool
reminders_magic_sign_in(struct app *app, json_object *in, char user_id[OID_STR_SIZE],
                        struct err *err)
{
    static const char *const names[] = {"token", NULL};
    const char *token = NULL;
    bson_t *doc = NULL;
    struct principal self = {.kind = PRINCIPAL_USER};
    struct event ev = {
        .action = "auth.magic_link_used", .entity_type = "user", .source = SOURCE_EMAIL_LINK};
    char partner[OID_STR_SIZE] = "";
    const bson_oid_t *oid;

    if (!reminders_token_body(in, names, &token, err)
        || !link_token_find(app, token, LINK_MAGIC, true, &doc, err))
        return false;
    oid_format(json_bson_oid(doc, "user"), user_id);
    if ((oid = json_bson_oid(doc, "partner")) != NULL)
        oid_format(oid, partner);
    memcpy(self.user_id, user_id, OID_STR_SIZE);
    ev.entity_id = user_id;
    ev.partner_id = partner[0] ? partner : NULL;
    events_record(app, &self, &ev);
    bson_destroy(doc);
    return true;
}
