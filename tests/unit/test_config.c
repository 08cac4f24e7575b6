/* test_config.c - config_load: defaults, every problem reported at once, masking */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/config.h"
#include "unit.h"

/* a fake environment: NULL-terminated name/value pairs */
static const char *const *fake_env;

static const char *
fake_getenv(const char *name)
{
    for (int i = 0; fake_env[i] != NULL; i += 2)
        if (strcmp(fake_env[i], name) == 0)
            return fake_env[i + 1];
    return NULL;
}

static const char *const good_env[] = {
    "JWT_SECRET", "0123456789abcdef0123456789abcdef", "CRON_SECRET", "cron-secret-cron-secret-1234",
    NULL,
};

static bool
has_detail(const struct err *err, const char *field)
{
    for (int i = 0; i < err->ndetails; i++)
        if (strcmp(err->details[i].field, field) == 0)
            return true;
    return false;
}

/* what config_print writes for env (which must load); the caller frees it */
static char *
printed_config(const char *const *env)
{
    struct config cfg;
    struct err err = ERR_INIT;
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);

    fake_env = env;
    ck_assert(config_load(&cfg, fake_getenv, &err));
    config_print(&cfg, out);
    fclose(out);
    return text;
}

START_TEST(config_applies_defaults_when_only_secrets_are_set)
{
    struct config cfg;
    struct err err = ERR_INIT;

    fake_env = good_env;
    ck_assert(config_load(&cfg, fake_getenv, &err));
    ck_assert_str_eq(cfg.env, "development");
    ck_assert_int_eq(cfg.max_body_bytes, 1048576);
    ck_assert_str_eq(cfg.mail_transport, "file");
    ck_assert_ptr_null(cfg.owner_email);
}
END_TEST

START_TEST(config_reports_every_problem_at_once)
{
    static const char *const env[] = {
        "PC_ENV",     "staging", "PC_MAX_BODY_BYTES", "12abc",     "PC_LOG_LEVEL", "loud",
        "JWT_SECRET", "short",   "MONGODB_URL",       "localhost", NULL,
    };
    struct config cfg;
    struct err err = ERR_INIT;

    fake_env = env;
    ck_assert(!config_load(&cfg, fake_getenv, &err));
    ck_assert_str_eq(err.code, "validation_failed");
    ck_assert(has_detail(&err, "PC_ENV"));
    ck_assert(has_detail(&err, "PC_MAX_BODY_BYTES"));
    ck_assert(has_detail(&err, "PC_LOG_LEVEL"));
    ck_assert(has_detail(&err, "JWT_SECRET"));
    ck_assert(has_detail(&err, "CRON_SECRET")); /* missing */
    ck_assert(has_detail(&err, "MONGODB_URL"));
    ck_assert_int_eq(err.ndetails, 6);
}
END_TEST

START_TEST(config_requires_mailgun_settings_for_mailgun_transport)
{
    static const char *const env[] = {
        "JWT_SECRET",
        "0123456789abcdef0123456789abcdef",
        "CRON_SECRET",
        "cron-secret-cron-secret-1234",
        "MAIL_TRANSPORT",
        "mailgun",
        NULL,
    };
    struct config cfg;
    struct err err = ERR_INIT;

    fake_env = env;
    ck_assert(!config_load(&cfg, fake_getenv, &err));
    ck_assert(has_detail(&err, "MAILGUN_API_KEY"));
    ck_assert(has_detail(&err, "MAILGUN_DOMAIN"));
}
END_TEST

START_TEST(config_rejects_out_of_range_numbers)
{
    static const char *const env[] = {
        "JWT_SECRET",
        "0123456789abcdef0123456789abcdef",
        "CRON_SECRET",
        "cron-secret-cron-secret-1234",
        "PC_DB_TIMEOUT_MS",
        "1",
        NULL,
    };
    struct config cfg;
    struct err err = ERR_INIT;

    fake_env = env;
    ck_assert(!config_load(&cfg, fake_getenv, &err));
    ck_assert(has_detail(&err, "PC_DB_TIMEOUT_MS"));
}
END_TEST

START_TEST(config_print_masks_secrets_and_url_passwords)
{
    static const char *const env[] = {
        "JWT_SECRET",  "0123456789abcdef0123456789abcdef",
        "CRON_SECRET", "cron-secret-cron-secret-1234",
        "MONGODB_URL", "mongodb://app:hunter2hunter2@db:27017/pc",
        "REDIS_URL",   "redis://:redispass@cache:6379/0",
        NULL,
    };
    char *text = printed_config(env);

    ck_assert_ptr_null(strstr(text, "0123456789abcdef"));
    ck_assert_ptr_null(strstr(text, "cron-secret"));
    ck_assert_ptr_null(strstr(text, "hunter2"));
    ck_assert_ptr_null(strstr(text, "redispass"));
    ck_assert_ptr_nonnull(strstr(text, "MONGODB_URL=mongodb://app:******@db:27017/pc"));
    ck_assert_ptr_nonnull(strstr(text, "JWT_SECRET=******"));
    free(text);
}
END_TEST

/* libcurl reads the URLs: a percent-encoded password is masked whole, a URL without one
 * prints as given, and credentials in a URL it cannot parse are not printed */
START_TEST(config_print_masks_every_url_password_form)
{
    static const char *const env[] = {
        "JWT_SECRET",  "0123456789abcdef0123456789abcdef",
        "CRON_SECRET", "cron-secret-cron-secret-1234",
        "MONGODB_URL", "mongodb://app:p%40ss%3Aw0rd@h1:27017,h2:27017/pc?replicaSet=rs",
        "REDIS_URL",   "redis://:s3cr%3At@[::1]:6390/2",
        NULL,
    };
    char *text = printed_config(env);

    ck_assert_ptr_null(strstr(text, "p%40ss"));
    ck_assert_ptr_null(strstr(text, "w0rd"));
    ck_assert_ptr_null(strstr(text, "s3cr"));
    ck_assert_ptr_nonnull(strstr(text, "REDIS_URL=redis://:******@[::1]:6390/2"));
    ck_assert_ptr_nonnull(strstr(text, "MONGODB_URL=(not shown"));
    ck_assert_ptr_nonnull(strstr(text, "PC_PUBLIC_URL=https://localhost:8443\n"));
    free(text);
}
END_TEST

START_TEST(config_checks_the_hubspot_and_chilipiper_settings)
{
    static const char *const env[] = {
        "JWT_SECRET",
        "0123456789abcdef0123456789abcdef",
        "CRON_SECRET",
        "cron-secret-cron-secret-1234",
        "HUBSPOT_SIGNATURE_VERSIONS",
        "v3,v4",
        "HUBSPOT_API_VERSION",
        "latest",
        "HUBSPOT_PROPERTY_MAP",
        "amount=dealAmount",
        "HUBSPOT_LIFECYCLE_RULE",
        "lifecyclestage",
        "HUBSPOT_BASE_URL",
        "api.hubapi.com",
        "CHILIPIPER_WEBHOOK_SECRET",
        "too-short",
        NULL,
    };
    struct config cfg;
    struct err err = ERR_INIT;

    fake_env = env;
    ck_assert(!config_load(&cfg, fake_getenv, &err));
    ck_assert(has_detail(&err, "HUBSPOT_SIGNATURE_VERSIONS"));
    ck_assert(has_detail(&err, "HUBSPOT_API_VERSION"));
    ck_assert(has_detail(&err, "HUBSPOT_PROPERTY_MAP"));
    ck_assert(has_detail(&err, "HUBSPOT_LIFECYCLE_RULE"));
    ck_assert(has_detail(&err, "HUBSPOT_BASE_URL"));
    ck_assert(has_detail(&err, "CHILIPIPER_WEBHOOK_SECRET"));
    ck_assert_int_eq(err.ndetails, 6);
}
END_TEST

START_TEST(config_print_masks_the_provider_secrets)
{
    static const char *const env[] = {
        "JWT_SECRET",
        "0123456789abcdef0123456789abcdef",
        "CRON_SECRET",
        "cron-secret-cron-secret-1234",
        "HUBSPOT_APP_SECRET",
        "hubspot-app-secret-1",
        "HUBSPOT_ACCESS_TOKEN",
        "pat-na1-token-secret",
        "CHILIPIPER_WEBHOOK_SECRET",
        "chilipiper-path-token-0123456789abcdef",
        "CHILIPIPER_API_KEY",
        "edge-api-key-secret",
        "HUBSPOT_API_VERSION",
        "2026-03",
        NULL,
    };
    char *text = printed_config(env);

    ck_assert_ptr_null(strstr(text, "hubspot-app-secret"));
    ck_assert_ptr_null(strstr(text, "token-secret"));
    ck_assert_ptr_null(strstr(text, "path-token"));
    ck_assert_ptr_null(strstr(text, "edge-api-key"));
    ck_assert_ptr_nonnull(strstr(text, "HUBSPOT_ACCESS_TOKEN=******"));
    ck_assert_ptr_nonnull(strstr(text, "HUBSPOT_BASE_URL=https://api.hubapi.com\n"));
    ck_assert_ptr_nonnull(strstr(text, "HUBSPOT_SIGNATURE_VERSIONS=v3\n"));
    free(text);
}
END_TEST

Suite *
suite_config(void)
{
    Suite *s = suite_create("config");
    TCase *tc = tcase_create("load");

    tcase_add_test(tc, config_applies_defaults_when_only_secrets_are_set);
    tcase_add_test(tc, config_reports_every_problem_at_once);
    tcase_add_test(tc, config_requires_mailgun_settings_for_mailgun_transport);
    tcase_add_test(tc, config_rejects_out_of_range_numbers);
    tcase_add_test(tc, config_print_masks_secrets_and_url_passwords);
    tcase_add_test(tc, config_print_masks_every_url_password_form);
    tcase_add_test(tc, config_checks_the_hubspot_and_chilipiper_settings);
    tcase_add_test(tc, config_print_masks_the_provider_secrets);
    suite_add_tcase(s, tc);
    return s;
}
