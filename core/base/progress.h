/**
 * @file progress.h
 * @brief A one-line progress bar on stderr, only when stderr is a terminal.
 */
#ifndef CBEC_PROGRESS_H
#define CBEC_PROGRESS_H

#include <stdint.h>

/** Enable the bar if stderr is a TTY and enabled is 1 (never in logs or pipes). */
void cbec_progress_init(int enabled);
/** Report files done, bytes read so far and the current input name (may be NULL). */
void cbec_progress_update(int64_t files, int64_t bytes, const char *current);
/** Erase the bar and write one whole line to stderr (thread-safe; used by the log). */
void cbec_progress_print_line(const char *line);
/** Erase the bar line (before a log line). */
void cbec_progress_clear(void);
/** Erase the bar for good. */
void cbec_progress_done(void);

#endif
