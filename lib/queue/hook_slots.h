/* hook_slots.h - at most PC_WEBHOOK_INFLIGHT deliveries in flight per endpoint of the webhooks
 * to partners (issue 15: one slow endpoint never delays another's deliveries). The
 * partner-webhooks workers are few (4); without a cap a burst of events to one endpoint that
 * hangs for its 10 s timeout would hold all of them. A slot is a member of a Redis sorted set
 * per endpoint scored by its expiry, so a worker killed during a delivery frees its slot when
 * the expiry passes; taking one is a single Lua script (atomic across workers). */
#ifndef PC_HOOK_SLOTS_H
#define PC_HOOK_SLOTS_H

#include <stdbool.h>

#include "app.h"
#include "core/err.h"

/* a slot outlives the delivery's 10 s timeout, the send and the log write */
#define HOOK_SLOT_TTL_MS 30000

/* hook_slot_take - a slot of endpoint (24 hex) for holder (the job id): *admitted false when
 * cfg.webhook_inflight are taken already (then nothing is held); false with err when Redis is
 * unavailable */
bool hook_slot_take(struct app *app, const char *endpoint, const char *holder, bool *admitted,
                    struct err *err);

/* hook_slot_release - give the slot back (a failure is logged: the slot expires) */
void hook_slot_release(struct app *app, const char *endpoint, const char *holder);

#endif
