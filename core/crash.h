/**
 * @file crash.h
 * @brief The last words of a crashing process: which plugin, which input.
 *
 * Without isolation a plugin's SIGSEGV takes cbecflow down; the fatal-signal
 * handler installed here first writes one line
 * "cbecflow: fatal: signal N in plugin X while reading INPUT" to stderr, then
 * dies of the same signal with its default action (exit status 128+N in a
 * shell, a core dump where enabled), so supervisors still see the signal.
 */
#ifndef CBEC_CRASH_H
#define CBEC_CRASH_H

/** Install the handler for SIGSEGV, SIGBUS, SIGFPE, SIGILL and SIGABRT (idempotent). */
void cbec_crash_install(void);
/**
 * Say what the process is doing, for the crash line: plugin (NULL: none, which
 * clears the context), what ("reading", "probing") and input (a display name).
 * Called by the one reader thread of an ingest; see crash.c for why that is
 * safe enough.
 */
void cbec_crash_context(const char *plugin, const char *what, const char *input);

#endif
