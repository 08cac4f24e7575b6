/* model_body.c - the rules every JSON request body meets: no key twice in one object, every
 * key and string value text under the one string rule (model_check_string), and the string
 * members that bodies without a field table read */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"
#include "model/model_int.h"

#define BODY_MAX_DEPTH 64 /* json-c allowed the body at most its own depth (32) */
#define BODY_PATH_CAP 160

/* an object or array being scanned */
struct frame {
    json_object *seen; /* objects: the keys so far (a hash set); NULL for arrays */
    bool want_key;     /* objects: the next string is a key */
    long index;        /* arrays: the element being read */
    size_t base;       /* length of the path of the container itself */
};

struct scan {
    const char *p, *end;
    struct frame frames[BODY_MAX_DEPTH];
    int depth;
    char *text; /* the current string, decoded */
    size_t len, cap;
    bool lone_surrogate; /* json-c would have made it U+FFFD */
    bool bad;            /* a string value broke the rule (details added) */
    char path[BODY_PATH_CAP];
    size_t path_len;
};

static bool
put_byte(struct scan *s, char c)
{
    if (s->len + 1 >= s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 256;
        char *bigger = realloc(s->text, cap);
        if (bigger == NULL)
            return false;
        s->text = bigger;
        s->cap = cap;
    }
    s->text[s->len++] = c;
    s->text[s->len] = '\0';
    return true;
}

static bool
put_code_point(struct scan *s, unsigned long cp)
{
    char out[4];
    int n;

    if (cp < 0x80) {
        out[0] = (char)cp, n = 1;
    } else if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6)), out[1] = (char)(0x80 | (cp & 0x3F)), n = 2;
    } else if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12)), out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F)), n = 3;
    } else {
        out[0] = (char)(0xF0 | (cp >> 18)), out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        out[2] = (char)(0x80 | ((cp >> 6) & 0x3F)), out[3] = (char)(0x80 | (cp & 0x3F)), n = 4;
    }
    for (int i = 0; i < n; i++)
        if (!put_byte(s, out[i]))
            return false;
    return true;
}

static unsigned long
hex4(const char *p)
{
    char buf[5] = {p[0], p[1], p[2], p[3], '\0'};

    return strtoul(buf, NULL, 16);
}

/* the \u escape at s->p (after the backslash and 'u'), with a following low surrogate */
static bool
unicode_escape(struct scan *s)
{
    unsigned long cp = hex4(s->p);

    s->p += 4;
    if (cp >= 0xD800 && cp <= 0xDBFF && s->end - s->p >= 6 && s->p[0] == '\\' && s->p[1] == 'u') {
        unsigned long lo = hex4(s->p + 2);
        if (lo >= 0xDC00 && lo <= 0xDFFF) {
            s->p += 6;
            return put_code_point(s, 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00));
        }
    }
    if (cp >= 0xD800 && cp <= 0xDFFF) {
        s->lone_surrogate = true;
        return true;
    }
    return put_code_point(s, cp);
}

/* decode the string token at s->p (its opening quote) into s->text; the text is valid JSON */
static bool
read_string(struct scan *s)
{
    static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";

    s->len = 0;
    s->lone_surrogate = false;
    if (!put_byte(s, '\0'))
        return false;
    s->len = 0;
    for (s->p++; s->p < s->end && *s->p != '"'; s->p++) {
        if (*s->p != '\\') {
            if (!put_byte(s, *s->p))
                return false;
            continue;
        }
        s->p++;
        if (*s->p == 'u') {
            s->p++;
            if (!unicode_escape(s))
                return false;
            s->p--;
            continue;
        }
        const char *k = strchr(from, *s->p);
        if (!put_byte(s, k ? to[k - from] : *s->p))
            return false;
    }
    s->p++; /* the closing quote */
    return true;
}

/* the path of the value about to be read: "name", "terms[0].from" */
static void
path_set(struct scan *s, const struct frame *f, const char *key, size_t key_len)
{
    char safe[48];

    if (key != NULL) {
        model_safe_text(safe, sizeof(safe), key, key_len);
        snprintf(s->path + f->base, sizeof(s->path) - f->base, "%s%s", f->base ? "." : "", safe);
    } else {
        snprintf(s->path + f->base, sizeof(s->path) - f->base, "[%ld]", f->index);
    }
    s->path_len = strlen(s->path);
}

/* a key of the object f: text, and not one it has already */
static bool
object_key(struct scan *s, struct frame *f, struct err *err)
{
    bool text = !s->lone_surrogate && utf8_check(s->text, s->len, NULL) == UTF8_OK;

    f->want_key = false;
    path_set(s, f, s->text, s->len); /* shown as printable ASCII ('?' for the rest) */
    if (!text) {
        err_detail(err, s->path, "is a key that is not valid UTF-8 text without NUL");
        return err_set(err, ERR_BAD_JSON, "request body has a key that is not text");
    }
    if (json_object_object_get_ex(f->seen, s->text, NULL)) {
        err_detail(err, s->path, "is given more than once");
        return err_set(err, ERR_BAD_JSON, "request body has the key %s twice", s->path);
    }
    json_object_object_add(f->seen, s->text, NULL);
    return true;
}

/* a string where a value goes: under the one rule; problems are details, the scan goes on */
static void
string_value(struct scan *s, struct err *err)
{
    if (s->lone_surrogate) {
        err_detail(err, s->path, "is not valid UTF-8");
        s->bad = true;
    } else if (!model_check_string(s->text, s->len, 0, INT64_MAX, s->path, err)) {
        s->bad = true;
    }
}

static bool
push(struct scan *s, bool object)
{
    struct frame *f;

    if (s->depth == BODY_MAX_DEPTH)
        return false;
    f = &s->frames[s->depth++];
    *f = (struct frame){
        .seen = object ? json_object_new_object() : NULL, .want_key = object, .base = s->path_len};
    return !object || f->seen != NULL;
}

static void
pop(struct scan *s)
{
    struct frame *f = &s->frames[--s->depth];

    json_object_put(f->seen);
    s->path_len = f->base;
    s->path[s->path_len] = '\0';
}

/* one token at s->p; false with err on a rule broken (or out of memory) */
static bool
token(struct scan *s, struct err *err)
{
    struct frame *top = s->depth > 0 ? &s->frames[s->depth - 1] : NULL;
    char c = *s->p;
    size_t len;

    if (c == '"' && top != NULL && top->want_key)
        return read_string(s) ? object_key(s, top, err) : err_set(err, ERR_INTERNAL, "no memory");
    if (c == ',' || c == ':' || c == '}' || c == ']') {
        s->p++;
        if (c == ',' && top != NULL && top->seen != NULL)
            top->want_key = true;
        else if (c == ',' && top != NULL)
            top->index++;
        else if (c == '}' || c == ']')
            pop(s);
        return true;
    }
    if (top != NULL && top->seen == NULL)
        path_set(s, top, NULL, 0); /* an array element */
    if (c == '{' || c == '[') {
        s->p++;
        return push(s, c == '{') || err_set(err, ERR_INTERNAL, "request body nests too deep");
    }
    if (c == '"') {
        if (!read_string(s))
            return err_set(err, ERR_INTERNAL, "out of memory");
        string_value(s, err);
        return true;
    }
    len = strcspn(s->p, ",:}] \t\r\n"); /* a number, true, false or null */
    s->p += len > 0 ? len : 1;
    return true;
}

bool
model_body_check(const char *text, size_t len, struct err *err)
{
    struct scan s = {.p = text, .end = text + len};
    bool ok = true;

    while (ok && s.p < s.end) {
        s.p += strspn(s.p, " \t\r\n");
        if (s.p < s.end)
            ok = token(&s, err);
    }
    while (s.depth > 0)
        pop(&s);
    free(s.text);
    if (ok && s.bad)
        return err_set(err, ERR_VALIDATION_FAILED, "the request body has invalid text");
    return ok;
}

bool
model_string(json_object *in, const char *key, int64_t min, int64_t max, bool required,
             const char **out, struct err *err)
{
    json_object *v = NULL;

    *out = NULL;
    if (!json_object_object_get_ex(in, key, &v) || v == NULL) {
        if (required)
            err_detail(err, key, "is required");
        return !required;
    }
    if (!json_object_is_type(v, json_type_string)) {
        err_detail(err, key, "must be a string");
        return false;
    }
    if (!model_check_string(json_object_get_string(v), (size_t)json_object_get_string_len(v), min,
                            max, key, err))
        return false;
    *out = json_object_get_string(v);
    return true;
}

bool
model_field_string(const struct model *m, json_object *in, const char *key, bool required,
                   const char **out, struct err *err)
{
    const struct field *f = model_find_field(m, key);

    *out = NULL;
    if (f == NULL || (f->type != FT_STRING && f->type != FT_TEXT && f->type != FT_EMAIL))
        return err_set(err, ERR_INTERNAL, "%s has no text field %s", m->name, key);
    return model_string(in, key, field_min(f), field_max(f), required, out, err);
}
