/* test_clock.c - the wall clock in milliseconds, the monotonic clock, the test offset */
#include <time.h>

#include "core/clock.h"
#include "unit.h"

START_TEST(clock_now_ms_is_the_wall_clock_in_milliseconds)
{
    int64_t before = (int64_t)time(NULL) * 1000, now = clock_now_ms();
    int64_t after = ((int64_t)time(NULL) + 1) * 1000;
    bool sub_second = false;

    ck_assert_int_ge(now, before);
    ck_assert_int_lt(now, after);
    ck_assert_int_eq(clock_now_s(), clock_now_ms() / 1000);
    /* milliseconds, not seconds times 1000: within 2 s some reading is not a whole second */
    for (int i = 0; i < 400 && !sub_second; i++) {
        sub_second = clock_now_ms() % 1000 != 0;
        if (!sub_second)
            nanosleep(&(struct timespec){0, 5 * 1000 * 1000}, NULL);
    }
    ck_assert(sub_second);
}
END_TEST

START_TEST(clock_mono_ms_never_goes_back)
{
    double a = clock_mono_ms(), b = clock_mono_ms();

    ck_assert(b >= a);
}
END_TEST

START_TEST(clock_test_offset_needs_test_hooks)
{
    struct config production = {0}, testing = {.test_hooks = "1"};
    int64_t real = clock_now_ms(), moved;

    ck_assert(!clock_set_test_offset_ms(&production, 86400000));
    ck_assert(!clock_set_test_offset_ms(NULL, 86400000));
    ck_assert_int_lt(clock_now_ms() - real, 60000);
    ck_assert(clock_set_test_offset_ms(&testing, 86400000));
    moved = clock_now_ms();
    ck_assert_int_ge(moved - real, 86400000);
    ck_assert_int_lt(moved - real, 86400000 + 60000);
    ck_assert(clock_set_test_offset_ms(&testing, 0));
    ck_assert_int_lt(clock_now_ms() - real, 60000);
}
END_TEST

Suite *
suite_clock(void)
{
    Suite *s = suite_create("clock");
    TCase *tc = tcase_create("clock");

    tcase_add_test(tc, clock_now_ms_is_the_wall_clock_in_milliseconds);
    tcase_add_test(tc, clock_mono_ms_never_goes_back);
    tcase_add_test(tc, clock_test_offset_needs_test_hooks);
    suite_add_tcase(s, tc);
    return s;
}
