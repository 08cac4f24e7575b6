/* multipart.h - multipart/form-data bodies (RFC 7578): the boundary, the parts, their names */
#ifndef PC_MULTIPART_H
#define PC_MULTIPART_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

#define MULTIPART_MAX_PARTS 16
#define MULTIPART_BOUNDARY_MAX 70 /* RFC 2046 §5.1.1 */

struct multipart_part {
    char name[64];          /* form field name, from Content-Disposition */
    char filename[256];     /* "" when the part is not a file */
    bool has_filename;      /* filename= was given (it may be "") */
    char content_type[128]; /* "" when the part has none */
    const char *data;       /* borrowed from the body passed to multipart_parse */
    size_t len;
};

struct multipart {
    int nparts;
    struct multipart_part parts[MULTIPART_MAX_PARTS];
};

/* multipart_boundary - the boundary parameter of a multipart/form-data Content-Type (quoted
 * or not) into out (cap >= MULTIPART_BOUNDARY_MAX + 1). bad_request when absent or invalid. */
bool multipart_boundary(const char *content_type, char *out, size_t cap, struct err *err);

/* multipart_parse - split body[0..len) (binary safe) into mp->parts, whose data point into
 * body. Lines are CRLF-delimited as the RFC requires; a part's data ends right before the CRLF
 * that precedes the next delimiter, so binary content and CRLFs inside it come back intact.
 * bad_request when the body is truncated (no closing delimiter), has no parts, has more than
 * MULTIPART_MAX_PARTS parts, or a part lacks Content-Disposition: form-data with a name. */
bool multipart_parse(const char *body, size_t len, const char *boundary, struct multipart *mp,
                     struct err *err);

/* multipart_find - the first part named name, NULL when none */
const struct multipart_part *multipart_find(const struct multipart *mp, const char *name);

#endif
