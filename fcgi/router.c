/* router.c - match a request against the static route table: 404 vs 405 with Allow */
#include "router.h"

#include <stdio.h>
#include <string.h>

/* match pattern against path segment by segment; fill params when req is non-NULL */
static bool
path_matches(const char *pattern, const char *path, struct req *req)
{
    const char *p = pattern, *s = path;
    int nparams = 0;

    while (*p != '\0' && *s != '\0') {
        if (*p != '/' || *s != '/')
            return false;
        p++;
        s++;
        size_t plen = strcspn(p, "/"), slen = strcspn(s, "/");
        if (*p == ':') {
            if (slen == 0 || nparams == REQ_MAX_PARAMS || slen >= sizeof(req->params[0].value)
                || plen > sizeof(req->params[0].name))
                return false;
            if (req != NULL) {
                memcpy(req->params[nparams].name, p + 1, plen - 1);
                req->params[nparams].name[plen - 1] = '\0';
                memcpy(req->params[nparams].value, s, slen);
                req->params[nparams].value[slen] = '\0';
            }
            nparams++;
        } else if (plen != slen || strncmp(p, s, plen) != 0) {
            return false;
        }
        p += plen;
        s += slen;
    }
    if (*p != '\0' || *s != '\0')
        return false;
    if (req != NULL)
        req->nparams = nparams;
    return true;
}

enum match_result
router_match(const struct route *table, size_t n, struct req *req, char *allow, size_t allow_cap)
{
    bool path_seen = false;
    size_t used = 0;

    allow[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        if (!path_matches(table[i].pattern, req->path, NULL))
            continue;
        if (strcmp(table[i].method, req->method) == 0) {
            path_matches(table[i].pattern, req->path, req);
            req->route = &table[i];
            return MATCH_OK;
        }
        if (strstr(allow, table[i].method) == NULL)
            used += (size_t)snprintf(allow + used, allow_cap - used, "%s%s", used ? ", " : "",
                                     table[i].method);
        if (used >= allow_cap)
            used = allow_cap - 1;
        path_seen = true;
    }
    return path_seen ? MATCH_WRONG_METHOD : MATCH_NOT_FOUND;
}

bool
router_pattern_valid(const char *pattern)
{
    int nparams = 0;

    if (pattern[0] != '/')
        return false;
    for (const char *p = pattern; *p != '\0'; p++) {
        if (*p == '/' && (p[1] == '/' || p[1] == '\0'))
            return false;
        if (*p == ':' && (p[-1] != '/' || p[1] == '/' || p[1] == '\0'))
            return false;
        if (*p == ':' && ++nparams > REQ_MAX_PARAMS)
            return false;
    }
    return true;
}

/* the len bytes at name are one of the comma-separated names of list (NULL: none) */
static bool
listed(const char *list, const char *name, size_t len)
{
    for (const char *p = list; p != NULL && *p != '\0'; p += *p == ',') {
        size_t n = strcspn(p, ",");
        if (n == len && strncmp(p, name, len) == 0)
            return true;
        p += n;
    }
    return false;
}

bool
router_query_check(const struct route *r, const char *query, struct err *err)
{
    char name[sizeof(err->details[0].field)], first[sizeof(name)] = "";
    bool ok = true;

    for (const char *p = query; p != NULL && *p != '\0'; p += *p == '&') {
        size_t seg = strcspn(p, "&"), len = strcspn(p, "=&");
        if (seg > 0 && !listed(r->query, p, len)) {
            snprintf(name, sizeof(name), "%.*s", (int)len, p);
            if (ok)
                memcpy(first, name, sizeof(first));
            if (r->query != NULL)
                err_detail(err, name, "is not a parameter of this route (it takes %s)", r->query);
            else
                err_detail(err, name, "is not a parameter of this route (it takes none)");
            ok = false;
        }
        p += seg;
    }
    return ok || err_set(err, ERR_BAD_REQUEST, "unknown query parameter: %s", first);
}
