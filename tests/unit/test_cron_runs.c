/* test_cron_runs.c - the cron side of the reminders: CRON_TIMEZONE and CRON_DISABLED in the
 * config, the day of a run lock across a DST change, which jobs lock a day, and which leads
 * the reminder calls overdue */
#include <string.h>

#include "core/config.h"
#include "domain/cron_runs.h"
#include "domain/reminders.h"
#include "unit.h"

static const char *const *env_now;

static const char *
env_get(const char *name)
{
    for (int i = 0; env_now[i] != NULL; i += 2)
        if (strcmp(env_now[i], name) == 0)
            return env_now[i + 1];
    return NULL;
}

static bool
load(const char *tz, const char *disabled, struct config *cfg, struct err *err)
{
    const char *const e[] = {"JWT_SECRET",
                             "0123456789abcdef0123456789abcdef",
                             "CRON_SECRET",
                             "cron-secret-cron-secret-1234",
                             "CRON_TIMEZONE",
                             tz,
                             "CRON_DISABLED",
                             disabled,
                             NULL};

    env_now = e;
    return config_load(cfg, env_get, err);
}

START_TEST(cron_timezone_defaults_to_utc_and_is_checked)
{
    struct config cfg;
    struct err err = ERR_INIT;

    ck_assert(load(NULL, NULL, &cfg, &err));
    ck_assert_str_eq(cfg.cron_timezone, "UTC");
    ck_assert_ptr_null(cfg.cron_disabled);
    ck_assert(load("America/Los_Angeles", "daily-reminders,recount", &cfg, &err));
    static const char *const bad[] = {"Mars/Olympus", "../etc/passwd",  "/etc/passwd",
                                      "America/",     "Europe/Ber lin", "America"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct err e2 = ERR_INIT;
        ck_assert_msg(!load(bad[i], NULL, &cfg, &e2), "%s accepted", bad[i]);
        ck_assert_str_eq(e2.details[0].field, "CRON_TIMEZONE");
    }
}
END_TEST

START_TEST(cron_disabled_names_all_or_a_list)
{
    struct config cfg;
    struct err err = ERR_INIT;

    ck_assert(load("UTC", "daily-reminders,recount", &cfg, &err));
    ck_assert(config_cron_disabled(&cfg, "daily-reminders"));
    ck_assert(config_cron_disabled(&cfg, "recount"));
    ck_assert(!config_cron_disabled(&cfg, "daily"));
    ck_assert(!config_cron_disabled(&cfg, "flush-outbox"));
    ck_assert(load("UTC", "all", &cfg, &err));
    ck_assert(config_cron_disabled(&cfg, "flush-outbox"));
    ck_assert(!load("UTC", "a,,b", &cfg, &err));
    ck_assert_str_eq(err.details[0].field, "CRON_DISABLED");
}
END_TEST

/* 2026-03-08 is the US spring-forward day: 09:00 PDT (16:00 UTC) and 08:59 PST of the day
 * before (16:59 UTC on the 7th) are different days, as 23:30 and 00:30 local are */
START_TEST(the_run_day_is_the_local_day_across_dst)
{
    char day[CRON_DAY_CAP];

    ck_assert(cron_local_day(1772985600, "America/Los_Angeles", day)); /* 2026-03-08 16:00Z */
    ck_assert_str_eq(day, "2026-03-08");
    ck_assert(cron_local_day(1772902740, "America/Los_Angeles", day)); /* 03-07 16:59Z */
    ck_assert_str_eq(day, "2026-03-07");
    ck_assert(cron_local_day(1772985600, "UTC", day));
    ck_assert_str_eq(day, "2026-03-08");
    ck_assert(cron_local_day(1772956800 - 1800, "America/Los_Angeles", day)); /* 07:30Z */
    ck_assert_str_eq(day, "2026-03-07");                                      /* 23:30 PST */
    ck_assert(cron_local_day(1772956800 + 1800, "Asia/Tokyo", day));
    ck_assert_str_eq(day, "2026-03-08");
}
END_TEST

START_TEST(only_daily_and_monthly_jobs_lock_their_day)
{
    ck_assert(cron_job_once(cron_job_find("daily-reminders")));
    ck_assert(!cron_job_once(cron_job_find("flush-outbox")));
    ck_assert(!cron_job_once(cron_job_find("purge-expired")));
}
END_TEST

static bson_t *
lead(const char *status, int64_t sched, bool has_sched, bool archived)
{
    bson_t *b = BCON_NEW("dealStatus", BCON_UTF8(status));

    if (has_sched)
        BSON_APPEND_DATE_TIME(b, "scheduledDate", sched);
    if (archived)
        BSON_APPEND_DATE_TIME(b, "archivedAt", sched);
    else
        BSON_APPEND_NULL(b, "archivedAt");
    return b;
}

START_TEST(overdue_means_scheduled_before_now_and_still_open)
{
    const int64_t now = 1772985600000;
    struct {
        const char *status;
        int64_t sched;
        bool has, archived, want;
    } cases[] = {
        {"scheduled", now - 1, true, false, true},
        {"in_touch", now - 86400000, true, false, true},
        {"new", now - 1, true, false, true},
        {"scheduled", now, true, false, false},
        {"scheduled", now + 1, true, false, false},
        {"scheduled", 0, false, false, false},
        {"won", now - 1, true, false, false},
        {"lost_no_show", now - 1, true, false, false},
        {"lost_disqualified", now - 1, true, false, false},
        {"lost_no_potential", now - 1, true, false, false},
        {"scheduled", now - 1, true, true, false},
    };

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        bson_t *b = lead(cases[i].status, cases[i].sched, cases[i].has, cases[i].archived);
        ck_assert_msg(reminders_overdue(b, now) == cases[i].want, "case %zu", i);
        bson_destroy(b);
    }
}
END_TEST

Suite *
suite_cron_runs(void)
{
    Suite *s = suite_create("cron_runs");
    TCase *tc = tcase_create("cron");

    tcase_add_test(tc, cron_timezone_defaults_to_utc_and_is_checked);
    tcase_add_test(tc, cron_disabled_names_all_or_a_list);
    tcase_add_test(tc, the_run_day_is_the_local_day_across_dst);
    tcase_add_test(tc, only_daily_and_monthly_jobs_lock_their_day);
    tcase_add_test(tc, overdue_means_scheduled_before_now_and_still_open);
    suite_add_tcase(s, tc);
    return s;
}
