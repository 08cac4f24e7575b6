/* tables.h - the field table of every collection the API reads or writes (lib/model/tables/) */
#ifndef PC_MODELS_H
#define PC_MODELS_H

#include "model/model.h"

/* FIELD - one line of a field table: API name, type, flags, filter operators (0: none), then by
 * name only what differs from the default: .bson (database name), .min, .max, .values */
#define FIELD(name, ftype, fflags, fops, ...)                                                      \
    {                                                                                              \
        .json = (name), .type = (ftype), .flags = (fflags), .ops = (fops), __VA_ARGS__             \
    }

extern const struct model users_model;
extern const struct model partners_model;
extern const struct model leads_model;
extern const struct model meetings_model;
extern const struct model conflicts_model;

/* NULL-terminated value lists of enum fields other files need */
extern const char *const lead_statuses[];
extern const char *const meeting_statuses[];
extern const char *const meeting_outcomes[];
extern const char *const conflict_actions[];

/* models_all - every model, for the table checks of the unit tests and the OpenAPI schemas */
extern const struct model *const models_all[];
extern const size_t models_count;

#endif
