/* lead_actions_int.h - what the two files of the one-click actions share */
#ifndef PC_LEAD_ACTIONS_INT_H
#define PC_LEAD_ACTIONS_INT_H

#include <stdbool.h>

struct lead_action {
    const char *name, *label;
    const char *status; /* the lead status it moves to; NULL: a note or a meeting outcome */
    bool meeting;       /* held / no_show: the token names a meeting */
};

/* lead_action_find - the action called name; NULL when unknown */
const struct lead_action *lead_action_find(const char *name);

#endif
