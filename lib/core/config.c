/* config.c - the one table of environment variables: defaults, checks, secrets, printing */
#include "core/config.h"

#include <curl/curl.h>
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "core/email.h"
#include "core/hubspot_props.h"
#include "core/log.h"

enum kind { K_STR, K_URL, K_SECRET, K_LONG, K_LEVEL, K_CHOICE, K_EMAIL, K_TZ, K_NAMES };

#define F_REQUIRED 1 /* must be set (or have a default) */

struct var {
    const char *name;
    const char *def;
    enum kind kind;
    int flags;
    size_t offset;
    long min, max;       /* K_LONG bounds; K_SECRET minimum length in min */
    const char *choices; /* K_CHOICE: "a|b|c" */
};

#define OFF(f) offsetof(struct config, f)

static const struct var vars[] = {
    {"PC_ENV", "development", K_CHOICE, F_REQUIRED, OFF(env), 0, 0, "development|test|production"},
    {"MONGODB_URL",
     "mongodb://127.0.0.1:27017/partner_connector?retryWrites=false&serverSelectionTimeoutMS=2000",
     K_URL, F_REQUIRED, OFF(mongodb_url), 0, 0, NULL},
    {"REDIS_URL", "redis://127.0.0.1:6379/0", K_URL, F_REQUIRED, OFF(redis_url), 0, 0, NULL},
    {"PC_PUBLIC_URL", "https://localhost:8443", K_URL, F_REQUIRED, OFF(public_url), 0, 0, NULL},
    {"JWT_SECRET", NULL, K_SECRET, F_REQUIRED, OFF(jwt_secret), 32, 0, NULL},
    {"CRON_SECRET", NULL, K_SECRET, F_REQUIRED, OFF(cron_secret), 24, 0, NULL},
    {"PC_LOG_LEVEL", "info", K_LEVEL, F_REQUIRED, OFF(log_level), 0, 0, NULL},
    {"PC_MAX_BODY_BYTES", "1048576", K_LONG, F_REQUIRED, OFF(max_body_bytes), 1024, 64L << 20,
     NULL},
    {"PC_IMPORT_MAX_BYTES", "20971520", K_LONG, F_REQUIRED, OFF(import_max_bytes), 1024, 256L << 20,
     NULL},
    {"PC_DB_TIMEOUT_MS", "2000", K_LONG, F_REQUIRED, OFF(db_timeout_ms), 50, 60000, NULL},
    {"PC_DB_MAX_TIME_MS", "10000", K_LONG, F_REQUIRED, OFF(db_max_time_ms), 100, 600000, NULL},
    {"PC_DB_ENGINE", "mongodb", K_CHOICE, F_REQUIRED, OFF(db_engine), 0, 0,
     "mongodb|ferretdb-postgresql|ferretdb-sqlite"},
    {"PC_REDIS_TIMEOUT_MS", "1000", K_LONG, F_REQUIRED, OFF(redis_timeout_ms), 50, 60000, NULL},
    {"INITIAL_OWNER_EMAIL", NULL, K_STR, 0, OFF(owner_email), 0, 0, NULL},
    {"INITIAL_OWNER_PASSWORD", NULL, K_SECRET, 0, OFF(owner_password), 10, 0, NULL},
    {"INITIAL_OWNER_NAME", "Owner", K_STR, 0, OFF(owner_name), 0, 0, NULL},
    {"MAIL_TRANSPORT", "file", K_CHOICE, F_REQUIRED, OFF(mail_transport), 0, 0, "file|mailgun"},
    {"PC_MAIL_DIR", "var/mail", K_STR, F_REQUIRED, OFF(mail_dir), 0, 0, NULL},
    {"MAIL_FROM", "Partner Connector <no-reply@example.com>", K_STR, F_REQUIRED, OFF(mail_from), 0,
     0, NULL},
    {"ALERT_EMAIL_TO", "alerts@example.com", K_EMAIL, F_REQUIRED, OFF(alert_email_to), 0, 0, NULL},
    {"MAILGUN_BASE_URL", "https://api.mailgun.net", K_URL, F_REQUIRED, OFF(mailgun_base_url), 0, 0,
     NULL},
    {"MAILGUN_API_KEY", NULL, K_SECRET, 0, OFF(mailgun_api_key), 1, 0, NULL},
    {"MAILGUN_DOMAIN", NULL, K_STR, 0, OFF(mailgun_domain), 0, 0, NULL},
    {"HUBSPOT_PORTAL_ID", NULL, K_LONG, 0, OFF(hubspot_portal_id), 1, 999999999999L, NULL},
    {"PC_HTTP_TIMEOUT_MS", "10000", K_LONG, F_REQUIRED, OFF(http_timeout_ms), 100, 120000, NULL},
    {"PC_TEST_HOOKS", NULL, K_STR, 0, OFF(test_hooks), 0, 0, NULL},
    {"PC_QUEUE_PREFIX", "pc", K_STR, F_REQUIRED, OFF(queue_prefix), 0, 0, NULL},
    {"PC_TEMPLATE_DIR", "lib/mail", K_STR, F_REQUIRED, OFF(template_dir), 0, 0, NULL},
    {"PC_REQUEST_TIMEOUT_S", "25", K_LONG, F_REQUIRED, OFF(request_timeout_s), 1, 3600, NULL},
    {"PC_PARTNER_API_RATE", "60", K_LONG, F_REQUIRED, OFF(partner_api_rate), 1, 100000, NULL},
    {"PC_PARTNER_API_BURST", "30", K_LONG, F_REQUIRED, OFF(partner_api_burst), 1, 100000, NULL},
    {"HUBSPOT_APP_SECRET", NULL, K_SECRET, 0, OFF(hubspot_app_secret), 8, 0, NULL},
    {"HUBSPOT_ACCESS_TOKEN", NULL, K_SECRET, 0, OFF(hubspot_access_token), 8, 0, NULL},
    {"HUBSPOT_BASE_URL", "https://api.hubapi.com", K_URL, F_REQUIRED, OFF(hubspot_base_url), 0, 0,
     NULL},
    {"HUBSPOT_API_VERSION", "v3", K_STR, F_REQUIRED, OFF(hubspot_api_version), 0, 0, NULL},
    {"HUBSPOT_WEBHOOK_URL", NULL, K_URL, 0, OFF(hubspot_webhook_url), 0, 0, NULL},
    {"HUBSPOT_SIGNATURE_VERSIONS", "v3", K_STR, F_REQUIRED, OFF(hubspot_signatures), 0, 0, NULL},
    {"HUBSPOT_LIFECYCLE_RULE", NULL, K_STR, 0, OFF(hubspot_lifecycle_rule), 0, 0, NULL},
    {"HUBSPOT_PROPERTY_MAP", NULL, K_STR, 0, OFF(hubspot_property_map), 0, 0, NULL},
    {"HUBSPOT_DEFAULT_PARTNER", NULL, K_STR, 0, OFF(hubspot_default_partner), 0, 0, NULL},
    {"HUBSPOT_MIN_INTERVAL_MS", "250", K_LONG, F_REQUIRED, OFF(hubspot_min_interval_ms), 0, 10000,
     NULL},
    {"CHILIPIPER_WEBHOOK_SECRET", NULL, K_SECRET, 0, OFF(chilipiper_secret), 32, 0, NULL},
    {"CHILIPIPER_BASE_URL", "https://fire.chilipiper.com/api/fire-edge", K_URL, F_REQUIRED,
     OFF(chilipiper_base_url), 0, 0, NULL},
    {"CHILIPIPER_API_KEY", NULL, K_SECRET, 0, OFF(chilipiper_api_key), 8, 0, NULL},
    {"STRIPE_SECRET_KEY", NULL, K_SECRET, 0, OFF(stripe_secret_key), 8, 0, NULL},
    {"STRIPE_WEBHOOK_SECRET", NULL, K_SECRET, 0, OFF(stripe_webhook_secret), 8, 0, NULL},
    {"STRIPE_BASE_URL", "https://api.stripe.com", K_URL, F_REQUIRED, OFF(stripe_base_url), 0, 0,
     NULL},
    {"STRIPE_API_VERSION", "2025-09-30.clover", K_STR, F_REQUIRED, OFF(stripe_api_version), 0, 0,
     NULL},
    {"STRIPE_DAYS_UNTIL_DUE", "30", K_LONG, F_REQUIRED, OFF(stripe_days_until_due), 1, 365, NULL},
    {"CRON_TIMEZONE", "UTC", K_TZ, F_REQUIRED, OFF(cron_timezone), 0, 0, NULL},
    {"CRON_DISABLED", NULL, K_NAMES, 0, OFF(cron_disabled), 0, 0, NULL},
    {"PC_WEBHOOKS_ALLOW_HTTP", NULL, K_STR, 0, OFF(webhooks_allow_http), 0, 0, NULL},
    {"PC_WEBHOOKS_ALLOW_LOOPBACK", NULL, K_STR, 0, OFF(webhooks_allow_loopback), 0, 0, NULL},
    {"PC_WEBHOOK_SECRET_OVERLAP_S", "86400", K_LONG, F_REQUIRED, OFF(webhook_secret_overlap_s), 0,
     7 * 86400, NULL},
    {"PC_WEBHOOK_INFLIGHT", "2", K_LONG, F_REQUIRED, OFF(webhook_inflight), 1, 64, NULL},
};

#define NVARS (sizeof(vars) / sizeof(vars[0]))

static const char **
str_field(struct config *cfg, const struct var *v)
{
    return (const char **)(void *)((char *)cfg + v->offset);
}

static const char *const *
str_field_const(const struct config *cfg, const struct var *v)
{
    return (const char *const *)(const void *)((const char *)cfg + v->offset);
}

static bool
choice_ok(const char *choices, const char *value)
{
    size_t len = strlen(value);
    const char *p = choices;

    while (*p != '\0') {
        const char *end = strchr(p, '|');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (n == len && strncmp(p, value, n) == 0)
            return true;
        if (end == NULL)
            break;
        p = end + 1;
    }
    return false;
}

static void
load_long(struct config *cfg, const struct var *v, const char *value, struct err *err)
{
    char *end;
    long n;

    errno = 0;
    n = strtol(value, &end, 10);
    if (errno != 0 || *end != '\0' || end == value || n < v->min || n > v->max)
        err_detail(err, v->name, "must be an integer from %ld to %ld", v->min, v->max);
    else
        *(long *)(void *)((char *)cfg + v->offset) = n;
}

/* "all" or "a,b-c": names of lower-case letters, digits and '-', no empty one */
static bool
names_ok(const char *list)
{
    const char *p = list;

    for (;;) {
        size_t n = strspn(p, "abcdefghijklmnopqrstuvwxyz0123456789-");
        if (n == 0 || (p[n] != ',' && p[n] != '\0'))
            return false;
        if (p[n] == '\0')
            return true;
        p += n + 1;
    }
}

bool
config_tz_valid(const char *name)
{
    static const char allowed[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_+-/";
    const char *dir = getenv("TZDIR");
    char path[512];
    struct stat st;
    size_t len = strlen(name);

    if (len == 0 || len > 64 || name[0] == '/' || name[len - 1] == '/' || strstr(name, "..")
        || strstr(name, "//") || strspn(name, allowed) != len)
        return false;
    snprintf(path, sizeof(path), "%s/%s",
             dir != NULL && dir[0] != '\0' ? dir : "/usr/share/zoneinfo", name);
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

bool
config_cron_disabled(const struct config *cfg, const char *job)
{
    size_t len = strlen(job);
    const char *p = cfg->cron_disabled;

    if (p == NULL)
        return false;
    if (strcmp(p, "all") == 0)
        return true;
    for (; *p != '\0'; p += *p == ',') {
        size_t n = strcspn(p, ",");
        if (n == len && strncmp(p, job, n) == 0)
            return true;
        p += n;
    }
    return false;
}

/* check and store one variable; on a problem add a detail naming it */
static void
load_var(struct config *cfg, const struct var *v, const char *value, struct err *err)
{
    int level;

    switch (v->kind) {
    case K_LONG: load_long(cfg, v, value, err); return;
    case K_LEVEL:
        level = log_level_parse(value);
        if (level < 0)
            err_detail(err, v->name, "must be one of debug, info, warn, error");
        else
            *(int *)(void *)((char *)cfg + v->offset) = level;
        return;
    case K_CHOICE:
        if (!choice_ok(v->choices, value))
            err_detail(err, v->name, "must be one of %s", v->choices);
        break;
    case K_URL:
        if (strstr(value, "://") == NULL)
            err_detail(err, v->name, "must be a URL (scheme://...)");
        break;
    case K_SECRET:
        if ((long)strlen(value) < v->min)
            err_detail(err, v->name, "must be at least %ld characters", v->min);
        break;
    case K_EMAIL:
        if (!email_valid(value, strlen(value)))
            err_detail(err, v->name, "must be an e-mail address");
        break;
    case K_TZ:
        if (!config_tz_valid(value))
            err_detail(err, v->name, "must be a time zone name such as UTC or Europe/Berlin");
        break;
    case K_NAMES:
        if (!names_ok(value))
            err_detail(err, v->name, "must be all or job names separated by commas");
        break;
    case K_STR: break;
    }
    *str_field(cfg, v) = value;
}

/* "v3" or "v1,v3": each of v1, v2, v3 at most once, at least one */
static bool
signature_versions_ok(const char *list)
{
    int seen = 0;

    for (const char *p = list; *p != '\0'; p += *p == ',') {
        size_t len = strcspn(p, ",");
        int bit = len == 2 && p[0] == 'v' && p[1] >= '1' && p[1] <= '3' ? 1 << (p[1] - '1') : 0;
        if (bit == 0 || (seen & bit) != 0)
            return false;
        seen |= bit;
        p += len;
    }
    return seen != 0;
}

/* "v3" (any vN) or a date version "2026-03" */
static bool
api_version_ok(const char *v)
{
    size_t len = strlen(v);

    if (len >= 2 && len <= 4 && v[0] == 'v' && strspn(v + 1, "0123456789") == len - 1)
        return true;
    return len == 7 && strspn(v, "0123456789") == 4 && v[4] == '-'
           && strspn(v + 5, "0123456789") == 2;
}

/* the HubSpot settings that have a syntax of their own */
static void
check_hubspot(const struct config *cfg, struct err *err)
{
    struct hubspot_props props;
    struct hubspot_rule rule;
    char problem[160];

    if (cfg->hubspot_signatures != NULL && !signature_versions_ok(cfg->hubspot_signatures))
        err_detail(err, "HUBSPOT_SIGNATURE_VERSIONS", "must list v1, v2 and/or v3, e.g. v3");
    if (cfg->hubspot_api_version != NULL && !api_version_ok(cfg->hubspot_api_version))
        err_detail(err, "HUBSPOT_API_VERSION", "must be v3 or a date version such as 2026-03");
    if (!hubspot_props_build(cfg->hubspot_property_map, &props, problem, sizeof(problem)))
        err_detail(err, "HUBSPOT_PROPERTY_MAP", "%s", problem);
    if (!hubspot_rule_parse(cfg->hubspot_lifecycle_rule, &rule, problem, sizeof(problem)))
        err_detail(err, "HUBSPOT_LIFECYCLE_RULE", "%s", problem);
}

bool
config_load(struct config *cfg, config_getenv_fn *getenv_fn, struct err *err)
{
    memset(cfg, 0, sizeof(*cfg));
    for (size_t i = 0; i < NVARS; i++) {
        const struct var *v = &vars[i];
        const char *value = getenv_fn(v->name);

        if (value == NULL || value[0] == '\0')
            value = v->def;
        if (value == NULL) {
            if (v->flags & F_REQUIRED)
                err_detail(err, v->name, "is required");
            continue;
        }
        load_var(cfg, v, value, err);
    }
    if (cfg->mail_transport != NULL && strcmp(cfg->mail_transport, "mailgun") == 0) {
        if (cfg->mailgun_api_key == NULL)
            err_detail(err, "MAILGUN_API_KEY", "is required when MAIL_TRANSPORT=mailgun");
        if (cfg->mailgun_domain == NULL)
            err_detail(err, "MAILGUN_DOMAIN", "is required when MAIL_TRANSPORT=mailgun");
    }
    check_hubspot(cfg, err);
    if (cfg->test_hooks != NULL && config_is_production(cfg))
        err_detail(err, "PC_TEST_HOOKS", "must not be set when PC_ENV=production");
    if (cfg->webhooks_allow_loopback != NULL && config_is_production(cfg))
        err_detail(err, "PC_WEBHOOKS_ALLOW_LOOPBACK", "must not be set when PC_ENV=production");
    if (cfg->webhooks_allow_http != NULL && config_is_production(cfg))
        err_detail(err, "PC_WEBHOOKS_ALLOW_HTTP", "must not be set when PC_ENV=production");
    if (err->ndetails > 0)
        return err_set(err, ERR_VALIDATION_FAILED, "invalid configuration");
    return true;
}

/* print a URL with the password of its userinfo (scheme://user:password@host) masked, by
 * libcurl's URL parser; a URL without a password prints as given, one that has credentials
 * curl cannot parse (several hosts) is not printed at all */
static void
print_url_masked(FILE *out, const char *name, const char *url)
{
    CURLU *u = curl_url();
    char *password = NULL, *masked = NULL;
    bool parsed =
        u != NULL && curl_url_set(u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) == CURLUE_OK;

    if (parsed && curl_url_get(u, CURLUPART_PASSWORD, &password, 0) == CURLUE_OK
        && curl_url_set(u, CURLUPART_PASSWORD, "******", 0) == CURLUE_OK)
        curl_url_get(u, CURLUPART_URL, &masked, 0);
    if (masked != NULL)
        fprintf(out, "%s=%s\n", name, masked);
    else if ((parsed && password == NULL) || strchr(url, '@') == NULL)
        fprintf(out, "%s=%s\n", name, url);
    else
        fprintf(out, "%s=(not shown: credentials in a URL that cannot be parsed)\n", name);
    curl_free(masked);
    curl_free(password);
    curl_url_cleanup(u);
}

void
config_print(const struct config *cfg, FILE *out)
{
    for (size_t i = 0; i < NVARS; i++) {
        const struct var *v = &vars[i];
        const void *field = (const char *)cfg + v->offset;
        const char *s;

        switch (v->kind) {
        case K_LONG: fprintf(out, "%s=%ld\n", v->name, *(const long *)field); break;
        case K_LEVEL:
            fprintf(out, "%s=%s\n", v->name,
                    (const char *[]){"debug", "info", "warn", "error"}[*(const int *)field]);
            break;
        default:
            s = *str_field_const(cfg, v);
            if (s == NULL)
                fprintf(out, "%s=(unset)\n", v->name);
            else if (v->kind == K_SECRET)
                fprintf(out, "%s=****** (%zu characters)\n", v->name, strlen(s));
            else if (v->kind == K_URL)
                print_url_masked(out, v->name, s);
            else
                fprintf(out, "%s=%s\n", v->name, s);
        }
    }
}

bool
config_is_production(const struct config *cfg)
{
    return cfg->env != NULL && strcmp(cfg->env, "production") == 0;
}
