/* job.c - job ids and the encodings of a job in a stream entry and in the delayed set */
#include "queue/job.h"

#include <bson/bson.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/oid.h"

void
job_id_new(char out[JOB_ID_CAP])
{
    bson_oid_t oid;

    bson_oid_init(&oid, NULL);
    oid_format(&oid, out);
}

bool
job_id_valid(const char *id)
{
    size_t n = id ? strlen(id) : 0;

    if (n == 0 || n >= JOB_ID_CAP)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)id[i]) && strchr("._:-", id[i]) == NULL)
            return false;
    return true;
}

static bool
copy_field(char *dst, size_t cap, const redisReply *v)
{
    if (v->type != REDIS_REPLY_STRING || v->len >= cap)
        return false;
    memcpy(dst, v->str, v->len);
    dst[v->len] = '\0';
    return true;
}

bool
job_from_entry(struct job *job, const redisReply *entry, struct err *err)
{
    const redisReply *fields;
    char num[32];
    bool have_id = false;

    memset(job, 0, sizeof(*job));
    if (entry->type != REDIS_REPLY_ARRAY || entry->elements != 2
        || !copy_field(job->entry_id, sizeof(job->entry_id), entry->element[0])
        || entry->element[1]->type != REDIS_REPLY_ARRAY)
        return err_set(err, ERR_INTERNAL, "malformed stream entry");
    fields = entry->element[1];
    for (size_t i = 0; i + 1 < fields->elements; i += 2) {
        const redisReply *k = fields->element[i], *v = fields->element[i + 1];
        if (k->type != REDIS_REPLY_STRING || v->type != REDIS_REPLY_STRING)
            continue;
        if (strcmp(k->str, "id") == 0)
            have_id = copy_field(job->id, sizeof(job->id), v);
        else if (strcmp(k->str, "type") == 0)
            copy_field(job->type, sizeof(job->type), v);
        else if (strcmp(k->str, "payload") == 0 && job->payload == NULL)
            job->payload = strndup(v->str, v->len);
        else if (strcmp(k->str, "attempt") == 0 && copy_field(num, sizeof(num), v))
            job->attempt = atoi(num);
        else if (strcmp(k->str, "enqueuedAt") == 0 && copy_field(num, sizeof(num), v))
            job->enqueued_ms = strtoll(num, NULL, 10);
    }
    if (!have_id || job->payload == NULL) {
        job_release(job);
        return err_set(err, ERR_INTERNAL, "stream entry without id or payload");
    }
    return true;
}

char *
job_to_json(const struct job *job)
{
    json_object *o = json_object_new_object();
    char *text;

    json_object_object_add(o, "id", json_object_new_string(job->id));
    json_object_object_add(o, "type", json_object_new_string(job->type));
    json_object_object_add(o, "payload", json_object_new_string(job->payload));
    json_object_object_add(o, "attempt", json_object_new_int(job->attempt));
    json_object_object_add(o, "enqueuedAt", json_object_new_int64(job->enqueued_ms));
    /* the jitter makes members unique even when the same job is delayed twice */
    text = strdup(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
    json_object_put(o);
    return text;
}

bool
job_from_json(struct job *job, const char *text, struct err *err)
{
    json_object *o = json_tokener_parse(text), *v;
    bool ok = false;

    memset(job, 0, sizeof(*job));
    if (o == NULL || !json_object_is_type(o, json_type_object))
        goto out;
    if (!json_object_object_get_ex(o, "id", &v) || !json_object_is_type(v, json_type_string))
        goto out;
    snprintf(job->id, sizeof(job->id), "%s", json_object_get_string(v));
    if (json_object_object_get_ex(o, "type", &v))
        snprintf(job->type, sizeof(job->type), "%s", json_object_get_string(v));
    if (!json_object_object_get_ex(o, "payload", &v) || !json_object_is_type(v, json_type_string))
        goto out;
    job->payload = strdup(json_object_get_string(v));
    if (json_object_object_get_ex(o, "attempt", &v))
        job->attempt = json_object_get_int(v);
    if (json_object_object_get_ex(o, "enqueuedAt", &v))
        job->enqueued_ms = json_object_get_int64(v);
    ok = true;
out:
    if (o != NULL)
        json_object_put(o);
    if (!ok)
        err_set(err, ERR_INTERNAL, "malformed delayed job");
    return ok;
}

json_object *
job_payload(const struct job *job)
{
    json_object *o = json_tokener_parse(job->payload);

    if (o != NULL && !json_object_is_type(o, json_type_object)) {
        json_object_put(o);
        return NULL;
    }
    return o;
}

void
job_release(struct job *job)
{
    free(job->payload);
    job->payload = NULL;
}
