/* handlers.h - every handler named in routes.c, grouped by the file that defines it */
#ifndef PC_HANDLERS_H
#define PC_HANDLERS_H

#include "req.h"
#include "res.h"
#include "router.h"

/* health.c */
int health_get(struct req *req, struct res *res);

/* openapi.c */
int openapi_get(struct req *req, struct res *res);

/* admin_queues.c */
int admin_queues_list(struct req *req, struct res *res);
int admin_queues_dead(struct req *req, struct res *res);
int admin_queues_replay(struct req *req, struct res *res);
int admin_queues_delete(struct req *req, struct res *res);

/* auth.c */
int auth_sign_in(struct req *req, struct res *res);
int auth_sign_out(struct req *req, struct res *res);
int auth_refresh(struct req *req, struct res *res);
int auth_me(struct req *req, struct res *res);
int auth_update_me(struct req *req, struct res *res);
int auth_change_password(struct req *req, struct res *res);
int auth_forgot_password(struct req *req, struct res *res);
int auth_reset_password(struct req *req, struct res *res);
int auth_accept_invite(struct req *req, struct res *res);

/* users.c */
int users_list_route(struct req *req, struct res *res);
int users_invite_route(struct req *req, struct res *res);
int users_get_route(struct req *req, struct res *res);
int users_update_route(struct req *req, struct res *res);
int users_status_route(struct req *req, struct res *res);
int users_resend_invite_route(struct req *req, struct res *res);
int users_archive_route(struct req *req, struct res *res);

/* partners.c */
int partners_list_route(struct req *req, struct res *res);
int partners_create_route(struct req *req, struct res *res);
int partners_get_route(struct req *req, struct res *res);
int partners_update_route(struct req *req, struct res *res);
int partners_archive_route(struct req *req, struct res *res);
int partners_stats_route(struct req *req, struct res *res);
int partners_billing_get_route(struct req *req, struct res *res);
int partners_billing_put_route(struct req *req, struct res *res);

/* leads.c */
int leads_list_route(struct req *req, struct res *res);
int leads_get_route(struct req *req, struct res *res);
int leads_create_route(struct req *req, struct res *res);
int leads_update_route(struct req *req, struct res *res);
int leads_archive_route(struct req *req, struct res *res);
int leads_status_route(struct req *req, struct res *res);
int leads_sales_managers_route(struct req *req, struct res *res);
int leads_history_route(struct req *req, struct res *res);
int notes_list_route(struct req *req, struct res *res);
int notes_add_route(struct req *req, struct res *res);
int notes_delete_route(struct req *req, struct res *res);

/* imports.c */
int leads_import_route(struct req *req, struct res *res);
int imports_get_route(struct req *req, struct res *res);

/* meetings.c */
int meetings_list_route(struct req *req, struct res *res);
int meetings_get_route(struct req *req, struct res *res);
int dashboard_route(struct req *req, struct res *res);

/* cron.c */
int cron_run(struct req *req, struct res *res);

#endif
