/* import_partners.c - partner values of an import resolved once each (by id or slug) */
#include "import/import_partners.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "core/oid.h"
#include "db/store.h"

#define UNKNOWN "is not a known partner (give its id or slug)"

/* one query: the live partner with this id or slug */
static bool
lookup(struct app *app, const char *value, char id[OID_STR_SIZE], struct err *err)
{
    char slug[64];
    bson_oid_t oid;
    bson_t *filter, *opts = BCON_NEW("projection", "{", "_id", BCON_INT32(1), "}"), *doc = NULL;
    bson_iter_t it;
    bool found = false, ok;
    size_t i;

    for (i = 0; value[i] != '\0' && i + 1 < sizeof(slug); i++)
        slug[i] = (char)tolower((unsigned char)value[i]);
    slug[i] = '\0';
    if (oid_parse_str(value, &oid))
        filter = BCON_NEW("archivedAt", BCON_NULL, "$or", "[", "{", "_id", BCON_OID(&oid), "}", "{",
                          "slug", BCON_UTF8(slug), "}", "]");
    else
        filter = BCON_NEW("slug", BCON_UTF8(slug), "archivedAt", BCON_NULL);
    ok = store_find_one(app->db, "partners", filter, opts, &doc, &found, err);
    id[0] = '\0';
    if (ok && found && bson_iter_init_find(&it, doc, "_id") && BSON_ITER_HOLDS_OID(&it))
        oid_format(bson_iter_oid(&it), id);
    bson_destroy(doc);
    bson_destroy(filter);
    bson_destroy(opts);
    return ok;
}

bool
import_partner_resolve(struct app *app, struct import_partners *cache, const char *value,
                       char id[OID_STR_SIZE], const char **problem, struct err *err)
{
    *problem = NULL;
    id[0] = '\0';
    for (size_t i = 0; i < cache->n; i++) {
        if (strcmp(cache->items[i].value, value) == 0) {
            snprintf(id, OID_STR_SIZE, "%s", cache->items[i].id);
            *problem = id[0] ? NULL : UNKNOWN;
            return true;
        }
    }
    if (strlen(value) >= sizeof(cache->items[0].value)) {
        *problem = UNKNOWN;
        return true;
    }
    if (cache->n == IMPORT_MAX_PARTNER_VALUES) {
        *problem = "is one partner too many: a file may name at most 100 different partners";
        return true;
    }
    if (!lookup(app, value, id, err))
        return false;
    snprintf(cache->items[cache->n].value, sizeof(cache->items[0].value), "%s", value);
    snprintf(cache->items[cache->n++].id, OID_STR_SIZE, "%s", id);
    *problem = id[0] ? NULL : UNKNOWN;
    return true;
}
