/* partners.h - partner agencies: CRUD within the caller's reach, stats, billing configuration */
#ifndef PC_PARTNERS_H
#define PC_PARTNERS_H

#include <bson/bson.h>
#include <json-c/json.h>
#include <stdbool.h>

#include "app.h"
#include "core/err.h"
#include "core/principal.h"
#include "model/model.h"

/* each returns a new JSON object (caller owns) or NULL with err set; ids outside the caller's
 * reach are not_found */
json_object *partners_list(struct app *app, const struct principal *p,
                           const struct list_params *params, struct err *err);
json_object *partners_get(struct app *app, const struct principal *p, const char *id_or_slug,
                          struct err *err);
json_object *partners_create(struct app *app, const struct principal *p, json_object *in,
                             struct err *err);
json_object *partners_update(struct app *app, const struct principal *p, const char *id,
                             json_object *in, struct err *err);
bool partners_archive(struct app *app, const struct principal *p, const char *id, struct err *err);
json_object *partners_stats(struct app *app, const struct principal *p, const char *id,
                            struct err *err);
json_object *partners_billing_get(struct app *app, const struct principal *p, const char *id,
                                  struct err *err);
json_object *partners_billing_put(struct app *app, const struct principal *p, const char *id,
                                  json_object *in, struct err *err);

/* partners_refresh_stats - recompute lastAppointmentDate, totalLeads, totalAppointments and
 * leadsByStatus of the partner and store them on its document (after lead or meeting changes) */
bool partners_refresh_stats(struct app *app, const bson_oid_t *partner, struct err *err);

/* partner_lookup - name and billing type of a live partner (id as 24 hex); not_found when none.
 * billing_type receives "" when the partner has no billing configuration. */
bool partner_lookup(struct app *app, const char *id, char *name, size_t name_cap,
                    char *billing_type, size_t type_cap, struct err *err);

/* partner_load - the document of the live partner with id (24 hex) or slug within p's reach
 * (not_found otherwise); *doc is the caller's */
bool partner_load(struct app *app, const struct principal *p, const char *key, bson_t **doc,
                  bson_oid_t *oid, struct err *err);

/* partners_reach - whether the live partner with id or slug is within p's reach (not_found
 * otherwise); the route table's reach check */
bool partners_reach(struct app *app, const struct principal *p, const char *key, struct err *err);

/* partner_slug_from - a slug made from a name: lower-case ASCII letters and digits, dashes */
void partner_slug_from(const char *name, char *out, size_t cap);

#endif
