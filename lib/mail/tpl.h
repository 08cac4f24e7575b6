/* tpl.h - a small logic-less template engine (a Mustache subset) over json-c values.
 *
 *   {{name}}          value, HTML-escaped when rendering HTML
 *   {{{name}}}        value, never escaped
 *   {{a.b}}           dotted lookup; names resolve in the innermost section first
 *   {{#name}}..{{/name}}  for each element of an array, once for a true value or an object
 *                     (which becomes the innermost context), not at all when missing/false/empty
 *   {{^name}}..{{/name}}  only when missing, false, null, "" or an empty array
 *   {{.}}             the current element     {{! comment }}
 * A missing variable renders as nothing; it is counted and its name reported (a null value
 * is not missing: it renders as nothing too). */
#ifndef PC_TPL_H
#define PC_TPL_H

#include <json-c/json.h>
#include <stdbool.h>

#include "core/err.h"

#define TPL_MISSING_CAP 256

struct tpl_result {
    char *text;  /* owned: free() */
    int missing; /* variables that had no value */
    /* their distinct names, comma-separated ("" when none); cut at a name when full */
    char missing_names[TPL_MISSING_CAP];
};

/* tpl_render - render template with vars (borrowed); html escapes {{name}} output.
 * False with err on a malformed template (unclosed or mismatched section). */
bool tpl_render(const char *template, json_object *vars, bool html, struct tpl_result *out,
                struct err *err);

#endif
