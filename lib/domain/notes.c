/* notes.c - notes on a lead (their own collection, so lead documents stay small): anyone in
 * reach adds; the author deletes within 15 minutes, staff at any time */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "auth/scope.h"
#include "core/clock.h"
#include "core/isotime.h"
#include "core/oid.h"
#include "core/json.h"
#include "db/store.h"
#include "domain/leads.h"
#include "domain/users_int.h"
#include "model/model.h"
#include "queue/events.h"

#define NOTE_MAX_CHARS 5000
#define NOTE_DELETE_WINDOW_MS (15 * 60 * 1000)

static bool
may_delete(const struct principal *p, const char *author, int64_t created)
{
    if (scope_trusted(p) && p->kind == PRINCIPAL_USER)
        return true;
    return strcmp(p->user_id, author) == 0 && clock_now_ms() - created <= NOTE_DELETE_WINDOW_MS;
}

static json_object *
note_json(const struct principal *p, const bson_t *doc)
{
    json_object *o = json_object_new_object(), *author = json_object_new_object();
    bson_iter_t it;
    char hex[OID_STR_SIZE] = "", date[40] = "";
    int64_t created = 0;

    if (bson_iter_init_find(&it, doc, "_id") && BSON_ITER_HOLDS_OID(&it))
        oid_format(bson_iter_oid(&it), hex);
    json_object_object_add(o, "id", json_object_new_string(hex));
    if (bson_iter_init_find(&it, doc, "text") && BSON_ITER_HOLDS_UTF8(&it))
        json_object_object_add(o, "text", json_object_new_string(bson_iter_utf8(&it, NULL)));
    hex[0] = '\0';
    if (bson_iter_init_find(&it, doc, "author") && BSON_ITER_HOLDS_OID(&it))
        oid_format(bson_iter_oid(&it), hex);
    json_object_object_add(author, "id", json_object_new_string(hex));
    if (bson_iter_init_find(&it, doc, "authorName") && BSON_ITER_HOLDS_UTF8(&it))
        json_object_object_add(author, "name", json_object_new_string(bson_iter_utf8(&it, NULL)));
    json_object_object_add(o, "author", author);
    if (bson_iter_init_find(&it, doc, "createdAt") && BSON_ITER_HOLDS_DATE_TIME(&it)) {
        created = bson_iter_date_time(&it);
        isotime_format(created, date, sizeof(date));
    }
    json_object_object_add(o, "createdAt", json_object_new_string(date));
    json_object_object_add(o, "deletable", json_object_new_boolean(may_delete(p, hex, created)));
    return o;
}

struct notes_out {
    const struct principal *p;
    json_object *list;
};

static bool
add_note(const bson_t *doc, void *ctx, struct err *err)
{
    struct notes_out *n = ctx;

    (void)err;
    json_object_array_add(n->list, note_json(n->p, doc));
    return true;
}

json_object *
notes_list(struct app *app, const struct principal *p, const char *lead_id, struct err *err)
{
    bson_t *lead = NULL, *filter = NULL, *opts = NULL;
    bson_oid_t oid;
    char partner[OID_STR_SIZE];
    struct notes_out n = {p, NULL};
    json_object *out = NULL;

    if (!lead_load(app, p, lead_id, &lead, &oid, partner, err))
        goto out;
    filter = BCON_NEW("lead", BCON_OID(&oid));
    opts = BCON_NEW("sort", "{", "createdAt", BCON_INT32(-1), "}", "limit", BCON_INT64(500));
    n.list = json_object_new_array();
    if (!store_each(app->db, "notes", filter, opts, add_note, &n, err))
        goto out;
    out = json_object_new_object();
    json_object_object_add(out, "list", n.list);
    n.list = NULL;
out:
    json_object_put(n.list);
    bson_destroy(opts);
    bson_destroy(filter);
    bson_destroy(lead);
    return out;
}

static bool
note_text(json_object *in, const char **text, struct err *err)
{
    model_refuse_unknown(in, (const char *const[]){"text", NULL}, err);
    model_string(in, "text", 1, NOTE_MAX_CHARS, true, text, err);
    return err->ndetails == 0 ? true : err_set(err, ERR_VALIDATION_FAILED, "invalid note");
}

/* the audit event of a note added (after) or deleted (before) */
static void
note_event(struct app *app, const struct principal *p, const char *action, const char *lead_id,
           const char *partner, const char *note_hex, const char *text, const char *source)
{
    json_object *change = json_object_new_object();
    struct event ev = {.action = action,
                       .entity_type = "lead",
                       .entity_id = lead_id,
                       .partner_id = partner,
                       .source = source};

    json_object_object_add(change, "noteId", json_object_new_string(note_hex));
    if (text != NULL) {
        json_object_object_add(change, "text", json_object_new_string(text));
        ev.after = change;
    } else {
        ev.before = change;
    }
    events_record(app, p, &ev);
    json_object_put(change);
}

/* who writes the note: the signed-in person, or a partner API token (by its id and name) */
static bool
note_author(struct app *app, const struct principal *p, bson_oid_t *author, char *name, size_t cap,
            struct err *err)
{
    struct user_row row = {0};
    bool found = false;

    if (p->kind == PRINCIPAL_PARTNER_TOKEN) {
        snprintf(name, cap, "API token %s", p->token_name);
        return oid_parse_str(p->token_id, author) ? true
                                                  : err_set(err, ERR_INTERNAL, "no token id");
    }
    if (!user_load(app, p->user_id, &row, NULL, &found, err))
        return false;
    snprintf(name, cap, "%s", found ? row.name : "");
    return oid_parse_str(p->user_id, author) ? true : err_set(err, ERR_INTERNAL, "no user id");
}

json_object *
notes_add(struct app *app, const struct principal *p, const char *lead_id, json_object *in,
          const char *source, struct err *err)
{
    bson_t *lead = NULL, *doc = NULL;
    bson_oid_t oid, note, author, partner_oid;
    char partner[OID_STR_SIZE], note_hex[OID_STR_SIZE], name[160];
    const char *text;
    json_object *out = NULL;

    if (!note_text(in, &text, err) || !lead_load(app, p, lead_id, &lead, &oid, partner, err)
        || !note_author(app, p, &author, name, sizeof(name), err))
        goto out;
    bson_oid_init(&note, NULL);
    oid_parse_str(partner, &partner_oid);
    doc = BCON_NEW("_id", BCON_OID(&note), "lead", BCON_OID(&oid), "partner",
                   BCON_OID(&partner_oid), "text", BCON_UTF8(text), "author", BCON_OID(&author),
                   "authorName", BCON_UTF8(name), "createdAt", BCON_DATE_TIME(clock_now_ms()));
    if (!store_insert_one(app->db, "notes", doc, err))
        goto out;
    oid_format(&note, note_hex);
    note_event(app, p, "lead.note_added", lead_id, partner, note_hex, text, source);
    out = note_json(p, doc);
out:
    bson_destroy(doc);
    bson_destroy(lead);
    return out;
}

/* the note matching filter exists and p may delete it: not_found or forbidden otherwise */
static bool
deletable(struct app *app, const struct principal *p, const bson_t *filter, struct err *err)
{
    bson_t *note = NULL;
    const bson_oid_t *author_oid;
    char author[OID_STR_SIZE] = "";
    bson_iter_t it;
    int64_t created = 0;
    bool found = false, ok = store_find_one(app->db, "notes", filter, NULL, &note, &found, err);

    if (ok && found) {
        if ((author_oid = json_bson_oid(note, "author")) != NULL)
            oid_format(author_oid, author);
        if (bson_iter_init_find(&it, note, "createdAt") && BSON_ITER_HOLDS_DATE_TIME(&it))
            created = bson_iter_date_time(&it);
    }
    bson_destroy(note);
    if (ok && !found)
        ok = err_set(err, ERR_NOT_FOUND, "no such note");
    if (ok && !may_delete(p, author, created))
        ok = err_set(err, ERR_FORBIDDEN,
                     "only the author deletes a note, within 15 minutes of writing it");
    return ok;
}

bool
notes_delete(struct app *app, const struct principal *p, const char *lead_id, const char *note_id,
             struct err *err)
{
    bson_t *lead = NULL, *filter = NULL;
    bson_oid_t oid, note_oid;
    char partner[OID_STR_SIZE];
    bool ok = false;

    if (!lead_load(app, p, lead_id, &lead, &oid, partner, err))
        goto out;
    if (!oid_parse_str(note_id, &note_oid)) {
        err_set(err, ERR_NOT_FOUND, "no such note");
        goto out;
    }
    filter = BCON_NEW("_id", BCON_OID(&note_oid), "lead", BCON_OID(&oid));
    ok = deletable(app, p, filter, err) && store_delete_one(app->db, "notes", filter, NULL, err);
    if (ok)
        note_event(app, p, "lead.note_deleted", lead_id, partner, note_id, NULL, SOURCE_UI);
out:
    bson_destroy(filter);
    bson_destroy(lead);
    return ok;
}
