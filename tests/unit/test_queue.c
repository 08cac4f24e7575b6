/* test_queue.c - queue table, backoff schedule, job encodings */
#include <stdlib.h>
#include <string.h>

#include "queue/job.h"
#include "queue/queues.h"
#include "unit.h"

START_TEST(queue_table_has_the_nine_product_queues)
{
    static const char *const names[] = {"hubspot-webhook", "chilipiper-webhook", "events",
                                        "sync-leads",      "partner-api-lead",   "stripe-webhook",
                                        "email",           "partner-webhooks",   "imports"};

    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        const struct queue_spec *s = queue_spec_find(names[i], false);
        ck_assert_msg(s != NULL, "no queue %s", names[i]);
        ck_assert_int_gt(s->max_attempts, 0);
        ck_assert_int_gt(s->visibility_ms, 0);
        ck_assert_int_le(s->backoff_ms, s->backoff_max_ms);
    }
    ck_assert_ptr_null(queue_spec_find("test-effect", false)); /* test queues are hidden */
    ck_assert_ptr_nonnull(queue_spec_find("test-effect", true));
    ck_assert_ptr_null(queue_spec_find("nope", true));
    ck_assert_ptr_null(queue_spec_find(NULL, true));
}
END_TEST

START_TEST(backoff_doubles_with_jitter_and_is_capped)
{
    const struct queue_spec spec = {"q", 10, 1000, 60000, 1000, false};

    /* rand 0 gives the lower half-bound, rand ~1 the upper bound */
    ck_assert_int_eq(queue_backoff_ms(&spec, 1, 0.0), 500);
    ck_assert_int_eq(queue_backoff_ms(&spec, 1, 0.999999), 999);
    ck_assert_int_eq(queue_backoff_ms(&spec, 2, 0.0), 1000);
    ck_assert_int_eq(queue_backoff_ms(&spec, 3, 0.0), 2000);
    ck_assert_int_eq(queue_backoff_ms(&spec, 7, 0.0), 30000);  /* 64 s capped to 60 s */
    ck_assert_int_eq(queue_backoff_ms(&spec, 40, 0.0), 30000); /* no overflow */
    for (int attempt = 1; attempt < 12; attempt++) {
        for (double r = 0.0; r < 1.0; r += 0.1) {
            int64_t d = queue_backoff_ms(&spec, attempt, r);
            int64_t cap = 1000LL << (attempt - 1);
            if (cap > 60000)
                cap = 60000;
            ck_assert_int_ge(d, cap / 2);
            ck_assert_int_le(d, cap);
        }
    }
}
END_TEST

START_TEST(job_ids_are_fresh_and_validated)
{
    char a[JOB_ID_CAP], b[JOB_ID_CAP];

    job_id_new(a);
    job_id_new(b);
    ck_assert_int_eq(strlen(a), 24);
    ck_assert_str_ne(a, b);
    ck_assert(job_id_valid(a));
    ck_assert(job_id_valid("hubspot:evt-123.4"));
    ck_assert(!job_id_valid(""));
    ck_assert(!job_id_valid("has space"));
    ck_assert(!job_id_valid("new\nline"));
}
END_TEST

static redisReply *
str_reply(const char *s)
{
    redisReply *r = calloc(1, sizeof(*r));

    r->type = REDIS_REPLY_STRING;
    r->str = strdup(s);
    r->len = strlen(s);
    return r;
}

static redisReply *
array_reply(size_t n)
{
    redisReply *r = calloc(1, sizeof(*r));

    r->type = REDIS_REPLY_ARRAY;
    r->elements = n;
    r->element = calloc(n, sizeof(redisReply *));
    return r;
}

START_TEST(job_decodes_a_stream_entry)
{
    static const char *const kv[] = {
        "id",      "job-1", "type",       "user-invite",  "payload", "{\"to\":\"a@b.co\"}",
        "attempt", "2",     "enqueuedAt", "1700000000123"};
    redisReply *entry = array_reply(2), *fields = array_reply(10);
    struct job job;
    struct err err = ERR_INIT;

    entry->element[0] = str_reply("1700000000123-0");
    for (int i = 0; i < 10; i++)
        fields->element[i] = str_reply(kv[i]);
    entry->element[1] = fields;
    ck_assert(job_from_entry(&job, entry, &err));
    ck_assert_str_eq(job.id, "job-1");
    ck_assert_str_eq(job.type, "user-invite");
    ck_assert_str_eq(job.payload, "{\"to\":\"a@b.co\"}");
    ck_assert_int_eq(job.attempt, 2);
    ck_assert_int_eq(job.enqueued_ms, 1700000000123LL);
    ck_assert_str_eq(job.entry_id, "1700000000123-0");
    job_release(&job);
    freeReplyObject(entry);
}
END_TEST

START_TEST(job_rejects_an_entry_without_payload)
{
    redisReply *entry = array_reply(2), *fields = array_reply(2);
    struct job job;
    struct err err = ERR_INIT;

    entry->element[0] = str_reply("1-0");
    fields->element[0] = str_reply("id");
    fields->element[1] = str_reply("x");
    entry->element[1] = fields;
    ck_assert(!job_from_entry(&job, entry, &err));
    ck_assert_ptr_null(job.payload);
    freeReplyObject(entry);
}
END_TEST

START_TEST(job_round_trips_through_json)
{
    struct job in = {.id = "abc", .type = "t", .attempt = 3, .enqueued_ms = 42}, out;
    struct err err = ERR_INIT;
    char *text;

    in.payload = strdup("{\"k\":\"v \\\"quoted\\\"\"}");
    text = job_to_json(&in);
    ck_assert(job_from_json(&out, text, &err));
    ck_assert_str_eq(out.id, "abc");
    ck_assert_str_eq(out.payload, in.payload);
    ck_assert_int_eq(out.attempt, 3);
    ck_assert_int_eq(out.enqueued_ms, 42);
    job_release(&out);
    ck_assert(!job_from_json(&out, "{\"id\":1}", &err));
    job_release(&in);
    free(text);
}
END_TEST

Suite *
suite_queue(void)
{
    Suite *s = suite_create("queue");
    TCase *tc = tcase_create("jobs");

    tcase_add_test(tc, queue_table_has_the_nine_product_queues);
    tcase_add_test(tc, backoff_doubles_with_jitter_and_is_capped);
    tcase_add_test(tc, job_ids_are_fresh_and_validated);
    tcase_add_test(tc, job_decodes_a_stream_entry);
    tcase_add_test(tc, job_rejects_an_entry_without_payload);
    tcase_add_test(tc, job_round_trips_through_json);
    suite_add_tcase(s, tc);
    return s;
}
