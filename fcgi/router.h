/* router.h - the route table's row type and matching of METHOD + path against it */
#ifndef PC_ROUTER_H
#define PC_ROUTER_H

#include <stdbool.h>
#include <stddef.h>

#include "model/model.h"
#include "req.h"
#include "res.h"

typedef int handler_fn(struct req *req, struct res *res);

enum access {
    ACCESS_PUBLIC,   /* anyone */
    ACCESS_SESSION,  /* anyone, acting on their session cookies: CSRF checked when present */
    ACCESS_LOOPBACK, /* only from 127.0.0.1 / ::1 (until a role guards the route) */
    ACCESS_USER,     /* any signed-in, active user */
    ACCESS_ADMIN,    /* admin or owner */
    ACCESS_OWNER,    /* owner */
    ACCESS_PARTNER_TOKEN,
    ACCESS_WEBHOOK_HUBSPOT,
    ACCESS_WEBHOOK_CHILIPIPER,
    ACCESS_WEBHOOK_STRIPE,
    ACCESS_CRON, /* Authorization: Bearer <CRON_SECRET> */
};

enum body_kind {
    BODY_JSON = 0,  /* application/json of the row's .in table; no .in: the row takes no body */
    BODY_MULTIPART, /* multipart/form-data uploads */
    BODY_RAW,       /* signed webhooks: raw bytes, any JSON-ish type */
};

/* the shape of a row's success answer around its .out table */
enum reply_kind {
    REPLY_ONE = 0, /* one .out object */
    REPLY_PAGE,    /* a table query's page: {list: [.out...], meta: {total, page, perPage}} */
};

#define ROUTE_MAX_FAILS 6

/* reach_fn - whether the record id names is within p's reach: true, or false with err
 * not_found (unavailable when the database is down) */
typedef bool reach_fn(struct app *app, const struct principal *p, const char *id, struct err *err);

struct route {
    const char *method;
    const char *pattern; /* "/api/v1/leads/:id"; ':' segments become params */
    handler_fn *handler;
    enum access access;
    const char *summary; /* one line for /api/openapi.json */
    enum body_kind body;
    long body_limit;   /* bytes; 0 = PC_MAX_BODY_BYTES (PC_IMPORT_MAX_BYTES for BODY_MULTIPART) */
    reach_fn *reach;   /* rows with :id whose role may refuse: out of reach is 404, not 403 */
    const char *query; /* the query parameters the handler reads, comma-separated ("deep");
                          NULL = none. Any other parameter is a 400 before access and body */
    /* what /api/openapi.json says of the row (openapi_routes.c), from field tables:
     * .in    the JSON body's table: POST and PUT send it whole (required fields are required),
     *        PATCH sends any part of it. A JSON row without .in takes no body (415).
     * .out   the success answer's table (NULL: an empty object, or no body with .ok = 204)
     * .reply its shape around .out; .ok the success status (0 = 200)
     * .fails the error statuses only the handler knows of (409, 422 ...); those every row can
     *        give (400, 413, 429, 503 ...) and those of its access, path and body are added */
    const struct model *in;
    const struct model *out;
    enum reply_kind reply;
    int ok;
    int alt_ok; /* a second success status (0: none) answering .alt_out (POST import, dry run) */
    const struct model *alt_out;
    int fails[ROUTE_MAX_FAILS];
    const char *media; /* a file answer's media types, comma-separated (NULL: JSON) */
    bool test_only;    /* exists only with PC_TEST_HOOKS: else 404 and not in the document */
};

/* ROUTE - one row of a route table, the columns after the fourth by name:
 *   ROUTE(GET, "/api/v1/leads", leads_list_route, USER, .query = QUERY_LIST, .summary = "...") */
#define ROUTE(verb, path, fn, who, ...)                                                            \
    {                                                                                              \
        .method = #verb, .pattern = (path), .handler = (fn), .access = ACCESS_##who, __VA_ARGS__   \
    }

/* the table query of every list route (list_params.c, model_list_query) */
#define QUERY_LIST "page,perPage,sort,filter,search"

extern const struct route routes[];
extern const size_t routes_count;

enum match_result { MATCH_OK, MATCH_NOT_FOUND, MATCH_WRONG_METHOD };

/* router_match - find the row for method+path in table. Of the patterns that match the path,
 * the most literal one wins (a literal segment beats a parameter, the first segment that differs
 * decides), so "/leads/import" is never "/leads/:id". HEAD is answered by the GET row. Fills
 * req params and req->route on MATCH_OK, and the methods of the winning pattern ("GET, HEAD,
 * PATCH") into allow on MATCH_WRONG_METHOD only. */
enum match_result router_match(const struct route *table, size_t n, struct req *req, char *allow,
                               size_t allow_cap);

/* router_query_check - every parameter of query (the raw query string, "" when none) is named
 * in r->query. False otherwise, with err bad_request: the message names the first unknown
 * parameter and each unknown one gets a detail. Parameters are matched as sent (undecoded),
 * as req_query reads them; empty segments ("a=1&&b=2", a trailing '&') are ignored. */
bool router_query_check(const struct route *r, const char *query, struct err *err);

/* router_pattern_valid - pattern starts with '/', has no empty segment and at most
 * REQ_MAX_PARAMS parameters */
bool router_pattern_valid(const char *pattern);

/* router_takes_body - whether the row reads a request body (JSON with .in, uploads, raw) */
bool router_takes_body(const struct route *r);

#endif
