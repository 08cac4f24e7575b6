/* list_params.c - page/perPage/sort/filter/search from the query string */
#include "list_params.h"

#include "res.h"

#include <string.h>

bool
query_param(const struct req *req, const char *name, char *buf, size_t cap, const char **out,
            struct err *err)
{
    size_t n = strlen(name);
    const char *q = req->query;

    *out = NULL;
    for (const char *p = q; p != NULL && *p != '\0'; p = strchr(p, '&') ? strchr(p, '&') + 1 : NULL)
        if (strncmp(p, name, n) == 0 && (p[n] == '=' || p[n] == '&' || p[n] == '\0')) {
            if (!req_query(req, name, buf, cap)) {
                err_detail(err, name, "is too long or badly encoded");
                return err_set(err, ERR_BAD_REQUEST, "invalid %s", name);
            }
            *out = buf;
            return true;
        }
    return true;
}

bool
list_params_read(const struct req *req, struct list_buffers *bufs, struct list_params *lp,
                 struct err *err)
{
    memset(lp, 0, sizeof(*lp));
    lp->principal = &req->principal;
    return query_param(req, "page", bufs->page, sizeof(bufs->page), &lp->page, err)
           && query_param(req, "perPage", bufs->per_page, sizeof(bufs->per_page), &lp->per_page,
                          err)
           && query_param(req, "sort", bufs->sort, sizeof(bufs->sort), &lp->sort, err)
           && query_param(req, "filter", bufs->filter, sizeof(bufs->filter), &lp->filter, err)
           && query_param(req, "search", bufs->search, sizeof(bufs->search), &lp->search, err);
}

int
list_answer(struct req *req, struct res *res, list_fn *list)
{
    struct err err = ERR_INIT;
    struct list_buffers bufs;
    struct list_params lp;
    json_object *out = NULL;

    if (list_params_read(req, &bufs, &lp, &err))
        out = list(req->app, &req->principal, &lp, &err);
    return out ? res_json(res, 200, out) : res_fail(res, &err);
}
