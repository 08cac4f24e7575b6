/* model_test.h - the sample lead table and helpers of test_model.c, shared by the model suites */
#ifndef PC_MODEL_TEST_H
#define PC_MODEL_TEST_H

#include "model/model.h"

extern const struct model test_lead_model;
extern const struct principal test_staff;         /* owner: trusted */
extern const struct principal test_partner_admin; /* admin bound to a partner: not staff */
extern const struct principal test_system;        /* cron, webhooks, workers: trusted */

/* test_json - parse text (the test fails when it does not parse); caller puts */
json_object *test_json(const char *text);

/* test_assert_bson - b printed as relaxed extended JSON equals want */
void test_assert_bson(const bson_t *b, const char *want);

/* test_problem - the problem of the detail for field, NULL when there is none */
const char *test_problem(const struct err *err, const char *field);

/* test_assert_problem - there is a detail for field and its problem is want */
void test_assert_problem(const struct err *err, const char *field, const char *want);

#endif
