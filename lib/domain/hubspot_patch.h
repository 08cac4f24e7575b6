/* hubspot_patch.h - the change HubSpot makes to one lead, collected property by property
 * (newest value wins per property) and written at once; internal to the hubspot_* files */
#ifndef PC_HUBSPOT_PATCH_H
#define PC_HUBSPOT_PATCH_H

#include <bson/bson.h>
#include <json-c/json.h>
#include <stdbool.h>
#include <stdint.h>

#include "domain/hubspot.h"

struct hubspot_patch {
    const bson_t *doc;        /* the lead as loaded (borrowed), NULL for a lead still to make */
    json_object *values;      /* owned: lead field -> string or null */
    json_object *times;       /* owned: HubSpot property -> occurredAt (ms) */
    const char *link_contact; /* set hubspotContactId too (a lead found by e-mail), or NULL */
};

enum patch_result { PATCH_SET, PATCH_UNMAPPED, PATCH_STALE };

void hubspot_patch_init(struct hubspot_patch *patch, const bson_t *doc);
void hubspot_patch_release(struct hubspot_patch *patch);

/* hubspot_patch_set - value (NULL or "": clear) of property as of at_ms, unless the property is
 * unmapped or the lead applied a newer change to it */
enum patch_result hubspot_patch_set(const struct hubspot_ctx *h, struct hubspot_patch *patch,
                                    const char *property, const char *value, int64_t at_ms);

/* hubspot_patch_fields - the values checked one by one against the leads table into out (an
 * initialised bson); a value the table refuses is left out and named in problems (a JSON array,
 * may be NULL). keep_nulls: clear fields (an update) or leave them out (a new lead). The e-mail
 * is never cleared. */
void hubspot_patch_fields(const struct hubspot_ctx *h, const struct hubspot_patch *patch,
                          json_object *problems, bool keep_nulls, bson_t *out);

/* hubspot_patch_times - append hubspotPropertyAt: the lead's times with the patch's newer ones;
 * returns whether any time is newer */
bool hubspot_patch_times(const struct hubspot_patch *patch, const bson_t *doc, bson_t *out);

/* hubspot_patch_commit - write the patch onto patch->doc's lead: only what changes, plus the
 * times; an e-mail another lead has is left out (a problem) rather than failing the rest;
 * lead.updated with before/after. *changed: a field changed (or the contact was linked). */
bool hubspot_patch_commit(struct hubspot_ctx *h, struct hubspot_patch *patch, json_object *problems,
                          bool *changed, struct err *err);

/* hubspot_lead_find - the lead (archived ones too) whose key equals value; *doc the caller's */
bool hubspot_lead_find(struct app *app, const char *key, const char *value, bson_t **doc,
                       bool *found, struct err *err);

/* hubspot_lead_create - a new lead of contact_id from the patch's values and times, for the
 * routed partner (new-lead e-mail to its users); id receives it. validation_failed (no valid
 * e-mail, no partner), conflict (the e-mail exists meanwhile) */
bool hubspot_lead_create(struct hubspot_ctx *h, const char *contact_id, struct hubspot_patch *patch,
                         char id[OID_STR_SIZE], struct err *err);

#endif
