/* test_chilipiper_map.c - a ChiliPiper booking read from the documented webhook body
 * (integrations.md §B.2), from per-type paths, from Edge API meetings; what is missing */
#include <stdio.h>
#include <string.h>

#include "domain/chilipiper.h"
#include "unit.h"

/* the article's example, abridged to the fields we read and a few we ignore */
#define CREATED                                                                                    \
    "{\"meetingIdChili\":\"6f1c2a1e-3b4d-4f5a-9c8b-7d6e5f4a3b2c\",\"meetingTitle\":\"Intro "       \
    "call\","                                                                                      \
    "\"meetingDescription\":\"...\",\"meetingLocation\":\"https://zoom.us/j/1\","                  \
    "\"meetingStartTime\":\"2026-05-04T15:00:00.000Z\",\"meetingEndTime\":"                        \
    "\"2026-05-04T15:30:00.000Z\",\"primaryGuestTimeZone\":\"Europe/Berlin\","                     \
    "\"hostEmail\":\"host@agency.test\",\"hostFullName\":\"Hal Host\","                            \
    "\"assigneeEmail\":\"rep@agency.test\",\"assigneeFullName\":\"Rae Rep\","                      \
    "\"primaryGuestEmail\":\"Guest@Client.test\",\"primaryGuestDataFields\":{\"FirstName\":"       \
    "\"Gia\",\"last_name\":\"Guest\",\"Company Name\":\"Client Ltd\"},\"additionalGuests\":[{"     \
    "\"email\":\"x@client.test\",\"fullName\":\"X\"}],\"workspaceName\":\"Sales\","                \
    "\"productFeatureType\":\"ConciergeRouter\",\"meetingTypeName\":\"Demo\","                     \
    "\"meetingTypeIdChili\":\"mt-1\",\"type\":\"Created\"}"

static bool
read_booking(const char *json, const char *path_type, struct chilipiper_booking *b, json_object **o,
             struct err *err)
{
    *o = json_tokener_parse(json);
    ck_assert_ptr_nonnull(*o);
    return chilipiper_booking_read(*o, path_type, b, err);
}

START_TEST(documented_created_payload_maps_onto_a_booking)
{
    struct chilipiper_booking b;
    struct err err = ERR_INIT;
    json_object *o;

    ck_assert(read_booking(CREATED, NULL, &b, &o, &err));
    ck_assert_str_eq(b.meeting_id, "6f1c2a1e-3b4d-4f5a-9c8b-7d6e5f4a3b2c");
    ck_assert_str_eq(b.event, "created");
    ck_assert(!b.canceled);
    ck_assert_int_eq(b.start_ms, 1777906800000LL);
    ck_assert_int_eq(b.end_ms, 1777908600000LL);
    ck_assert_str_eq(b.guest_email, "Guest@Client.test");
    ck_assert_str_eq(b.first_name, "Gia");
    ck_assert_str_eq(b.last_name, "Guest");
    ck_assert_str_eq(b.company, "Client Ltd");
    ck_assert_str_eq(b.type, "Demo");
    ck_assert_str_eq(b.type_id, "mt-1");
    ck_assert_str_eq(b.title, "Intro call");
    ck_assert_str_eq(b.assignee_email, "rep@agency.test");
    ck_assert_str_eq(b.host_email, "host@agency.test");
    ck_assert_str_eq(b.location, "https://zoom.us/j/1");
    json_object_put(o);
}
END_TEST

START_TEST(type_names_and_path_types)
{
    static const char *const cases[][3] = {
        {"\"type\":\"Updated\"", NULL, "updated"},
        {"\"type\":\"Rescheduled\"", NULL, "updated"},
        {"\"type\":\"Canceled\"", NULL, "canceled"},
        {"\"type\":\"cancelled\"", NULL, "canceled"},
        {"\"x\":1", "canceled", "canceled"},
        {"\"actionType\":\"prospect_cancel\"", NULL, "canceled"},
        {"\"type\":\"Created\"", "updated", "created"}, /* the body's type wins */
    };
    char json[512];

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct chilipiper_booking b;
        struct err err = ERR_INIT;
        json_object *o;
        snprintf(json, sizeof(json),
                 "{\"meetingIdChili\":\"m%zu\",\"meetingStartTime\":\"2026-05-04T15:00:00+02:00\","
                 "\"primaryGuestEmail\":\"g@c.test\",%s}",
                 i, cases[i][0]);
        ck_assert_msg(read_booking(json, cases[i][1], &b, &o, &err), "%s: %s", json, err.message);
        ck_assert_str_eq(b.event, cases[i][2]);
        ck_assert_int_eq(b.canceled, strcmp(cases[i][2], "canceled") == 0);
        ck_assert_int_eq(b.start_ms, 1777899600000LL); /* the offset converted to UTC */
        json_object_put(o);
    }
}
END_TEST

START_TEST(missing_fields_are_named)
{
    struct chilipiper_booking b;
    struct err err = ERR_INIT;
    json_object *o;

    ck_assert(!read_booking("{\"meetingStartTime\":\"yesterday\",\"type\":\"Booked\"}", NULL, &b,
                            &o, &err));
    ck_assert_str_eq(err.code, "validation_failed");
    ck_assert_int_eq(err.ndetails, 4);
    ck_assert_str_eq(err.details[0].field, "meetingIdChili");
    ck_assert_str_eq(err.details[1].field, "meetingStartTime");
    ck_assert_str_eq(err.details[2].field, "primaryGuestEmail");
    ck_assert_str_eq(err.details[3].field, "type");
    json_object_put(o);
    err_reset(&err);
    ck_assert(!read_booking("[1]", NULL, &b, &o, &err));
    json_object_put(o);
}
END_TEST

START_TEST(edge_api_meetings_map_tolerantly)
{
    struct chilipiper_booking b;
    struct err err = ERR_INIT;
    json_object *o;

    /* the list's documented keys: meetingId, status, scheduledAt, attendees */
    ck_assert(
        read_booking("{\"meetingId\":\"e1\",\"status\":\"Canceled\",\"scheduledAt\":"
                     "\"2026-05-04T15:00:00Z\",\"assigneeEmail\":\"rep@agency.test\","
                     "\"attendees\":[{\"email\":\"rep@agency.test\"},{\"email\":\"g@c.test\"}],"
                     "\"meetingType\":{\"id\":\"mt-2\",\"name\":\"Demo\"},\"type\":\"Meeting\"}",
                     "reconcile", &b, &o, &err));
    ck_assert_str_eq(b.meeting_id, "e1");
    ck_assert_str_eq(b.event, "reconcile");
    ck_assert(b.canceled);
    ck_assert_str_eq(b.guest_email, "g@c.test");
    ck_assert_str_eq(b.type, "Demo");
    ck_assert_str_eq(b.type_id, "mt-2");
    json_object_put(o);
    ck_assert(
        read_booking("{\"id\":\"e2\",\"meetingStatus\":\"Active\",\"startTime\":1777906800000,"
                     "\"attendees\":[\"g2@c.test\"]}",
                     "reconcile", &b, &o, &err));
    ck_assert(!b.canceled);
    ck_assert_int_eq(b.start_ms, 1777906800000LL);
    ck_assert_str_eq(b.guest_email, "g2@c.test");
    json_object_put(o);
}
END_TEST

Suite *
suite_chilipiper_map(void)
{
    Suite *s = suite_create("chilipiper_map");
    TCase *tc = tcase_create("payloads");

    tcase_add_test(tc, documented_created_payload_maps_onto_a_booking);
    tcase_add_test(tc, type_names_and_path_types);
    tcase_add_test(tc, missing_fields_are_named);
    tcase_add_test(tc, edge_api_meetings_map_tolerantly);
    suite_add_tcase(s, tc);
    return s;
}
