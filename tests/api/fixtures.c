/* fixtures.c - see fixtures.h */
#include "fixtures.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "auth/passwd.h"
#include "core/json.h"
#include "db/db.h"
#include "domain/counters.h"
#include "model/tables.h"
#include "stack_access.h"

static unsigned counter;

static int64_t
now_ms(void)
{
    return (int64_t)time(NULL) * 1000;
}

void
fixture_partner(const char *name, char id[25])
{
    bson_oid_t oid;
    bson_error_t error;
    char slug[96];
    bson_t *doc;

    bson_oid_init(&oid, NULL);
    bson_oid_to_string(&oid, id);
    snprintf(slug, sizeof(slug), "p-%s", id);
    doc = BCON_NEW("_id", BCON_OID(&oid), "name", BCON_UTF8(name), "slug", BCON_UTF8(slug),
                   "archivedAt", BCON_NULL, "createdAt", BCON_DATE_TIME(now_ms()), "updatedAt",
                   BCON_DATE_TIME(now_ms()));
    ck_assert_msg(mongoc_collection_insert_one(db_collection(stack_app()->db, "partners"), doc,
                                               NULL, NULL, &error),
                  "%s", error.message);
    bson_destroy(doc);
}

void
fixture_user(const char *role, const char *partner_id, struct fixture_user *u)
{
    bson_oid_t oid, partner;
    bson_error_t error;
    struct err err = ERR_INIT;
    char hash[PASSWD_HASH_CAP];
    bson_t *doc;

    bson_oid_init(&oid, NULL);
    bson_oid_to_string(&oid, u->id);
    snprintf(u->email, sizeof(u->email), "%s-%d-%u-%s@test.local", role, (int)getpid(), ++counter,
             u->id + 16);
    snprintf(u->password, sizeof(u->password), "pw-%s-long-enough", u->id + 12);
    ck_assert(passwd_hash(u->password, hash, &err));
    doc = BCON_NEW("_id", BCON_OID(&oid), "email", BCON_UTF8(u->email), "name",
                   BCON_UTF8("Fixture Person"), "role", BCON_UTF8(role), "isActive",
                   BCON_BOOL(true), "status", BCON_UTF8("active"), "passwordHash", BCON_UTF8(hash),
                   "tokensValidAfter", BCON_DATE_TIME(0), "archivedAt", BCON_NULL, "createdAt",
                   BCON_DATE_TIME(now_ms()), "updatedAt", BCON_DATE_TIME(now_ms()));
    if (partner_id != NULL && bson_oid_is_valid(partner_id, 24)) {
        bson_oid_init_from_string(&partner, partner_id);
        BSON_APPEND_OID(doc, "partner", &partner);
    } else {
        BSON_APPEND_NULL(doc, "partner");
    }
    model_terms_refresh(&users_model, NULL, doc); /* as every insert of the app does */
    ck_assert_msg(mongoc_collection_insert_one(db_collection(stack_app()->db, "users"), doc, NULL,
                                               NULL, &error),
                  "%s", error.message);
    bson_destroy(doc);
}

void
fixture_user_update(const char *id, const char *update_json)
{
    bson_oid_t oid;
    bson_error_t error;
    bson_t *filter, *update = bson_new_from_json((const uint8_t *)update_json, -1, &error);

    ck_assert_msg(update != NULL, "bad update %s: %s", update_json, error.message);
    bson_oid_init_from_string(&oid, id);
    filter = BCON_NEW("_id", BCON_OID(&oid));
    ck_assert_msg(mongoc_collection_update_one(db_collection(stack_app()->db, "users"), filter,
                                               update, NULL, NULL, &error),
                  "%s", error.message);
    bson_destroy(filter);
    bson_destroy(update);
    ck_assert_int_ge(redis_integer("DEL pc:user:%s", id), 0);
}

void
fixture_lead(const char *email, const char *partner, const char *first_name, const char *company,
             char id[25])
{
    bson_oid_t oid, p;
    bson_error_t error;
    bson_t *doc;

    bson_oid_init(&oid, NULL);
    bson_oid_to_string(&oid, id);
    bson_oid_init_from_string(&p, partner);
    doc =
        BCON_NEW("_id", BCON_OID(&oid), "email", BCON_UTF8(email), "partner", BCON_OID(&p),
                 "partnerName", BCON_UTF8("Fixture"), "dealStatus", BCON_UTF8("new"),
                 "scheduledDate", BCON_NULL, "source", BCON_UTF8("manual"), "archivedAt", BCON_NULL,
                 "createdAt", BCON_DATE_TIME(now_ms()), "updatedAt", BCON_DATE_TIME(now_ms()));
    if (first_name != NULL)
        BSON_APPEND_UTF8(doc, "firstName", first_name);
    if (company != NULL)
        BSON_APPEND_UTF8(doc, "company", company);
    model_terms_refresh(&leads_model, NULL, doc); /* as every insert of the app does */
    ck_assert_msg(mongoc_collection_insert_one(db_collection(stack_app()->db, "leads"), doc, NULL,
                                               NULL, &error),
                  "%s", error.message);
    fixture_count_lead(doc);
    bson_destroy(doc);
}

void
fixture_count_lead(const bson_t *lead)
{
    struct counters_delta d = COUNTERS_DELTA_INIT;
    struct err err = ERR_INIT;
    const bson_oid_t *partner = json_bson_oid(lead, "partner");

    counters_lead_doc(&d, 1, lead);
    ck_assert_msg(partner != NULL && counters_apply(stack_app(), partner, &d, &err), "%s %s",
                  err.message, err.cause);
}

void
fixture_ms_from_now(long long seconds, char *out, size_t cap)
{
    snprintf(out, cap, "{\"$date\":{\"$numberLong\":\"%lld\"}}",
             (long long)now_ms() + seconds * 1000);
}

void
fixture_invited_user(const char *role, const char *partner_id, struct fixture_user *u,
                     char token[TOKEN_CAP])
{
    char hash[TOKEN_HASH_CAP], expires[96], update[512];

    fixture_user(role, partner_id, u);
    ck_assert(token_new("", token));
    token_hash(token, hash);
    fixture_ms_from_now(7 * 24 * 3600, expires, sizeof(expires));
    snprintf(update, sizeof(update),
             "{\"$set\":{\"status\":\"invited\",\"name\":\"\",\"inviteTokenHash\":\"%s\","
             "\"inviteExpiresAt\":%s},\"$unset\":{\"passwordHash\":\"\"}}",
             hash, expires);
    fixture_user_update(u->id, update);
    u->password[0] = '\0';
}

void
fixture_reset_token(const char *id, char token[TOKEN_CAP])
{
    char hash[TOKEN_HASH_CAP], expires[96], update[512];

    ck_assert(token_new("", token));
    token_hash(token, hash);
    fixture_ms_from_now(3600, expires, sizeof(expires));
    snprintf(update, sizeof(update), "{\"$set\":{\"resetTokenHash\":\"%s\",\"resetExpiresAt\":%s}}",
             hash, expires);
    fixture_user_update(id, update);
}

void
fixture_owner(struct fixture_user *u)
{
    memset(u, 0, sizeof(*u));
    snprintf(u->email, sizeof(u->email), "%s", harness_env("INITIAL_OWNER_EMAIL"));
    snprintf(u->password, sizeof(u->password), "%s", harness_env("INITIAL_OWNER_PASSWORD"));
}

void
fixture_cast(struct cast *k)
{
    memset(k, 0, sizeof(*k));
    fixture_partner("Partner A", k->partner_a);
    fixture_partner("Partner B", k->partner_b);
    snprintf(k->tag, sizeof(k->tag), "%d%ld", (int)getpid(), random() % 1000000);
    fixture_user("admin", NULL, &k->staff);
    fixture_user("admin", k->partner_a, &k->admin_a);
    fixture_user("admin", k->partner_b, &k->admin_b);
    fixture_user("user", k->partner_a, &k->user_a);
    fixture_user("user", k->partner_b, &k->user_b);
    fixture_owner(&k->owner_u);
    ck_assert_int_eq(client_sign_in(&k->owner, k->owner_u.email, k->owner_u.password), 200);
    ck_assert_int_eq(client_sign_in(&k->staff_c, k->staff.email, k->staff.password), 200);
    ck_assert_int_eq(client_sign_in(&k->admin_a_c, k->admin_a.email, k->admin_a.password), 200);
    ck_assert_int_eq(client_sign_in(&k->admin_b_c, k->admin_b.email, k->admin_b.password), 200);
    ck_assert_int_eq(client_sign_in(&k->user_a_c, k->user_a.email, k->user_a.password), 200);
}

void
cast_release(struct cast *k)
{
    client_free(&k->owner);
    client_free(&k->staff_c);
    client_free(&k->admin_a_c);
    client_free(&k->admin_b_c);
    client_free(&k->user_a_c);
    client_free(&k->anon);
}

/* read one cookie value from a Netscape cookie jar */
static void
jar_value(const char *jar, const char *name, char *out, size_t cap)
{
    FILE *f = fopen(jar, "r");
    char line[4096];

    out[0] = '\0';
    if (f == NULL)
        return;
    while (fgets(line, sizeof(line), f) != NULL) {
        char *fields[7] = {0}, *save = NULL, *tok;
        int n = 0;
        char *start = strncmp(line, "#HttpOnly_", 10) == 0 ? line + 10 : line;
        if (line[0] == '#' && start == line)
            continue;
        for (tok = strtok_r(start, "\t\n", &save); tok != NULL && n < 7;
             tok = strtok_r(NULL, "\t\n", &save))
            fields[n++] = tok;
        if (n == 7 && strcmp(fields[5], name) == 0)
            snprintf(out, cap, "%s", fields[6]);
        else if (n == 6 && strcmp(fields[5], name) == 0)
            out[0] = '\0';
    }
    fclose(f);
}

void
client_reload(struct session_client *c)
{
    jar_value(c->jar, "__Host-pc_csrf", c->csrf, sizeof(c->csrf));
    jar_value(c->jar, "__Secure-pc_access", c->access, sizeof(c->access));
}

bool
client_call(struct session_client *c, const char *method, const char *path, const char *json,
            struct api_res *res)
{
    char csrf[128];
    const char *headers[3] = {NULL};
    int n = 0;
    bool ok;

    if (c->jar[0] == '\0')
        snprintf(c->jar, sizeof(c->jar), "%s/pc-jar-%d-%u", harness_env("PC_VAR_DIR"),
                 (int)getpid(), ++counter);
    if (strcmp(method, "GET") != 0) {
        snprintf(csrf, sizeof(csrf), "X-CSRF-Token: %s", c->csrf);
        headers[n++] = csrf;
    }
    if (json != NULL)
        headers[n++] = "Content-Type: application/json";
    struct api_opts opts = {
        .headers = headers, .body = json, .cookie_jar = c->jar, .interface = c->interface};
    ok = api_call(res, method, path, &opts);
    client_reload(c);
    return ok;
}

long
client_sign_in(struct session_client *c, const char *email, const char *password)
{
    char body[512];
    struct api_res res;
    long status;
    const char *id;

    snprintf(body, sizeof(body), "{\"email\":\"%s\",\"password\":\"%s\"}", email, password);
    client_call(c, "POST", "/api/v1/auth/sign-in", body, &res);
    status = res.status;
    id = api_json_str(&res, "user.id");
    if (id != NULL)
        snprintf(c->user_id, sizeof(c->user_id), "%s", id);
    api_res_free(&res);
    return status;
}

void
client_copy(const struct session_client *c, struct session_client *copy)
{
    char cmd[512];

    memset(copy, 0, sizeof(*copy));
    snprintf(copy->jar, sizeof(copy->jar), "%s/pc-jar-%d-%u", harness_env("PC_VAR_DIR"),
             (int)getpid(), ++counter);
    copy->interface = c->interface;
    if (c->jar[0] != '\0' && access(c->jar, F_OK) == 0) {
        snprintf(cmd, sizeof(cmd), "cp %s %s", c->jar, copy->jar);
        ck_assert_int_eq(system(cmd), 0);
    }
    client_reload(copy);
    snprintf(copy->user_id, sizeof(copy->user_id), "%s", c->user_id);
}

void
client_free(struct session_client *c)
{
    if (c->jar[0] != '\0')
        unlink(c->jar);
    memset(c, 0, sizeof(*c));
}

bool
bearer_call(const char *access, const char *method, const char *path, const char *json,
            struct api_res *res)
{
    char auth[2200];
    const char *headers[] = {auth, json ? "Content-Type: application/json" : NULL, NULL};
    struct api_opts opts = {.headers = headers, .body = json};

    snprintf(auth, sizeof(auth), "Authorization: Bearer %s", access);
    return api_call(res, method, path, &opts);
}

bool
json_call(const char *method, const char *path, const char *json, struct api_res *res)
{
    const char *headers[] = {"Content-Type: application/json", NULL};
    struct api_opts opts = {.headers = headers, .body = json};

    return api_call(res, method, path, &opts);
}

bool
cookie_line(const struct api_res *res, const char *name, char *out, size_t cap)
{
    size_t n = strlen(name);

    for (const char *line = res->headers; line != NULL && *line != '\0';) {
        const char *end = strstr(line, "\r\n");
        size_t len = end ? (size_t)(end - line) : strlen(line);
        if (len > 12 && strncasecmp(line, "set-cookie: ", 12) == 0
            && strncmp(line + 12, name, n) == 0 && line[12 + n] == '=') {
            snprintf(out, cap, "%.*s", (int)(len - 12), line + 12);
            return true;
        }
        line = end ? end + 2 : NULL;
    }
    return false;
}

bool
mail_token_to(const char *address, const char *path_prefix, char *token, size_t cap, int timeout_ms)
{
    for (int waited = 0; waited <= timeout_ms; waited += 200) {
        json_object *list = wiremock_requests_to(address);
        size_t n = json_object_array_length(list);
        bool found = false;
        if (n > 0) {
            json_object *rq = json_object_array_get_idx(list, n - 1), *body;
            char *text = NULL;
            if (json_object_object_get_ex(rq, "body", &body))
                text = form_value(json_object_get_string(body), "text");
            const char *at = text ? strstr(text, path_prefix) : NULL;
            if (at != NULL && (at = strstr(at, "token=")) != NULL) {
                size_t len = strcspn(at + 6, " \r\n&");
                snprintf(token, cap, "%.*s", (int)len, at + 6);
                found = true;
            }
            free(text);
        }
        json_object_put(list);
        if (found)
            return true;
        sleep_ms(200);
    }
    return false;
}
