/* partner_api.c - POST /api/v1/status: the check, the job, its run and its readable outcome */
#include "domain/partner_api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/isotime.h"
#include "core/json.h"
#include "core/oid.h"
#include "db/rds.h"
#include "db/store.h"
#include "domain/leads.h"
#include "model/tables.h"
#include "queue/events.h"
#include "queue/job.h"
#include "queue/queue.h"

static void
job_key(const struct app *app, const char *id, char *out, size_t cap)
{
    snprintf(out, cap, "%s:papi:job:%s", app->cfg.queue_prefix, id);
}

/* the body's shape, then exactly one of leadId and email */
static bool
read_body(const struct principal *p, json_object *in, struct err *err)
{
    bson_t fields = BSON_INITIALIZER;
    bool ok = model_input(&partner_status_body, in, MODEL_CREATE, p, &fields, err);
    bool by_id = json_member(in, "leadId") != NULL, by_email = json_member(in, "email") != NULL;

    bson_destroy(&fields);
    if (!ok)
        return false;
    if (by_id == by_email) {
        err_detail(err, by_id ? "email" : "leadId", "give exactly one of leadId and email");
        return err_set(err, ERR_VALIDATION_FAILED, "name the lead by leadId or by email");
    }
    return true;
}

static json_object *
job_payload_of(const struct principal *p, json_object *in)
{
    json_object *o = json_object_new_object();

    json_object_object_add(o, "partner", json_object_new_string(p->partner_id));
    json_object_object_add(o, "token", json_object_new_string(p->token_id));
    json_object_object_add(o, "tokenName", json_object_new_string(p->token_name));
    json_object_object_foreach(in, k, v) json_object_object_add(o, k, json_object_get(v));
    json_object_object_add(o, "receivedAt", json_object_new_int64(clock_now_ms()));
    return o;
}

json_object *
partner_api_submit(struct app *app, const struct principal *p, json_object *in, struct err *err)
{
    char id[JOB_ID_CAP], key[160], now[24];
    json_object *payload = NULL, *out = NULL;
    redisReply *r;

    if (!read_body(p, in, err))
        return NULL;
    job_id_new(id);
    job_key(app, id, key, sizeof(key));
    snprintf(now, sizeof(now), "%lld", (long long)clock_now_ms());
    /* the record first: a job that runs at once finds it to write its outcome */
    r = rds_cmd(app->rds, err, "HSET %s partner %s status queued createdAt %s", key, p->partner_id,
                now);
    if (r == NULL)
        return NULL;
    rds_reply_free(r);
    rds_reply_free(rds_cmd(app->rds, err, "EXPIRE %s %d", key, PARTNER_JOB_TTL_S));
    payload = job_payload_of(p, in);
    if (queue_push_json(app, PARTNER_API_QUEUE, "status", payload, id, NULL, err)) {
        out = json_object_new_object();
        json_object_object_add(out, "jobId", json_object_new_string(id));
        json_object_object_add(out, "status", json_object_new_string("queued"));
    } else {
        struct err ignored = ERR_INIT;
        rds_reply_free(rds_cmd(app->rds, &ignored, "DEL %s", key));
    }
    json_object_put(payload);
    return out;
}

static void
add_date(json_object *o, const char *name, const char *ms)
{
    char iso[40];

    if (ms != NULL && isotime_format(strtoll(ms, NULL, 10), iso, sizeof(iso)))
        json_object_object_add(o, name, json_object_new_string(iso));
    else
        json_object_object_add(o, name, NULL);
}

/* the value of field in a flat HGETALL reply, NULL when absent */
static const char *
hash_get(const redisReply *r, const char *field)
{
    for (size_t i = 0; i + 1 < r->elements; i += 2)
        if (strcmp(r->element[i]->str, field) == 0)
            return r->element[i + 1]->str;
    return NULL;
}

static json_object *
job_json(const char *id, const redisReply *r)
{
    json_object *o = json_object_new_object();
    static const char *const strings[] = {"leadId", "dealStatus", "error", "reason"};

    json_object_object_add(o, "id", json_object_new_string(id));
    json_object_object_add(o, "status",
                           json_object_new_string(json_or_empty(hash_get(r, "status"))));
    for (size_t i = 0; i < sizeof(strings) / sizeof(strings[0]); i++) {
        const char *v = hash_get(r, strings[i]);
        json_object_object_add(o, strings[i], v && v[0] ? json_object_new_string(v) : NULL);
    }
    add_date(o, "createdAt", hash_get(r, "createdAt"));
    add_date(o, "finishedAt", hash_get(r, "finishedAt"));
    return o;
}

json_object *
partner_api_job(struct app *app, const struct principal *p, const char *id, struct err *err)
{
    char key[160];
    const char *partner;
    json_object *out = NULL;
    redisReply *r;
    bson_oid_t oid;

    if (!oid_parse_str(id, &oid)) {
        err_set(err, ERR_NOT_FOUND, "no such job");
        return NULL;
    }
    job_key(app, id, key, sizeof(key));
    if ((r = rds_cmd(app->rds, err, "HGETALL %s", key)) == NULL)
        return NULL;
    partner = r->type == REDIS_REPLY_ARRAY ? hash_get(r, "partner") : NULL;
    if (partner != NULL && strcmp(partner, p->partner_id) == 0)
        out = job_json(id, r);
    else
        err_set(err, ERR_NOT_FOUND, "no such job");
    rds_reply_free(r);
    return out;
}
