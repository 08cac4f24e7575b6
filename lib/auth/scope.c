/* scope.c - one place that turns a principal into a partner restriction */
#include "auth/scope.h"

#include <string.h>

#include "core/oid.h"

bool
scope_trusted(const struct principal *p)
{
    return p->kind == PRINCIPAL_SYSTEM || principal_is_staff(p);
}

void
scope_filter(const struct principal *p, const char *field, bson_t *out)
{
    bson_oid_t oid;

    bson_init(out);
    if (scope_trusted(p))
        return;
    if ((p->kind == PRINCIPAL_USER || p->kind == PRINCIPAL_PARTNER_TOKEN)
        && oid_parse_str(p->partner_id, &oid)) {
        BSON_APPEND_OID(out, field, &oid);
        return;
    }
    memset(&oid, 0, sizeof(oid)); /* matches nothing */
    BSON_APPEND_OID(out, "_id", &oid);
}

bool
scope_allows(const struct principal *p, const char *partner_id)
{
    if (scope_trusted(p))
        return true;
    return p->partner_id[0] != '\0' && partner_id != NULL && strcmp(p->partner_id, partner_id) == 0;
}
