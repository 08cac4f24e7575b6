/* multipart.c - a small, strict multipart/form-data parser over a body held in memory */
#include "import/multipart.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define HEADERS_MAX 8192 /* bytes of one part's header section */

/* RFC 2046 bchars, space allowed except last */
static bool
boundary_char(char c)
{
    return isalnum((unsigned char)c) || strchr("'()+_,-./:=? ", c) != NULL;
}

/* the value of parameter pname in a header value "type; a=1; b=\"x y\"" into out; *found
 * says whether it was present. False when the value does not fit or is malformed. */
static bool
header_param(const char *v, size_t vlen, const char *pname, char *out, size_t cap, bool *found)
{
    const char *end = v + vlen, *p = memchr(v, ';', vlen);
    size_t n = strlen(pname);

    *found = false;
    out[0] = '\0';
    while (p != NULL && p < end) {
        p++;
        while (p < end && (*p == ' ' || *p == '\t'))
            p++;
        bool match = (size_t)(end - p) > n && strncasecmp(p, pname, n) == 0 && p[n] == '=';
        const char *q = p;
        while (q < end && *q != '=' && *q != ';')
            q++;
        if (q >= end || *q != '=') {
            p = memchr(p, ';', (size_t)(end - p));
            continue;
        }
        q++;
        size_t used = 0;
        bool quoted = q < end && *q == '"';
        for (q += quoted; q < end && (quoted ? *q != '"' : (*q != ';' && *q != ' ')); q++) {
            if (quoted && *q == '\\' && q + 1 < end)
                q++;
            if (match && used + 1 >= cap)
                return false;
            if (match)
                out[used++] = *q;
        }
        if (quoted && q >= end)
            return false; /* unterminated quoted string */
        if (match) {
            out[used] = '\0';
            *found = true;
            return true;
        }
        p = memchr(q, ';', (size_t)(end - q));
    }
    return true;
}

bool
multipart_boundary(const char *content_type, char *out, size_t cap, struct err *err)
{
    bool found = false;
    size_t len;

    if (content_type == NULL || strncasecmp(content_type, "multipart/form-data", 19) != 0)
        return err_set(err, ERR_BAD_REQUEST, "Content-Type must be multipart/form-data");
    if (cap < MULTIPART_BOUNDARY_MAX + 1
        || !header_param(content_type, strlen(content_type), "boundary", out, cap, &found)
        || !found)
        return err_set(err, ERR_BAD_REQUEST, "multipart/form-data without a boundary");
    len = strlen(out);
    if (len == 0 || len > MULTIPART_BOUNDARY_MAX || out[len - 1] == ' ')
        return err_set(err, ERR_BAD_REQUEST, "invalid multipart boundary");
    for (size_t i = 0; i < len; i++)
        if (!boundary_char(out[i]))
            return err_set(err, ERR_BAD_REQUEST, "invalid multipart boundary");
    return true;
}

/* one header line of a part; only Content-Disposition and Content-Type matter */
static bool
part_header(struct multipart_part *part, const char *line, size_t len, bool *disposition)
{
    const char *colon = memchr(line, ':', len);
    bool found;

    if (colon == NULL)
        return false;
    size_t nlen = (size_t)(colon - line);
    const char *v = colon + 1, *end = line + len;
    while (v < end && (*v == ' ' || *v == '\t'))
        v++;
    if (nlen == 19 && strncasecmp(line, "Content-Disposition", 19) == 0) {
        if ((size_t)(end - v) < 9 || strncasecmp(v, "form-data", 9) != 0)
            return false;
        if (!header_param(v, (size_t)(end - v), "name", part->name, sizeof(part->name), &found)
            || !found)
            return false;
        if (!header_param(v, (size_t)(end - v), "filename", part->filename, sizeof(part->filename),
                          &part->has_filename))
            return false;
        *disposition = true;
    } else if (nlen == 12 && strncasecmp(line, "Content-Type", 12) == 0) {
        snprintf(part->content_type, sizeof(part->content_type), "%.*s", (int)(end - v), v);
    }
    return true;
}

/* the header section at p (ends with an empty line); *next receives the data start */
static bool
part_headers(struct multipart_part *part, const char *p, const char *end, const char **next,
             struct err *err)
{
    bool disposition = false;

    for (;;) {
        const char *eol = memmem(p, (size_t)(end - p), "\r\n", 2);
        if (eol == NULL || eol - p > HEADERS_MAX)
            return err_set(err, ERR_BAD_REQUEST, "truncated or malformed multipart part headers");
        if (eol == p)
            break;
        if (!part_header(part, p, (size_t)(eol - p), &disposition))
            return err_set(err, ERR_BAD_REQUEST, "malformed multipart part header");
        p = eol + 2;
    }
    if (!disposition)
        return err_set(err, ERR_BAD_REQUEST,
                       "multipart part without Content-Disposition form-data");
    *next = p + 2;
    return true;
}

/* after a delimiter at p: 1 = close delimiter, 0 = a part follows (*next after its CRLF),
 * -1 = not a delimiter after all (the boundary was only a prefix of the text) */
static int
after_delimiter(const char *p, const char *end, const char **next)
{
    if (end - p >= 2 && p[0] == '-' && p[1] == '-')
        return 1;
    while (p < end && (*p == ' ' || *p == '\t'))
        p++;
    if (end - p >= 2 && p[0] == '\r' && p[1] == '\n') {
        *next = p + 2;
        return 0;
    }
    return -1;
}

/* the next real delimiter "\r\n--boundary" at or after p; NULL when none */
static const char *
find_delimiter(const char *p, const char *end, const char *delim, size_t dlen, int *kind,
               const char **next)
{
    while (p < end) {
        const char *hit = memmem(p, (size_t)(end - p), delim, dlen);
        if (hit == NULL)
            return NULL;
        *kind = after_delimiter(hit + dlen, end, next);
        if (*kind >= 0)
            return hit;
        p = hit + 1;
    }
    return NULL;
}

bool
multipart_parse(const char *body, size_t len, const char *boundary, struct multipart *mp,
                struct err *err)
{
    char delim[MULTIPART_BOUNDARY_MAX + 8];
    size_t dlen = (size_t)snprintf(delim, sizeof(delim), "\r\n--%s", boundary);
    const char *end = body + len, *p = NULL, *next = NULL, *hit;
    int kind = -1;

    memset(mp, 0, sizeof(*mp));
    if (body == NULL || len == 0)
        return err_set(err, ERR_BAD_REQUEST, "the request body is empty");
    /* the first delimiter may open the body (no CRLF before it) or follow a preamble */
    if (len >= dlen - 2 && memcmp(body, delim + 2, dlen - 2) == 0
        && (kind = after_delimiter(body + dlen - 2, end, &next)) >= 0)
        hit = body;
    else
        hit = find_delimiter(body, end, delim, dlen, &kind, &next);
    while (hit != NULL && kind == 0) {
        if (mp->nparts == MULTIPART_MAX_PARTS)
            return err_set(err, ERR_BAD_REQUEST, "too many multipart parts (at most %d)",
                           MULTIPART_MAX_PARTS);
        struct multipart_part *part = &mp->parts[mp->nparts];
        if (!part_headers(part, next, end, &p, err))
            return false;
        hit = find_delimiter(p, end, delim, dlen, &kind, &next);
        if (hit == NULL)
            break;
        part->data = p;
        part->len = (size_t)(hit - p);
        mp->nparts++;
    }
    if (hit == NULL)
        return err_set(err, ERR_BAD_REQUEST, "truncated multipart body (no closing boundary)");
    if (mp->nparts == 0)
        return err_set(err, ERR_BAD_REQUEST, "multipart body without parts");
    return true;
}

const struct multipart_part *
multipart_find(const struct multipart *mp, const char *name)
{
    for (int i = 0; i < mp->nparts; i++)
        if (strcmp(mp->parts[i].name, name) == 0)
            return &mp->parts[i];
    return NULL;
}
