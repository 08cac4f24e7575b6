/* model_filter_and.c - the conjunction of filter documents, flat: FerretDB passes a filter to
 * its backend only as top-level equalities (DESIGN §8), so {$and: [...]} would read everything */
#include <stdio.h>
#include <string.h>

#include "model/model.h"

#define AND_MAX 48  /* conditions of one conjunction: the list query's 20 items, search, scope */
#define PARTS_MAX 6 /* conditions on one field merged into one operator document */

struct slot {
    char key[128];
    bson_value_t parts[PARTS_MAX]; /* copies: the values of one field's conditions */
    int nparts;
};

struct cond {
    char key[128];
    bson_value_t value;
};

struct conj {
    struct slot slots[AND_MAX];
    int nslots;
    struct cond rest[AND_MAX]; /* conditions for the $and at the end */
    int nrest;
    bool ok;
};

/* v as a document (false when it is none) */
static bool
as_doc(const bson_value_t *v, bson_t *doc)
{
    return v->value_type == BSON_TYPE_DOCUMENT
           && bson_init_static(doc, v->value.v_doc.data, v->value.v_doc.data_len);
}

/* v is a document whose keys are all operators ({$gte: 1, $lt: 5}), no regex */
static bool
operator_doc(const bson_value_t *v)
{
    bson_t doc;
    bson_iter_t it;
    bool any = false;

    if (!as_doc(v, &doc) || !bson_iter_init(&it, &doc))
        return false;
    while (bson_iter_next(&it)) {
        const char *k = bson_iter_key(&it);
        if (k[0] != '$' || strcmp(k, "$regex") == 0 || strcmp(k, "$options") == 0
            || strcmp(k, "$not") == 0)
            return false; /* a regex keeps its options to itself */
        any = true;
    }
    return any;
}

/* no operator of v appears in the slot already */
static bool
disjoint(const struct slot *s, const bson_value_t *v)
{
    bson_t doc, part;
    bson_iter_t it;

    as_doc(v, &doc);
    bson_iter_init(&it, &doc);
    while (bson_iter_next(&it))
        for (int i = 0; i < s->nparts; i++)
            if (as_doc(&s->parts[i], &part) && bson_has_field(&part, bson_iter_key(&it)))
                return false;
    return true;
}

static bool
mergeable(const struct slot *s, const bson_value_t *v)
{
    if (s->key[0] == '$' || s->nparts == PARTS_MAX || !operator_doc(v) || !disjoint(s, v))
        return false;
    for (int i = 0; i < s->nparts; i++)
        if (!operator_doc(&s->parts[i]))
            return false;
    return true;
}

static void add_doc(struct conj *c, const bson_t *doc);

/* the members of an $and array, each a document of conditions */
static void
add_and(struct conj *c, const bson_iter_t *it)
{
    bson_iter_t sub;
    const uint8_t *data;
    uint32_t len;
    bson_t elem;

    bson_iter_recurse(it, &sub);
    while (bson_iter_next(&sub))
        if (BSON_ITER_HOLDS_DOCUMENT(&sub)) {
            bson_iter_document(&sub, &len, &data);
            if (bson_init_static(&elem, data, len))
                add_doc(c, &elem);
        }
}

/* one top-level condition: its own slot, a part of the slot of its field, or the $and */
static void
add_cond(struct conj *c, const bson_iter_t *it)
{
    const char *key = bson_iter_key(it);
    const bson_value_t *v = bson_iter_value((bson_iter_t *)(uintptr_t)it);

    if (strlen(key) >= sizeof(c->slots[0].key)) {
        c->ok = false;
        return;
    }
    for (int i = 0; i < c->nslots; i++) {
        struct slot *s = &c->slots[i];
        if (strcmp(s->key, key) != 0)
            continue;
        if (mergeable(s, v)) {
            bson_value_copy(v, &s->parts[s->nparts++]);
        } else if (c->nrest < AND_MAX) {
            snprintf(c->rest[c->nrest].key, sizeof(c->rest[0].key), "%s", key);
            bson_value_copy(v, &c->rest[c->nrest++].value);
        } else {
            c->ok = false;
        }
        return;
    }
    if (c->nslots == AND_MAX) {
        c->ok = false;
        return;
    }
    snprintf(c->slots[c->nslots].key, sizeof(c->slots[0].key), "%s", key);
    bson_value_copy(v, &c->slots[c->nslots].parts[0]);
    c->slots[c->nslots++].nparts = 1;
}

static void
add_doc(struct conj *c, const bson_t *doc)
{
    bson_iter_t it;

    if (doc == NULL || !bson_iter_init(&it, doc))
        return;
    while (bson_iter_next(&it))
        if (strcmp(bson_iter_key(&it), "$and") == 0 && BSON_ITER_HOLDS_ARRAY(&it))
            add_and(c, &it);
        else
            add_cond(c, &it);
}

/* a slot as one member of out: its value, or the union of its operator documents */
static bool
write_slot(const struct slot *s, bson_t *out)
{
    bson_t merged, part;
    bson_iter_t it;
    bool ok;

    if (s->nparts == 1)
        return bson_append_value(out, s->key, -1, &s->parts[0]);
    ok = bson_append_document_begin(out, s->key, -1, &merged);
    for (int i = 0; ok && i < s->nparts; i++) {
        ok = as_doc(&s->parts[i], &part) && bson_iter_init(&it, &part);
        while (ok && bson_iter_next(&it))
            ok = bson_append_iter(&merged, NULL, 0, &it);
    }
    return bson_append_document_end(out, &merged) && ok;
}

/* the conditions that share a field with an earlier one: {$and: [{key: value}, ...]} */
static bool
write_rest(const struct conj *c, bson_t *out)
{
    bson_t arr, elem;
    char key[16];
    const char *k;
    bool ok;

    if (c->nrest == 0)
        return true;
    ok = bson_append_array_begin(out, "$and", -1, &arr);
    for (int i = 0; ok && i < c->nrest; i++) {
        bson_uint32_to_string((uint32_t)i, &k, key, sizeof(key));
        ok = bson_append_document_begin(&arr, k, -1, &elem)
             && bson_append_value(&elem, c->rest[i].key, -1, &c->rest[i].value)
             && bson_append_document_end(&arr, &elem);
    }
    return bson_append_array_end(out, &arr) && ok;
}

static void
conj_release(struct conj *c)
{
    for (int i = 0; i < c->nslots; i++)
        for (int j = 0; j < c->slots[i].nparts; j++)
            bson_value_destroy(&c->slots[i].parts[j]);
    for (int i = 0; i < c->nrest; i++)
        bson_value_destroy(&c->rest[i].value);
}

bool
model_filter_and(const bson_t *const *list, size_t n, bson_t *out)
{
    struct conj c;
    bool ok;

    c.nslots = c.nrest = 0;
    c.ok = true;
    for (size_t i = 0; i < n; i++)
        add_doc(&c, list[i]);
    ok = c.ok;
    for (int i = 0; ok && i < c.nslots; i++)
        ok = write_slot(&c.slots[i], out);
    ok = ok && write_rest(&c, out);
    conj_release(&c);
    return ok;
}
