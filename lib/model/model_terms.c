/* model_terms.c - the search terms of a document: every lower-cased prefix (1..20 characters) of
 * every word of its searchable fields, kept in one array field with a multikey index, so a search
 * for the start of any word is one equality per word of the query (DESIGN §8: the only filter
 * FerretDB passes down; PostgreSQL serves it with a GIN index) */
#include <string.h>

#include "model/model.h"

struct terms {
    char buf[MODEL_TERMS_BYTES];
    size_t used;
    int n;
};

/* a byte of a word: ASCII letters and digits, and every byte of a non-ASCII character */
static bool
word_byte(unsigned char c)
{
    return c >= 0x80 || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

static bool
has_term(const struct terms *t, const char *s, size_t len)
{
    for (size_t at = 0; at < t->used; at += strlen(t->buf + at) + 1)
        if (strlen(t->buf + at) == len && memcmp(t->buf + at, s, len) == 0)
            return true;
    return false;
}

/* s[0..len) lower-cased (ASCII) as a new term unless it is there or the buffer is full */
static void
add_term(struct terms *t, const char *s, size_t len)
{
    char low[4 * MODEL_TERM_MAX + 1];

    if (len == 0 || len >= sizeof(low) || t->n >= MODEL_TERMS_CAP
        || t->used + len + 1 > sizeof(t->buf))
        return;
    for (size_t i = 0; i < len; i++)
        low[i] = (char)((s[i] >= 'A' && s[i] <= 'Z') ? s[i] | 0x20 : s[i]);
    if (has_term(t, low, len))
        return;
    memcpy(t->buf + t->used, low, len);
    t->buf[t->used + len] = '\0';
    t->used += len + 1;
    t->n++;
}

/* the length in bytes of the first max characters of s[0..len) (UTF-8) */
static size_t
cut_chars(const char *s, size_t len, int max)
{
    size_t i = 0;

    for (int chars = 0; i < len && chars < max; chars++)
        for (i++; i < len && ((unsigned char)s[i] & 0xC0) == 0x80; i++)
            ;
    return i;
}

/* every prefix of the word w[0..len) up to MODEL_TERM_MAX characters */
static void
add_prefixes(struct terms *t, const char *w, size_t len)
{
    size_t end = cut_chars(w, len, MODEL_TERM_MAX);

    for (size_t i = 1; i <= end; i++)
        if (i == end || ((unsigned char)w[i] & 0xC0) != 0x80)
            add_term(t, w, i);
}

/* the words of s (runs of word bytes), each through fn */
static void
each_word(struct terms *t, const char *s, void (*fn)(struct terms *, const char *, size_t))
{
    for (size_t i = 0; s[i] != '\0';) {
        size_t start = i;
        while (s[i] != '\0' && word_byte((unsigned char)s[i]))
            i++;
        if (i > start)
            fn(t, s + start, i - start);
        while (s[i] != '\0' && !word_byte((unsigned char)s[i]))
            i++;
    }
}

/* the digits of s as one word (a phone number written with spaces, dashes or a +) */
static void
add_digits(struct terms *t, const char *s)
{
    char digits[64];
    size_t n = 0;

    for (; *s != '\0' && n < sizeof(digits) - 1; s++)
        if (*s >= '0' && *s <= '9')
            digits[n++] = *s;
    add_prefixes(t, digits, n);
}

/* the string value of key in set, else in doc (NULL: none) */
static const char *
value_of(const bson_t *doc, const bson_t *set, const char *key)
{
    const bson_t *srcs[2] = {set, doc};
    bson_iter_t it;

    for (int i = 0; i < 2; i++)
        if (srcs[i] != NULL && bson_iter_init_find(&it, srcs[i], key))
            return BSON_ITER_HOLDS_UTF8(&it) ? bson_iter_utf8(&it, NULL) : NULL;
    return NULL;
}

static bool
feeds_terms(const struct field *f)
{
    return (f->flags & FIELD_SEARCHABLE) && !(f->flags & FIELD_STAFF_READ);
}

bool
model_terms_touched(const struct model *m, const bson_t *set)
{
    if (m->terms == NULL)
        return false;
    for (size_t i = 0; i < m->nfields; i++)
        if (feeds_terms(&m->fields[i]) && bson_has_field(set, field_bson_name(&m->fields[i])))
            return true;
    return false;
}

bool
model_terms_append(const struct model *m, const bson_t *doc, const bson_t *set, bson_t *out)
{
    struct terms t;
    bson_t arr;
    char key[16];
    const char *k;
    uint32_t i = 0;

    if (m->terms == NULL)
        return true;
    t.used = 0;
    t.n = 0;
    for (size_t f = 0; f < m->nfields; f++) {
        const char *v =
            feeds_terms(&m->fields[f]) ? value_of(doc, set, field_bson_name(&m->fields[f])) : NULL;
        if (v == NULL)
            continue;
        each_word(&t, v, add_prefixes);
        if (m->fields[f].flags & FIELD_SEARCH_DIGITS)
            add_digits(&t, v);
    }
    if (!bson_append_array_begin(out, m->terms, -1, &arr))
        return false;
    for (size_t at = 0; at < t.used; at += strlen(t.buf + at) + 1) {
        bson_uint32_to_string(i++, &k, key, sizeof(key));
        BSON_APPEND_UTF8(&arr, k, t.buf + at);
    }
    return bson_append_array_end(out, &arr);
}

/* one word of a query: cut to what is stored */
static void
add_query_word(struct terms *t, const char *w, size_t len)
{
    add_term(t, w, cut_chars(w, len, MODEL_TERM_MAX));
}

int
model_terms_query(const struct model *m, const char *s, size_t len, bson_t *conds, uint32_t *n)
{
    struct terms t = {.used = 0, .n = 0};
    char text[4 * MODEL_SEARCH_MAX + 1], key[16];
    const char *k;
    int words = 0;

    if (len >= sizeof(text))
        len = sizeof(text) - 1;
    memcpy(text, s, len);
    text[len] = '\0';
    each_word(&t, text, add_query_word);
    for (size_t at = 0; at < t.used && words < MODEL_QUERY_WORDS; at += strlen(t.buf + at) + 1) {
        bson_t cond = BSON_INITIALIZER;
        BSON_APPEND_UTF8(&cond, m->terms, t.buf + at);
        bson_uint32_to_string((*n)++, &k, key, sizeof(key));
        BSON_APPEND_DOCUMENT(conds, k, &cond);
        bson_destroy(&cond);
        words++;
    }
    return words;
}

bool
model_terms_refresh(const struct model *m, const bson_t *doc, bson_t *set)
{
    bson_t terms = BSON_INITIALIZER;
    bool ok;

    if (!model_terms_touched(m, set) || bson_has_field(set, m->terms)) {
        bson_destroy(&terms);
        return true;
    }
    ok = model_terms_append(m, doc, set, &terms) && bson_concat(set, &terms);
    bson_destroy(&terms);
    return ok;
}
