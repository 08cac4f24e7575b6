/* import_seen.c - an open-addressing hash set of e-mails (FNV-1a, linear probing, doubling) */
#include "import/import_seen.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/oid.h"

struct seen_slot {
    char *email; /* NULL = free */
    long row;
    char partner[OID_STR_SIZE];
};

struct import_seen {
    struct seen_slot *slots;
    size_t cap, used; /* cap is a power of two */
};

static uint64_t
hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL;

    for (; *s != '\0'; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

static struct seen_slot *
find_slot(struct seen_slot *slots, size_t cap, const char *email)
{
    size_t i = (size_t)hash(email) & (cap - 1);

    while (slots[i].email != NULL && strcmp(slots[i].email, email) != 0)
        i = (i + 1) & (cap - 1);
    return &slots[i];
}

struct import_seen *
import_seen_new(void)
{
    struct import_seen *s = calloc(1, sizeof(*s));

    if (s == NULL)
        return NULL;
    s->cap = 1024;
    s->slots = calloc(s->cap, sizeof(*s->slots));
    if (s->slots == NULL) {
        free(s);
        return NULL;
    }
    return s;
}

void
import_seen_free(struct import_seen *s)
{
    if (s == NULL)
        return;
    for (size_t i = 0; i < s->cap; i++)
        free(s->slots[i].email);
    free(s->slots);
    free(s);
}

/* double the table when it is half full */
static bool
grow(struct import_seen *s)
{
    size_t cap = s->cap * 2;
    struct seen_slot *slots = calloc(cap, sizeof(*slots));

    if (slots == NULL)
        return false;
    for (size_t i = 0; i < s->cap; i++)
        if (s->slots[i].email != NULL)
            *find_slot(slots, cap, s->slots[i].email) = s->slots[i];
    free(s->slots);
    s->slots = slots;
    s->cap = cap;
    return true;
}

bool
import_seen_add(struct import_seen *s, const char *email, long row, const char *partner,
                long *first_row, char first_partner[OID_STR_SIZE])
{
    struct seen_slot *slot;

    if (2 * (s->used + 1) > s->cap && !grow(s))
        return true;
    slot = find_slot(s->slots, s->cap, email);
    if (slot->email != NULL) {
        *first_row = slot->row;
        snprintf(first_partner, OID_STR_SIZE, "%s", slot->partner);
        return false;
    }
    slot->email = strdup(email);
    if (slot->email == NULL)
        return true;
    slot->row = row;
    snprintf(slot->partner, sizeof(slot->partner), "%s", partner);
    s->used++;
    return true;
}

bool
import_seen_find(const struct import_seen *s, const char *email, char partner[OID_STR_SIZE])
{
    const struct seen_slot *slot = find_slot(s->slots, s->cap, email);

    if (slot->email == NULL)
        return false;
    if (partner != NULL)
        snprintf(partner, OID_STR_SIZE, "%s", slot->partner);
    return true;
}
