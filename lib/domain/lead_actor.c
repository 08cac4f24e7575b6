/* lead_actor.c - who changed a lead and from where, in words (lead_actor.h) */
#include "domain/lead_actor.h"

#include <stdio.h>
#include <string.h>

#include "domain/users_int.h"
#include "queue/events.h"

static const struct {
    const char *source, *who, *via;
} systems[] = {
    {SOURCE_HUBSPOT, "HubSpot", "synced from HubSpot"},
    {SOURCE_CHILIPIPER, "Chili Piper", "from a booking in Chili Piper"},
    {SOURCE_STRIPE, "Stripe", "from a Stripe event"},
    {SOURCE_CRON, "A scheduled job", "run by Partner Connector"},
    {SOURCE_IMPORT, "An import", "in Partner Connector"},
};

/* where a person acted from */
static const char *
person_via(const char *source)
{
    if (strcmp(source, SOURCE_EMAIL_LINK) == 0)
        return "through the link in an e-mail";
    if (strcmp(source, SOURCE_IMPORT) == 0)
        return "through an import";
    if (strcmp(source, SOURCE_PARTNER_API) == 0)
        return "through the API";
    return "in Partner Connector";
}

/* "Name <email>, role" of the signed-in person */
static void
person(struct app *app, const struct principal *p, const char *partner_name, char *who, size_t cap)
{
    struct user_row row = {0};
    struct err ignored = ERR_INIT;
    bool found = false;
    const char *what;

    if (!user_load(app, p->user_id, &row, NULL, &found, &ignored) || !found) {
        snprintf(who, cap, "a user (id %s)", p->user_id);
        return;
    }
    what = row.role == ROLE_OWNER   ? "agency owner"
           : row.partner[0] == '\0' ? "agency staff"
           : row.role == ROLE_ADMIN ? "admin"
                                    : "user";
    if (row.partner[0] != '\0' && partner_name[0] != '\0')
        snprintf(who, cap, "%s <%s>, %s %s", row.name[0] ? row.name : row.email, row.email,
                 partner_name, what);
    else
        snprintf(who, cap, "%s <%s>, %s", row.name[0] ? row.name : row.email, row.email, what);
}

void
lead_actor_describe(struct app *app, const struct principal *p, const char *source,
                    const char *partner_name, char *who, size_t who_cap, char *via, size_t via_cap)
{
    const char *src = source ? source : SOURCE_SYSTEM;

    snprintf(who, who_cap, "Partner Connector");
    snprintf(via, via_cap, "automatically");
    if (p->kind == PRINCIPAL_USER) {
        person(app, p, partner_name, who, who_cap);
        snprintf(via, via_cap, "%s", person_via(src));
        return;
    }
    if (p->kind == PRINCIPAL_PARTNER_TOKEN) {
        snprintf(who, who_cap, "%s%ssystem", partner_name,
                 partner_name[0] ? "'s " : "the partner's ");
        if (p->token_name[0] != '\0')
            snprintf(via, via_cap, "with the partner API token \"%s\" (id %s)", p->token_name,
                     p->token_id);
        else
            snprintf(via, via_cap, "with a partner API token%s%s%s", p->token_id[0] ? " (id " : "",
                     p->token_id, p->token_id[0] ? ")" : "");
        return;
    }
    for (size_t i = 0; i < sizeof(systems) / sizeof(systems[0]); i++)
        if (strcmp(systems[i].source, src) == 0) {
            snprintf(who, who_cap, "%s", systems[i].who);
            snprintf(via, via_cap, "%s", systems[i].via);
        }
}
