/* clock.h - the one wall clock of every timestamp, expiry and schedule (milliseconds since the
 * epoch, UTC), and the monotonic clock of durations */
#ifndef PC_CLOCK_H
#define PC_CLOCK_H

#include <stdbool.h>
#include <stdint.h>

#include "core/config.h"

/* clock_now_ms - the wall clock in milliseconds, the resolution of every stored date; moved by
 * the test offset when one is set (clock_set_test_offset_ms) */
int64_t clock_now_ms(void);

/* clock_now_s - clock_now_ms in whole seconds (JWT times, cron days) */
int64_t clock_now_s(void);

/* clock_mono_ms - a monotonic clock for durations (request times, job times), with the
 * fraction of a millisecond; never moved */
double clock_mono_ms(void);

/* clock_set_test_offset_ms - test hooks only: from now on the wall clock of this process reads
 * offset_ms later (0 puts it back). Refused (false) unless cfg has PC_TEST_HOOKS, which
 * production refuses at start. */
bool clock_set_test_offset_ms(const struct config *cfg, int64_t offset_ms);

#endif
