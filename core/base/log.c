/* Line-oriented logging to stderr.  The progress bar (progress.c) clears its
 * line before a log line is written, so logs stay readable on a terminal. */
#include <stdio.h>
#include <unistd.h>
#include <glib.h>

#include "core/base/log.h"
#include "core/base/progress.h"

static int log_level = CBEC_L_INFO;

/* Whether lines carry a timestamp: decided once, on first use.  On a terminal
 * someone is watching as it happens and the progress bar shares the screen;
 * a log file, a journal or a cron mail is read later, so a redirected stderr
 * gets the local time with its offset, unambiguous when read from another
 * time zone or across a daylight-saving change. */
static int stamp_lines(void)
{
    static gsize once;
    static int stamp;
    if (g_once_init_enter(&once)) {
        stamp = !isatty(STDERR_FILENO);
        g_once_init_leave(&once, 1);
    }
    return stamp;
}

void cbec_log_set_level(int level) { log_level = level; }
int cbec_log_get_level(void) { return log_level; }

/* One line: [timestamp] "cbecflow: " tag ": " ["[plugin] "] [input ": "] message.
 * Formatted first, written once: lines from two threads never interleave. */
static void emit(const char *tag, const char *plugin, const char *input, const char *fmt, va_list ap)
{
    GString *line = g_string_new(NULL);

    if (stamp_lines()) {
        GDateTime *now = g_date_time_new_now_local();
        char *ts = g_date_time_format(now, "%Y-%m-%dT%H:%M:%S%:z");
        g_string_append_printf(line, "%s ", ts);
        g_free(ts);
        g_date_time_unref(now);
    }
    g_string_append_printf(line, "cbecflow: %s: ", tag);
    if (plugin)
        g_string_append_printf(line, "[%s] ", plugin);
    if (input)
        g_string_append_printf(line, "%s: ", input);
    g_string_append_vprintf(line, fmt, ap);
    g_string_append_c(line, '\n');
    cbec_progress_print_line(line->str);
    g_string_free(line, TRUE);
}

void cbec_vlogf(int level, const char *plugin, const char *input, const char *fmt, va_list ap)
{
    static const char *const names[] = {"error", "warning", "info", "debug"};

    if (level > log_level)
        return;
    emit(names[level < 0 ? 0 : level > 3 ? 3 : level], plugin, input, fmt, ap);
}

void cbec_log_summary(const char *fmt, ...)
{
    va_list ap;
    /* At every level, -q included: it is the one line a cron mail or a journal
     * query needs, and it is the last one of the command. */
    va_start(ap, fmt);
    emit("summary", NULL, NULL, fmt, ap);
    va_end(ap);
}

void cbec_logf(int level, const char *plugin, const char *input, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cbec_vlogf(level, plugin, input, fmt, ap);
    va_end(ap);
}
