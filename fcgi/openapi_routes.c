/* openapi_routes.c - /api/openapi.json generated from the route table, so the docs cannot drift */
#include "handlers.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "model/tables.h"

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

static json_object *
error_response_ref(void)
{
    json_object *ref = json_object_new_object();

    json_object_object_add(ref, "$ref", json_object_new_string("#/components/responses/Error"));
    return ref;
}

static json_object *
security_for(enum access access)
{
    const char *schemes[2] = {NULL, NULL};
    json_object *list = json_object_new_array();

    switch (access) {
    case ACCESS_USER:
    case ACCESS_ADMIN:
    case ACCESS_OWNER:
        schemes[0] = "cookieAuth";
        schemes[1] = "bearerAuth";
        break;
    case ACCESS_PARTNER_TOKEN: schemes[0] = "partnerToken"; break;
    case ACCESS_CRON: schemes[0] = "cronSecret"; break;
    default: break;
    }
    for (int i = 0; i < 2 && schemes[i] != NULL; i++) {
        json_object *req = json_object_new_object();
        json_object_object_add(req, schemes[i], json_object_new_array());
        json_object_array_add(list, req);
    }
    return list;
}

static json_object *
parameter(const char *name, size_t len, const char *in, bool required, const char *type)
{
    json_object *param = json_object_new_object(), *schema = json_object_new_object();

    json_object_object_add(param, "name", json_object_new_string_len(name, (int)len));
    json_object_object_add(param, "in", json_object_new_string(in));
    json_object_object_add(param, "required", json_object_new_boolean(required));
    json_object_object_add(schema, "type", json_object_new_string(type));
    json_object_object_add(param, "schema", schema);
    return param;
}

/* the ":id" segments of the pattern, then the query parameters of the row's allow-list */
static json_object *
parameters(const struct route *r)
{
    json_object *params = json_object_new_array();

    for (const char *p = strchr(r->pattern, ':'); p != NULL; p = strchr(p + 1, ':'))
        json_object_array_add(params,
                              parameter(p + 1, strcspn(p + 1, "/"), "path", true, "string"));
    for (const char *q = r->query; q != NULL && *q != '\0'; q += *q == ',') {
        size_t len = strcspn(q, ",");
        bool number =
            (len == 4 && strncmp(q, "page", 4) == 0) || (len == 7 && strncmp(q, "perPage", 7) == 0);
        json_object_array_add(params,
                              parameter(q, len, "query", false, number ? "integer" : "string"));
        q += len;
    }
    return params;
}

/* "lead" + "Create" -> {"$ref": "#/components/schemas/LeadCreate"} */
static json_object *
schema_ref(const struct model *m, const char *suffix)
{
    json_object *ref = json_object_new_object();
    char name[96];

    snprintf(name, sizeof(name), "#/components/schemas/%c%s%s", toupper((unsigned char)m->name[0]),
             m->name + 1, suffix);
    json_object_object_add(ref, "$ref", json_object_new_string(name));
    return ref;
}

static json_object *
json_content(json_object *schema)
{
    json_object *content = json_object_new_object(), *media = json_object_new_object();

    json_object_object_add(media, "schema", schema);
    json_object_object_add(content, "application/json", media);
    return content;
}

/* the 200 answer: the model (one), {list, meta} (a collection) or unspecified */
static json_object *
ok_response(const struct route *r)
{
    json_object *ok = json_object_new_object(), *schema, *props, *list;
    size_t len = strlen(r->pattern);

    json_object_object_add(ok, "description", json_object_new_string("success"));
    if (r->model == NULL || strcmp(r->method, "DELETE") == 0)
        return ok;
    if (strcmp(r->method, "GET") == 0 && r->pattern[len - 1] != 'd') { /* not "/:id" */
        schema = json_object_new_object();
        props = json_object_new_object();
        list = json_object_new_object();
        json_object_object_add(list, "type", json_object_new_string("array"));
        json_object_object_add(list, "items", schema_ref(r->model, ""));
        json_object_object_add(props, "list", list);
        json_object_object_add(
            props, "meta",
            json_tokener_parse(
                "{\"type\":\"object\",\"properties\":{\"total\":{\"type\":\"integer\"},"
                "\"page\":{\"type\":\"integer\"},\"perPage\":{\"type\":\"integer\"}}}"));
        json_object_object_add(schema, "type", json_object_new_string("object"));
        json_object_object_add(schema, "properties", props);
        json_object_object_add(ok, "content", json_content(schema));
    } else {
        json_object_object_add(ok, "content", json_content(schema_ref(r->model, "")));
    }
    return ok;
}

static json_object *
request_body_for(const struct route *r)
{
    json_object *body = json_object_new_object(), *content = json_object_new_object();
    json_object *media = json_object_new_object(), *schema;
    const char *type = r->body == BODY_MULTIPART ? "multipart/form-data" : "application/json";

    if (r->model != NULL && r->body == BODY_JSON)
        schema = schema_ref(r->model, strcmp(r->method, "POST") == 0 ? "Create" : "Update");
    else {
        schema = json_object_new_object();
        json_object_object_add(schema, "type", json_object_new_string("object"));
    }
    json_object_object_add(media, "schema", schema);
    json_object_object_add(content, type, media);
    json_object_object_add(body, "content", content);
    return body;
}

static json_object *
operation_for(const struct route *r)
{
    json_object *op = json_object_new_object(), *responses = json_object_new_object();
    json_object *tags = json_object_new_array();
    const char *tag = route_tail(r->pattern);
    char id[128];

    operation_id(r, id, sizeof(id));
    json_object_array_add(tags, json_object_new_string_len(tag, (int)strcspn(tag, "/")));
    json_object_object_add(op, "operationId", json_object_new_string(id));
    json_object_object_add(op, "summary", json_object_new_string(r->summary));
    json_object_object_add(op, "tags", tags);
    json_object_object_add(op, "x-access", json_object_new_string(access_names[r->access]));
    json_object_object_add(op, "security", security_for(r->access));
    if (strchr(r->pattern, ':') != NULL || r->query != NULL)
        json_object_object_add(op, "parameters", parameters(r));
    if (strcmp(r->method, "POST") == 0 || strcmp(r->method, "PUT") == 0
        || strcmp(r->method, "PATCH") == 0)
        json_object_object_add(op, "requestBody", request_body_for(r));
    json_object_object_add(responses, "200", ok_response(r));
    json_object_object_add(responses, "default", error_response_ref());
    json_object_object_add(op, "responses", responses);
    return op;
}

static json_object *
security_schemes(void)
{
    json_object *schemes = json_tokener_parse(
        "{\"cookieAuth\":{\"type\":\"apiKey\",\"in\":\"cookie\",\"name\":\"__Secure-pc_access\"},"
        "\"bearerAuth\":{\"type\":\"http\",\"scheme\":\"bearer\",\"bearerFormat\":\"JWT\"},"
        "\"partnerToken\":{\"type\":\"http\",\"scheme\":\"bearer\","
        "\"description\":\"partner API token (pc_...)\"},"
        "\"cronSecret\":{\"type\":\"http\",\"scheme\":\"bearer\","
        "\"description\":\"CRON_SECRET\"}}");
    return schemes;
}

static json_object *
components(void)
{
    json_object *c = json_tokener_parse(
        "{\"schemas\":{\"Error\":{\"type\":\"object\",\"required\":[\"error\"],"
        "\"properties\":{\"error\":{\"type\":\"object\",\"required\":[\"code\",\"message\"],"
        "\"properties\":{\"code\":{\"type\":\"string\"},\"message\":{\"type\":\"string\"},"
        "\"details\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":"
        "{\"field\":{\"type\":\"string\"},\"problem\":{\"type\":\"string\"}}}}}}}}},"
        "\"responses\":{\"Error\":{\"description\":\"error (see code)\",\"content\":"
        "{\"application/json\":{\"schema\":{\"$ref\":\"#/components/schemas/Error\"}}}}}}");

    json_object *schemas = json_object_object_get(c, "schemas");
    static const struct {
        const char *suffix;
        enum model_mode mode;
    } kinds[] = {{"", MODEL_OUTPUT}, {"Create", MODEL_CREATE}, {"Update", MODEL_UPDATE}};
    for (size_t i = 0; i < models_count; i++) {
        const struct model *m = models_all[i];
        for (size_t k = 0; k < 3; k++) {
            char name[96];
            snprintf(name, sizeof(name), "%c%s%s", toupper((unsigned char)m->name[0]), m->name + 1,
                     kinds[k].suffix);
            json_object_object_add(schemas, name, model_openapi_schema(m, kinds[k].mode));
        }
    }
    json_object_object_add(c, "securitySchemes", security_schemes());
    return c;
}

json_object *
openapi_document(void)
{
    json_object *doc = json_object_new_object(), *info = json_object_new_object();
    json_object *paths = json_object_new_object();
    char path[256], method[8];

    json_object_object_add(doc, "openapi", json_object_new_string("3.0.3"));
    json_object_object_add(info, "title", json_object_new_string("Partner Connector API"));
    json_object_object_add(info, "version", json_object_new_string("1.0.0"));
    json_object_object_add(doc, "info", info);
    for (size_t i = 0; i < routes_count; i++) {
        const struct route *r = &routes[i];
        json_object *item = NULL;
        openapi_path(r->pattern, path, sizeof(path));
        if (!json_object_object_get_ex(paths, path, &item)) {
            item = json_object_new_object();
            json_object_object_add(paths, path, item);
        }
        for (size_t k = 0; k + 1 < sizeof(method) && r->method[k] != '\0'; k++)
            method[k] = (char)tolower((unsigned char)r->method[k]), method[k + 1] = '\0';
        json_object_object_add(item, method, operation_for(r));
    }
    json_object_object_add(doc, "paths", paths);
    json_object_object_add(doc, "components", components());
    return doc;
}

int
openapi_get_route(struct req *req, struct res *res)
{
    (void)req;
    res_header(res, "Cache-Control", "no-cache");
    return res_json(res, 200, openapi_document());
}
