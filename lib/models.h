/* models.h - the field table of every collection the API reads or writes (lib/models/) */
#ifndef PC_MODELS_H
#define PC_MODELS_H

#include "model.h"

extern const struct model users_model;

/* models_all - every model, for the table checks of the unit tests and the OpenAPI schemas */
extern const struct model *const models_all[];
extern const size_t models_count;

#endif
