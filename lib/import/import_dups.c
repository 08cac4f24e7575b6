/* import_dups.c - duplicates of a dry run, within the file and against the leads */
#include "import/import_dups.h"

#include <stdio.h>
#include <string.h>

#include "core/json.h"
#include "core/oid.h"
#include "db/db.h"
#include "db/store.h"

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
    char partner[OID_STR_SIZE];
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

/* the batch's first occurrences that are among leads: duplicates of a lead */
static void
known_in(struct import_upload *u, const bool *first, const struct import_seen *leads)
{
    char partner[OID_STR_SIZE];

    for (size_t i = 0; i < u->nbatch; i++)
        if (first[i] && import_seen_find(leads, u->batch[i].email, partner))
            dup_add(u, &u->batch[i], partner, 0);
}

static bool
seen_lead(const bson_t *lead, void *ctx, struct err *err)
{
    const char *email = json_bson_str(lead, "email");
    const bson_oid_t *oid = json_bson_oid(lead, "partner");
    char partner[OID_STR_SIZE] = "", ignored[OID_STR_SIZE];
    long row;

    (void)err;
    if (email == NULL)
        return true;
    if (oid != NULL)
        oid_format(oid, partner);
    import_seen_add(ctx, email, 0, partner, &row, ignored);
    return true;
}

/* the e-mail and partner of every lead matching filter, into set */
static bool
read_leads(struct import_upload *u, const bson_t *filter, struct import_seen *set, struct err *err)
{
    bson_t *opts = BCON_NEW("projection", "{", "email", BCON_INT32(1), "partner", BCON_INT32(1),
                            "_id", BCON_INT32(0), "}");
    bool ok = store_each(u->app->db, "leads", filter, opts, seen_lead, set, err);

    bson_destroy(opts);
    return ok;
}

/* every lead into u->leads: one read of the collection */
static bool
read_all_leads(struct import_upload *u, struct err *err)
{
    bson_t all = BSON_INITIALIZER;
    struct import_seen *leads = import_seen_new();
    bool ok = leads != NULL ? read_leads(u, &all, leads, err)
                            : err_set(err, ERR_INTERNAL, "out of memory");

    if (ok)
        u->leads = leads;
    else
        import_seen_free(leads);
    bson_destroy(&all);
    return ok;
}

/* the batch's first occurrences that are leads: one $in query */
static bool
query_batch(struct import_upload *u, const bool *first, struct err *err)
{
    bson_t filter = BSON_INITIALIZER, cond, list;
    struct import_seen *found = import_seen_new();
    char key[24];
    bool ok;

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
    ok = found != NULL ? read_leads(u, &filter, found, err)
                       : err_set(err, ERR_INTERNAL, "out of memory");
    if (ok)
        known_in(u, first, found);
    import_seen_free(found);
    bson_destroy(&filter);
    return ok;
}

/* Which plan: a query per batch costs, on MongoDB, an index lookup per row, and on FerretDB a
 * read of the whole collection; reading every lead once costs one read of the collection. Not
 * knowing the backend nor the file's length, query per batch until the rows queried reach the
 * number of leads, then read them all (the ski-rental rule: never more than twice the cheaper
 * plan). A 100 000-row dry run against 10 000 leads on FerretDB makes 21 collection reads
 * instead of 200; against a large MongoDB collection it keeps to the index. FerretDB never
 * pushes an $in down (DESIGN §8): each batch's query would read the collection, so there the
 * first batch reads it once (a 100 000-row dry run against 10 000 leads took 23 s with 21 reads).
 */
static bool
read_all_when_cheaper(struct import_upload *u, struct err *err)
{
    int64_t n;

    if (db_engine(u->app->db) != DB_ENGINE_MONGODB)
        return read_all_leads(u, err);
    if (u->lead_count < 0) {
        if (!store_estimated_count(u->app->db, "leads", &n, err))
            return false;
        u->lead_count = n;
    }
    if (u->rows_queried < u->lead_count)
        return true;
    return read_all_leads(u, err);
}

bool
import_dups_check(struct import_upload *u, struct err *err)
{
    bool first[IMPORT_BATCH];

    if (in_file(u, first) == 0)
        return true;
    if (u->leads == NULL && !read_all_when_cheaper(u, err))
        return false;
    if (u->leads != NULL) {
        known_in(u, first, u->leads);
        return true;
    }
    u->rows_queried += (long)u->nbatch;
    return query_batch(u, first, err);
}
