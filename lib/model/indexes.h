/* indexes.h - THE list of MongoDB indexes; every allowed filter and sort must be served by one */
#ifndef PC_INDEXES_H
#define PC_INDEXES_H

#include <stdbool.h>
#include <stddef.h>

struct index_spec {
    const char *collection;
    const char *name;
    const char *keys; /* extended JSON, e.g. {"email": 1} */
    bool unique;
};

extern const struct index_spec index_specs[];
extern const size_t index_specs_count;

#endif
