/* partners.c - partner reads and writes, within the principal's reach */
#include "domain/partners.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "auth/scope.h"
#include "core/clock.h"
#include "core/json.h"
#include "core/log.h"
#include "core/oid.h"
#include "db/store.h"
#include "domain/api_tokens.h"
#include "model/tables.h"
#include "queue/events.h"

void
partner_slug_from(const char *name, char *out, size_t cap)
{
    size_t n = 0;
    bool dash = false;

    for (const unsigned char *c = (const unsigned char *)name; *c != '\0' && n + 1 < cap; c++) {
        if (isalnum(*c) && *c < 0x80) {
            if (dash && n > 0 && n + 2 < cap)
                out[n++] = '-';
            out[n++] = (char)tolower(*c);
            dash = false;
        } else {
            dash = true;
        }
    }
    out[n] = '\0';
}

static bool
slug_valid(const char *slug)
{
    size_t n = strlen(slug);

    if (n < 2 || strspn(slug, "abcdefghijklmnopqrstuvwxyz0123456789-") != n || slug[0] == '-'
        || slug[n - 1] == '-')
        return false;
    return !(n == OID_HEX_LEN
             && strspn(slug, "0123456789abcdef") == OID_HEX_LEN); /* ids and slugs never mix */
}

bool
partner_load(struct app *app, const struct principal *p, const char *key, bson_t **doc,
             bson_oid_t *oid, struct err *err)
{
    bson_t *filter;
    const bson_oid_t *id;
    char hex[OID_STR_SIZE] = "";
    bool found = false, ok;

    *doc = NULL;
    /* by _id (or slug) alone, which FerretDB passes down; archived is checked on the document */
    if (oid_parse_str(key, oid))
        filter = BCON_NEW("_id", BCON_OID(oid));
    else if (key != NULL && slug_valid(key))
        filter = BCON_NEW("slug", BCON_UTF8(key));
    else
        return err_set(err, ERR_NOT_FOUND, "no such partner");
    ok = store_find_one(app->db, "partners", filter, NULL, doc, &found, err);
    bson_destroy(filter);
    if (ok && found && !json_bson_archived(*doc) && (id = json_bson_oid(*doc, "_id")) != NULL) {
        bson_oid_copy(id, oid);
        oid_format(oid, hex);
    }
    if (hex[0] != '\0' && scope_allows(p, hex))
        return true;
    bson_destroy(*doc);
    *doc = NULL;
    return ok ? err_set(err, ERR_NOT_FOUND, "no such partner") : false;
}

bool
partners_reach(struct app *app, const struct principal *p, const char *key, struct err *err)
{
    bson_t *doc = NULL;
    bson_oid_t oid;
    bool ok = partner_load(app, p, key, &doc, &oid, err);

    bson_destroy(doc);
    return ok;
}

json_object *
partners_list(struct app *app, const struct principal *p, const struct list_params *params,
              struct err *err)
{
    struct list_query q;
    bson_t scope;
    json_object *out = NULL;

    if (model_list_query(&partners_model, params, &q, err)) {
        struct store_list_spec spec = {&partners_model, &scope, &q, p, NULL, NULL};
        scope_filter(p, "_id", &scope);
        BSON_APPEND_NULL(&scope, "archivedAt");
        out = store_list(app->db, &spec, err);
        bson_destroy(&scope);
    }
    list_query_release(&q);
    return out;
}

json_object *
partners_get(struct app *app, const struct principal *p, const char *key, struct err *err)
{
    bson_t *doc = NULL;
    bson_oid_t oid;
    json_object *out;

    if (!partner_load(app, p, key, &doc, &oid, err))
        return NULL;
    out = model_output(&partners_model, doc, p);
    bson_destroy(doc);
    return out;
}

static void
partner_event(struct app *app, const struct principal *p, const char *action, const char *id,
              json_object *after)
{
    struct event ev = {.action = action,
                       .entity_type = "partner",
                       .entity_id = id,
                       .partner_id = id,
                       .after = after,
                       .source = SOURCE_UI};

    events_record(app, p, &ev);
}

/* the slug of a new partner: given (and then it must be free), or made from the name (and
 * then "-2", "-3"... is appended until it is free); checked either way */
static bool
new_slug(json_object *in, const bson_t *input, char slug[64], bool *given, struct err *err)
{
    json_object *v;
    bson_iter_t it;

    *given = bson_iter_init_find(&it, input, "slug") && BSON_ITER_HOLDS_UTF8(&it);
    if (*given)
        snprintf(slug, 64, "%s", bson_iter_utf8(&it, NULL));
    else if (json_object_object_get_ex(in, "name", &v))
        partner_slug_from(json_object_get_string(v), slug, 56);
    else
        slug[0] = '\0';
    if (!slug_valid(slug)) {
        err_detail(err, "slug", "must be 2-60 lower-case letters, digits and dashes");
        return err_set(err, ERR_VALIDATION_FAILED, "invalid partner");
    }
    return true;
}

/* insert doc with slug, or with slug-2, slug-3 ... when the slug was made, not given */
static bool
insert_with_slug(struct app *app, bson_t *doc, const char *slug, bool given, struct err *err)
{
    char candidate[80];

    for (int n = 1; n <= 50; n++) {
        bson_t attempt = BSON_INITIALIZER;
        struct err e = ERR_INIT;
        if (n == 1)
            snprintf(candidate, sizeof(candidate), "%s", slug);
        else
            snprintf(candidate, sizeof(candidate), "%.60s-%d", slug, n);
        bson_copy_to_excluding_noinit(doc, &attempt, "slug", NULL);
        BSON_APPEND_UTF8(&attempt, "slug", candidate);
        bool ok = store_insert_one(app->db, "partners", &attempt, &e);
        if (ok) {
            bson_reinit(doc);
            bson_concat(doc, &attempt);
        }
        bson_destroy(&attempt);
        if (ok)
            return true;
        if (!err_is(&e, ERR_CONFLICT)) {
            *err = e;
            return false;
        }
        if (given)
            break;
    }
    return err_conflict(err, "slug", "is taken by another partner",
                        "a partner with this slug exists");
}

/* a new partner's document from the checked input: every field present, empty or not, and
 * zero figures (the slug comes with the insert) */
static void
new_partner_doc(const bson_oid_t *id, const bson_t *input, bson_t *doc)
{
    bson_t empty = BSON_INITIALIZER;
    int64_t now = clock_now_ms();

    BSON_APPEND_OID(doc, "_id", id);
    bson_copy_to_excluding_noinit(input, doc, "slug", NULL);
    if (!bson_has_field(input, "icp"))
        BSON_APPEND_DOCUMENT(doc, "icp", &empty);
    if (!bson_has_field(input, "meetingTypes"))
        BSON_APPEND_ARRAY(doc, "meetingTypes", &empty);
    if (!bson_has_field(input, "email"))
        BSON_APPEND_NULL(doc, "email");
    if (!bson_has_field(input, "outcomeCutoffHours"))
        BSON_APPEND_INT32(doc, "outcomeCutoffHours", PARTNER_OUTCOME_CUTOFF_HOURS);
    BSON_APPEND_NULL(doc, "lastAppointmentDate");
    BSON_APPEND_INT32(doc, "totalLeads", 0);
    BSON_APPEND_INT32(doc, "totalAppointments", 0);
    BSON_APPEND_NULL(doc, "archivedAt");
    BSON_APPEND_DATE_TIME(doc, "createdAt", now);
    BSON_APPEND_DATE_TIME(doc, "updatedAt", now);
}

json_object *
partners_create(struct app *app, const struct principal *p, json_object *in, struct err *err)
{
    bson_t input = BSON_INITIALIZER, *doc = bson_new();
    bson_oid_t oid;
    char id[OID_STR_SIZE], slug[64];
    bool given = false;
    json_object *out = NULL;

    if (!scope_trusted(p)) {
        err_set(err, ERR_FORBIDDEN, "only staff create partners");
        goto out;
    }
    if (!model_input(&partners_model, in, MODEL_CREATE, p, &input, err)
        || !new_slug(in, &input, slug, &given, err))
        goto out;
    if (!partner_take_confirm(&input) && !partner_name_free(app, &input, NULL, err))
        goto out;
    bson_oid_init(&oid, NULL);
    new_partner_doc(&oid, &input, doc);
    if (!insert_with_slug(app, doc, slug, given, err))
        goto out;
    oid_format(&oid, id);
    partner_event(app, p, "partner.created", id, in);
    out = model_output(&partners_model, doc, p);
out:
    bson_destroy(doc);
    bson_destroy(&input);
    return out;
}

/* a renamed partner's name is copied into its leads and meetings (list columns) */
static void
copy_name(struct app *app, const bson_oid_t *oid, const char *name)
{
    static const char *const colls[] = {"leads", "meetings"};

    for (size_t i = 0; i < 2; i++) {
        bson_t *filter = BCON_NEW("partner", BCON_OID(oid));
        bson_t *update = BCON_NEW("$set", "{", "partnerName", BCON_UTF8(name), "}");
        struct err ignored = ERR_INIT; /* the rename stands; the copies follow on the next one */
        if (!store_update_many(app->db, colls[i], filter, update, &ignored))
            log_warn("cannot copy the partner's new name", "collection=%s err=\"%s\"", colls[i],
                     ignored.cause);
        bson_destroy(filter);
        bson_destroy(update);
    }
}

static bool
apply(struct app *app, const bson_oid_t *oid, const bson_t *set, struct err *err)
{
    bool ok = store_set_by_id(app->db, "partners", oid, set, err);

    if (!ok && err_is(err, ERR_CONFLICT))
        err_conflict(err, "slug", "is taken by another partner", "a partner with this slug exists");
    return ok;
}

json_object *
partners_update(struct app *app, const struct principal *p, const char *id, json_object *in,
                struct err *err)
{
    bson_t *doc = NULL, set = BSON_INITIALIZER;
    bson_oid_t oid;
    bson_iter_t it;
    json_object *out = NULL;
    char hex[OID_STR_SIZE];

    if (!partner_load(app, p, id, &doc, &oid, err))
        goto out;
    if (p->role < ROLE_ADMIN && p->kind != PRINCIPAL_SYSTEM) {
        err_set(err, ERR_FORBIDDEN, "only admins change partners");
        goto out;
    }
    if (!model_input(&partners_model, in, MODEL_UPDATE, p, &set, err))
        goto out;
    if (!partner_take_confirm(&set) && !partner_name_free(app, &set, doc, err))
        goto out;
    if (bson_empty(&set)) {
        err_set(err, ERR_VALIDATION_FAILED, "nothing to change");
        goto out;
    }
    if (bson_iter_init_find(&it, &set, "slug") && !slug_valid(bson_iter_utf8(&it, NULL))) {
        err_detail(err, "slug", "must be 2-60 lower-case letters, digits and dashes");
        err_set(err, ERR_VALIDATION_FAILED, "invalid partner");
        goto out;
    }
    if (!apply(app, &oid, &set, err))
        goto out;
    if (bson_iter_init_find(&it, &set, "name") && BSON_ITER_HOLDS_UTF8(&it))
        copy_name(app, &oid, bson_iter_utf8(&it, NULL));
    oid_format(&oid, hex);
    partner_event(app, p, "partner.updated", hex, in);
    out = partners_get(app, p, hex, err);
out:
    bson_destroy(&set);
    bson_destroy(doc);
    return out;
}

bool
partners_archive(struct app *app, const struct principal *p, const char *id, struct err *err)
{
    bson_t *doc = NULL, *set;
    bson_oid_t oid;
    char hex[OID_STR_SIZE];
    bool ok;

    if (!partner_load(app, p, id, &doc, &oid, err))
        return false;
    bson_destroy(doc);
    /* its API tokens first: should the archive then fail, no token outlives its partner */
    if (!api_tokens_revoke_all(app, &oid, err))
        return false;
    set = BCON_NEW("archivedAt", BCON_DATE_TIME(clock_now_ms()));
    ok = apply(app, &oid, set, err);
    bson_destroy(set);
    oid_format(&oid, hex);
    if (ok)
        partner_event(app, p, "partner.archived", hex, NULL);
    return ok;
}
