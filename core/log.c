/* Line-oriented logging to stderr.  The progress bar (progress.c) clears its
 * line before a log line is written, so logs stay readable on a terminal. */
#include <stdio.h>
#include <glib.h>

#include "log.h"
#include "progress.h"

static int log_level = CBEC_L_INFO;

void cbec_log_set_level(int level) { log_level = level; }
int cbec_log_get_level(void) { return log_level; }

void cbec_vlogf(int level, const char *plugin, const char *input, const char *fmt, va_list ap)
{
    static const char *const names[] = {"error", "warning", "info", "debug"};
    GString *line;

    if (level > log_level)
        return;
    /* Format first, write once: lines from two threads never interleave. */
    line = g_string_new("cbecflow: ");
    g_string_append_printf(line, "%s: ", names[level < 0 ? 0 : level > 3 ? 3 : level]);
    if (plugin)
        g_string_append_printf(line, "[%s] ", plugin);
    if (input)
        g_string_append_printf(line, "%s: ", input);
    g_string_append_vprintf(line, fmt, ap);
    g_string_append_c(line, '\n');
    cbec_progress_print_line(line->str);
    g_string_free(line, TRUE);
}

void cbec_logf(int level, const char *plugin, const char *input, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cbec_vlogf(level, plugin, input, fmt, ap);
    va_end(ap);
}
