/* test_lead_status.c - the lead transition table (lib/domain/lead_status.c) against
 * domain.md §9: what users and partner admins may move a lead to from each status */
#include <string.h>

#include "domain/leads.h"
#include "model/tables.h"
#include "unit.h"

#define NSTATUS 7

/* domain.md §9 as written there: allowed[from][to], in the order of lead_statuses */
static const char *const order[NSTATUS] = {
    "new",          "scheduled",         "in_touch",         "won",
    "lost_no_show", "lost_disqualified", "lost_no_potential"};
static const bool allowed[NSTATUS][NSTATUS] = {
    /* to:      new    sched  touch  won    l_ns   l_dq   l_np */
    /* new */ {false, true, true, true, true, true, true},
    /* sch */ {true, false, true, true, true, true, true},
    /* it  */ {false, true, false, true, true, true, true},
    /* won */ {false, false, false, false, false, false, false},
    /* lns */ {false, true, true, false, false, true, true},
    /* ldq */ {false, true, true, false, true, false, true},
    /* lnp */ {false, true, true, false, true, true, false},
};

/* the targets of from as a set over order[]; fails on an unknown or repeated target */
static void
targets_of(const char *from, bool out[NSTATUS])
{
    const char *targets[NSTATUS + 1];

    memset(out, 0, NSTATUS * sizeof(out[0]));
    lead_allowed_targets(from, targets);
    for (int n = 0; targets[n] != NULL; n++) {
        int k = 0;
        ck_assert_int_lt(n, NSTATUS);
        while (k < NSTATUS && strcmp(order[k], targets[n]) != 0)
            k++;
        ck_assert_msg(k < NSTATUS, "%s -> unknown status %s", from, targets[n]);
        ck_assert_msg(!out[k], "%s -> %s listed twice", from, targets[n]);
        out[k] = true;
    }
}

START_TEST(the_statuses_are_those_of_the_table)
{
    for (int i = 0; i < NSTATUS; i++)
        ck_assert_str_eq(lead_statuses[i], order[i]);
    ck_assert_ptr_null(lead_statuses[NSTATUS]);
}
END_TEST

START_TEST(each_status_moves_exactly_as_domain_md_says)
{
    bool got[NSTATUS];

    for (int f = 0; f < NSTATUS; f++) {
        targets_of(order[f], got);
        for (int t = 0; t < NSTATUS; t++)
            ck_assert_msg(got[t] == allowed[f][t], "%s -> %s: %s", order[f], order[t],
                          got[t] ? "allowed" : "refused");
    }
}
END_TEST

START_TEST(won_is_final_and_no_status_moves_to_itself)
{
    bool got[NSTATUS];

    targets_of("won", got);
    for (int t = 0; t < NSTATUS; t++)
        ck_assert(!got[t]);
    for (int f = 0; f < NSTATUS; f++) {
        targets_of(order[f], got);
        ck_assert_msg(!got[f], "%s -> itself", order[f]);
        ck_assert_msg(f == 1 || !got[0], "%s -> new: only a scheduled lead goes back", order[f]);
    }
}
END_TEST

START_TEST(an_unknown_status_has_no_targets)
{
    const char *targets[NSTATUS + 1] = {"sentinel"};

    lead_allowed_targets("archived", targets);
    ck_assert_ptr_null(targets[0]);
    targets[0] = "sentinel";
    lead_allowed_targets(NULL, targets);
    ck_assert_ptr_null(targets[0]);
    targets[0] = "sentinel";
    lead_allowed_targets("New", targets); /* statuses are compared exactly */
    ck_assert_ptr_null(targets[0]);
}
END_TEST

Suite *
suite_lead_status(void)
{
    Suite *s = suite_create("lead_status");
    TCase *tc = tcase_create("table");

    tcase_add_test(tc, the_statuses_are_those_of_the_table);
    tcase_add_test(tc, each_status_moves_exactly_as_domain_md_says);
    tcase_add_test(tc, won_is_final_and_no_status_moves_to_itself);
    tcase_add_test(tc, an_unknown_status_has_no_targets);
    suite_add_tcase(s, tc);
    return s;
}
