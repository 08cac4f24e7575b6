/* counters_read.c - the kept figures read back: dashboard figures and list totals */
#include <string.h>

#include "auth/scope.h"
#include "core/json.h"
#include "core/oid.h"
#include "domain/counters.h"
#include "model/tables.h"

#define DAY_MS 86400000LL
#define WEEK_MS (7 * DAY_MS)

/* the integer member path ("a" or "a.b") of doc, 0 when absent */
static int64_t
num(const bson_t *doc, const char *field, const char *key)
{
    bson_iter_t it, sub;

    if (!bson_iter_init_find(&it, doc, field))
        return 0;
    if (key == NULL)
        return BSON_ITER_HOLDS_NUMBER(&it) ? bson_iter_as_int64(&it) : 0;
    return BSON_ITER_HOLDS_DOCUMENT(&it) && bson_iter_recurse(&it, &sub)
                   && bson_iter_find(&sub, key) && BSON_ITER_HOLDS_NUMBER(&sub)
               ? bson_iter_as_int64(&sub)
               : 0;
}

/* the open leads of the days before today (keys sort as dates) and of today */
static void
open_days(const bson_t *doc, const char *today, struct counters_figures *f)
{
    bson_iter_t it, sub;

    f->overdue_before_today += num(doc, "openBefore", NULL);
    if (!bson_iter_init_find(&it, doc, "openByDay") || !BSON_ITER_HOLDS_DOCUMENT(&it)
        || !bson_iter_recurse(&it, &sub))
        return;
    while (bson_iter_next(&sub)) {
        int c = strcmp(bson_iter_key(&sub), today);
        int64_t n = BSON_ITER_HOLDS_NUMBER(&sub) ? bson_iter_as_int64(&sub) : 0;
        if (c < 0)
            f->overdue_before_today += n;
        else if (c == 0)
            f->open_today += n;
    }
}

struct figures_ctx {
    int64_t now_ms;
    struct counters_figures *f;
};

/* one partner's figures added to the sum */
static bool
add_partner(const bson_t *doc, void *ctx, struct err *err)
{
    struct figures_ctx *c = ctx;
    struct counters_figures *f = c->f;
    char key[16];
    int64_t first = c->now_ms - (COUNTERS_WEEKS - 1) * WEEK_MS;

    (void)err;
    for (int i = 0; lead_statuses[i] != NULL; i++)
        f->by_status[i] += num(doc, "leadsByStatus", lead_statuses[i]);
    for (int i = 0; i < COUNTERS_WEEKS; i++) {
        counters_week_key(first + i * WEEK_MS, key);
        f->weeks[i] += num(doc, "leadsByWeek", key);
    }
    counters_week_key(c->now_ms, key);
    f->meetings_this_week += num(doc, "meetingsByWeek", key);
    counters_week_key(c->now_ms + WEEK_MS, key);
    f->meetings_next_week += num(doc, "meetingsByWeek", key);
    counters_day_key(c->now_ms, key);
    open_days(doc, key, f);
    f->total_meetings += num(doc, "totalAppointments", NULL);
    f->held += num(doc, "meetingsHeld", NULL);
    f->no_show += num(doc, "meetingsNoShow", NULL);
    return true;
}

static bson_t *
figures_projection(void)
{
    return BCON_NEW("projection", "{", "leadsByStatus", BCON_INT32(1), "leadsByWeek", BCON_INT32(1),
                    "meetingsByWeek", BCON_INT32(1), "openByDay", BCON_INT32(1), "openBefore",
                    BCON_INT32(1), "totalAppointments", BCON_INT32(1), "meetingsHeld",
                    BCON_INT32(1), "meetingsNoShow", BCON_INT32(1), "}");
}

bool
counters_figures_get(struct app *app, const struct principal *p, time_t now,
                     struct counters_figures *f, struct err *err)
{
    struct figures_ctx c = {(int64_t)now * 1000, f};
    bson_t scope, *opts = figures_projection();
    bool ok;

    memset(f, 0, sizeof(*f));
    scope_filter(p, "_id", &scope); /* {} for staff: every partner, archived ones too */
    ok = store_each(app->db, "partners", &scope, opts, add_partner, &c, err);
    bson_destroy(opts);
    bson_destroy(&scope);
    return ok;
}

/* ---- list totals ---------------------------------------------------------------------------- */

/* which partners and statuses a flat leads filter asks for, if the figures can tell */
struct ask {
    const bson_t *partner; /* the partner member's value document ({$eq|$in|$nin}) or NULL */
    bson_oid_t one;        /* a plain partner id */
    bool has_one;
    bool status[16]; /* lead_statuses wanted */
};

/* v (a string) is one of lead_statuses: its index, else -1 */
static int
status_index(const bson_iter_t *v)
{
    if (!BSON_ITER_HOLDS_UTF8(v))
        return -1;
    for (int i = 0; lead_statuses[i] != NULL; i++)
        if (strcmp(lead_statuses[i], bson_iter_utf8(v, NULL)) == 0)
            return i;
    return -1;
}

/* mark (or with keep false, unmark) the statuses of the array or value v */
static void
mark(bool status[16], const bson_iter_t *v, bool keep)
{
    bson_iter_t arr;
    int i;

    if (BSON_ITER_HOLDS_ARRAY(v) && bson_iter_recurse(v, &arr)) {
        while (bson_iter_next(&arr))
            if ((i = status_index(&arr)) >= 0)
                status[i] = keep;
        return;
    }
    if ((i = status_index(v)) >= 0)
        status[i] = keep;
}

/* the dealStatus member: a value, or {$eq|$in} (only those) or {$ne|$nin} (all but those) */
static bool
ask_status(const bson_iter_t *it, struct ask *a)
{
    bson_iter_t sub;
    bool any = false;

    if (!BSON_ITER_HOLDS_DOCUMENT(it)) {
        memset(a->status, 0, sizeof(a->status));
        mark(a->status, it, true);
        return true;
    }
    bson_iter_recurse(it, &sub);
    while (bson_iter_next(&sub)) {
        const char *op = bson_iter_key(&sub);
        bool plus = strcmp(op, "$eq") == 0 || strcmp(op, "$in") == 0;
        if (!plus && strcmp(op, "$ne") != 0 && strcmp(op, "$nin") != 0)
            return false;
        if (plus && any)
            return false; /* two positive sets: leave it to the count */
        if (plus) {
            memset(a->status, 0, sizeof(a->status));
            any = true;
        }
        mark(a->status, &sub, plus);
    }
    return true;
}

static bool
ask_partner(const bson_iter_t *it, struct ask *a, bson_t *holder)
{
    const uint8_t *data;
    uint32_t len;

    if (BSON_ITER_HOLDS_OID(it)) {
        bson_oid_copy(bson_iter_oid(it), &a->one);
        a->has_one = true;
        return true;
    }
    if (!BSON_ITER_HOLDS_DOCUMENT(it))
        return false;
    bson_iter_document(it, &len, &data);
    if (!bson_init_static(holder, data, len))
        return false;
    a->partner = holder;
    return true;
}

/* the filter asks only for what the figures count */
static bool
ask_of(const bson_t *filter, struct ask *a, bson_t *holder)
{
    bson_iter_t it;
    bool live = false;

    memset(a, 0, sizeof(*a));
    for (int i = 0; lead_statuses[i] != NULL; i++)
        a->status[i] = true;
    if (!bson_iter_init(&it, filter))
        return false;
    while (bson_iter_next(&it)) {
        const char *k = bson_iter_key(&it);
        if (strcmp(k, "archivedAt") == 0 && BSON_ITER_HOLDS_NULL(&it))
            live = true;
        else if (strcmp(k, "partner") == 0      ? !ask_partner(&it, a, holder)
                 : strcmp(k, "dealStatus") == 0 ? !ask_status(&it, a)
                                                : true)
            return false;
    }
    return live;
}

/* the partner id v is selected by the partner condition (an operator document) */
static bool
partner_selected(const bson_t *cond, const bson_oid_t *id)
{
    bson_iter_t it, arr;

    if (cond == NULL || !bson_iter_init(&it, cond))
        return true;
    while (bson_iter_next(&it)) {
        const char *op = bson_iter_key(&it);
        bool in = false;
        if (BSON_ITER_HOLDS_OID(&it))
            in = bson_oid_equal(bson_iter_oid(&it), id);
        else if (BSON_ITER_HOLDS_ARRAY(&it) && bson_iter_recurse(&it, &arr))
            while (bson_iter_next(&arr))
                in = in || (BSON_ITER_HOLDS_OID(&arr) && bson_oid_equal(bson_iter_oid(&arr), id));
        if ((strcmp(op, "$eq") == 0 || strcmp(op, "$in") == 0) != in)
            return false;
    }
    return true;
}

struct total_ctx {
    const struct ask *a;
    const char *field; /* leadsByStatus, or NULL: totalAppointments */
    int64_t total;
};

static bool
add_total(const bson_t *doc, void *ctx, struct err *err)
{
    struct total_ctx *t = ctx;
    const bson_oid_t *id = json_bson_oid(doc, "_id");

    (void)err;
    if (id == NULL || !partner_selected(t->a->partner, id))
        return true;
    if (t->field == NULL)
        t->total += num(doc, "totalAppointments", NULL);
    else
        for (int i = 0; lead_statuses[i] != NULL; i++)
            t->total += t->a->status[i] ? num(doc, t->field, lead_statuses[i]) : 0;
    return true;
}

/* sum the figure over the partners the ask selects: one by _id, or all of them */
static bool
sum_partners(struct db *db, const struct ask *a, const char *field, int64_t *total, struct err *err)
{
    struct total_ctx t = {a, field, 0};
    bson_t *filter = a->has_one ? BCON_NEW("_id", BCON_OID(&a->one)) : bson_new();
    bson_t *opts = field ? BCON_NEW("projection", "{", field, BCON_INT32(1), "}")
                         : BCON_NEW("projection", "{", "totalAppointments", BCON_INT32(1), "}");
    bool ok = store_each(db, "partners", filter, opts, add_total, &t, err);

    *total = t.total;
    bson_destroy(filter);
    bson_destroy(opts);
    return ok;
}

bool
counters_leads_total(struct db *db, const bson_t *filter, void *ctx, int64_t *total, bool *answered,
                     struct err *err)
{
    struct ask a;
    bson_t holder;

    (void)ctx;
    *answered = ask_of(filter, &a, &holder);
    return !*answered || sum_partners(db, &a, "leadsByStatus", total, err);
}

bool
counters_meetings_total(struct db *db, const bson_t *filter, void *ctx, int64_t *total,
                        bool *answered, struct err *err)
{
    struct ask a;
    bson_t holder;
    bson_iter_t it;

    (void)ctx;
    memset(&a, 0, sizeof(a));
    *answered = bson_iter_init(&it, filter);
    while (*answered && bson_iter_next(&it))
        *answered = strcmp(bson_iter_key(&it), "partner") == 0 && ask_partner(&it, &a, &holder);
    return !*answered || sum_partners(db, &a, NULL, total, err);
}
