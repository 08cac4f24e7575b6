/* principal.h - who is making a request; the data layer scopes every query by it */
#ifndef PC_PRINCIPAL_H
#define PC_PRINCIPAL_H

#include <stdbool.h>

#include "core/oid.h"

enum principal_kind {
    PRINCIPAL_ANONYMOUS = 0,
    PRINCIPAL_USER,          /* a signed-in person (cookie or bearer access token) */
    PRINCIPAL_PARTNER_TOKEN, /* a partner's system with an API token */
    PRINCIPAL_SYSTEM,        /* cron, webhooks, workers */
};

enum role { ROLE_NONE = 0, ROLE_USER, ROLE_ADMIN, ROLE_OWNER };

struct principal {
    enum principal_kind kind;
    enum role role;
    char user_id[OID_STR_SIZE];    /* 24-hex ObjectId of the user, "" otherwise */
    char partner_id[OID_STR_SIZE]; /* the partner the principal is bound to; "" = all partners
                                      (staff) */
    char token_id[OID_STR_SIZE];   /* partner API token id */
    char token_name[104];          /* partner API token name, for the audit log */
    char jti[48];                  /* access token id, for sign-out deny-listing */
    long long token_exp;           /* access token expiry (unix seconds) */
    bool via_cookie;               /* authenticated by cookie: CSRF applies */
};

/* principal_is_staff - owner, or an admin bound to no partner */
static inline bool
principal_is_staff(const struct principal *p)
{
    return p->kind == PRINCIPAL_USER && p->partner_id[0] == '\0'
           && (p->role == ROLE_OWNER || p->role == ROLE_ADMIN);
}

#endif
