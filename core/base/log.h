/**
 * @file log.h
 * @brief Logging to stderr: level, then "[plugin] input: " prefixes, one line each;
 * when stderr is not a terminal each line starts with the local time, ISO 8601
 * with its offset ("2026-12-07T21:48:27+08:00 cbecflow: info: ...").
 */
#ifndef CBEC_LOG_H
#define CBEC_LOG_H

#include <stdarg.h>

/** Levels, same numbers as cbec_log_level in host.h. */
enum { CBEC_L_ERROR = 0, CBEC_L_WARN = 1, CBEC_L_INFO = 2, CBEC_L_DEBUG = 3 };

/** Set the most verbose level printed (default INFO; -q gives WARN, -v DEBUG). */
void cbec_log_set_level(int level);
/** The current level. */
int cbec_log_get_level(void);
/** Log one line; plugin and input may be NULL. */
void cbec_logf(int level, const char *plugin, const char *input, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/** va_list variant of cbec_logf. */
void cbec_vlogf(int level, const char *plugin, const char *input, const char *fmt, va_list ap);

/** The closing "cbecflow: summary: ..." line of a command, printed at every level. */
void cbec_log_summary(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#define cbec_error(...) cbec_logf(CBEC_L_ERROR, NULL, NULL, __VA_ARGS__)
#define cbec_warn(...) cbec_logf(CBEC_L_WARN, NULL, NULL, __VA_ARGS__)
#define cbec_info(...) cbec_logf(CBEC_L_INFO, NULL, NULL, __VA_ARGS__)
#define cbec_debug(...) cbec_logf(CBEC_L_DEBUG, NULL, NULL, __VA_ARGS__)

#endif
