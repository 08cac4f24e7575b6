/* log.h - one key=value line per event on stderr; the level test happens before formatting */
#ifndef PC_LOG_H
#define PC_LOG_H

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

/* log_init - set the process name shown as proc= and the minimum level */
void log_init(const char *proc, enum log_level min);

/* log_level_parse - "debug", "info", "warn", "error"; returns -1 when unknown */
int log_level_parse(const char *name);

/* log_set_request - the request id added as req= to every line until cleared with NULL */
void log_set_request(const char *request_id);

/* log_enabled - true when lines of this level are written */
int log_enabled(enum log_level level);

/* log_write - msg is quoted; fields is a printf format for extra " key=value" pairs (or NULL) */
void log_write(enum log_level level, const char *msg, const char *fields, ...)
    __attribute__((format(printf, 3, 4)));

#define log_debug(...)                                                                             \
    do {                                                                                           \
        if (log_enabled(LOG_DEBUG))                                                                \
            log_write(LOG_DEBUG, __VA_ARGS__);                                                     \
    } while (0)
#define log_info(...)                                                                              \
    do {                                                                                           \
        if (log_enabled(LOG_INFO))                                                                 \
            log_write(LOG_INFO, __VA_ARGS__);                                                      \
    } while (0)
#define log_warn(...) log_write(LOG_WARN, __VA_ARGS__)
#define log_error(...) log_write(LOG_ERROR, __VA_ARGS__)

#endif
