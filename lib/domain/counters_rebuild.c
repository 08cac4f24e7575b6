/* counters_rebuild.c - the kept figures recomputed from the leads, meetings and ledger lines
 * (the recount cron job, and imports once at their end): the same deltas the writes apply,
 * summed per partner, compared with what is stored in one canonical form, and stored where they
 * differ. ledgerBalance is the sum of the partner's ledger lines: its $inc after the line's
 * insert is not atomic with it (ledger.c), so a lost one is found and mended here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/json.h"
#include "core/log.h"
#include "domain/counters.h"
#include "model/tables.h"

struct entry {
    char path[48];
    int64_t n;
};

struct tally {
    struct entry *e;
    size_t n, cap;
};

struct partner_figs {
    bson_oid_t id;
    bson_t *stored; /* the partner's figure fields as stored */
    struct tally computed;
    int64_t last_ms;
};

struct rebuild {
    struct app *app;
    struct partner_figs *p;
    size_t n, cap;
    int64_t now_ms;
    char today[16];
    int64_t leads_fixed, orphans;
    bool all; /* every partner: the recount cron job */
};

static bool
tally_add(struct tally *t, const char *path, int64_t n)
{
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->e[i].path, path) == 0) {
            t->e[i].n += n;
            return true;
        }
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 32;
        struct entry *e = realloc(t->e, cap * sizeof(*e));
        if (e == NULL)
            return false;
        t->e = e;
        t->cap = cap;
    }
    snprintf(t->e[t->n].path, sizeof(t->e[0].path), "%s", path);
    t->e[t->n++].n = n;
    return true;
}

static int64_t
tally_get(const struct tally *t, const char *path)
{
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->e[i].path, path) == 0)
            return t->e[i].n;
    return 0;
}

static int
by_id(const void *a, const void *b)
{
    return bson_oid_compare(&((const struct partner_figs *)a)->id,
                            &((const struct partner_figs *)b)->id);
}

static struct partner_figs *
find_partner(struct rebuild *r, const bson_oid_t *id)
{
    struct partner_figs key = {0};

    bson_oid_copy(id, &key.id);
    return bsearch(&key, r->p, r->n, sizeof(*r->p), by_id);
}

static bool
keep_partner(const bson_t *doc, void *ctx, struct err *err)
{
    struct rebuild *r = ctx;
    const bson_oid_t *id = json_bson_oid(doc, "_id");

    if (id == NULL)
        return true;
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 64;
        struct partner_figs *p = realloc(r->p, cap * sizeof(*p));
        if (p == NULL)
            return err_set(err, ERR_INTERNAL, "out of memory");
        r->p = p;
        r->cap = cap;
    }
    memset(&r->p[r->n], 0, sizeof(r->p[0]));
    bson_oid_copy(id, &r->p[r->n].id);
    r->p[r->n++].stored = bson_copy(doc);
    return true;
}

/* a delta's changes summed into the partner's computed figures */
static bool
merge(struct partner_figs *pf, const struct counters_delta *d, struct err *err)
{
    for (int i = 0; i < d->ninc; i++)
        if (!tally_add(&pf->computed, d->inc[i].path, d->inc[i].n))
            return err_set(err, ERR_INTERNAL, "out of memory");
    if (d->last_meeting_ms > pf->last_ms)
        pf->last_ms = d->last_meeting_ms;
    return true;
}

/* an older lead without the day its scheduledDate falls on (the dashboard reads today's
 * leads by it) gets it; updatedAt stays: nothing the user changed */
static void
fix_day(struct rebuild *r, const bson_t *lead, const bson_oid_t *id)
{
    char day[16];
    const char *have = json_bson_str(lead, "scheduledDay");
    bson_iter_t it;
    struct err ignored = ERR_INIT;

    if (!bson_iter_init_find(&it, lead, "scheduledDate") || !BSON_ITER_HOLDS_DATE_TIME(&it))
        return;
    counters_day_key(bson_iter_date_time(&it), day);
    if (have != NULL && strcmp(have, day) == 0)
        return;
    bson_t *filter = BCON_NEW("_id", BCON_OID(id));
    bson_t *update = BCON_NEW("$set", "{", "scheduledDay", BCON_UTF8(day), "}");
    if (store_update_one(r->app->db, "leads", filter, update, NULL, NULL, &ignored))
        r->leads_fixed++;
    bson_destroy(filter);
    bson_destroy(update);
}

static bool
count_lead(const bson_t *doc, void *ctx, struct err *err)
{
    struct rebuild *r = ctx;
    const bson_oid_t *partner = json_bson_oid(doc, "partner"), *id = json_bson_oid(doc, "_id");
    struct partner_figs *pf = partner ? find_partner(r, partner) : NULL;
    struct counters_delta d = {.now_ms = r->now_ms};

    if (id != NULL)
        fix_day(r, doc, id);
    if (pf == NULL) {
        r->orphans++;
        return true;
    }
    counters_lead_doc(&d, 1, doc);
    return merge(pf, &d, err);
}

static bool
count_meeting(const bson_t *doc, void *ctx, struct err *err)
{
    struct rebuild *r = ctx;
    const bson_oid_t *partner = json_bson_oid(doc, "partner");
    struct partner_figs *pf = partner ? find_partner(r, partner) : NULL;
    struct counters_delta d = {.now_ms = r->now_ms};
    const char *status = json_bson_str(doc, "status");
    bson_iter_t it;
    int64_t at = 0;

    if (pf == NULL) {
        r->orphans++;
        return true;
    }
    if (bson_iter_init_find(&it, doc, "scheduledTime") && BSON_ITER_HOLDS_DATE_TIME(&it))
        at = bson_iter_date_time(&it);
    counters_meeting(&d, 1, at, status != NULL && strcmp(status, "canceled") == 0, true);
    counters_outcome(&d, 1, json_bson_str(doc, "outcome"));
    return merge(pf, &d, err);
}

/* a ledger line's amount into its partner's balance */
static bool
count_ledger_line(const bson_t *doc, void *ctx, struct err *err)
{
    struct rebuild *r = ctx;
    const bson_oid_t *partner = json_bson_oid(doc, "partner");
    struct partner_figs *pf = partner ? find_partner(r, partner) : NULL;
    bson_iter_t it;

    if (pf == NULL) {
        r->orphans++;
        return true;
    }
    if (!bson_iter_init_find(&it, doc, "amount") || !BSON_ITER_HOLDS_NUMBER(&it))
        return true;
    if (!tally_add(&pf->computed, "ledgerBalance", bson_iter_as_int64(&it)))
        return err_set(err, ERR_INTERNAL, "out of memory");
    return true;
}

/* ---- one canonical form for stored and computed figures ------------------------------------ */

struct canon {
    const char *today, *first_week; /* day keys before today fold, week keys before go */
    bool untidy;                    /* something folded or dropped: worth a rewrite */
};

/* one figure into out in canonical form: a day before today folded into openBefore, a week
 * before the dashboard's window dropped */
static bool
canonical_add(struct tally *out, const char *path, int64_t n, struct canon *c)
{
    const char *dot = strchr(path, '.');
    bool day = strncmp(path, "openByDay.", 10) == 0;

    if (dot != NULL && day && strcmp(dot + 1, c->today) < 0) {
        c->untidy = true;
        return tally_add(out, "openBefore", n);
    }
    if (dot != NULL && !day && strncmp(path, "leadsByStatus.", 14) != 0
        && strcmp(dot + 1, c->first_week) < 0) {
        c->untidy = true;
        return true;
    }
    return tally_add(out, path, n);
}

/* the stored figure fields of a partner document as a tally */
static bool
stored_tally(const bson_t *doc, struct canon *c, struct tally *out)
{
    static const char *const maps[] = {"leadsByStatus", "leadsByWeek", "meetingsByWeek",
                                       "openByDay"};
    static const char *const plain[] = {"totalLeads",   "openBefore",     "totalAppointments",
                                        "meetingsHeld", "meetingsNoShow", "ledgerBalance"};
    bson_iter_t it, sub;
    char path[48];
    bool ok = true;

    for (size_t i = 0; i < sizeof(plain) / sizeof(plain[0]); i++)
        if (bson_iter_init_find(&it, doc, plain[i]) && BSON_ITER_HOLDS_NUMBER(&it))
            ok &= canonical_add(out, plain[i], bson_iter_as_int64(&it), c);
    for (size_t i = 0; i < sizeof(maps) / sizeof(maps[0]); i++) {
        if (!bson_iter_init_find(&it, doc, maps[i]) || !BSON_ITER_HOLDS_DOCUMENT(&it)
            || !bson_iter_recurse(&it, &sub))
            continue;
        while (bson_iter_next(&sub))
            if (BSON_ITER_HOLDS_NUMBER(&sub)) {
                snprintf(path, sizeof(path), "%s.%s", maps[i], bson_iter_key(&sub));
                ok &= canonical_add(out, path, bson_iter_as_int64(&sub), c);
            }
    }
    return ok;
}

/* the sum of |a - b| over the paths of both */
static int64_t
difference(const struct tally *a, const struct tally *b)
{
    int64_t d = 0, x;

    for (size_t i = 0; i < a->n; i++) {
        x = a->e[i].n - tally_get(b, a->e[i].path);
        d += x < 0 ? -x : x;
    }
    for (size_t i = 0; i < b->n; i++)
        if (tally_get(a, b->e[i].path) == 0 && b->e[i].n != 0) {
            bool in_a = false;
            for (size_t j = 0; j < a->n && !in_a; j++)
                in_a = strcmp(a->e[j].path, b->e[i].path) == 0;
            if (!in_a)
                d += b->e[i].n < 0 ? -b->e[i].n : b->e[i].n;
        }
    return d;
}

/* the map member field of the $set: the tally's non-zero "field.key" entries */
static void
set_map(bson_t *set, const struct tally *t, const char *field, bool all_statuses)
{
    bson_t map;
    size_t len = strlen(field);
    char path[48];

    BSON_APPEND_DOCUMENT_BEGIN(set, field, &map);
    if (all_statuses) {
        for (int i = 0; lead_statuses[i] != NULL; i++) {
            snprintf(path, sizeof(path), "%s.%s", field, lead_statuses[i]);
            BSON_APPEND_INT64(&map, lead_statuses[i], tally_get(t, path));
        }
    } else {
        for (size_t i = 0; i < t->n; i++)
            if (t->e[i].n != 0 && strncmp(t->e[i].path, field, len) == 0
                && t->e[i].path[len] == '.')
                BSON_APPEND_INT64(&map, t->e[i].path + len + 1, t->e[i].n);
    }
    bson_append_document_end(set, &map);
}

/* store the computed figures on the partner's document */
static bool
store_figures(struct rebuild *r, const struct partner_figs *pf, const struct tally *t,
              struct err *err)
{
    static const char *const plain[] = {"totalLeads",   "openBefore",     "totalAppointments",
                                        "meetingsHeld", "meetingsNoShow", "ledgerBalance"};
    bson_t update = BSON_INITIALIZER, set;
    bson_t *filter = BCON_NEW("_id", BCON_OID(&pf->id));
    bool ok;

    BSON_APPEND_DOCUMENT_BEGIN(&update, "$set", &set);
    for (size_t i = 0; i < sizeof(plain) / sizeof(plain[0]); i++)
        BSON_APPEND_INT64(&set, plain[i], tally_get(t, plain[i]));
    set_map(&set, t, "leadsByStatus", true);
    set_map(&set, t, "leadsByWeek", false);
    set_map(&set, t, "meetingsByWeek", false);
    set_map(&set, t, "openByDay", false);
    if (pf->last_ms > 0)
        BSON_APPEND_DATE_TIME(&set, "lastAppointmentDate", pf->last_ms);
    else
        BSON_APPEND_NULL(&set, "lastAppointmentDate");
    bson_append_document_end(&update, &set);
    ok = store_update_one(r->app->db, "partners", filter, &update, NULL, NULL, err);
    bson_destroy(filter);
    bson_destroy(&update);
    return ok;
}

static int64_t
stored_last(const bson_t *doc)
{
    bson_iter_t it;

    return bson_iter_init_find(&it, doc, "lastAppointmentDate") && BSON_ITER_HOLDS_DATE_TIME(&it)
               ? bson_iter_date_time(&it)
               : 0;
}

/* one partner: compare in canonical form, store when it differs (or is untidy) */
static bool
settle(struct rebuild *r, struct partner_figs *pf, int64_t *drift, int64_t *corrected,
       struct err *err)
{
    char first[16];
    struct canon c = {r->today, first, false};
    struct tally stored = {0}, computed = {0};
    int64_t d;
    bool ok = true;

    counters_week_key(r->now_ms - (COUNTERS_WEEKS - 1) * 7 * 86400000LL, first);
    ok &= stored_tally(pf->stored, &c, &stored);
    for (size_t i = 0; i < pf->computed.n; i++)
        ok &= canonical_add(&computed, pf->computed.e[i].path, pf->computed.e[i].n, &c);
    if (!ok) {
        err_set(err, ERR_INTERNAL, "out of memory");
        goto out;
    }
    d = difference(&stored, &computed) + (stored_last(pf->stored) != pf->last_ms);
    if (d > 0 || c.untidy)
        ok = store_figures(r, pf, &computed, err);
    if (ok && d > 0) {
        char hex[25];
        bson_oid_to_string(&pf->id, hex);
        /* the cron's finding; a rebuild of one partner (after an import) expects it */
        if (r->all)
            log_warn("recount corrected a partner's figures", "partner=%s drift=%lld", hex,
                     (long long)d);
        *drift += d;
        ++*corrected;
    }
out:
    free(stored.e);
    free(computed.e);
    return ok;
}

static bson_t *
projection_of(const char *const *fields)
{
    bson_t *opts = bson_new(), proj;

    BSON_APPEND_DOCUMENT_BEGIN(opts, "projection", &proj);
    for (; *fields != NULL; fields++)
        BSON_APPEND_INT32(&proj, *fields, 1);
    bson_append_document_end(opts, &proj);
    return opts;
}

/* every document of collection (of the partner, when given) through fn */
static bool
pass(struct rebuild *r, const char *collection, const char *field, const bson_oid_t *partner,
     const char *const *fields, store_each_fn *fn, struct err *err)
{
    bson_t *filter = partner ? BCON_NEW(field, BCON_OID(partner)) : bson_new();
    bson_t *opts = projection_of(fields);
    bool ok = store_each(r->app->db, collection, filter, opts, fn, r, err);

    bson_destroy(filter);
    bson_destroy(opts);
    return ok;
}

static void
rebuild_release(struct rebuild *r)
{
    for (size_t i = 0; i < r->n; i++) {
        bson_destroy(r->p[i].stored);
        free(r->p[i].computed.e);
    }
    free(r->p);
}

bool
counters_rebuild(struct app *app, const bson_oid_t *partner, time_t now, json_object *result,
                 struct err *err)
{
    static const char *const pfields[] = {"totalLeads",          "leadsByStatus", "leadsByWeek",
                                          "meetingsByWeek",      "openByDay",     "openBefore",
                                          "totalAppointments",   "meetingsHeld",  "meetingsNoShow",
                                          "lastAppointmentDate", "ledgerBalance", NULL};
    static const char *const lfields[] = {
        "partner", "dealStatus", "createdAt", "archivedAt", "scheduledDate", "scheduledDay", NULL};
    static const char *const mfields[] = {"partner", "scheduledTime", "status", "outcome", NULL};
    static const char *const gfields[] = {"partner", "amount", NULL};
    struct rebuild r = {.app = app, .now_ms = (int64_t)now * 1000, .all = partner == NULL};
    int64_t drift = 0, corrected = 0;
    bool ok;

    counters_day_key(r.now_ms, r.today);
    ok = pass(&r, "partners", "_id", partner, pfields, keep_partner, err);
    if (ok && r.n > 1)
        qsort(r.p, r.n, sizeof(*r.p), by_id);
    ok = ok && pass(&r, "leads", "partner", partner, lfields, count_lead, err)
         && pass(&r, "meetings", "partner", partner, mfields, count_meeting, err)
         && pass(&r, "ledger", "partner", partner, gfields, count_ledger_line, err);
    for (size_t i = 0; ok && i < r.n; i++)
        ok = settle(&r, &r.p[i], &drift, &corrected, err);
    if (ok && result != NULL) {
        json_object_object_add(result, "partners", json_object_new_int64((int64_t)r.n));
        json_object_object_add(result, "corrected", json_object_new_int64(corrected));
        json_object_object_add(result, "drift", json_object_new_int64(drift));
        json_object_object_add(result, "leadsFixed", json_object_new_int64(r.leads_fixed));
        json_object_object_add(result, "orphans", json_object_new_int64(r.orphans));
    }
    rebuild_release(&r);
    return ok;
}
