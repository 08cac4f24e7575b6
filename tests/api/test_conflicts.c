/* test_conflicts.c - assignment conflicts through nginx: a booking for another partner's lead
 * keeps the lead where it is and shows in the staff list; keep closes the conflict, move gives
 * the lead with its meetings and notes to the other partner; who may see and resolve them */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain.h"
#include "stack_access.h"

#define DAY 86400000LL

/* GET /conflicts filtered to the lead as c: the status, the total and the first conflict's
 * field (id when field is NULL) */
static long
conflict_of(struct session_client *c, const char *lead, const char *field, char *out, size_t cap,
            long *total)
{
    char filter[160], enc[400], path[512];
    struct api_res res;
    long status;
    const char *v, *t;

    snprintf(filter, sizeof(filter), "[{\"column\":\"lead\",\"operator\":\"eq\",\"value\":\"%s\"}]",
             lead);
    url_json(filter, enc, sizeof(enc));
    snprintf(path, sizeof(path), "/api/v1/conflicts?filter=%s", enc);
    client_call(c, "GET", path, NULL, &res);
    status = res.status;
    v = api_json_str(&res, field ? field : "list.0.id");
    t = api_json_str(&res, "meta.total");
    snprintf(out, cap, "%s", v ? v : "");
    if (total != NULL)
        *total = t ? atol(t) : -1;
    api_res_free(&res);
    return status;
}

static long
resolve(struct session_client *c, const char *id, const char *body, const char *field, char *out,
        size_t cap)
{
    char path[128];

    snprintf(path, sizeof(path), "/api/v1/conflicts/%s/resolve", id);
    return call_status(c, "POST", path, body, field, out, cap);
}

/* a lead of partner a booked by ChiliPiper for partner b; ext receives the booking's id */
static void
booked_elsewhere(const char *a, const char *b, char email[128], char lead[25], char ext[64])
{
    fresh_email("conflict", email, 128);
    make_lead(a, email, NULL, lead);
    snprintf(ext, 64, "cf-%s", lead);
    fixture_booking(ext, email, b, now_minute_ms() + DAY, false);
}

START_TEST(a_booking_for_another_partners_lead_is_a_conflict_staff_see)
{
    struct cast k;
    char email[128], lead[25], ext[64], got[64];
    long total = 0;

    fixture_cast(&k);
    booked_elsewhere(k.partner_a, k.partner_b, email, lead, ext);
    lead_field(lead, "partner", got, sizeof(got));
    ck_assert_str_eq(got, k.partner_a); /* the assignment stays */
    ck_assert_int_eq(conflict_of(&k.staff_c, lead, "list.0.status", got, sizeof(got), &total), 200);
    ck_assert_int_eq(total, 1);
    ck_assert_str_eq(got, "open");
    conflict_of(&k.staff_c, lead, "list.0.routedPartner", got, sizeof(got), NULL);
    ck_assert_str_eq(got, k.partner_b);
    conflict_of(&k.staff_c, lead, "list.0.partner", got, sizeof(got), NULL);
    ck_assert_str_eq(got, k.partner_a);
    conflict_of(&k.staff_c, lead, "list.0.source", got, sizeof(got), NULL);
    ck_assert_str_eq(got, "chilipiper");
    /* the same booking seen again, and another one: still one conflict */
    fixture_booking(ext, email, k.partner_b, now_minute_ms() + 2 * DAY, false);
    ck_assert_int_eq(conflict_of(&k.owner, lead, "list.0.occurrences", got, sizeof(got), &total),
                     200);
    ck_assert_int_eq(total, 1);
    ck_assert_str_eq(got, "2");
    ck_assert_int_eq(conflict_of(&k.admin_a_c, lead, NULL, got, sizeof(got), NULL), 403);
    ck_assert_int_eq(conflict_of(&k.user_a_c, lead, NULL, got, sizeof(got), NULL), 403);
    ck_assert_int_eq(conflict_of(&k.anon, lead, NULL, got, sizeof(got), NULL), 401);
    cast_release(&k);
}
END_TEST

START_TEST(keep_closes_the_conflict_and_leaves_the_lead)
{
    struct cast k;
    char email[128], lead[25], ext[64], id[32], got[64], other[64];
    long total = 0;

    fixture_cast(&k);
    booked_elsewhere(k.partner_a, k.partner_b, email, lead, ext);
    conflict_of(&k.staff_c, lead, NULL, id, sizeof(id), NULL);
    ck_assert_int_eq(resolve(&k.admin_a_c, id, "{\"action\":\"keep\"}", NULL, NULL, 0), 403);
    ck_assert_int_eq(resolve(&k.staff_c, id, "{\"action\":\"drop\"}", NULL, NULL, 0), 422);
    ck_assert_int_eq(resolve(&k.staff_c, id, "{}", NULL, NULL, 0), 422);
    ck_assert_int_eq(
        resolve(&k.staff_c, "000000000000000000000000", "{\"action\":\"keep\"}", NULL, NULL, 0),
        404);
    ck_assert_int_eq(resolve(&k.staff_c, id, "{\"action\":\"keep\"}", "status", got, sizeof(got)),
                     200);
    ck_assert_str_eq(got, "kept");
    ck_assert_int_eq(resolve(&k.staff_c, id, "{\"action\":\"move\"}", NULL, NULL, 0), 409);
    lead_field(lead, "partner", got, sizeof(got));
    ck_assert_str_eq(got, k.partner_a);
    /* a later booking for b is a new conflict */
    snprintf(ext, sizeof(ext), "cf2-%s", lead);
    fixture_booking(ext, email, k.partner_b, now_minute_ms() + 3 * DAY, false);
    conflict_of(&k.staff_c, lead, "list.0.status", got, sizeof(got), &total);
    ck_assert_int_eq(total, 2);
    ck_assert_str_eq(got, "open"); /* newest first */
    conflict_of(&k.staff_c, lead, "list.1.id", other, sizeof(other), NULL);
    ck_assert_str_eq(other, id);
    cast_release(&k);
}
END_TEST

START_TEST(move_gives_the_lead_with_its_meetings_and_notes_to_the_other_partner)
{
    struct cast k;
    char email[128], lead[25], ext[64], id[32], got[64], mid[25], path[96], filter[256];

    fixture_cast(&k);
    booked_elsewhere(k.partner_a, k.partner_b, email, lead, ext);
    ck_assert_int_eq(log_meeting(&k.admin_a_c, lead, now_minute_ms() + 2 * DAY, 30, NULL, mid),
                     201);
    snprintf(path, sizeof(path), "/api/v1/leads/%s/notes", lead);
    ck_assert_int_eq(
        call_status(&k.user_a_c, "POST", path, "{\"text\":\"called twice\"}", NULL, NULL, 0), 201);
    conflict_of(&k.staff_c, lead, NULL, id, sizeof(id), NULL);
    ck_assert_int_eq(resolve(&k.staff_c, id, "{\"action\":\"move\"}", "status", got, sizeof(got)),
                     200);
    ck_assert_str_eq(got, "moved");
    lead_field(lead, "partner", got, sizeof(got));
    ck_assert_str_eq(got, k.partner_b);
    snprintf(filter, sizeof(filter), "{\"lead\":{\"$oid\":\"%s\"},\"partner\":{\"$oid\":\"%s\"}}",
             lead, k.partner_b);
    ck_assert_int_eq(mongo_count("meetings", filter), 2); /* the booking's and the logged one */
    ck_assert_int_eq(mongo_count("notes", filter), 1);
    snprintf(path, sizeof(path), "/api/v1/leads/%s", lead);
    ck_assert_int_eq(call_status(&k.admin_b_c, "GET", path, NULL, NULL, NULL, 0), 200);
    ck_assert_int_eq(call_status(&k.admin_a_c, "GET", path, NULL, NULL, NULL, 0), 404);
    snprintf(path, sizeof(path), "/api/v1/meetings/%s", mid);
    ck_assert_int_eq(call_status(&k.admin_b_c, "GET", path, NULL, NULL, NULL, 0), 200);
    snprintf(filter, sizeof(filter),
             "{\"entityId\":{\"$oid\":\"%s\"},\"action\":\"lead.conflict_resolved\"}", lead);
    ck_assert(wait_for_count("events", filter, 1, 10000));
    cast_release(&k);
}
END_TEST

START_TEST(a_move_to_an_archived_partner_is_refused_and_the_conflict_stays_open)
{
    struct cast k;
    char email[128], lead[25], ext[64], id[32], got[64], path[96];

    fixture_cast(&k);
    booked_elsewhere(k.partner_a, k.partner_b, email, lead, ext);
    conflict_of(&k.staff_c, lead, NULL, id, sizeof(id), NULL);
    snprintf(path, sizeof(path), "/api/v1/partners/%s", k.partner_b);
    ck_assert_int_eq(call_status(&k.owner, "DELETE", path, NULL, NULL, NULL, 0), 204);
    ck_assert_int_eq(resolve(&k.staff_c, id, "{\"action\":\"move\"}", NULL, NULL, 0), 422);
    conflict_of(&k.staff_c, lead, "list.0.status", got, sizeof(got), NULL);
    ck_assert_str_eq(got, "open");
    lead_field(lead, "partner", got, sizeof(got));
    ck_assert_str_eq(got, k.partner_a);
    ck_assert_int_eq(resolve(&k.staff_c, id, "{\"action\":\"keep\"}", NULL, NULL, 0), 200);
    cast_release(&k);
}
END_TEST

Suite *
suite_conflicts(void)
{
    Suite *s = suite_create("conflicts");
    TCase *tc = tcase_create("conflicts");

    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, a_booking_for_another_partners_lead_is_a_conflict_staff_see);
    tcase_add_test(tc, keep_closes_the_conflict_and_leaves_the_lead);
    tcase_add_test(tc, move_gives_the_lead_with_its_meetings_and_notes_to_the_other_partner);
    tcase_add_test(tc, a_move_to_an_archived_partner_is_refused_and_the_conflict_stays_open);
    suite_add_tcase(s, tc);
    return s;
}
