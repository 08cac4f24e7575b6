/* test_meeting_attendance.c - the lost_no_show offer of a lead's page (meeting_attendance.c):
 * only the newest meeting that took place decides, and only when the viewer may go there */
#include <json-c/json.h>
#include <stdio.h>

#include "domain/meetings.h"
#include "unit.h"

#define NOW 1800000000000LL /* 2027-01-15T08:00:00Z */

static json_object *
parse(const char *s)
{
    json_object *o = json_tokener_parse(s);

    ck_assert_ptr_nonnull(o);
    return o;
}

static const char *
offer(const char *meetings, const char *allowed)
{
    static char out[32];
    json_object *m = parse(meetings), *a = parse(allowed);
    const char *got = meeting_attendance_offer(m, a, NOW);

    snprintf(out, sizeof(out), "%s", got ? got : "-");
    json_object_put(m);
    json_object_put(a);
    return out;
}

#define PAST "\"scheduledTime\":\"2027-01-14T08:00:00.000Z\""
#define EARLIER "\"scheduledTime\":\"2027-01-10T08:00:00.000Z\""
#define AHEAD "\"scheduledTime\":\"2027-01-20T08:00:00.000Z\""
#define ALLOWED "[\"in_touch\",\"won\",\"lost_no_show\"]"

START_TEST(a_no_show_offers_lost_no_show)
{
    ck_assert_str_eq(offer("[{" PAST ",\"status\":\"created\",\"outcome\":\"no_show\"}]", ALLOWED),
                     "lost_no_show");
}
END_TEST

START_TEST(a_future_or_cancelled_meeting_does_not_hide_the_no_show_before_it)
{
    ck_assert_str_eq(offer("[{" AHEAD ",\"status\":\"created\",\"outcome\":null},"
                           "{" PAST ",\"status\":\"canceled\",\"outcome\":null},"
                           "{" EARLIER ",\"status\":\"rescheduled\",\"outcome\":\"no_show\"}]",
                           ALLOWED),
                     "lost_no_show");
}
END_TEST

START_TEST(a_later_held_or_pending_meeting_offers_nothing)
{
    ck_assert_str_eq(offer("[{" PAST ",\"status\":\"created\",\"outcome\":\"held\"},"
                           "{" EARLIER ",\"status\":\"created\",\"outcome\":\"no_show\"}]",
                           ALLOWED),
                     "-");
    ck_assert_str_eq(offer("[{" PAST ",\"status\":\"created\"},"
                           "{" EARLIER ",\"status\":\"created\",\"outcome\":\"no_show\"}]",
                           ALLOWED),
                     "-");
    ck_assert_str_eq(offer("[]", ALLOWED), "-");
}
END_TEST

START_TEST(no_offer_where_the_viewer_may_not_go)
{
    ck_assert_str_eq(offer("[{" PAST ",\"status\":\"created\",\"outcome\":\"no_show\"}]",
                           "[\"scheduled\",\"in_touch\"]"),
                     "-");
    ck_assert_ptr_null(meeting_attendance_offer(NULL, NULL, NOW));
}
END_TEST

Suite *
suite_meeting_attendance(void)
{
    Suite *s = suite_create("meeting_attendance");
    TCase *tc = tcase_create("offer");

    tcase_add_test(tc, a_no_show_offers_lost_no_show);
    tcase_add_test(tc, a_future_or_cancelled_meeting_does_not_hide_the_no_show_before_it);
    tcase_add_test(tc, a_later_held_or_pending_meeting_offers_nothing);
    tcase_add_test(tc, no_offer_where_the_viewer_may_not_go);
    suite_add_tcase(s, tc);
    return s;
}
