/* test_rds.c - REDIS_URL as libcurl's URL parser reads it */
#include <string.h>

#include "db/rds.h"
#include "unit.h"

START_TEST(redis_urls_parse_host_port_db_and_password)
{
    struct rds_url u;

    ck_assert(rds_url_parse("redis://127.0.0.1:6379/0", &u));
    ck_assert_str_eq(u.host, "127.0.0.1");
    ck_assert_int_eq(u.port, 6379);
    ck_assert_int_eq(u.db, 0);
    ck_assert_str_eq(u.password, "");
    ck_assert_str_eq(u.path, "");
    ck_assert(rds_url_parse("redis://cache", &u));
    ck_assert_str_eq(u.host, "cache");
    ck_assert_int_eq(u.port, 6379);
    ck_assert(rds_url_parse("redis://cache/", &u));
    ck_assert_int_eq(u.db, 0);
    /* a percent-encoded password is decoded: '@' and ':' inside it are no separators */
    ck_assert(rds_url_parse("redis://:p%40ss%3Aword@cache:6380/2", &u));
    ck_assert_str_eq(u.password, "p@ss:word");
    ck_assert_str_eq(u.host, "cache");
    ck_assert_int_eq(u.port, 6380);
    ck_assert_int_eq(u.db, 2);
    ck_assert(rds_url_parse("redis://app:secret@cache", &u)); /* the user is not sent */
    ck_assert_str_eq(u.password, "secret");
}
END_TEST

START_TEST(redis_urls_take_ipv6_hosts_in_brackets)
{
    struct rds_url u;

    ck_assert(rds_url_parse("redis://[::1]:6390/3", &u));
    ck_assert_str_eq(u.host, "::1");
    ck_assert_int_eq(u.port, 6390);
    ck_assert_int_eq(u.db, 3);
    ck_assert(rds_url_parse("redis://:pw@[2001:db8::7]", &u));
    ck_assert_str_eq(u.host, "2001:db8::7");
    ck_assert_int_eq(u.port, 6379);
    ck_assert_str_eq(u.password, "pw");
}
END_TEST

START_TEST(redis_urls_take_unix_sockets)
{
    struct rds_url u;

    ck_assert(rds_url_parse("unix:///run/pc/redis.sock", &u));
    ck_assert_str_eq(u.path, "/run/pc/redis.sock");
    ck_assert_str_eq(u.host, "");
    ck_assert_int_eq(u.db, 0);
    ck_assert(rds_url_parse("unix:///run/pc/redis.sock?db=4", &u));
    ck_assert_str_eq(u.path, "/run/pc/redis.sock");
    ck_assert_int_eq(u.db, 4);
    ck_assert(rds_url_parse("unix:///tmp/a%20b/redis.sock", &u));
    ck_assert_str_eq(u.path, "/tmp/a b/redis.sock");
}
END_TEST

START_TEST(redis_urls_refuse_what_they_cannot_mean)
{
    static const char *const bad[] = {
        "",
        "http://cache:6379",
        "rediss://cache", /* TLS: hiredis 0.14 is built without it */
        "redis://",
        "redis://:pw@",
        "redis://cache:0",
        "redis://cache:99999",
        "redis://cache:port",
        "redis://cache/db1",
        "redis://cache/-1",
        "unix://",
        "unix:///",
        "unix://relative.sock",
        "unix:///run/redis.sock?db=x",
        "unix:///run/redis.sock?timeout=1",
    };
    struct rds_url u;

    ck_assert(!rds_url_parse(NULL, &u));
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        ck_assert_msg(!rds_url_parse(bad[i], &u), "accepted \"%s\"", bad[i]);
    ck_assert(!rds_url_parse("redis://:secret@cache:99999", &u));
    ck_assert_str_eq(u.password, ""); /* nothing of a refused URL is kept */
}
END_TEST

Suite *
suite_rds(void)
{
    Suite *s = suite_create("rds");
    TCase *tc = tcase_create("url");

    tcase_add_test(tc, redis_urls_parse_host_port_db_and_password);
    tcase_add_test(tc, redis_urls_take_ipv6_hosts_in_brackets);
    tcase_add_test(tc, redis_urls_take_unix_sockets);
    tcase_add_test(tc, redis_urls_refuse_what_they_cannot_mean);
    suite_add_tcase(s, tc);
    return s;
}
