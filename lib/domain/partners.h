/* partners.h - partner agencies: CRUD within the caller's reach, stats, billing configuration.
 *
 * Every json_object * returned is new and the caller's; NULL or false means err is set with one
 * of the codes named at the function, or unavailable (503: the database or Redis cannot be
 * reached) or internal (500), which any of them may return. A partner outside p's reach, or
 * archived, is not_found. */
#ifndef PC_PARTNERS_H
#define PC_PARTNERS_H

#include <bson/bson.h>
#include <json-c/json.h>
#include <stdbool.h>

#include "app.h"
#include "core/err.h"
#include "core/oid.h"
#include "core/principal.h"
#include "model/model.h"

/* the hours after a meeting's end after which a meeting without an outcome counts as held,
 * for partners that set no outcomeCutoffHours of their own */
#define PARTNER_OUTCOME_CUTOFF_HOURS 72

/* partners_list - {list, meta}; bad_request or validation_failed for a sort, filter or page
 * the field table does not allow */
json_object *partners_list(struct app *app, const struct principal *p,
                           const struct list_params *params, struct err *err);

/* partners_get - by id or slug; not_found */
json_object *partners_get(struct app *app, const struct principal *p, const char *id_or_slug,
                          struct err *err);

/* partners_create - staff only: forbidden; validation_failed; conflict (the slug given is
 * taken, detail "slug"; a slug made from the name gets -2, -3 ... instead) */
json_object *partners_create(struct app *app, const struct principal *p, json_object *in,
                             struct err *err);

/* partners_update - not_found, forbidden (not an admin), validation_failed, conflict (slug) */
json_object *partners_update(struct app *app, const struct principal *p, const char *id,
                             json_object *in, struct err *err);

/* partners_archive - archivedAt = now (the route admits the owner alone); not_found */
bool partners_archive(struct app *app, const struct principal *p, const char *id, struct err *err);

/* partners_stats - the figures stored on the partner (one read); not_found */
json_object *partners_stats(struct app *app, const struct principal *p, const char *id,
                            struct err *err);

/* partners_billing_get - {billingType, billingTerms}; not_found */
json_object *partners_billing_get(struct app *app, const struct principal *p, const char *id,
                                  struct err *err);

/* partners_billing_put - replace the billing configuration; not_found (before forbidden, so a
 * partner's existence does not leak), forbidden (not staff), validation_failed (terms) */
json_object *partners_billing_put(struct app *app, const struct principal *p, const char *id,
                                  json_object *in, struct err *err);

/* partners_refresh_stats - recompute lastAppointmentDate, totalLeads, totalAppointments and
 * leadsByStatus of the partner and store them on its document (after lead or meeting changes);
 * only the database's codes */
bool partners_refresh_stats(struct app *app, const bson_oid_t *partner, struct err *err);

/* partner_lookup - name and billing type of a live partner (id as 24 hex); not_found when none.
 * billing_type receives "" when the partner has no billing configuration. */
bool partner_lookup(struct app *app, const char *id, char *name, size_t name_cap,
                    char *billing_type, size_t type_cap, struct err *err);

/* partner_take_confirm - take confirmDuplicateName out of fields (model_input's result, about
 * to be stored): whether it was true */
bool partner_take_confirm(bson_t *fields);

/* partner_name_free - true when fields has no name, its name_key is that of current's name (the
 * partner renamed; NULL on create), or no other live partner has a name of that key;
 * duplicate_name (409, naming the other) otherwise */
bool partner_name_free(struct app *app, const bson_t *fields, const bson_t *current,
                       struct err *err);

/* partner_load - the document of the live partner with id (24 hex) or slug within p's reach
 * (not_found otherwise); *doc is the caller's */
bool partner_load(struct app *app, const struct principal *p, const char *key, bson_t **doc,
                  bson_oid_t *oid, struct err *err);

/* partners_reach - whether the live partner with id or slug is within p's reach (not_found
 * otherwise); the route table's reach check */
bool partners_reach(struct app *app, const struct principal *p, const char *key, struct err *err);

/* partner_for_meeting_type - routing of bookings and CRM leads (partner_route.c): the live
 * partner whose meetingTypes include type (the oldest when several do) into id; *found false
 * when none does or type is NULL or empty. Only the database's codes. */
bool partner_for_meeting_type(struct app *app, const char *type, char id[OID_STR_SIZE], bool *found,
                              struct err *err);

/* partner_resolve - the id of the live partner with id or slug key; not_found */
bool partner_resolve(struct app *app, const char *key, char id[OID_STR_SIZE], struct err *err);

/* partner_slug_from - a slug made from a name: lower-case ASCII letters and digits, dashes */
void partner_slug_from(const char *name, char *out, size_t cap);

#endif
