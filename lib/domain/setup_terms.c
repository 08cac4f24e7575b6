/* setup_terms.c - the search terms (model_terms.c) of the leads and users written before they
 * were kept: pc-api --setup gives every document without them its terms, once */
#include "domain/setup.h"

#include "core/log.h"
#include "db/store.h"
#include "model/tables.h"

struct backfill {
    struct app *app;
    const struct model *m;
    long n;
};

/* one document: $set its terms alone (updatedAt stays: nothing the user sees changed) */
static bool
backfill_one(const bson_t *doc, void *ctx, struct err *err)
{
    struct backfill *b = ctx;
    bson_iter_t it;
    bson_t set = BSON_INITIALIZER, *filter = NULL, *update = NULL;
    bool ok = false;

    if (!bson_iter_init_find(&it, doc, "_id") || !BSON_ITER_HOLDS_OID(&it)) {
        bson_destroy(&set);
        return true;
    }
    if (!model_terms_append(b->m, doc, NULL, &set))
        goto out;
    filter = BCON_NEW("_id", BCON_OID(bson_iter_oid(&it)));
    update = BCON_NEW("$set", BCON_DOCUMENT(&set));
    ok = store_update_one(b->app->db, b->m->collection, filter, update, NULL, NULL, err);
    b->n += ok;
out:
    bson_destroy(update);
    bson_destroy(filter);
    bson_destroy(&set);
    return ok;
}

static bool
backfill(struct app *app, const struct model *m, long *n, struct err *err)
{
    struct backfill b = {app, m, 0};
    bson_t *filter = BCON_NEW(m->terms, "{", "$exists", BCON_BOOL(false), "}");
    bool ok = store_each(app->db, m->collection, filter, NULL, backfill_one, &b, err);

    bson_destroy(filter);
    *n += b.n;
    return ok;
}

bool
setup_search_terms(struct app *app, long *n, struct err *err)
{
    *n = 0;
    if (!backfill(app, &leads_model, n, err) || !backfill(app, &users_model, n, err))
        return false;
    if (*n > 0)
        log_info("gave documents their search terms", "count=%ld", *n);
    return true;
}
