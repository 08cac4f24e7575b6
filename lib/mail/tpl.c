/* tpl.c - renders the Mustache subset described in tpl.h */
#include "mail/tpl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TPL_MAX_DEPTH 16

struct out {
    char *buf;
    size_t len, cap;
    bool oom;
};

struct render {
    json_object *ctx[TPL_MAX_DEPTH + 1];
    int depth;
    bool html;
    int missing;
    char missing_names[TPL_MISSING_CAP];
    struct out out;
    struct err *err;
};

static void
put(struct out *o, const char *s, size_t n)
{
    if (o->oom)
        return;
    if (o->len + n + 1 > o->cap) {
        size_t cap = (o->cap ? o->cap * 2 : 1024) + n;
        char *grown = realloc(o->buf, cap);
        if (grown == NULL) {
            o->oom = true;
            return;
        }
        o->buf = grown;
        o->cap = cap;
    }
    memcpy(o->buf + o->len, s, n);
    o->len += n;
    o->buf[o->len] = '\0';
}

static void
put_escaped(struct out *o, const char *s)
{
    for (; *s != '\0'; s++) {
        switch (*s) {
        case '&': put(o, "&amp;", 5); break;
        case '<': put(o, "&lt;", 4); break;
        case '>': put(o, "&gt;", 4); break;
        case '"': put(o, "&quot;", 6); break;
        case '\'': put(o, "&#39;", 5); break;
        default: put(o, s, 1);
        }
    }
}

/* resolve a (dotted) name against the context stack, innermost first; *found tells a name
 * whose value is null (json-c's NULL) from one that is not there */
static json_object *
lookup(const struct render *r, const char *name, size_t len, bool *found)
{
    char first[128];
    size_t flen = strcspn(name, ".");

    *found = len == 1 && name[0] == '.';
    if (*found)
        return r->ctx[r->depth];
    if (flen > len)
        flen = len;
    if (flen >= sizeof(first))
        return NULL;
    memcpy(first, name, flen);
    first[flen] = '\0';
    for (int d = r->depth; d >= 0; d--) {
        json_object *v;
        if (!json_object_is_type(r->ctx[d], json_type_object)
            || !json_object_object_get_ex(r->ctx[d], first, &v))
            continue;
        for (size_t pos = flen; pos < len;) {
            char part[128];
            size_t plen = strcspn(name + pos + 1, ".");
            if (pos + 1 + plen > len)
                plen = len - pos - 1;
            if (plen >= sizeof(part) || !json_object_is_type(v, json_type_object))
                return NULL;
            memcpy(part, name + pos + 1, plen);
            part[plen] = '\0';
            if (!json_object_object_get_ex(v, part, &v))
                return NULL;
            pos += 1 + plen;
        }
        *found = true;
        return v;
    }
    return NULL;
}

static bool
truthy(json_object *v)
{
    if (v == NULL)
        return false;
    switch (json_object_get_type(v)) {
    case json_type_null: return false;
    case json_type_boolean: return json_object_get_boolean(v);
    case json_type_string: return json_object_get_string_len(v) > 0;
    case json_type_array: return json_object_array_length(v) > 0;
    default: return true;
    }
}

/* add name to the list of missing names unless it is there or would not fit */
static void
note_missing(struct render *r, const char *name, size_t len)
{
    char *list = r->missing_names;
    size_t used = strlen(list);

    r->missing++;
    for (const char *p = list; *p != '\0';) {
        size_t n = strcspn(p, ",");
        if (n == len && strncmp(p, name, len) == 0)
            return;
        p += n + (p[n] == ',');
    }
    if (used + (used > 0) + len + 1 > sizeof(r->missing_names))
        return;
    snprintf(list + used, sizeof(r->missing_names) - used, "%s%.*s", used > 0 ? "," : "", (int)len,
             name);
}

static void
put_value(struct render *r, const char *name, size_t len, bool escape)
{
    bool found;
    json_object *v = lookup(r, name, len, &found);
    const char *s;

    if (!found)
        note_missing(r, name, len);
    if (v == NULL) /* missing, or null: nothing to write */
        return;
    s = json_object_is_type(v, json_type_string) ? json_object_get_string(v)
                                                 : json_object_to_json_string(v);
    if (escape && r->html)
        put_escaped(&r->out, s);
    else
        put(&r->out, s, strlen(s));
}

/* find the {{/name}} closing the section opened just before body; handles nesting */
static const char *
find_close(const char *body, const char *name, size_t len, const char **after)
{
    int nest = 0;

    for (const char *p = strstr(body, "{{"); p != NULL; p = strstr(p + 2, "{{")) {
        char kind = p[2];
        if ((kind == '#' || kind == '^' || kind == '/') && strncmp(p + 3, name, len) == 0
            && strncmp(p + 3 + len, "}}", 2) == 0) {
            if (kind != '/') {
                nest++;
            } else if (nest-- == 0) {
                *after = p + 5 + len;
                return p;
            }
        }
    }
    return NULL;
}

static bool render_span(struct render *r, const char *s, const char *end);

static bool
render_section(struct render *r, char kind, const char *name, size_t len, const char *body,
               const char *body_end)
{
    bool found;
    json_object *v = lookup(r, name, len, &found);

    if (kind == '^')
        return truthy(v) ? true : render_span(r, body, body_end);
    if (!truthy(v))
        return true;
    if (r->depth == TPL_MAX_DEPTH)
        return err_set(r->err, ERR_INTERNAL, "template sections nested too deeply");
    if (json_object_is_type(v, json_type_array)) {
        for (size_t i = 0; i < json_object_array_length(v); i++) {
            r->ctx[++r->depth] = json_object_array_get_idx(v, i);
            bool ok = render_span(r, body, body_end);
            r->depth--;
            if (!ok)
                return false;
        }
        return true;
    }
    r->ctx[++r->depth] = v;
    bool ok = render_span(r, body, body_end);
    r->depth--;
    return ok;
}

static bool
render_span(struct render *r, const char *s, const char *end)
{
    while (s < end) {
        const char *open = strstr(s, "{{");
        if (open == NULL || open >= end) {
            put(&r->out, s, (size_t)(end - s));
            return true;
        }
        put(&r->out, s, (size_t)(open - s));
        bool triple = open[2] == '{';
        const char *close = strstr(open + 2, triple ? "}}}" : "}}");
        if (close == NULL || close >= end)
            return err_set(r->err, ERR_INTERNAL, "unclosed template tag");
        char kind = open[2];
        const char *name =
            open + (triple || kind == '#' || kind == '^' || kind == '/' || kind == '!' ? 3 : 2);
        size_t len = (size_t)(close - name);
        s = close + (triple ? 3 : 2);
        if (kind == '!')
            continue;
        if (kind == '/')
            return err_set(r->err, ERR_INTERNAL, "unexpected {{/%.*s}}", (int)len, name);
        if (kind == '#' || kind == '^') {
            const char *after, *body_end = find_close(s, name, len, &after);
            if (body_end == NULL || body_end > end)
                return err_set(r->err, ERR_INTERNAL, "section %.*s is not closed", (int)len, name);
            if (!render_section(r, kind, name, len, s, body_end))
                return false;
            s = after;
            continue;
        }
        put_value(r, name, len, !triple);
    }
    return true;
}

bool
tpl_render(const char *template, json_object *vars, bool html, struct tpl_result *out,
           struct err *err)
{
    struct render r = {.ctx = {vars}, .html = html, .err = err};

    memset(out, 0, sizeof(*out));
    put(&r.out, "", 0);
    if (!render_span(&r, template, template + strlen(template)) || r.out.oom) {
        if (r.out.oom)
            err_set(err, ERR_INTERNAL, "out of memory");
        free(r.out.buf);
        return false;
    }
    out->text = r.out.buf;
    out->missing = r.missing;
    memcpy(out->missing_names, r.missing_names, sizeof(out->missing_names));
    return true;
}
