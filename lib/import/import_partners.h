/* import_partners.h - partner values of an import (24-hex id or slug) resolved once each */
#ifndef PC_IMPORT_PARTNERS_H
#define PC_IMPORT_PARTNERS_H

#include <stdbool.h>
#include <stddef.h>

#include "app.h"
#include "core/err.h"
#include "core/oid.h"

#define IMPORT_MAX_PARTNER_VALUES 100 /* distinct partner values looked up per file */

struct import_partners {
    size_t n;
    struct {
        char value[64];
        char id[OID_STR_SIZE]; /* "" = no such live partner */
    } items[IMPORT_MAX_PARTNER_VALUES];
};

/* import_partner_resolve - the id of the live (not archived) partner that value names, by id
 * or by slug (case-insensitive), into id; each distinct value costs one query, later ones
 * none. An unknown value (or one beyond IMPORT_MAX_PARTNER_VALUES distinct values) leaves id
 * "" and points *problem at the reason. False with err only when the database failed. */
bool import_partner_resolve(struct app *app, struct import_partners *cache, const char *value,
                            char id[OID_STR_SIZE], const char **problem, struct err *err);

#endif
