/* handlers.h - every handler named in routes.c, grouped by the file that defines it */
#ifndef PC_HANDLERS_H
#define PC_HANDLERS_H

#include "req.h"
#include "res.h"
#include "router.h"

/* health.c */
int health_get(struct req *req, struct res *res);

/* openapi.c */
int openapi_get(struct req *req, struct res *res);

/* admin_queues.c */
int admin_queues_list(struct req *req, struct res *res);
int admin_queues_dead(struct req *req, struct res *res);
int admin_queues_replay(struct req *req, struct res *res);
int admin_queues_delete(struct req *req, struct res *res);

/* cron.c */
int cron_run(struct req *req, struct res *res);

#endif
