/* hubspot_props.c - the property map of domain.md §5.1 and its overrides; the lifecycle rule */
#include "core/hubspot_props.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

const char *const hubspot_lead_fields[] = {
    "email",   "firstName", "lastName",    "phone",       "company",      "jobTitle",
    "country", "industry",  "companySize", "meetingType", "salesManager", NULL,
};

/* domain.md §5.1 */
static const struct {
    const char *property, *field;
} defaults[] = {
    {"email", "email"},
    {"firstname", "firstName"},
    {"lastname", "lastName"},
    {"phone", "phone"},
    {"company", "company"},
    {"jobtitle", "jobTitle"},
    {"country_all", "country"},
    {"industry_website", "industry"},
    {"company_size_new", "companySize"},
    {"meeting_type_cp__c", "meetingType"},
};

bool
hubspot_prop_name_ok(const char *name, size_t len)
{
    if (len == 0 || len >= HUBSPOT_PROP_CAP)
        return false;
    for (size_t i = 0; i < len; i++)
        if (!isalnum((unsigned char)name[i]) && name[i] != '_')
            return false;
    return true;
}

/* the static name of a lead field, NULL when it is not one a property may map onto */
static const char *
lead_field(const char *name, size_t len)
{
    for (int i = 0; hubspot_lead_fields[i] != NULL; i++)
        if (strlen(hubspot_lead_fields[i]) == len
            && strncmp(hubspot_lead_fields[i], name, len) == 0)
            return hubspot_lead_fields[i];
    return NULL;
}

static int
find(const struct hubspot_props *m, const char *property, size_t len)
{
    for (int i = 0; i < m->n; i++)
        if (strlen(m->e[i].property) == len && strncmp(m->e[i].property, property, len) == 0)
            return i;
    return -1;
}

/* apply one "prop=field" (or "prop=") entry of len bytes */
static bool
apply_entry(struct hubspot_props *m, const char *s, size_t len, char *problem, size_t cap)
{
    const char *eq = memchr(s, '=', len), *f = eq ? eq + 1 : NULL;
    size_t plen = eq ? (size_t)(eq - s) : len, flen = eq ? len - plen - 1 : 0;
    const char *field;
    int at;

    while (plen > 0 && s[plen - 1] == ' ') /* blanks around the '=' are allowed */
        plen--;
    while (flen > 0 && *f == ' ') {
        f++;
        flen--;
    }
    field = flen > 0 ? lead_field(f, flen) : NULL;

    if (eq == NULL || !hubspot_prop_name_ok(s, plen)) {
        snprintf(problem, cap, "entry '%.*s' is not property=leadField", (int)len, s);
        return false;
    }
    if (flen > 0 && field == NULL) {
        snprintf(problem, cap, "'%.*s' is not a lead field a property can map onto", (int)flen, f);
        return false;
    }
    at = find(m, s, plen);
    if (field == NULL) { /* "prop=": the property is no longer mapped */
        if (at >= 0)
            m->e[at] = m->e[--m->n];
        return true;
    }
    if (at < 0 && m->n == HUBSPOT_PROPS_MAX) {
        snprintf(problem, cap, "more than %d mapped properties", HUBSPOT_PROPS_MAX);
        return false;
    }
    if (at < 0)
        at = m->n++;
    snprintf(m->e[at].property, sizeof(m->e[at].property), "%.*s", (int)plen, s);
    m->e[at].field = field;
    return true;
}

bool
hubspot_props_build(const char *overrides, struct hubspot_props *out, char *problem, size_t cap)
{
    memset(out, 0, sizeof(*out));
    for (size_t i = 0; i < sizeof(defaults) / sizeof(defaults[0]); i++) {
        snprintf(out->e[i].property, sizeof(out->e[i].property), "%s", defaults[i].property);
        out->e[i].field = defaults[i].field;
        out->n++;
    }
    for (const char *p = overrides; p != NULL && *p != '\0'; p += *p == ',') {
        size_t len = strcspn(p, ",");
        while (len > 0 && *p == ' ') {
            p++;
            len--;
        }
        while (len > 0 && p[len - 1] == ' ')
            len--;
        if (len > 0 && !apply_entry(out, p, len, problem, cap))
            return false;
        p += strcspn(p, ",");
    }
    return true;
}

const char *
hubspot_props_field(const struct hubspot_props *m, const char *property)
{
    int at = property ? find(m, property, strlen(property)) : -1;

    return at >= 0 ? m->e[at].field : NULL;
}

bool
hubspot_rule_parse(const char *text, struct hubspot_rule *out, char *problem, size_t cap)
{
    const char *eq = text ? strchr(text, '=') : NULL;

    memset(out, 0, sizeof(*out));
    if (text == NULL || text[0] == '\0')
        return true;
    if (eq == NULL || !hubspot_prop_name_ok(text, (size_t)(eq - text)) || eq[1] == '\0') {
        snprintf(problem, cap, "must be property=value[|value...]");
        return false;
    }
    snprintf(out->property, sizeof(out->property), "%.*s", (int)(eq - text), text);
    for (const char *v = eq + 1; *v != '\0'; v += *v == '|') {
        size_t len = strcspn(v, "|");
        if (len == 0 || len >= sizeof(out->values[0]) || out->nvalues == HUBSPOT_RULE_VALUES) {
            snprintf(problem, cap, "at most %d values of 1..63 characters", HUBSPOT_RULE_VALUES);
            return false;
        }
        snprintf(out->values[out->nvalues++], sizeof(out->values[0]), "%.*s", (int)len, v);
        v += len;
    }
    return true;
}

bool
hubspot_rule_matches(const struct hubspot_rule *r, const char *value)
{
    if (r->property[0] == '\0' || value == NULL)
        return false;
    for (int i = 0; i < r->nvalues; i++)
        if (strcmp(r->values[i], value) == 0)
            return true;
    return false;
}
