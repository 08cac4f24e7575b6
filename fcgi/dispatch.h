/* dispatch.h - the path of one request: match, limits, access, body, handler, access log */
#ifndef PC_DISPATCH_H
#define PC_DISPATCH_H

#include "req.h"
#include "res.h"

/* dispatch - run req through the route table into res; returns the status. Never fails:
 * every problem becomes an error response. */
int dispatch(struct req *req, struct res *res);

struct route;

/* dispatch_table - dispatch over another table of n routes (the unit tests' own handlers) */
int dispatch_table(const struct route *table, size_t n, struct req *req, struct res *res);

#endif
