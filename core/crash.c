/* The fatal-signal handler.  A signal handler may call only async-signal-safe
 * functions, so the message is preformatted by cbec_crash_context() when the
 * reader thread opens an input, and the handler does nothing but write(2) it,
 * with the signal number formatted by hand, then re-raise the signal.
 *
 * Thread safety, chosen to be enough for a crash message and no more: there is
 * one writer (an ingest's reader thread) and two buffers.  The writer formats
 * into the buffer not being published, then publishes its index with a release
 * store; the handler (any thread) loads the index with an acquire load and
 * writes that buffer.  A handler never sees a half-written line unless the
 * writer laps it twice while it writes, which needs two more inputs opened
 * during one write(2) of a dying process.  No lock: a handler must not wait
 * for a lock the crashed thread might hold. */
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <glib.h>

#include "core/crash.h"

#define CRASH_LINE 1024

static char lines[2][CRASH_LINE];
static int published = -1;   /* index into lines, -1: not inside a plugin */

static const int fatal_signals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};

/* write(2) all of buf; errors ignored (nothing better to do while dying). */
static void write_all(const char *buf, size_t len)
{
    while (len > 0) {
        ssize_t n = write(STDERR_FILENO, buf, len);
        if (n <= 0)
            return;
        buf += n;
        len -= (size_t)n;
    }
}

static void on_fatal(int sig)
{
    static const char head[] = "cbecflow: fatal: signal ";
    static const char none[] = " outside any plugin\n";
    char num[12];
    int i = (int)sizeof num, n = sig < 0 ? 0 : sig, cur;

    do
        num[--i] = (char)('0' + n % 10);
    while ((n /= 10) > 0 && i > 0);
    write_all(head, sizeof head - 1);
    write_all(num + i, sizeof num - (size_t)i);
    cur = __atomic_load_n(&published, __ATOMIC_ACQUIRE);
    if (cur >= 0)
        write_all(lines[cur], strnlen(lines[cur], CRASH_LINE));
    else
        write_all(none, sizeof none - 1);
    /* SA_RESETHAND restored the default action and SA_NODEFER left the signal
     * unblocked: raising it again ends the process by that signal. */
    raise(sig);
}

void cbec_crash_install(void)
{
    static gsize once;
    if (g_once_init_enter(&once)) {
        struct sigaction sa;
        size_t i;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_fatal;
        sa.sa_flags = SA_RESETHAND | SA_NODEFER;
        sigemptyset(&sa.sa_mask);
        for (i = 0; i < G_N_ELEMENTS(fatal_signals); i++)
            sigaction(fatal_signals[i], &sa, NULL);
        g_once_init_leave(&once, 1);
    }
}

void cbec_crash_context(const char *plugin, const char *what, const char *input)
{
    int cur = __atomic_load_n(&published, __ATOMIC_ACQUIRE), next = cur == 0 ? 1 : 0;

    if (!plugin) {
        __atomic_store_n(&published, -1, __ATOMIC_RELEASE);
        return;
    }
    /* Truncated rather than allocated: the line must fit the static buffer. */
    g_snprintf(lines[next], CRASH_LINE, " in plugin %s while %s %s\n", plugin, what ? what : "reading",
               input ? input : "?");
    if (!g_str_has_suffix(lines[next], "\n"))
        lines[next][CRASH_LINE - 2] = '\n';
    __atomic_store_n(&published, next, __ATOMIC_RELEASE);
}
