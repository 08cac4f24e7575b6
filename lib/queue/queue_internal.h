/* queue_internal.h - key names and the Lua runner shared by queue.c and queue_admin.c */
#ifndef PC_QUEUE_INTERNAL_H
#define PC_QUEUE_INTERNAL_H

#include <stdint.h>

#include "app.h"

#define QUEUE_GROUP "workers"

struct queue_keys {
    char stream[160], delayed[160], dead[160], tries[160], prefix[160];
};

void queue_keys_for(const struct app *app, const char *queue, struct queue_keys *k);

/* queue_eval - EVAL script with nkeys keys then the other args; the reply is the caller's */
redisReply *queue_eval(struct app *app, struct err *err, const char *script, int nkeys, int nargs,
                       const char *const *args);

#endif
