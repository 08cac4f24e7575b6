/* config.h - every environment variable the programs read, loaded once into a read-only struct */
#ifndef PC_CONFIG_H
#define PC_CONFIG_H

#include <stdbool.h>
#include <stdio.h>

#include "core/err.h"

struct config {
    const char *env;              /* PC_ENV */
    const char *mongodb_url;      /* MONGODB_URL */
    const char *redis_url;        /* REDIS_URL */
    const char *public_url;       /* PC_PUBLIC_URL */
    const char *jwt_secret;       /* JWT_SECRET */
    const char *cron_secret;      /* CRON_SECRET */
    int log_level;                /* PC_LOG_LEVEL */
    long max_body_bytes;          /* PC_MAX_BODY_BYTES */
    long import_max_bytes;        /* PC_IMPORT_MAX_BYTES */
    long db_timeout_ms;           /* PC_DB_TIMEOUT_MS */
    long db_max_time_ms;          /* PC_DB_MAX_TIME_MS */
    const char *db_engine;        /* PC_DB_ENGINE */
    long redis_timeout_ms;        /* PC_REDIS_TIMEOUT_MS */
    const char *owner_email;      /* INITIAL_OWNER_EMAIL */
    const char *owner_password;   /* INITIAL_OWNER_PASSWORD */
    const char *owner_name;       /* INITIAL_OWNER_NAME */
    const char *mail_transport;   /* MAIL_TRANSPORT */
    const char *mail_dir;         /* PC_MAIL_DIR */
    const char *mail_from;        /* MAIL_FROM */
    const char *alert_email_to;   /* ALERT_EMAIL_TO */
    const char *mailgun_base_url; /* MAILGUN_BASE_URL */
    const char *mailgun_api_key;  /* MAILGUN_API_KEY */
    const char *mailgun_domain;   /* MAILGUN_DOMAIN */
    long hubspot_portal_id;       /* HUBSPOT_PORTAL_ID (0: unset) */
    long http_timeout_ms;         /* PC_HTTP_TIMEOUT_MS */
    const char *test_hooks;       /* PC_TEST_HOOKS */
    const char *queue_prefix;     /* PC_QUEUE_PREFIX */
    const char *template_dir;     /* PC_TEMPLATE_DIR */
    long request_timeout_s;       /* PC_REQUEST_TIMEOUT_S */
    long partner_api_rate;        /* PC_PARTNER_API_RATE: requests per minute per API token */
    long partner_api_burst;       /* PC_PARTNER_API_BURST: requests a token may send at once */
    /* HubSpot (integrations.md §A): webhooks need the app secret, the CRM calls the token */
    const char *hubspot_app_secret;      /* HUBSPOT_APP_SECRET */
    const char *hubspot_access_token;    /* HUBSPOT_ACCESS_TOKEN */
    const char *hubspot_base_url;        /* HUBSPOT_BASE_URL */
    const char *hubspot_api_version;     /* HUBSPOT_API_VERSION: v3 or a date version 2026-03 */
    const char *hubspot_webhook_url;     /* HUBSPOT_WEBHOOK_URL (NULL: PC_PUBLIC_URL + path) */
    const char *hubspot_signatures;      /* HUBSPOT_SIGNATURE_VERSIONS: "v3", "v3,v1" ... */
    const char *hubspot_lifecycle_rule;  /* HUBSPOT_LIFECYCLE_RULE: property=value[|value] */
    const char *hubspot_property_map;    /* HUBSPOT_PROPERTY_MAP: overrides, prop=field,... */
    const char *hubspot_default_partner; /* HUBSPOT_DEFAULT_PARTNER: id or slug */
    long hubspot_min_interval_ms;        /* HUBSPOT_MIN_INTERVAL_MS: between search calls */
    /* ChiliPiper (integrations.md §B) */
    const char *chilipiper_secret;   /* CHILIPIPER_WEBHOOK_SECRET: the path token */
    const char *chilipiper_base_url; /* CHILIPIPER_BASE_URL: the Edge API */
    const char *chilipiper_api_key;  /* CHILIPIPER_API_KEY */
    /* Stripe (integrations.md §D): invoices need the secret key, webhooks the endpoint secret */
    const char *stripe_secret_key;     /* STRIPE_SECRET_KEY (sk_test_/sk_live_) */
    const char *stripe_webhook_secret; /* STRIPE_WEBHOOK_SECRET (whsec_) */
    const char *stripe_base_url;       /* STRIPE_BASE_URL */
    const char *stripe_api_version;    /* STRIPE_API_VERSION: sent as Stripe-Version */
    long stripe_days_until_due;        /* STRIPE_DAYS_UNTIL_DUE: of the monthly invoices */
    /* cron (DESIGN §7.10) */
    const char *cron_timezone; /* CRON_TIMEZONE: an IANA zone name, for daily and monthly jobs */
    const char *cron_disabled; /* CRON_DISABLED: "all" or job names "a,b"; NULL: none */
    /* webhooks to partners (issue 15); the two flags are for dev and tests, refused in production
     */
    const char *webhooks_allow_http;     /* PC_WEBHOOKS_ALLOW_HTTP: set = http:// endpoints too */
    const char *webhooks_allow_loopback; /* PC_WEBHOOKS_ALLOW_LOOPBACK: set = 127.0.0.1, ::1 too */
    long webhook_secret_overlap_s;       /* PC_WEBHOOK_SECRET_OVERLAP_S: old secret still signs */
    long webhook_inflight;               /* PC_WEBHOOK_INFLIGHT: deliveries at once per endpoint */
};

typedef const char *config_getenv_fn(const char *name);

/* config_load - fill cfg from getenv_fn (getenv in production, a table in tests).
 * Returns false with one err detail per problem (field = variable name), all at once.
 * Strings in cfg are borrowed from the environment or are static defaults. */
bool config_load(struct config *cfg, config_getenv_fn *getenv_fn, struct err *err);

/* config_print - "NAME=value" per variable, secrets masked, for --check-config */
void config_print(const struct config *cfg, FILE *out);

/* config_is_production - PC_ENV=production */
bool config_is_production(const struct config *cfg);

/* config_tz_valid - name is a zone of the system's tz database (TZDIR or
 * /usr/share/zoneinfo): letters, digits, "_+-" and "/"-separated parts, no "..", a file there */
bool config_tz_valid(const char *name);

/* config_cron_disabled - CRON_DISABLED names job ("all" names every job) */
bool config_cron_disabled(const struct config *cfg, const char *job);

#endif
