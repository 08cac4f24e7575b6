/* import_dups.c - duplicates of a dry run, within the file and against the leads */
#include "import_dups.h"

#include <stdio.h>
#include <string.h>

#include "db.h"
#include "oid.h"

static void
dup_add(struct import_upload *u, const struct import_batch_row *b, const char *existing,
        long first_row)
{
    json_object *d;

    if (json_object_array_length(u->dups) >= IMPORT_MAX_ERRORS)
        return;
    d = json_object_new_object();
    json_object_object_add(d, "row", json_object_new_int64(b->row));
    json_object_object_add(d, "email", json_object_new_string(b->email));
    json_object_object_add(d, "existingPartner",
                           existing && existing[0] ? json_object_new_string(existing) : NULL);
    json_object_object_add(d, "samePartner",
                           json_object_new_boolean(existing && strcmp(existing, b->partner) == 0));
    json_object_object_add(d, "firstRow", first_row > 0 ? json_object_new_int64(first_row) : NULL);
    json_object_array_add(u->dups, d);
}

/* repeats within the file; first[i] tells whether row i is the e-mail's first occurrence */
static size_t
in_file(struct import_upload *u, bool *first)
{
    char partner[25];
    long row;
    size_t n = 0;

    for (size_t i = 0; i < u->nbatch; i++) {
        const struct import_batch_row *b = &u->batch[i];
        first[i] = import_seen_add(u->seen, b->email, b->row, b->partner, &row, partner);
        if (!first[i])
            dup_add(u, b, partner, row);
        n += first[i];
    }
    return n;
}

/* a lead found by the query: the batch's first occurrence of its e-mail is a duplicate */
static void
lead_found(struct import_upload *u, const bool *first, const bson_t *lead)
{
    bson_iter_t it;
    char partner[OID_STR_SIZE] = "";
    const char *email;

    if (!bson_iter_init_find(&it, lead, "email") || !BSON_ITER_HOLDS_UTF8(&it))
        return;
    email = bson_iter_utf8(&it, NULL);
    if (bson_iter_init_find(&it, lead, "partner") && BSON_ITER_HOLDS_OID(&it))
        oid_format(bson_iter_oid(&it), partner);
    for (size_t i = 0; i < u->nbatch; i++) {
        if (first[i] && strcmp(u->batch[i].email, email) == 0) {
            dup_add(u, &u->batch[i], partner, 0);
            return;
        }
    }
}

bool
import_dups_check(struct import_upload *u, struct err *err)
{
    bool first[IMPORT_BATCH];
    bson_t filter = BSON_INITIALIZER, cond, list;
    bson_t *opts =
        BCON_NEW("projection", "{", "email", BCON_INT32(1), "partner", BCON_INT32(1), "}");
    mongoc_cursor_t *cursor = NULL;
    const bson_t *lead;
    bson_error_t error;
    char key[24];
    bool ok = true;

    if (in_file(u, first) > 0) {
        BSON_APPEND_DOCUMENT_BEGIN(&filter, "email", &cond);
        BSON_APPEND_ARRAY_BEGIN(&cond, "$in", &list);
        for (size_t i = 0, k = 0; i < u->nbatch; i++) {
            snprintf(key, sizeof(key), "%zu", k);
            k += first[i];
            if (first[i])
                BSON_APPEND_UTF8(&list, key, u->batch[i].email);
        }
        bson_append_array_end(&cond, &list);
        bson_append_document_end(&filter, &cond);
        cursor = mongoc_collection_find_with_opts(db_collection(u->app->db, "leads"), &filter, opts,
                                                  NULL);
        while (mongoc_cursor_next(cursor, &lead))
            lead_found(u, first, lead);
        if (mongoc_cursor_error(cursor, &error))
            ok = db_fail(err, &error, "duplicate leads");
    }
    if (cursor != NULL)
        mongoc_cursor_destroy(cursor);
    bson_destroy(&filter);
    bson_destroy(opts);
    return ok;
}
