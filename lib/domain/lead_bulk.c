/* lead_bulk.c - one action on many leads (POST /leads/bulk): each lead through the route of
 * its single action (the same rules, the same audit event), a result per lead. Bounded: at most
 * LEAD_BULK_MAX leads per request, and as many as fit in 40% of the request's time; the filter
 * form pages through the matching leads by _id. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/scope.h"
#include "core/clock.h"
#include "core/json.h"
#include "core/oid.h"
#include "db/store.h"
#include "domain/leads.h"
#include "domain/partners.h"
#include "model/tables.h"
#include "queue/events.h"

static const char *const bulk_keys[] = {"ids",     "filter",       "search", "after",
                                        "action",  "status",       "reason", "dealAmount",
                                        "partner", "salesManager", NULL};

struct bulk {
    const char *action;
    json_object *change; /* the body of the single route: {status...}, {partner}, ... */
    char ids[LEAD_BULK_MAX][OID_STR_SIZE];
    int n;
    bool more; /* the filter form: more leads may follow the last one */
};

/* the ids form: 1..LEAD_BULK_MAX ids, each once (a malformed one is its lead's not_found) */
static bool
ids_from_list(json_object *list, struct bulk *b, struct err *err)
{
    size_t len = json_object_is_type(list, json_type_array) ? json_object_array_length(list) : 0;

    if (len == 0 || len > LEAD_BULK_MAX) {
        err_detail(err, "ids", "must be a list of 1 to %d lead ids", LEAD_BULK_MAX);
        return false;
    }
    for (size_t i = 0; i < len; i++) {
        json_object *v = json_object_array_get_idx(list, i);
        const char *id = json_object_get_string(v);
        bool seen = false;
        if (!json_object_is_type(v, json_type_string) || strlen(id) != OID_STR_SIZE - 1) {
            err_detail(err, "ids", "must hold 24-hex lead ids only");
            return false;
        }
        for (int j = 0; j < b->n && !seen; j++)
            seen = strcmp(b->ids[j], id) == 0;
        if (!seen)
            snprintf(b->ids[b->n++], OID_STR_SIZE, "%s", id);
    }
    return true;
}

static bool
collect_id(const bson_t *doc, void *ctx, struct err *err)
{
    struct bulk *b = ctx;
    const bson_oid_t *oid = json_bson_oid(doc, "_id");

    (void)err;
    if (oid != NULL && b->n < LEAD_BULK_MAX)
        oid_format(oid, b->ids[b->n++]);
    return true;
}

/* the filter form: the leads in reach matching the list query's filter and search, by _id
 * after `after`, at most LEAD_BULK_MAX */
static bool
ids_from_filter(struct app *app, const struct principal *p, json_object *in, struct bulk *b,
                struct err *err)
{
    json_object *filter = json_member(in, "filter");
    const char *after = json_str(in, "after");
    struct list_params params = {.filter = filter ? json_object_to_json_string(filter) : NULL,
                                 .search = json_str(in, "search"),
                                 .principal = p};
    struct list_query q;
    bson_t scope, page = BSON_INITIALIZER, all = BSON_INITIALIZER;
    bson_oid_t from;
    bson_t *opts =
        BCON_NEW("sort", "{", "_id", BCON_INT32(1), "}", "limit", BCON_INT64(LEAD_BULK_MAX),
                 "projection", "{", "_id", BCON_INT32(1), "}");
    bool ok = model_list_query(&leads_model, &params, &q, err);

    scope_filter(p, "partner", &scope);
    BSON_APPEND_NULL(&scope, "archivedAt");
    if (after != NULL && !oid_parse_str(after, &from)) {
        err_detail(err, "after", "must be a lead id");
        ok = false;
    } else if (after != NULL)
        BCON_APPEND(&page, "_id", "{", "$gt", BCON_OID(&from), "}");
    const bson_t *parts[3] = {&scope, &q.filter, &page};
    ok = ok && model_filter_and(parts, 3, &all)
         && store_each(app->db, "leads", &all, opts, collect_id, b, err);
    b->more = ok && b->n == LEAD_BULK_MAX;
    bson_destroy(opts);
    bson_destroy(&all);
    bson_destroy(&page);
    bson_destroy(&scope);
    list_query_release(&q);
    return ok;
}

/* the single route's body for the action, checked once for every lead; the roles the single
 * routes allow (a user changes statuses only; partners are staff's) */
static bool
change_of(struct app *app, const struct principal *p, json_object *in, struct bulk *b,
          struct err *err)
{
    static const char *const status_keys[] = {"status", "reason", "dealAmount", NULL};
    const char *key = strcmp(b->action, "assign_partner") == 0         ? "partner"
                      : strcmp(b->action, "assign_sales_manager") == 0 ? "salesManager"
                                                                       : NULL;
    bson_t check = BSON_INITIALIZER;
    char name[160], billing[32];
    json_object *v;
    bool ok = true;

    b->change = json_object_new_object();
    if (strcmp(b->action, "status") == 0) {
        for (int i = 0; status_keys[i] != NULL; i++)
            if (json_object_object_get_ex(in, status_keys[i], &v))
                json_object_object_add(b->change, status_keys[i], json_object_get(v));
        ok = model_input(&lead_status_body, b->change, MODEL_CREATE, p, &check, err);
    } else if (p->role != ROLE_ADMIN && p->role != ROLE_OWNER) {
        ok = err_set(err, ERR_FORBIDDEN, "only admins may %s", b->action);
    } else if (strcmp(b->action, "assign_partner") == 0 && !scope_trusted(p)) {
        ok = err_set(err, ERR_FORBIDDEN, "only staff move leads to another partner");
    } else if (key != NULL) {
        if (!json_object_object_get_ex(in, key, &v)) {
            err_detail(err, key, "is required for %s", b->action);
            ok = err_set(err, ERR_VALIDATION_FAILED, "invalid bulk action");
        } else {
            json_object_object_add(b->change, key, json_object_get(v));
            ok = model_input(&leads_model, b->change, MODEL_UPDATE, p, &check, err);
        }
        if (ok && strcmp(key, "partner") == 0
            && !partner_lookup(app, json_object_get_string(v), name, sizeof(name), billing,
                               sizeof(billing), err)) {
            err_reset(err);
            err_detail(err, "partner", "must be an existing partner");
            ok = err_set(err, ERR_VALIDATION_FAILED, "invalid bulk action");
        }
    }
    bson_destroy(&check);
    return ok;
}

/* one lead through its single route; NULL-free result {id, ok, error?} */
static json_object *
apply_one(struct app *app, const struct principal *p, const struct bulk *b, const char *id)
{
    struct err err = ERR_INIT;
    json_object *r = json_object_new_object(), *out = NULL, *e;
    bool ok;

    if (strcmp(b->action, "archive") == 0)
        ok = leads_archive(app, p, id, &err);
    else if (strcmp(b->action, "status") == 0)
        ok = (out = leads_set_status(app, p, id, b->change, SOURCE_UI, &err)) != NULL;
    else
        ok = (out = leads_update(app, p, id, b->change, &err)) != NULL;
    json_object_put(out);
    json_object_object_add(r, "id", json_object_new_string(id));
    json_object_object_add(r, "ok", json_object_new_boolean(ok));
    if (!ok) {
        e = json_object_new_object();
        json_object_object_add(e, "code", json_object_new_string(err.code ? err.code : "internal"));
        json_object_object_add(e, "message", json_object_new_string(err.message));
        json_object_object_add(r, "error", e);
    }
    return r;
}

/* the result of a lead this request had no time left for: the client sends it again */
static json_object *
not_processed(const char *id)
{
    json_object *r = json_object_new_object(), *e = json_object_new_object();

    json_object_object_add(e, "code", json_object_new_string("not_processed"));
    json_object_object_add(e, "message", json_object_new_string("not reached in time: send again"));
    json_object_object_add(r, "id", json_object_new_string(id));
    json_object_object_add(r, "ok", json_object_new_boolean(0));
    json_object_object_add(r, "error", e);
    return r;
}

/* {results, succeeded, failed, next} of the leads of b, as many as 40% of the request's time
 * allows (the watchdog ends a request at PC_REQUEST_TIMEOUT_S): the ids form reports the rest as
 * not_processed, the filter form answers next from the last one done */
static json_object *
apply_all(struct app *app, const struct principal *p, const struct bulk *b, bool by_ids)
{
    json_object *out = json_object_new_object(), *list = json_object_new_array();
    double start = clock_mono_ms(), budget = (double)app->cfg.request_timeout_s * 400.0;
    int good = 0, done = 0;

    for (; done < b->n && (done == 0 || clock_mono_ms() - start < budget); done++) {
        json_object *r = apply_one(app, p, b, b->ids[done]);
        good += json_object_get_boolean(json_object_object_get(r, "ok"));
        json_object_array_add(list, r);
    }
    for (int i = done; by_ids && i < b->n; i++)
        json_object_array_add(list, not_processed(b->ids[i]));
    json_object_object_add(out, "results", list);
    json_object_object_add(out, "succeeded", json_object_new_int(good));
    json_object_object_add(out, "failed",
                           json_object_new_int((int)json_object_array_length(list) - good));
    json_object_object_add(
        out, "next",
        !by_ids && (b->more || done < b->n) ? json_object_new_string(b->ids[done - 1]) : NULL);
    return out;
}

/* the action named by the body, NULL (with a detail) when it is none of lead_bulk_actions */
static const char *
action_of(json_object *in, struct err *err)
{
    const char *a = json_str(in, "action");

    for (int i = 0; a != NULL && lead_bulk_actions[i] != NULL; i++)
        if (strcmp(a, lead_bulk_actions[i]) == 0)
            return lead_bulk_actions[i];
    err_detail(err, "action", "must be status, assign_partner, assign_sales_manager or archive");
    return NULL;
}

json_object *
leads_bulk(struct app *app, const struct principal *p, json_object *in, struct err *err)
{
    struct bulk *b = calloc(1, sizeof(*b)); /* 12 KiB of ids */
    bool by_ids = json_member(in, "ids") != NULL;
    json_object *out = NULL;

    if (b == NULL)
        return err_set(err, ERR_INTERNAL, "out of memory"), NULL;
    model_refuse_unknown(in, bulk_keys, err);
    if (by_ids
        && (json_member(in, "filter") || json_member(in, "search") || json_member(in, "after")))
        err_detail(err, "ids", "and filter, search or after exclude each other");
    b->action = action_of(in, err);
    if (b->action == NULL || err->ndetails > 0) {
        err_set(err, ERR_VALIDATION_FAILED, "invalid bulk action");
        goto out;
    }
    if (!change_of(app, p, in, b, err)
        || !(by_ids ? ids_from_list(json_member(in, "ids"), b, err)
                    : ids_from_filter(app, p, in, b, err))) {
        if (err->code == NULL)
            err_set(err, ERR_VALIDATION_FAILED, "invalid bulk action");
        goto out;
    }
    out = apply_all(app, p, b, by_ids);
out:
    json_object_put(b->change);
    free(b);
    return out;
}
