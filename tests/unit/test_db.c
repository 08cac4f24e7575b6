/* test_db.c - db_fail: every way MongoDB and FerretDB (SQLite and PostgreSQL backends) say that
 * a unique index refused a write is a 409 naming the field; other errors are not */
#include <mongoc/mongoc.h>
#include <stdio.h>
#include <string.h>

#include "db/db.h"
#include "unit.h"

/* "code field" of db_fail for an error of domain/code/message on collection */
static const char *
db_answer(uint32_t domain, uint32_t code, const char *message, const char *collection)
{
    static char out[160];
    struct err err = ERR_INIT;
    bson_error_t error = {.domain = domain, .code = code};

    snprintf(error.message, sizeof(error.message), "%s", message);
    ck_assert(!db_fail(&err, &error, collection, "update"));
    snprintf(out, sizeof(out), "%s %s", err.code, err.ndetails ? err.details[0].field : "-");
    return out;
}

START_TEST(every_unique_violation_is_a_conflict_naming_the_field)
{
    /* MongoDB: insert, update and upsert alike */
    ck_assert_str_eq(
        db_answer(MONGOC_ERROR_SERVER, 11000,
                  "E11000 duplicate key error collection: pc.leads index: email_unique "
                  "dup key: { email: \"a@b.test\" }",
                  "leads"),
        "conflict email");
    ck_assert_str_eq(
        db_answer(MONGOC_ERROR_WRITE_CONCERN, 11001, "E11001 duplicate key on update", "partners"),
        "conflict slug");
    ck_assert_str_eq(
        db_answer(MONGOC_ERROR_SERVER, 11000,
                  "E11000 duplicate key error collection: pc.meetings index: _id_ dup key",
                  "meetings"),
        "conflict _id");
    /* FerretDB 1.24 inserts and upserts: 11000 without the index's name (the collection's only
     * unique one then) */
    ck_assert_str_eq(db_answer(MONGOC_ERROR_SERVER, 11000,
                               "E11000 duplicate key error collection: pc.leads", "leads"),
                     "conflict email");
    /* FerretDB 1.24 updates and findAndModify: code 1 in the backend's words */
    ck_assert_str_eq(db_answer(MONGOC_ERROR_SERVER, 1,
                               "UNIQUE constraint failed: index 'leads_2b1d9f06_email_unique'",
                               "leads"),
                     "conflict email");
    ck_assert_str_eq(db_answer(MONGOC_ERROR_SERVER, 1,
                               "ERROR: duplicate key value violates unique constraint "
                               "\"users_5c1a_email_unique_0a1b2c3d_idx\" (SQLSTATE 23505)",
                               "users"),
                     "conflict email");
    /* a message that names no index: the one unique index of the collection */
    ck_assert_str_eq(db_answer(MONGOC_ERROR_SERVER, 11000, "E11000 duplicate key error", "tokens"),
                     "conflict hash");
}
END_TEST

START_TEST(other_errors_are_not_conflicts)
{
    ck_assert_str_eq(db_answer(MONGOC_ERROR_SERVER, 1, "some other failure", "leads"),
                     "internal -");
    ck_assert_str_eq(db_answer(MONGOC_ERROR_QUERY, 1, "UNIQUE constraint failed: index x", "leads"),
                     "internal -");
    ck_assert_str_eq(db_answer(MONGOC_ERROR_STREAM, 2, "socket error", "leads"), "unavailable -");
    ck_assert_str_eq(db_answer(MONGOC_ERROR_SERVER_SELECTION, 13053, "no suitable servers", NULL),
                     "unavailable -");
}
END_TEST

Suite *
suite_db(void)
{
    Suite *s = suite_create("db");
    TCase *tc = tcase_create("db");

    tcase_add_test(tc, every_unique_violation_is_a_conflict_naming_the_field);
    tcase_add_test(tc, other_errors_are_not_conflicts);
    suite_add_tcase(s, tc);
    return s;
}
