/* clock.c - wall and monotonic clocks; the wall clock has a test offset and nothing else */
#include "core/clock.h"

#include <time.h>

static int64_t test_offset_ms; /* 0 unless test hooks moved the clock */

int64_t
clock_now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000 + test_offset_ms;
}

int64_t
clock_now_s(void)
{
    return clock_now_ms() / 1000;
}

double
clock_mono_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

bool
clock_set_test_offset_ms(const struct config *cfg, int64_t offset_ms)
{
    if (cfg == NULL || cfg->test_hooks == NULL)
        return false;
    test_offset_ms = offset_ms;
    return true;
}
