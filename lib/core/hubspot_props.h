/* hubspot_props.h - THE map of HubSpot contact properties onto lead fields (domain.md §5.1),
 * with the overrides of HUBSPOT_PROPERTY_MAP. Pure: no I/O, so configuration checks it at start.
 *
 *   HubSpot property     lead field
 *   email                email
 *   firstname            firstName
 *   lastname             lastName
 *   phone                phone
 *   company              company
 *   jobtitle             jobTitle
 *   country_all          country
 *   industry_website     industry
 *   company_size_new     companySize
 *   meeting_type_cp__c   meetingType
 *
 * HUBSPOT_PROPERTY_MAP="prop=field,prop=field,prop=" adds or replaces entries ("prop=" drops
 * the property); a field must be one of HUBSPOT_LEAD_FIELDS. Unmapped properties are ignored. */
#ifndef PC_HUBSPOT_PROPS_H
#define PC_HUBSPOT_PROPS_H

#include <stdbool.h>
#include <stddef.h>

#define HUBSPOT_PROPS_MAX 40
#define HUBSPOT_PROP_CAP 64 /* a property's internal name, NUL included */

struct hubspot_prop {
    char property[HUBSPOT_PROP_CAP]; /* HubSpot's internal name: [a-z0-9_], at most 63 */
    const char *field;               /* the lead field (a static string of the table) */
};

struct hubspot_props {
    int n;
    struct hubspot_prop e[HUBSPOT_PROPS_MAX];
};

/* the lead fields a property may map onto (string fields of the leads table), NULL-ended */
extern const char *const hubspot_lead_fields[];

/* hubspot_props_build - the default map with overrides (may be NULL or "") applied. False
 * with the first problem in problem (cap bytes): a malformed entry, a property name that is not
 * HubSpot's form, a field that is not in hubspot_lead_fields, too many entries. */
bool hubspot_props_build(const char *overrides, struct hubspot_props *out, char *problem,
                         size_t cap);

/* hubspot_props_field - the lead field of a property, NULL when unmapped */
const char *hubspot_props_field(const struct hubspot_props *m, const char *property);

/* hubspot_prop_name_ok - [a-z0-9_] (HubSpot also allows upper case in custom names), 1..63 */
bool hubspot_prop_name_ok(const char *name, size_t len);

/* a lifecycle rule: contacts whose property is one of the values become leads */
#define HUBSPOT_RULE_VALUES 8
struct hubspot_rule {
    char property[HUBSPOT_PROP_CAP]; /* "" = no rule: HubSpot creates no lead */
    int nvalues;
    char values[HUBSPOT_RULE_VALUES][64];
};

/* hubspot_rule_parse - "property=value[|value...]" (e.g. "lifecyclestage=salesqualifiedlead");
 * NULL or "" gives the empty rule. False with the problem in problem. */
bool hubspot_rule_parse(const char *text, struct hubspot_rule *out, char *problem, size_t cap);

/* hubspot_rule_matches - value (may be NULL) is one of the rule's values */
bool hubspot_rule_matches(const struct hubspot_rule *r, const char *value);

#endif
