/* indexes.c - the declared indexes, created at start by setup_indexes() */
#include "indexes.h"

const struct index_spec index_specs[] = {
    {"users", "email_unique", "{\"email\": 1}", true},
    {"users", "partner_active", "{\"partner\": 1, \"isActive\": 1}", false},
    {"users", "name", "{\"name\": 1}", false},
    {"users", "role", "{\"role\": 1}", false},
    {"users", "status", "{\"status\": 1}", false},
    {"users", "created", "{\"createdAt\": -1}", false},
    {"users", "invite_token", "{\"inviteTokenHash\": 1}", false},
    {"users", "reset_token", "{\"resetTokenHash\": 1}", false},
    {"tokens", "family", "{\"family\": 1}", false},
    {"tokens", "user", "{\"user\": 1}", false},
    {"tokens", "hash_unique", "{\"hash\": 1}", true},
    {"tokens", "expires", "{\"expiresAt\": 1}", false},
    {"events", "entity_at", "{\"entityType\": 1, \"entityId\": 1, \"at\": -1}", false},
    {"events", "at", "{\"at\": -1}", false},
};

const size_t index_specs_count = sizeof(index_specs) / sizeof(index_specs[0]);
