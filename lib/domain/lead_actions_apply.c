/* lead_actions_apply.c - POST /actions/check and /actions/apply: the link's token read (or used
 * up), its user as the principal, then the same rules and functions as in the app, audited
 * with source email */
#include <stdio.h>
#include <string.h>

#include "auth/sessions.h"
#include "core/clock.h"
#include "core/isotime.h"
#include "core/json.h"
#include "core/oid.h"
#include "domain/lead_actions.h"
#include "domain/lead_actions_int.h"
#include "domain/leads.h"
#include "domain/meetings.h"
#include "domain/partners.h"
#include "model/model.h"
#include "queue/events.h"

#define ACTION_NOTE_MAX 5000 /* as a note added in the app */

/* what one token stands for, loaded with its user as the principal */
struct target {
    const struct lead_action *def;
    struct principal p;
    char lead_id[OID_STR_SIZE], meeting_id[OID_STR_SIZE], partner[OID_STR_SIZE];
    bson_t *token, *lead, *meeting;
};

/* the members of a body */
struct extras {
    const char *token, *note, *reason;
    bool amount_given;
    int64_t amount;
};

static bool
read_body(json_object *in, bool apply, struct extras *x, struct err *err)
{
    static const char *const check_names[] = {"token", NULL};
    static const char *const apply_names[] = {"token", "dealAmount", "note", "reason", NULL};
    json_object *v;

    memset(x, 0, sizeof(*x));
    model_refuse_unknown(in, apply ? apply_names : check_names, err);
    model_string(in, "token", 1, TOKEN_CAP - 1, true, &x->token, err);
    model_string(in, "note", 1, ACTION_NOTE_MAX, false, &x->note, err);
    model_string(in, "reason", 1, 1000, false, &x->reason, err);
    if (json_object_object_get_ex(in, "dealAmount", &v) && v != NULL) {
        if (!json_object_is_type(v, json_type_int) || json_object_get_int64(v) < 0
            || json_object_get_int64(v) > 9007199254740991LL)
            err_detail(err, "dealAmount", "must be a whole number of cents, 0 or more");
        x->amount = json_object_get_int64(v);
        x->amount_given = true;
    }
    return err->ndetails == 0 ? true : err_set(err, ERR_VALIDATION_FAILED, "invalid request");
}

/* a note only for note (and required there), a deal amount only for won, a reason only for a
 * lost status */
static bool
extras_fit(const struct lead_action *def, const struct extras *x, struct err *err)
{
    bool note = strcmp(def->name, "note") == 0;
    bool lost = def->status != NULL && strncmp(def->status, "lost_", 5) == 0;

    if (note && x->note == NULL)
        err_detail(err, "note", "is required: write the note");
    if (!note && x->note != NULL)
        err_detail(err, "note", "this action takes no note");
    if (x->amount_given && strcmp(def->name, "won") != 0)
        err_detail(err, "dealAmount", "only the action won takes a deal amount");
    if (x->reason != NULL && !lost)
        err_detail(err, "reason", "only a lost action takes a reason");
    return err->ndetails == 0 ? true : err_set(err, ERR_VALIDATION_FAILED, "invalid request");
}

static void
target_release(struct target *t)
{
    bson_destroy(t->token);
    bson_destroy(t->lead);
    bson_destroy(t->meeting);
}

/* the token's user as a signed-in partner user would be */
static bool
token_principal(struct app *app, const bson_t *token, struct principal *p, struct err *err)
{
    const bson_oid_t *user = json_bson_oid(token, "user");
    struct user_state st;
    bool found = false;

    if (user == NULL)
        return err_set(err, ERR_INVALID_TOKEN, "this link is invalid or has expired");
    p->kind = PRINCIPAL_USER;
    oid_format(user, p->user_id);
    if (!user_state_get(app, p->user_id, &st, &found, err))
        return false;
    if (!found || !st.active)
        return err_set(err, ERR_ACCOUNT_DEACTIVATED,
                       "this link's account is deactivated; ask your administrator");
    p->role = st.role;
    memcpy(p->partner_id, st.partner, OID_STR_SIZE);
    return true;
}

/* the token (claimed when claim), its action, user, lead and meeting, within the user's reach */
static bool
target_load(struct app *app, const char *token, bool claim, struct target *t, struct err *err)
{
    const bson_oid_t *oid;
    bson_oid_t lead;

    if (!link_token_find(app, token, LINK_ACTION, claim, &t->token, err))
        return false;
    if ((t->def = lead_action_find(json_bson_str(t->token, "action"))) == NULL
        || (oid = json_bson_oid(t->token, "lead")) == NULL)
        return err_set(err, ERR_INVALID_TOKEN, "this link is invalid or has expired");
    oid_format(oid, t->lead_id);
    if ((oid = json_bson_oid(t->token, "meeting")) != NULL)
        oid_format(oid, t->meeting_id);
    if (!token_principal(app, t->token, &t->p, err))
        return false;
    if (t->def->meeting && !meeting_load(app, &t->p, t->meeting_id, &t->meeting, err))
        return false;
    return lead_load(app, &t->p, t->lead_id, &t->lead, &lead, t->partner, err);
}

/* whether the action is still possible: the lead's status may go there, the meeting may get
 * an outcome */
static bool
possible(struct app *app, const struct target *t, struct err *err)
{
    const char *from = json_or_empty(json_bson_str(t->lead, "dealStatus")), *to = t->def->status;
    const char *targets[8], *outcome;

    if (t->def->meeting) {
        if ((outcome = json_bson_str(t->meeting, "outcome")) != NULL)
            return err_set(err, ERR_CONFLICT, "this meeting's outcome is already recorded: %s",
                           strcmp(outcome, "held") == 0 ? "held" : "no-show");
        return meeting_attendance_settable(app, &t->p, t->meeting, clock_now_ms(), err);
    }
    if (to == NULL)
        return true;
    if (strcmp(from, to) == 0)
        return err_set(err, ERR_INVALID_TRANSITION, "the lead is already %s",
                       lead_status_label(to));
    lead_allowed_targets(from, targets);
    for (int i = 0; targets[i] != NULL; i++)
        if (strcmp(targets[i], to) == 0)
            return true;
    for (int i = 0; targets[i] != NULL; i++)
        err_detail(err, "status", "allowed: %s", targets[i]);
    return err_set(err, ERR_INVALID_TRANSITION, "the lead is %s now: it cannot go to %s any more",
                   lead_status_label(from), lead_status_label(to));
}

/* whether a won needs a deal amount: a percentage-billed partner, a lead without one */
static bool
amount_required(struct app *app, const struct target *t, bool *required, struct err *err)
{
    char name[160], billing[32];

    *required = false;
    if (strcmp(t->def->name, "won") != 0 || bson_has_field(t->lead, "dealAmount"))
        return true;
    if (!partner_lookup(app, t->partner, name, sizeof(name), billing, sizeof(billing), err))
        return false;
    *required = strcmp(billing, "percentage_of_deal") == 0;
    return true;
}

static void
add_str(json_object *o, const char *key, const char *v)
{
    json_object_object_add(o, key, v != NULL && v[0] ? json_object_new_string(v) : NULL);
}

/* the answer: what the link does (did, when applied), for which lead and meeting; status is
 * the lead's status to show */
static json_object *
info(struct app *app, const struct target *t, const char *status, bool applied, struct err *err)
{
    const char *first = json_or_empty(json_bson_str(t->lead, "firstName"));
    const char *last = json_or_empty(json_bson_str(t->lead, "lastName"));
    char name[256], when[40] = "";
    bool required = false;
    json_object *o;

    if (!applied && !amount_required(app, t, &required, err))
        return NULL;
    snprintf(name, sizeof(name), "%s%s%s", first, first[0] && last[0] ? " " : "", last);
    o = json_object_new_object();
    add_str(o, "action", t->def->name);
    add_str(o, "label", t->def->label);
    add_str(o, "leadId", t->lead_id);
    add_str(o, "leadName", name[0] ? name : json_or_empty(json_bson_str(t->lead, "email")));
    add_str(o, "company", json_bson_str(t->lead, "company"));
    add_str(o, "dealStatus", status);
    add_str(o, "meetingId", t->meeting_id);
    if (t->meeting != NULL)
        isotime_format(json_bson_date(t->meeting, "scheduledTime"), when, sizeof(when));
    add_str(o, "meetingTime", when);
    json_object_object_add(o, "dealAmountRequired", json_object_new_boolean(required));
    json_object_object_add(o, "applied", json_object_new_boolean(applied));
    isotime_format(json_bson_date(t->token, "expiresAt"), when, sizeof(when));
    add_str(o, "expiresAt", when);
    return o;
}

/* the action through the app's own function; the lead's status afterwards into status */
static bool
perform(struct app *app, const struct target *t, const struct extras *x, char status[32],
        struct err *err)
{
    json_object *body = json_object_new_object(), *out, *v;

    snprintf(status, 32, "%s", json_or_empty(json_bson_str(t->lead, "dealStatus")));
    if (t->def->meeting) {
        json_object_object_add(body, "outcome", json_object_new_string(t->def->name));
        out = meeting_attendance_set(app, &t->p, t->meeting_id, body, SOURCE_EMAIL_LINK, err);
    } else if (t->def->status == NULL) {
        json_object_object_add(body, "text", json_object_new_string(x->note));
        out = notes_add(app, &t->p, t->lead_id, body, SOURCE_EMAIL_LINK, err);
    } else {
        json_object_object_add(body, "status", json_object_new_string(t->def->status));
        if (x->amount_given)
            json_object_object_add(body, "dealAmount", json_object_new_int64(x->amount));
        if (x->reason != NULL)
            json_object_object_add(body, "reason", json_object_new_string(x->reason));
        out = leads_set_status(app, &t->p, t->lead_id, body, SOURCE_EMAIL_LINK, err);
        if (out != NULL && json_object_object_get_ex(out, "dealStatus", &v))
            snprintf(status, 32, "%s", json_object_get_string(v));
    }
    json_object_put(body);
    json_object_put(out);
    return out != NULL;
}

json_object *
lead_actions_check(struct app *app, json_object *in, struct err *err)
{
    struct extras x;
    struct target t = {0};
    json_object *out = NULL;

    if (read_body(in, false, &x, err) && target_load(app, x.token, false, &t, err)
        && possible(app, &t, err))
        out = info(app, &t, json_bson_str(t.lead, "dealStatus"), false, err);
    target_release(&t);
    return out;
}

json_object *
lead_actions_apply(struct app *app, json_object *in, struct err *err)
{
    struct extras x;
    struct target t = {0};
    json_object *out = NULL;
    char status[32] = "";

    if (!read_body(in, true, &x, err))
        return NULL;
    if (target_load(app, x.token, true, &t, err) && extras_fit(t.def, &x, err)
        && possible(app, &t, err) && perform(app, &t, &x, status, err))
        out = info(app, &t, status, true, err);
    if (out == NULL && t.token != NULL) /* refused: the link stays usable */
        link_token_release(app, t.token);
    target_release(&t);
    return out;
}
