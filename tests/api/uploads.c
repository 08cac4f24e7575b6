/* uploads.c - see uploads.h */
#include "uploads.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zip.h>

#include "db/db.h"
#include "stack_access.h"

/* a multipart body: the partner field (when not NULL), then the file */
static char *
form_body(const char *filename, const char *data, size_t len, const char *partner, size_t *out)
{
    char head[512], *body;
    size_t n = 0;

    body = malloc(len + 1024);
    ck_assert_ptr_nonnull(body);
    if (partner != NULL)
        n += (size_t)sprintf(body,
                             "--" BOUNDARY "\r\nContent-Disposition: form-data; "
                             "name=\"partner\"\r\n\r\n%s\r\n",
                             partner);
    snprintf(head, sizeof(head),
             "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"%s\"\r\n"
             "Content-Type: application/octet-stream\r\n\r\n",
             filename);
    memcpy(body + n, head, strlen(head));
    n += strlen(head);
    memcpy(body + n, data, len);
    n += len;
    static const char tail[] = "\r\n--" BOUNDARY "--\r\n";
    memcpy(body + n, tail, sizeof(tail) - 1);
    *out = n + sizeof(tail) - 1;
    return body;
}

/* POST a raw body with the client's session (CSRF header included) */
void
import_post_raw(struct session_client *c, const char *path, const char *ctype, const char *body,
                size_t len, struct api_res *res)
{
    char csrf[128], type[160];
    const char *headers[] = {csrf, type, NULL};
    struct api_opts opts = {.headers = headers, .body = body, .body_len = len};

    if (c->jar[0] == '\0')
        snprintf(c->jar, sizeof(c->jar), "%s/pc-jar-imports-%d-%ld", harness_env("PC_VAR_DIR"),
                 (int)getpid(), random());
    opts.cookie_jar = c->jar;
    snprintf(csrf, sizeof(csrf), "X-CSRF-Token: %s", c->csrf);
    snprintf(type, sizeof(type), "Content-Type: %s", ctype);
    api_call(res, "POST", path, &opts);
    client_reload(c);
}

/* upload a file (dry run or not) as c */
long
import_upload(struct session_client *c, bool dry_run, const char *filename, const char *data,
              size_t len, const char *partner, struct api_res *res)
{
    size_t n;
    char *body = form_body(filename, data, len, partner, &n);

    import_post_raw(c, dry_run ? "/api/v1/leads/import?dryRun=1" : "/api/v1/leads/import",
                    "multipart/form-data; boundary=" BOUNDARY, body, n, res);
    free(body);
    return res->status;
}

const char *
json_plain(json_object *o)
{
    return json_object_to_json_string_ext(o, PLAIN);
}

/* GET /imports/:id until done, checking that processed never goes back; returns the final
 * answer without its times (caller puts it), after checking they are set and ordered */
json_object *
import_wait_done(struct session_client *c, const char *id, int timeout_s, double *seconds)
{
    char path[96];
    struct api_res res;
    int64_t last = -1;
    struct timespec t0, t1;
    json_object *out = NULL;

    clock_gettime(CLOCK_MONOTONIC, &t0);
    snprintf(path, sizeof(path), "/api/v1/imports/%s", id);
    for (int i = 0; i < timeout_s * 10 && out == NULL; i++) {
        client_call(c, "GET", path, NULL, &res);
        ck_assert_int_eq(res.status, 200);
        int64_t processed = json_object_get_int64(json_member(res.json, "processed"));
        ck_assert_msg(processed >= last, "processed went back from %lld to %lld", (long long)last,
                      (long long)processed);
        last = processed;
        if (strcmp(api_json_str(&res, "status"), "done") == 0)
            out = json_object_get(res.json);
        api_res_free(&res);
        if (out == NULL)
            sleep_ms(100);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    ck_assert_msg(out != NULL, "import %s not done after %d s (processed %lld)", id, timeout_s,
                  (long long)last);
    if (seconds != NULL)
        *seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    const char *created = json_object_get_string(json_member(out, "createdAt"));
    const char *finished = json_object_get_string(json_member(out, "finishedAt"));
    ck_assert(created != NULL && finished != NULL && strlen(created) == 24);
    ck_assert_msg(strcmp(created, finished) <= 0, "%s after %s", created, finished);
    json_object_object_del(out, "createdAt");
    json_object_object_del(out, "finishedAt");
    return out;
}

/* the id of the lead with this e-mail ("" when none) */
void
lead_id_by_email(const char *email, char id[25])
{
    bson_t *filter = BCON_NEW("email", BCON_UTF8(email));
    mongoc_cursor_t *cur = mongoc_collection_find_with_opts(db_collection(stack_app()->db, "leads"),
                                                            filter, NULL, NULL);
    const bson_t *doc;
    bson_iter_t it;

    id[0] = '\0';
    if (mongoc_cursor_next(cur, &doc) && bson_iter_init_find(&it, doc, "_id"))
        bson_oid_to_string(bson_iter_oid(&it), id);
    mongoc_cursor_destroy(cur);
    bson_destroy(filter);
}

long long
count_matching(const char *collection, const char *fmt, ...)
{
    char filter[1024];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(filter, sizeof(filter), fmt, ap);
    va_end(ap);
    return mongo_count(collection, filter);
}

/* the error of res: code and details exactly */
void
assert_refused(struct api_res *res, long status, const char *code, const char *details)
{
    ck_assert_msg(res->status == status, "status %ld: %s", res->status, res->body);
    ck_assert_str_eq(api_json_str(res, "error.code"), code);
    json_object *error = json_member(res->json, "error");
    ck_assert_str_eq(details ? json_plain(json_member(error, "details")) : "null",
                     details ? details : "null");
    api_res_free(res);
}

char *
rows_csv(const char *prefix, const char *tag, int n, size_t *len)
{
    char *csv = malloc((size_t)n * 96 + 64);
    size_t used = (size_t)sprintf(csv, "email,first name,company\n");

    for (int i = 0; i < n; i++)
        used += (size_t)sprintf(csv + used, "%s-%d-%s@test.local,Name %d,Company %d\n", prefix, i,
                                tag, i, i % 50);
    *len = used;
    return csv;
}

char *
zip_parts(const char *const *parts, const size_t *lens, size_t *len)
{
    char path[] = "/tmp/pc-api-zip-XXXXXX";
    int fd = mkstemp(path), zerr = 0;
    zip_t *z;

    ck_assert_int_ge(fd, 0);
    close(fd);
    z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
    ck_assert_ptr_nonnull(z);
    for (size_t i = 0; parts[i] != NULL; i += 2) {
        size_t n = lens != NULL && lens[i / 2] ? lens[i / 2] : strlen(parts[i + 1]);
        zip_source_t *src = zip_source_buffer(z, parts[i + 1], n, 0);
        ck_assert_int_ge(zip_file_add(z, parts[i], src, ZIP_FL_OVERWRITE), 0);
    }
    ck_assert_int_eq(zip_close(z), 0);
    return take_file(path, len);
}

char *
take_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *data;

    ck_assert_ptr_nonnull(f);
    fseek(f, 0, SEEK_END);
    *len = (size_t)ftell(f);
    rewind(f);
    data = malloc(*len + 1);
    ck_assert_uint_eq(fread(data, 1, *len, f), *len);
    fclose(f);
    unlink(path);
    return data;
}
