/* stack_access.h - direct access to the harness stack's Redis, database, workers and WireMock,
 * for tests that check what the HTTP API cannot show (queues, effects, journals) */
#ifndef PC_STACK_ACCESS_H
#define PC_STACK_ACCESS_H

#include <json-c/json.h>
#include <stdbool.h>
#include <sys/types.h>

#include "app.h"

/* stack_app - an app opened with the stack's environment (run/app.env); one per process */
struct app *stack_app(void);

/* redis_integer - an integer reply (or an integer-looking string reply, 0 for nil and status
 * replies); -1 on error */
long long redis_integer(const char *fmt, ...);

/* mongo_count - documents of collection matching filter (extended JSON) */
long long mongo_count(const char *collection, const char *filter_json);

/* wait_for_count - poll mongo_count until it equals want or timeout_ms passes */
bool wait_for_count(const char *collection, const char *filter_json, long long want,
                    int timeout_ms);

/* spawn_worker - start pc-worker --queue queue with the stack's environment; returns its pid */
pid_t spawn_worker(const char *queue);

/* wait_exit - wait up to timeout_ms for pid; returns its exit status, -1 on timeout */
int wait_exit(pid_t pid, int timeout_ms);

/* worker_child_pid - the pc-worker process under the stack's supervisor for queue */
pid_t worker_child_pid(const char *queue);

/* wiremock_post - POST json to a WireMock admin path ("/__admin/mappings"); status or 0 */
long wiremock_post(const char *path, const char *json);

/* wiremock_mapping - add a stub mapping (JSON); its id goes to id (for wiremock_unmap) */
void wiremock_mapping(const char *json, char id[64]);

/* wiremock_unmap - remove the stub mapping id */
void wiremock_unmap(const char *id);

/* wiremock_find - the journal's requests matching a request pattern (JSON), newest first, only
 * those logged at or after since_ms; caller puts the array */
json_object *wiremock_find(const char *pattern_json, long long since_ms);

/* mongo_update - apply update (extended JSON) to the documents matching filter */
void mongo_update(const char *collection, const char *filter_json, const char *update_json);

/* wiremock_requests_to - journal entries whose body contains "to=<encoded address>", oldest
 * first; caller puts the array */
json_object *wiremock_requests_to(const char *address);

/* mail_with_subject - whether an e-mail to address whose subject contains needle went through
 * the Mailgun stand-in within timeout_ms (0: the journal as it is now) */
bool mail_with_subject(const char *address, const char *needle, int timeout_ms);

/* form_value - decoded value of a field in an x-www-form-urlencoded body (caller frees) */
char *form_value(const char *body, const char *name);

/* wait_queue_idle - wait until queue has no waiting, taken or delayed job */
bool wait_queue_idle(const char *queue, int timeout_ms);

/* unique_address - a fresh e-mail address for this test: prefix-<random>@test.local */
void unique_address(const char *prefix, char *out, size_t cap);

void sleep_ms(int ms);

/* responder_pids - the pids of the running pc-api responders (children of multiwatch), at most
 * cap; returns how many */
int responder_pids(int *pids, int cap);

/* process_status_kb - a kB figure of /proc/<pid>/status ("VmHWM", "VmRSS"); -1 when the process
 * or the field is gone */
long process_status_kb(int pid, const char *field);

#endif
