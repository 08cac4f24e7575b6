/* list_params.h - the table-query parameters of a list route, decoded from the query string */
#ifndef PC_LIST_PARAMS_H
#define PC_LIST_PARAMS_H

#include "model/model.h"
#include "req.h"

struct list_buffers {
    char page[24], per_page[24], search[512];
    char sort[2048], filter[8192];
};

/* query_param - the decoded query parameter name into buf and *out = buf; *out NULL when it is
 * absent; bad_request naming it when it is too long for cap or badly encoded */
bool query_param(const struct req *req, const char *name, char *buf, size_t cap, const char **out,
                 struct err *err);

/* list_params_read - fill lp (pointing into bufs) from page, perPage, sort, filter, search;
 * bad_request naming the parameter when one is too long or not decodable */
bool list_params_read(const struct req *req, struct list_buffers *bufs, struct list_params *lp,
                      struct err *err);

/* a list of the data layer: one page of what p may see */
typedef json_object *list_fn(struct app *app, const struct principal *p,
                             const struct list_params *params, struct err *err);

struct res;

/* list_answer - read the list parameters, run list and answer 200 with its page (or the error);
 * every list route is this one line */
int list_answer(struct req *req, struct res *res, list_fn *list);

#endif
