/* list_params.h - the table-query parameters of a list route, decoded from the query string */
#ifndef PC_LIST_PARAMS_H
#define PC_LIST_PARAMS_H

#include "model.h"
#include "req.h"

struct list_buffers {
    char page[24], per_page[24], search[512];
    char sort[2048], filter[8192];
};

/* list_params_read - fill lp (pointing into bufs) from page, perPage, sort, filter, search;
 * bad_request naming the parameter when one is too long or not decodable */
bool list_params_read(const struct req *req, struct list_buffers *bufs, struct list_params *lp,
                      struct err *err);

#endif
