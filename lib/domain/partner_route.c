/* partner_route.c - which partner a booking or a CRM lead goes to: by meeting type */
#include <string.h>

#include "core/json.h"
#include "db/store.h"
#include "domain/partners.h"

bool
partner_for_meeting_type(struct app *app, const char *type, char id[OID_STR_SIZE], bool *found,
                         struct err *err)
{
    bson_t *filter, *opts, *doc = NULL;
    const bson_oid_t *oid;
    bool ok;

    *found = false;
    id[0] = '\0';
    if (type == NULL || type[0] == '\0')
        return true;
    /* an array field equal to a value matches when one element is (the multikey index) */
    filter = BCON_NEW("meetingTypes", BCON_UTF8(type), "archivedAt", BCON_NULL);
    opts = BCON_NEW("sort", "{", "createdAt", BCON_INT32(1), "_id", BCON_INT32(1), "}",
                    "projection", "{", "_id", BCON_INT32(1), "}");
    ok = store_find_one(app->db, "partners", filter, opts, &doc, found, err);
    if (ok && *found && (oid = json_bson_oid(doc, "_id")) != NULL)
        oid_format(oid, id);
    *found = ok && *found && id[0] != '\0';
    bson_destroy(doc);
    bson_destroy(opts);
    bson_destroy(filter);
    return ok;
}

bool
partner_resolve(struct app *app, const char *key, char id[OID_STR_SIZE], struct err *err)
{
    struct principal system = {.kind = PRINCIPAL_SYSTEM};
    bson_t *doc = NULL;
    bson_oid_t oid;
    bool ok = partner_load(app, &system, key, &doc, &oid, err);

    if (ok)
        oid_format(&oid, id);
    bson_destroy(doc);
    return ok;
}
