/* router.c - match a request against the static route table: 404 vs 405 with Allow */
#include "router.h"

#include <stdio.h>
#include <string.h>

/* match pattern against path; fill params when req is non-NULL. Literal characters are compared
 * one by one, so a row that differs early (most rows, past "/api/v1/") costs a few instructions:
 * this runs for every row on every request. A pattern's ':' opens a whole segment (validated by
 * router_pattern_valid), which must be non-empty in path. */
static bool
path_matches(const char *pattern, const char *path, struct req *req)
{
    const char *p = pattern, *s = path;
    int nparams = 0;

    while (*p != '\0') {
        if (*p != ':') {
            if (*p++ != *s++)
                return false;
            continue;
        }
        size_t plen = strcspn(p, "/"), slen = strcspn(s, "/");
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
        p += plen;
        s += slen;
    }
    if (*s != '\0')
        return false;
    if (req != NULL)
        req->nparams = nparams;
    return true;
}

/* the literal segments of pattern as bits, the first segment highest: of two patterns that
 * match one path (so with as many segments), the more literal one has the larger rank */
static unsigned
literal_rank(const char *pattern)
{
    unsigned rank = 0;

    for (const char *p = pattern; *p != '\0'; p++)
        if (*p == '/')
            rank = (rank << 1) | (p[1] != ':');
    return rank;
}

/* append method to the comma-separated allow list unless it is there */
static void
allow_add(char *allow, size_t cap, size_t *used, const char *method)
{
    size_t len = strlen(method);

    for (const char *p = allow; *p != '\0'; p += *p == ',' ? 2 : 0) {
        size_t n = strcspn(p, ",");
        if (n == len && strncmp(p, method, len) == 0)
            return;
        p += n;
    }
    *used += (size_t)snprintf(allow + *used, cap - *used, "%s%s", *used ? ", " : "", method);
    if (*used >= cap)
        *used = cap - 1;
}

/* the rows of table whose pattern matches path and is the most literal of those that do (one
 * pattern, its methods), at most cap of them; how many */
static size_t
best_rows(const struct route *table, size_t n, const char *path, const struct route **rows,
          size_t cap)
{
    size_t found = 0;
    unsigned best = 0;

    for (size_t i = 0; i < n; i++) {
        if (!path_matches(table[i].pattern, path, NULL))
            continue;
        unsigned rank = literal_rank(table[i].pattern);
        if (found > 0 && rank < best)
            continue;
        if (found == 0 || rank > best)
            found = 0;
        best = rank;
        if (found < cap)
            rows[found++] = &table[i];
    }
    return found;
}

enum match_result
router_match(const struct route *table, size_t n, struct req *req, char *allow, size_t allow_cap)
{
    const struct route *exact = NULL, *get = NULL, *rows[16];
    size_t used = 0, found = best_rows(table, n, req->path, rows, sizeof(rows) / sizeof(rows[0]));

    allow[0] = '\0';
    if (found == 0)
        return MATCH_NOT_FOUND;
    for (size_t i = 0; i < found; i++) {
        if (exact == NULL && strcmp(rows[i]->method, req->method) == 0)
            exact = rows[i];
        if (get == NULL && strcmp(rows[i]->method, "GET") == 0)
            get = rows[i];
    }
    if (exact == NULL && strcmp(req->method, "HEAD") == 0)
        exact = get;
    if (exact == NULL) { /* the Allow header: only a 405 needs it */
        for (size_t i = 0; i < found; i++) {
            allow_add(allow, allow_cap, &used, rows[i]->method);
            if (strcmp(rows[i]->method, "GET") == 0) /* RFC 9110: HEAD is GET without the body */
                allow_add(allow, allow_cap, &used, "HEAD");
        }
        return MATCH_WRONG_METHOD;
    }
    path_matches(exact->pattern, req->path, req);
    req->route = exact;
    return MATCH_OK;
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

bool
router_takes_body(const struct route *r)
{
    return r->body != BODY_JSON || r->in != NULL;
}
