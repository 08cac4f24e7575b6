/* notes.c - notes on a lead (their own collection, so lead documents stay small): anyone in
 * reach adds; the author deletes within 15 minutes, staff at any time */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "auth/scope.h"
#include "core/clock.h"
#include "core/isotime.h"
#include "core/oid.h"
#include "core/utf8.h"
#include "db/db.h"
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

json_object *
notes_list(struct app *app, const struct principal *p, const char *lead_id, struct err *err)
{
    bson_t *lead = NULL, *filter, *opts;
    bson_oid_t oid;
    char partner[OID_STR_SIZE];
    mongoc_cursor_t *cursor;
    const bson_t *doc;
    bson_error_t error;
    json_object *list, *out;

    if (!lead_load(app, p, lead_id, &lead, &oid, partner, err))
        return NULL;
    bson_destroy(lead);
    filter = BCON_NEW("lead", BCON_OID(&oid));
    opts = BCON_NEW("sort", "{", "createdAt", BCON_INT32(-1), "}", "limit", BCON_INT64(500));
    cursor = mongoc_collection_find_with_opts(db_collection(app->db, "notes"), filter, opts, NULL);
    list = json_object_new_array();
    while (mongoc_cursor_next(cursor, &doc))
        json_object_array_add(list, note_json(p, doc));
    bool failed = mongoc_cursor_error(cursor, &error);
    mongoc_cursor_destroy(cursor);
    bson_destroy(filter);
    bson_destroy(opts);
    if (failed) {
        json_object_put(list);
        return db_fail(err, &error, "list notes") ? NULL : NULL;
    }
    out = json_object_new_object();
    json_object_object_add(out, "list", list);
    return out;
}

static bool
note_text(json_object *in, const char **text, struct err *err)
{
    json_object *v;
    size_t chars = 0;

    model_refuse_unknown(in, (const char *const[]){"text", NULL}, err);
    *text = json_object_object_get_ex(in, "text", &v) && json_object_is_type(v, json_type_string)
                ? json_object_get_string(v)
                : NULL;
    if (*text == NULL || utf8_check(*text, strlen(*text), &chars) != UTF8_OK || chars == 0
        || chars > NOTE_MAX_CHARS)
        err_detail(err, "text", "must be a text of 1 to %d characters", NOTE_MAX_CHARS);
    return err->ndetails == 0 ? true : err_set(err, ERR_VALIDATION_FAILED, "invalid note");
}

json_object *
notes_add(struct app *app, const struct principal *p, const char *lead_id, json_object *in,
          struct err *err)
{
    bson_t *lead = NULL, *doc = NULL;
    bson_oid_t oid, note, author, partner_oid;
    char partner[OID_STR_SIZE], note_hex[OID_STR_SIZE];
    const char *text;
    struct user_row row = {0};
    bool found = false;
    bson_error_t error;
    json_object *out = NULL;

    if (!note_text(in, &text, err) || !lead_load(app, p, lead_id, &lead, &oid, partner, err)
        || !user_load(app, p->user_id, &row, NULL, &found, err))
        goto out;
    bson_oid_init(&note, NULL);
    oid_parse_str(p->user_id, &author);
    oid_parse_str(partner, &partner_oid);
    doc =
        BCON_NEW("_id", BCON_OID(&note), "lead", BCON_OID(&oid), "partner", BCON_OID(&partner_oid),
                 "text", BCON_UTF8(text), "author", BCON_OID(&author), "authorName",
                 BCON_UTF8(found ? row.name : ""), "createdAt", BCON_DATE_TIME(clock_now_ms()));
    if (!mongoc_collection_insert_one(db_collection(app->db, "notes"), doc, NULL, NULL, &error)) {
        db_fail(err, &error, "insert note");
        goto out;
    }
    oid_format(&note, note_hex);
    json_object *after = json_object_new_object();
    json_object_object_add(after, "noteId", json_object_new_string(note_hex));
    json_object_object_add(after, "text", json_object_new_string(text));
    struct event ev = {.action = "lead.note_added",
                       .entity_type = "lead",
                       .entity_id = lead_id,
                       .partner_id = partner,
                       .after = after,
                       .source = SOURCE_UI};
    events_record(app, p, &ev, err);
    json_object_put(after);
    err_reset(err);
    out = note_json(p, doc);
out:
    bson_destroy(doc);
    bson_destroy(lead);
    return out;
}

bool
notes_delete(struct app *app, const struct principal *p, const char *lead_id, const char *note_id,
             struct err *err)
{
    bson_t *lead = NULL, *note = NULL, *filter;
    bson_oid_t oid, note_oid;
    bson_iter_t it;
    char partner[OID_STR_SIZE], author[OID_STR_SIZE] = "";
    int64_t created = 0;
    bool found = false, ok;
    bson_error_t error;

    if (!lead_load(app, p, lead_id, &lead, &oid, partner, err))
        return false;
    bson_destroy(lead);
    if (!oid_parse_str(note_id, &note_oid))
        return err_set(err, ERR_NOT_FOUND, "no such note");
    filter = BCON_NEW("_id", BCON_OID(&note_oid), "lead", BCON_OID(&oid));
    ok = store_find_one(app->db, "notes", filter, NULL, &note, &found, err);
    if (ok && found) {
        if (bson_iter_init_find(&it, note, "author") && BSON_ITER_HOLDS_OID(&it))
            oid_format(bson_iter_oid(&it), author);
        if (bson_iter_init_find(&it, note, "createdAt") && BSON_ITER_HOLDS_DATE_TIME(&it))
            created = bson_iter_date_time(&it);
    }
    bson_destroy(note);
    if (ok && !found)
        ok = err_set(err, ERR_NOT_FOUND, "no such note");
    if (ok && !may_delete(p, author, created))
        ok = err_set(err, ERR_FORBIDDEN,
                     "only the author deletes a note, within 15 minutes of writing it");
    if (ok
        && !mongoc_collection_delete_one(db_collection(app->db, "notes"), filter, NULL, NULL,
                                         &error))
        ok = db_fail(err, &error, "delete note");
    bson_destroy(filter);
    if (ok) {
        json_object *before = json_object_new_object();
        json_object_object_add(before, "noteId", json_object_new_string(note_id));
        struct event ev = {.action = "lead.note_deleted",
                           .entity_type = "lead",
                           .entity_id = lead_id,
                           .partner_id = partner,
                           .before = before,
                           .source = SOURCE_UI};
        events_record(app, p, &ev, err);
        json_object_put(before);
        err_reset(err);
    }
    return ok;
}
