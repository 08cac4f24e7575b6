/* all_tables.c - the list of models */
#include "model/tables.h"

const struct model *const models_all[] = {&users_model,
                                          &partners_model,
                                          &leads_model,
                                          &meetings_model,
                                          &conflicts_model,
                                          &webhook_inbox_model,
                                          &sync_tasks_model,
                                          &cron_runs_model,
                                          &api_tokens_model,
                                          &partner_webhooks_model,
                                          &partner_webhook_deliveries_model,
                                          &ledger_model,
                                          &invoices_model,
                                          &returns_model,
                                          &imports_model,
                                          &views_model};
const size_t models_count = sizeof(models_all) / sizeof(models_all[0]);
