/* lead_actions.c - the one-click actions of the reminder e-mail: their table and their links
 * (the check and the apply are in lead_actions_apply.c) */
#include "domain/lead_actions.h"

#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/store.h"
#include "domain/lead_actions_int.h"

// clang-format off
static const struct lead_action defs[] = {
    {"in_touch",          "In touch",             "in_touch",          false},
    {"won",               "Won",                  "won",               false},
    {"lost_no_show",      "Lost \xe2\x80\x93 no show",      "lost_no_show",      false},
    {"lost_disqualified", "Lost \xe2\x80\x93 disqualified", "lost_disqualified", false},
    {"lost_no_potential", "Lost \xe2\x80\x93 no potential", "lost_no_potential", false},
    {"note",              "Add a note",           NULL,                false},
    {"held",              "Held",                 NULL,                true},
    {"no_show",           "No-show",              NULL,                true},
};
// clang-format on

const struct lead_action *
lead_action_find(const char *name)
{
    for (size_t i = 0; name != NULL && i < sizeof(defs) / sizeof(defs[0]); i++)
        if (strcmp(defs[i].name, name) == 0)
            return &defs[i];
    return NULL;
}

static bool
batch_add(struct link_batch *b, bson_t *doc, struct err *err)
{
    bson_t **grown;

    if (b->n == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 64;
        if ((grown = realloc(b->docs, cap * sizeof(*grown))) == NULL) {
            bson_destroy(doc);
            return err_set(err, ERR_INTERNAL, "out of memory");
        }
        b->docs = grown;
        b->cap = cap;
    }
    b->docs[b->n++] = doc;
    return true;
}

/* one link of def for who: its token stored in batch, {action, label, url} onto links */
static bool
one_link(const char *public_url, const struct link_claim *who, const struct lead_action *def,
         int64_t now_ms, json_object *links, struct link_batch *batch, struct err *err)
{
    struct link_claim c = *who;
    char token[TOKEN_CAP], url[600];
    json_object *o;
    bson_t *doc;

    c.kind = LINK_ACTION;
    c.action = def->name;
    if ((doc = link_token_doc(&c, now_ms, token)) == NULL)
        return err_set(err, ERR_INTERNAL, "cannot make an action link");
    snprintf(url, sizeof(url), "%s/action?token=%s", public_url, token);
    OPENSSL_cleanse(token, sizeof(token));
    if (!batch_add(batch, doc, err))
        return false;
    o = json_object_new_object();
    json_object_object_add(o, "action", json_object_new_string(def->name));
    json_object_object_add(o, "label", json_object_new_string(def->label));
    json_object_object_add(o, "url", json_object_new_string(url));
    OPENSSL_cleanse(url, sizeof(url));
    json_object_array_add(links, o);
    return true;
}

bool
lead_actions_links(const char *public_url, const struct link_claim *who, bool meeting,
                   int64_t now_ms, json_object *links, struct link_batch *batch, struct err *err)
{
    for (size_t i = 0; i < sizeof(defs) / sizeof(defs[0]); i++)
        if (defs[i].meeting == meeting
            && !one_link(public_url, who, &defs[i], now_ms, links, batch, err))
            return false;
    return true;
}

bool
link_batch_insert(struct app *app, struct link_batch *batch, struct err *err)
{
    const bson_t **view;
    bool ok;

    if (batch->n == 0)
        return true;
    if ((view = calloc(batch->n, sizeof(*view))) == NULL)
        return err_set(err, ERR_INTERNAL, "out of memory");
    for (size_t i = 0; i < batch->n; i++)
        view[i] = batch->docs[i];
    ok = store_insert_many(app->db, "link_tokens", view, batch->n, err);
    free(view);
    return ok;
}

void
link_batch_release(struct link_batch *batch)
{
    for (size_t i = 0; i < batch->n; i++)
        bson_destroy(batch->docs[i]);
    free(batch->docs);
    batch->docs = NULL;
    batch->n = batch->cap = 0;
}
