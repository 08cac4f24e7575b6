/* openapi.c - /api/openapi.json from the route table and the field tables, so the document
 * cannot drift: a row's path, query allow-list, access, body and answer tables become its
 * operation; every table a row names (and the tables those nest) becomes a schema */
#include "openapi.h"

#include "model/tables.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "model/model.h"
#include "queue/queues.h"
#include "router.h"

static const char *const access_names[] = {
    [ACCESS_PUBLIC] = "public",
    [ACCESS_SESSION] = "session",
    [ACCESS_LOOPBACK] = "loopback",
    [ACCESS_USER] = "user",
    [ACCESS_ADMIN] = "admin",
    [ACCESS_OWNER] = "owner",
    [ACCESS_PARTNER_TOKEN] = "partner_token",
    [ACCESS_WEBHOOK_HUBSPOT] = "webhook:hubspot",
    [ACCESS_WEBHOOK_CHILIPIPER] = "webhook:chilipiper",
    [ACCESS_WEBHOOK_STRIPE] = "webhook:stripe",
    [ACCESS_CRON] = "cron",
};

/* the query parameters the route table may name, and their schemas */
static const struct {
    const char *name, *schema;
} query_params[] = {
    {"page", "{\"type\":\"integer\",\"minimum\":0,\"maximum\":1000000,\"default\":0}"},
    {"perPage", "{\"type\":\"integer\",\"minimum\":1,\"maximum\":200,\"default\":50}"},
    {"sort", "{\"type\":\"string\",\"maxLength\":2000,\"description\":\"JSON array of "
             "{field, direction: asc|desc}, at most 5\"}"},
    {"filter", "{\"type\":\"string\",\"maxLength\":8000,\"description\":\"JSON array of "
               "{field, operator, value}, at most 20\"}"},
    {"search", "{\"type\":\"string\",\"maxLength\":100}"},
    {"format", "{\"type\":\"string\",\"enum\":[\"csv\",\"xlsx\"],\"default\":\"csv\"}"},
    {"columns", "{\"type\":\"string\",\"maxLength\":1000,\"description\":\"comma-separated "
                "lead fields\"}"},
    {"deep", "{\"type\":\"string\",\"enum\":[\"0\",\"1\"]}"},
    {"dryRun", "{\"type\":\"string\",\"enum\":[\"0\",\"1\"]}"},
    {"s", "{\"type\":\"integer\",\"minimum\":0,\"maximum\":60}"},
    {"kind", "{\"type\":\"string\",\"enum\":[\"hubspot-contacts\",\"chilipiper-reconcile\"]}"},
    {"provider", "{\"type\":\"string\",\"enum\":[\"hubspot\",\"chilipiper\",\"stripe\"]}"},
    {"status", "{\"type\":\"string\",\"enum\":[\"received\",\"processed\",\"ignored\","
               "\"failed\"]}"},
    {"job", "{\"type\":\"string\",\"pattern\":\"^[a-z0-9-]{1,64}$\"}"},
    {"updatedSince", "{\"type\":\"string\",\"format\":\"date-time\",\"maxLength\":40}"},
    {"period", "{\"type\":\"string\",\"pattern\":\"^[0-9]{4}-(0[1-9]|1[0-2])$\"}"},
};

/* the statuses every operation can answer: nginx's own (malformed request, URI or headers too
 * large, body too large, rate and concurrency limits, unsupported transfer coding) and the
 * responder's (the query allow-list, a bug, the database or Redis down) */
static const int common_fails[] = {400, 413, 414, 429, 431, 500, 501, 503};

static void
put(json_object *obj, const char *key, json_object *v)
{
    if (json_object_object_add(obj, key, v) != 0)
        json_object_put(v);
}

static json_object *
parse(const char *json)
{
    return json_tokener_parse(json);
}

static json_object *
ref_to(const char *kind, const char *name)
{
    json_object *ref = json_object_new_object();
    char target[160];

    snprintf(target, sizeof(target), "#/components/%s/%s", kind, name);
    put(ref, "$ref", json_object_new_string(target));
    return ref;
}

/* model_schema_ref_fn: each table once under components.schemas, referenced from then on */
static json_object *
schema_ref(const struct model *m, enum model_mode mode, void *ctx)
{
    json_object *schemas = ctx;
    char name[96];

    if (m->collection == NULL && mode != MODEL_OUTPUT)
        mode = MODEL_CREATE; /* a body table reads the same on every method */
    model_schema_name(m, mode, name, sizeof(name));
    if (!json_object_object_get_ex(schemas, name, NULL)) {
        put(schemas, name, json_object_new_object()); /* a placeholder stops recursion */
        put(schemas, name, model_openapi_schema_ex(m, mode, schema_ref, schemas));
    }
    return ref_to("schemas", name);
}

/* "/api/v1/leads/:id" -> "/api/v1/leads/{id}" */
static void
openapi_path(const char *pattern, char *out, size_t cap)
{
    size_t n = 0;

    for (const char *p = pattern; *p != '\0' && n + 2 < cap; p++) {
        if (*p == ':') {
            size_t len = strcspn(p + 1, "/");
            n += (size_t)snprintf(out + n, cap - n, "{%.*s}", (int)len, p + 1);
            p += len;
        } else {
            out[n++] = *p;
        }
    }
    out[n < cap ? n : cap - 1] = '\0';
}

/* the part of a pattern after "/api/v1/" (or "/api/" for the unversioned docs route) */
static const char *
route_tail(const char *pattern)
{
    if (strncmp(pattern, "/api/v1/", 8) == 0)
        return pattern + 8;
    return pattern + strlen("/api/");
}

/* "GET" "/api/v1/leads/:id/status" -> "getLeadsIdStatus" */
static void
operation_id(const struct route *r, char *out, size_t cap)
{
    size_t n = 0;
    bool upper = true;

    for (const char *m = r->method; *m != '\0' && n + 1 < cap; m++)
        out[n++] = (char)tolower((unsigned char)*m);
    for (const char *p = route_tail(r->pattern); *p != '\0' && n + 1 < cap; p++) {
        if (!isalnum((unsigned char)*p)) {
            upper = true;
            continue;
        }
        out[n++] = upper ? (char)toupper((unsigned char)*p) : *p;
        upper = false;
    }
    out[n] = '\0';
}

/* the tag of a row: its first segment under /api/v1/ ("leads"), "meta" for /api/openapi.json */
static void
tag_of(const struct route *r, char *out, size_t cap)
{
    const char *tail = route_tail(r->pattern);

    if (strncmp(r->pattern, "/api/v1/", 8) != 0)
        snprintf(out, cap, "meta");
    else
        snprintf(out, cap, "%.*s", (int)strcspn(tail, "/"), tail);
}

static bool
state_changing(const struct route *r)
{
    return strcmp(r->method, "GET") != 0 && strcmp(r->method, "HEAD") != 0;
}

/* one security requirement of one or two schemes (both must be met) */
static json_object *
requirement(const char *a, const char *b)
{
    json_object *req = json_object_new_object();

    put(req, a, json_object_new_array());
    if (b != NULL)
        put(req, b, json_object_new_array());
    return req;
}

/* who may call: a session cookie (with the CSRF header when the call changes state) or a
 * bearer access token; the refresh cookie; a partner token; the cron secret; none */
static json_object *
security_for(const struct route *r)
{
    json_object *list = json_object_new_array();
    const char *csrf = state_changing(r) ? "csrfHeader" : NULL;

    switch (r->access) {
    case ACCESS_USER:
    case ACCESS_ADMIN:
    case ACCESS_OWNER:
        json_object_array_add(list, requirement("cookieAuth", csrf));
        json_object_array_add(list, requirement("bearerAuth", NULL));
        break;
    case ACCESS_SESSION: json_object_array_add(list, requirement("refreshCookie", csrf)); break;
    case ACCESS_PARTNER_TOKEN:
        json_object_array_add(list, requirement("partnerToken", NULL));
        break;
    case ACCESS_CRON: json_object_array_add(list, requirement("cronSecret", NULL)); break;
    case ACCESS_WEBHOOK_HUBSPOT:
        json_object_array_add(list, requirement("hubspotSignature", NULL));
        break;
    case ACCESS_WEBHOOK_CHILIPIPER:
        json_object_array_add(list, requirement("chilipiperSecret", NULL));
        break;
    case ACCESS_WEBHOOK_STRIPE:
        json_object_array_add(list, requirement("stripeSignature", NULL));
        break;
    default: break; /* public, loopback: no credentials */
    }
    return list;
}

/* a path parameter: a queue by name, anything else a non-empty segment the router takes */
static json_object *
path_param_schema(const char *name, size_t len, bool with_test)
{
    json_object *s = parse("{\"type\":\"string\",\"minLength\":1,\"maxLength\":127}");
    json_object *names;

    if (len != 5 || strncmp(name, "queue", 5) != 0)
        return s;
    names = json_object_new_array();
    for (size_t i = 0; i < queue_specs_count; i++)
        if (queue_spec_find(queue_specs[i].name, with_test) != NULL)
            json_object_array_add(names, json_object_new_string(queue_specs[i].name));
    put(s, "enum", names);
    return s;
}

static json_object *
query_param_schema(const char *name, size_t len)
{
    for (size_t i = 0; i < sizeof(query_params) / sizeof(query_params[0]); i++)
        if (strlen(query_params[i].name) == len && strncmp(query_params[i].name, name, len) == 0)
            return parse(query_params[i].schema);
    return parse("{\"type\":\"string\"}"); /* a name the vocabulary lacks: a unit test fails */
}

static json_object *
parameter(const char *name, size_t len, const char *in, json_object *schema)
{
    json_object *param = json_object_new_object();

    put(param, "name", json_object_new_string_len(name, (int)len));
    put(param, "in", json_object_new_string(in));
    put(param, "required", json_object_new_boolean(strcmp(in, "path") == 0));
    put(param, "schema", schema);
    return param;
}

/* a partner API POST: Idempotency-Key is taken (auth/idempotency.h) */
static bool
idempotent_post(const struct route *r)
{
    return r->access == ACCESS_PARTNER_TOKEN && strcmp(r->method, "POST") == 0;
}

/* the ":id" segments of the pattern, the query parameters of the row's allow-list, then the
 * Idempotency-Key header of a partner API POST */
static json_object *
parameters(const struct route *r, bool with_test)
{
    json_object *params = json_object_new_array();

    for (const char *p = strchr(r->pattern, ':'); p != NULL; p = strchr(p + 1, ':')) {
        size_t len = strcspn(p + 1, "/");
        json_object_array_add(
            params, parameter(p + 1, len, "path", path_param_schema(p + 1, len, with_test)));
    }
    for (const char *q = r->query; q != NULL && *q != '\0'; q += *q == ',') {
        size_t len = strcspn(q, ",");
        json_object_array_add(params, parameter(q, len, "query", query_param_schema(q, len)));
        q += len;
    }
    if (idempotent_post(r))
        json_object_array_add(params, parameter("Idempotency-Key", 15, "header",
                                                parse("{\"type\":\"string\",\"minLength\":1,"
                                                      "\"maxLength\":255,\"pattern\":"
                                                      "\"^[\\\\x21-\\\\x7e]+$\"}")));
    return params;
}

static json_object *
content(const char *media, json_object *schema)
{
    json_object *c = json_object_new_object(), *m = json_object_new_object();

    put(m, "schema", schema);
    put(c, media, m);
    return c;
}

static json_object *
request_body(const struct route *r, json_object *schemas)
{
    json_object *body = json_object_new_object();
    enum model_mode mode = strcmp(r->method, "PATCH") == 0 ? MODEL_UPDATE : MODEL_CREATE;
    const char *media = r->body == BODY_MULTIPART ? "multipart/form-data" : "application/json";

    put(body, "required", json_object_new_boolean(1));
    put(body, "content", content(media, schema_ref(r->in, mode, schemas)));
    return body;
}

/* the success answer's schema: the .out table, a page of them, or an empty object */
static json_object *
reply_schema(const struct model *out, enum reply_kind kind, json_object *schemas)
{
    json_object *page, *props, *list;

    if (out == NULL)
        return parse("{\"type\":\"object\",\"properties\":{},\"additionalProperties\":false}");
    if (kind != REPLY_PAGE)
        return schema_ref(out, MODEL_OUTPUT, schemas);
    page = parse("{\"type\":\"object\",\"required\":[\"list\",\"meta\"],"
                 "\"additionalProperties\":false,\"properties\":{\"meta\":"
                 "{\"$ref\":\"#/components/schemas/PageMeta\"}}}");
    props = json_object_object_get(page, "properties");
    list = json_object_new_object();
    put(list, "type", json_object_new_string("array"));
    put(list, "items", schema_ref(out, MODEL_OUTPUT, schemas));
    put(props, "list", list);
    return page;
}

/* a file answer: each media type of the comma-separated list, the body any bytes */
static json_object *
file_content(const char *media)
{
    json_object *c = json_object_new_object();

    for (const char *m = media; *m != '\0'; m += *m == ',') {
        size_t len = strcspn(m, ",");
        char type[128];
        json_object *one = json_object_new_object();
        snprintf(type, sizeof(type), "%.*s", (int)len, m);
        put(one, "schema", parse("{\"type\":\"string\",\"format\":\"binary\"}"));
        put(c, type, one);
        m += len;
    }
    return c;
}

static json_object *
success(int status, const struct route *r, const struct model *out, enum reply_kind kind,
        json_object *schemas)
{
    json_object *ok = json_object_new_object();

    put(ok, "description", json_object_new_string(status == 204 ? "done, no content" : "success"));
    if (status != 204)
        put(ok, "content",
            r->media != NULL && out == NULL
                ? file_content(r->media)
                : content("application/json", reply_schema(out, kind, schemas)));
    return ok;
}

/* add status to the sorted, unique list of n statuses (cap RESPONSES_MAX) */
#define RESPONSES_MAX 24
static void
add_status(int *list, size_t *n, int status)
{
    size_t i = 0;

    while (i < *n && list[i] < status)
        i++;
    if (status <= 0 || (i < *n && list[i] == status) || *n == RESPONSES_MAX)
        return;
    memmove(list + i + 1, list + i, (*n - i) * sizeof(*list));
    list[i] = status;
    (*n)++;
}

/* every error status the row can answer: the common ones, then those of its access, path and
 * body (access.c, router.c, dispatch.c), then the handler's own (.fails) */
static size_t
error_statuses(const struct route *r, int *list)
{
    size_t n = 0;
    bool signed_in = r->access != ACCESS_PUBLIC && r->access != ACCESS_LOOPBACK;
    bool role = r->access == ACCESS_ADMIN || r->access == ACCESS_OWNER;

    for (size_t i = 0; i < sizeof(common_fails) / sizeof(common_fails[0]); i++)
        add_status(list, &n, common_fails[i]);
    if (signed_in)
        add_status(list, &n, 401);
    if (role || r->access == ACCESS_LOOPBACK || r->access == ACCESS_CRON
        || (state_changing(r) && r->access != ACCESS_CRON)) /* roles, CSRF and Origin, hosts */
        add_status(list, &n, 403);
    if (strchr(r->pattern, ':') != NULL)
        add_status(list, &n, 404);
    if (state_changing(r))
        add_status(list, &n, 415); /* a body of another type, or one where none is taken */
    if (r->in != NULL || r->reply == REPLY_PAGE) /* a body, or a table query's sort and filter */
        add_status(list, &n, 422);
    for (size_t i = 0; i < ROUTE_MAX_FAILS; i++)
        add_status(list, &n, r->fails[i]);
    return n;
}

#define RATE_HEADER(name, what)                                                                    \
    "\"" name "\":{\"description\":\"" what "\",\"schema\":{\"type\":\"integer\",\"minimum\":0}}"
#define RATE_LIMIT_HEADERS                                                                                 \
    "{" RATE_HEADER("RateLimit-Limit", "requests the token may send at once (the burst)") "," RATE_HEADER( \
        "RateLimit-Remaining",                                                                             \
        "requests left now") "," RATE_HEADER("RateLimit-Reset", "seconds until the full burst is "         \
                                                                "available again") "}"

static json_object *
responses(const struct route *r, json_object *schemas)
{
    json_object *all = json_object_new_object();
    int fails[RESPONSES_MAX];
    size_t n = error_statuses(r, fails);
    json_object *ok;
    char code[8];

    snprintf(code, sizeof(code), "%d", r->ok ? r->ok : 200);
    ok = success(r->ok ? r->ok : 200, r, r->out, r->reply, schemas);
    if (r->access == ACCESS_PARTNER_TOKEN) /* every answer of a token carries them */
        put(ok, "headers", parse(RATE_LIMIT_HEADERS));
    put(all, code, ok);
    if (r->alt_ok != 0) {
        snprintf(code, sizeof(code), "%d", r->alt_ok);
        put(all, code, success(r->alt_ok, r, r->alt_out, REPLY_ONE, schemas));
    }
    for (size_t i = 0; i < n; i++) {
        snprintf(code, sizeof(code), "%d", fails[i]);
        put(all, code,
            ref_to("responses", fails[i] == 429 || fails[i] == 503 ? "RetryLater" : "Error"));
    }
    return all;
}

static json_object *
operation(const struct route *r, bool with_test, json_object *schemas)
{
    json_object *op = json_object_new_object(), *tags = json_object_new_array();
    char id[128], tag[64];

    operation_id(r, id, sizeof(id));
    tag_of(r, tag, sizeof(tag));
    json_object_array_add(tags, json_object_new_string(tag));
    put(op, "operationId", json_object_new_string(id));
    put(op, "summary", json_object_new_string(r->summary));
    put(op, "tags", tags);
    put(op, "x-access", json_object_new_string(access_names[r->access]));
    put(op, "security", security_for(r));
    if (strchr(r->pattern, ':') != NULL || r->query != NULL || idempotent_post(r))
        put(op, "parameters", parameters(r, with_test));
    if (r->in != NULL)
        put(op, "requestBody", request_body(r, schemas));
    put(op, "responses", responses(r, schemas));
    return op;
}

static json_object *
components(json_object *schemas)
{
    json_object *c = json_object_new_object();

    put(schemas, "Error",
        parse("{\"type\":\"object\",\"required\":[\"error\"],\"additionalProperties\":false,"
              "\"properties\":{\"error\":{\"type\":\"object\",\"required\":[\"code\",\"message\"],"
              "\"additionalProperties\":false,\"properties\":{\"code\":{\"type\":\"string\","
              "\"pattern\":\"^[a-z_]+$\"},\"message\":{\"type\":\"string\"},"
              "\"details\":{\"type\":\"array\",\"items\":{\"type\":\"object\","
              "\"required\":[\"field\",\"problem\"],\"additionalProperties\":false,"
              "\"properties\":{\"field\":{\"type\":\"string\"},"
              "\"problem\":{\"type\":\"string\"}}}}}}}}"));
    put(schemas, "PageMeta",
        parse("{\"type\":\"object\",\"required\":[\"total\",\"page\",\"perPage\"],"
              "\"additionalProperties\":false,\"properties\":{"
              "\"total\":{\"type\":\"integer\",\"minimum\":0},"
              "\"totalIsLowerBound\":{\"type\":\"boolean\"},"
              "\"page\":{\"type\":\"integer\",\"minimum\":0},"
              "\"perPage\":{\"type\":\"integer\",\"minimum\":1}}}"));
    put(c, "schemas", schemas);
    put(c, "responses",
        parse("{\"Error\":{\"description\":\"error (see error.code)\",\"content\":"
              "{\"application/json\":{\"schema\":{\"$ref\":\"#/components/schemas/Error\"}}}},"
              "\"RetryLater\":{\"description\":\"error; retry after the given seconds\","
              "\"headers\":{\"Retry-After\":{\"required\":true,\"schema\":{\"type\":\"integer\","
              "\"minimum\":0}}},\"content\":{\"application/json\":{\"schema\":"
              "{\"$ref\":\"#/components/schemas/Error\"}}}}}"));
    put(c, "securitySchemes",
        parse("{\"cookieAuth\":{\"type\":\"apiKey\",\"in\":\"cookie\",\"name\":"
              "\"__Secure-pc_access\",\"description\":\"the access token cookie set by sign-in\"},"
              "\"csrfHeader\":{\"type\":\"apiKey\",\"in\":\"header\",\"name\":\"X-CSRF-Token\","
              "\"description\":\"the value of the __Host-pc_csrf cookie (double submit)\"},"
              "\"refreshCookie\":{\"type\":\"apiKey\",\"in\":\"cookie\","
              "\"name\":\"__Secure-pc_refresh\"},"
              "\"bearerAuth\":{\"type\":\"http\",\"scheme\":\"bearer\",\"bearerFormat\":\"JWT\"},"
              "\"partnerToken\":{\"type\":\"http\",\"scheme\":\"bearer\","
              "\"description\":\"partner API token (pc_...)\"},"
              "\"cronSecret\":{\"type\":\"http\",\"scheme\":\"bearer\","
              "\"description\":\"CRON_SECRET\"},"
              "\"hubspotSignature\":{\"type\":\"apiKey\",\"in\":\"header\","
              "\"name\":\"X-HubSpot-Signature-v3\"},"
              "\"chilipiperSecret\":{\"type\":\"apiKey\",\"in\":\"header\","
              "\"name\":\"X-ChiliPiper-Secret\"},"
              "\"stripeSignature\":{\"type\":\"apiKey\",\"in\":\"header\","
              "\"name\":\"Stripe-Signature\"}}"));
    return c;
}

/* the tags of the operations, in the order they first appear */
static json_object *
tag_list(json_object *paths)
{
    json_object *tags = json_object_new_array(), *seen = json_object_new_object();

    json_object_object_foreach(paths, path, item)
    {
        (void)path;
        json_object_object_foreach(item, method, op)
        {
            const char *tag = json_object_get_string(
                json_object_array_get_idx(json_object_object_get(op, "tags"), 0));
            (void)method;
            if (tag == NULL || json_object_object_get_ex(seen, tag, NULL))
                continue;
            put(seen, tag, json_object_new_boolean(1));
            json_object *t = json_object_new_object();
            put(t, "name", json_object_new_string(tag));
            json_object_array_add(tags, t);
        }
    }
    json_object_put(seen);
    return tags;
}

static void
add_operation(json_object *paths, const struct route *r, bool with_test, json_object *schemas)
{
    json_object *item = NULL;
    char path[256], method[8];
    size_t k = 0;

    openapi_path(r->pattern, path, sizeof(path));
    if (!json_object_object_get_ex(paths, path, &item)) {
        item = json_object_new_object();
        put(paths, path, item);
    }
    for (; k + 1 < sizeof(method) && r->method[k] != '\0'; k++)
        method[k] = (char)tolower((unsigned char)r->method[k]);
    method[k] = '\0';
    put(item, method, operation(r, with_test, schemas));
}

json_object *
openapi_document(const struct route *table, size_t n, bool with_test)
{
    json_object *doc = json_object_new_object(), *paths = json_object_new_object();
    json_object *schemas = json_object_new_object();

    put(doc, "openapi", json_object_new_string("3.0.3"));
    put(doc, "info",
        parse("{\"title\":\"Partner Connector API\",\"version\":\"1.0.0\",\"description\":"
              "\"Every error is {error: {code, message, details?}}. HEAD is answered on every "
              "GET operation, without a body.\"}"));
    for (size_t i = 0; i < n; i++)
        if (with_test || !table[i].test_only)
            add_operation(paths, &table[i], with_test, schemas);
    /* what the webhooks to partners POST to their endpoints (no route answers it) */
    json_object_put(schema_ref(&partner_webhook_event_model, MODEL_OUTPUT, schemas));
    put(doc, "tags", tag_list(paths));
    put(doc, "paths", paths);
    put(doc, "components", components(schemas));
    return doc;
}

bool
openapi_knows_query_param(const char *name, size_t len)
{
    for (size_t i = 0; i < sizeof(query_params) / sizeof(query_params[0]); i++)
        if (strlen(query_params[i].name) == len && strncmp(query_params[i].name, name, len) == 0)
            return true;
    return false;
}
