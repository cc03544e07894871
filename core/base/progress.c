/* Progress bar: files and MB done, rate.  Redrawn at most 5 times a second so
 * it costs nothing on the hot path; never drawn when stderr is not a TTY. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <glib.h>

#include "core/base/progress.h"

static int bar_on, bar_visible;
static gint64 bar_start, bar_last;
/* The bar and log lines share stderr and two threads write them (ingest's
 * reader thread logs for its plugin): one lock keeps lines whole. */
static GMutex err_lock;

void cbec_progress_init(int enabled)
{
    bar_on = enabled && isatty(STDERR_FILENO);
    bar_start = g_get_monotonic_time();
    bar_last = 0;
}

void cbec_progress_update(int64_t files, int64_t bytes, const char *current)
{
    gint64 now;
    double secs, mb;
    char name[41] = "";

    if (!bar_on)
        return;
    now = g_get_monotonic_time();
    if (now - bar_last < 200000)
        return;
    g_mutex_lock(&err_lock);
    bar_last = now;
    secs = (now - bar_start) / 1e6;
    mb = bytes / 1048576.0;
    if (current) {
        size_t len = strlen(current);
        g_strlcpy(name, len > 40 ? current + len - 40 : current, sizeof name);
    }
    fprintf(stderr, "\r\033[K%lld files, %.1f MB, %.1f MB/s  %s", (long long)files, mb,
            secs > 0 ? mb / secs : 0.0, name);
    fflush(stderr);
    bar_visible = 1;
    g_mutex_unlock(&err_lock);
}

static void clear_locked(void)
{
    if (bar_visible) {
        fputs("\r\033[K", stderr);
        bar_visible = 0;
    }
}

void cbec_progress_print_line(const char *line)
{
    g_mutex_lock(&err_lock);
    clear_locked();
    fputs(line, stderr);
    g_mutex_unlock(&err_lock);
}

void cbec_progress_clear(void)
{
    g_mutex_lock(&err_lock);
    clear_locked();
    g_mutex_unlock(&err_lock);
}

void cbec_progress_done(void)
{
    cbec_progress_clear();
    bar_on = 0;
}
