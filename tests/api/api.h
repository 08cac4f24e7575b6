/* api.h - the API tests' HTTP client (libcurl through nginx over TLS) and harness access */
#ifndef PC_API_H
#define PC_API_H

#include <check.h>
#include <json-c/json.h>
#include <stdbool.h>
#include <stddef.h>

struct api_res {
    long status;
    char *body;
    size_t len;
    char *headers; /* raw response headers, all of them */
    json_object *json;
};

/* a growing answer buffer for libcurl: CURLOPT_WRITEFUNCTION api_buf_append, WRITEDATA the
 * buffer; data is NUL-terminated once anything came, the caller frees it */
struct api_buf {
    char *data;
    size_t len, cap;
};
size_t api_buf_append(char *ptr, size_t size, size_t n, void *userdata);

/* per-call options; zero means the default */
struct api_opts {
    const char *const *headers; /* NULL-terminated "Name: value" list */
    const char *interface;      /* source address, e.g. "127.0.0.2" */
    bool http1;                 /* force HTTP/1.1 */
    const char *body;
    size_t body_len;        /* 0 with a body: strlen(body) */
    const char *cookie_jar; /* file to read and write cookies */
    long timeout_ms;        /* 0: 30 s */
};

/* api_call - one request to path ("/api/v1/health") on the harness stack; false when the
 * transport failed (then status is 0) */
bool api_call(struct api_res *res, const char *method, const char *path,
              const struct api_opts *opts);
bool api_get(struct api_res *res, const char *path);
void api_res_free(struct api_res *res);

/* api_status_free - the status of res, after freeing it */
long api_status_free(struct api_res *res);

/* api_header - copy the value of the last response header of that name; false when absent */
bool api_header(const struct api_res *res, const char *name, char *out, size_t cap);

/* api_json_str - string at a dotted path in the response JSON ("error.code"; a number indexes
 * an array: "list.0.id"), or NULL */
const char *api_json_str(const struct api_res *res, const char *path);

/* harness_env - an environment variable the harness exports (PC_VAR_DIR, CRON_SECRET...);
 * fails the test when missing */
const char *harness_env(const char *name);

/* harness_service - "stop-service redis", "start-service redis", ... via scripts/stack.sh;
 * returns the exit status */
int harness_service(const char *action, const char *service);

/* harness_wait_health - poll /api/v1/health?deep=1 until 200 or seconds pass */
bool harness_wait_health(int seconds);

Suite *suite_foundation(void);
Suite *suite_edge(void);
Suite *suite_faults(void);
Suite *suite_db_limits(void);
Suite *suite_recount(void);
Suite *suite_fcgi_exec(void);
Suite *suite_queues(void);
Suite *suite_auth(void);
TCase *tcase_auth_passwords(void); /* test_auth_passwords.c, part of "auth" */
TCase *tcase_auth_invites(void);   /* test_auth_invites.c, part of "auth" */
TCase *tcase_auth_input(void);     /* test_auth_input.c, part of "auth" */
Suite *suite_users(void);
Suite *suite_partners(void);
Suite *suite_leads(void);
Suite *suite_lead_search(void);
Suite *suite_lead_bulk(void);
Suite *suite_lead_export(void);
Suite *suite_views(void);
Suite *suite_lead_flow(void);
TCase *tcase_new_lead_mail(void); /* test_lead_mail.c, part of "lead flow" */
Suite *suite_meetings(void);
TCase *tcase_meetings_manual(void);  /* test_meetings_manual.c, part of "meetings" */
TCase *tcase_meeting_outcomes(void); /* test_meeting_outcomes.c, part of "meetings" */
Suite *suite_conflicts(void);
Suite *suite_dashboard(void);
Suite *suite_imports(void);
TCase *tcase_import_jobs(void);    /* test_import_jobs.c, part of "imports" */
TCase *tcase_import_limits(void);  /* test_import_limits.c, part of "imports" */
TCase *tcase_import_history(void); /* test_import_history.c, part of "imports" */
Suite *suite_hubspot(void);
TCase *tcase_hubspot_sync(void); /* test_hubspot_sync.c, part of "hubspot" */
TCase *tcase_integrations(void); /* test_integrations.c, part of "hubspot" */
Suite *suite_chilipiper(void);
Suite *suite_reminders(void);
Suite *suite_partner_api(void);
Suite *suite_lead_actions(void);
Suite *suite_partner_webhooks(void);
Suite *suite_billing(void);
void billing_invoices_case(Suite *s); /* test_invoices.c */
void billing_webhook_case(Suite *s);  /* test_stripe_webhook.c */
void billing_returns_case(Suite *s);  /* test_returns.c */
void partners_names_case(Suite *s);   /* test_partner_names.c */

#endif
