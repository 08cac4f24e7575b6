/* meeting_outcomes.c - the held and no-show rates of the dashboard: one $group by outcome over
 * the meetings of the window (FerretDB groups; it has no date operators, none are needed) */
#include "domain/meeting_outcomes.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/json.h"
#include "db/store.h"

#define DAY_MS 86400000LL

struct tally {
    int64_t held, no_show, pending;
};

static bool
add_group(const bson_t *doc, void *ctx, struct err *err)
{
    struct tally *t = ctx;
    const char *outcome = json_bson_str(doc, "_id");
    bson_iter_t n;
    int64_t count = bson_iter_init_find(&n, doc, "n") ? bson_iter_as_int64(&n) : 0;

    (void)err;
    if (outcome != NULL && strcmp(outcome, "held") == 0)
        t->held += count;
    else if (outcome != NULL && strcmp(outcome, "no_show") == 0)
        t->no_show += count;
    else
        t->pending += count;
    return true;
}

/* part / whole to three decimals, written as short as it reads ("0.667", "1"); null for 0/0 */
static json_object *
rate(int64_t part, int64_t whole)
{
    double r;
    char text[32];

    if (whole <= 0)
        return NULL;
    r = round((double)part * 1000.0 / (double)whole) / 1000.0;
    snprintf(text, sizeof(text), "%g", r);
    return json_object_new_double_s(r, text);
}

bool
meeting_outcomes_rates(struct app *app, const bson_t *scope, int64_t now_ms, json_object *out,
                       struct err *err)
{
    struct tally t = {0, 0, 0};
    bson_t match = BSON_INITIALIZER, *pipeline;
    json_object *o = json_object_new_object();
    int64_t decided;
    bool ok;

    bson_concat(&match, scope);
    BCON_APPEND(&match, "status", "{", "$ne", BCON_UTF8("canceled"), "}", "scheduledTime", "{",
                "$gte", BCON_DATE_TIME(now_ms - MEETING_OUTCOMES_DAYS * DAY_MS), "$lt",
                BCON_DATE_TIME(now_ms), "}");
    pipeline =
        BCON_NEW("pipeline", "[", "{", "$match", BCON_DOCUMENT(&match), "}", "{", "$group", "{",
                 "_id", BCON_UTF8("$outcome"), "n", "{", "$sum", BCON_INT32(1), "}", "}", "}", "]");
    ok = store_aggregate_each(app->db, "meetings", pipeline, NULL, add_group, &t, err);
    decided = t.held + t.no_show;
    json_object_object_add(o, "days", json_object_new_int(MEETING_OUTCOMES_DAYS));
    json_object_object_add(o, "held", json_object_new_int64(t.held));
    json_object_object_add(o, "noShow", json_object_new_int64(t.no_show));
    json_object_object_add(o, "pending", json_object_new_int64(t.pending));
    json_object_object_add(o, "heldRate", rate(t.held, decided));
    json_object_object_add(o, "noShowRate", rate(t.no_show, decided));
    json_object_object_add(out, "meetingOutcomes", o);
    bson_destroy(pipeline);
    bson_destroy(&match);
    return ok;
}
