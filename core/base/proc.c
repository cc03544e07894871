/* Process identity from /proc: a pid alone is recycled, pid + start time is not. */
#include <stdlib.h>
#include <string.h>
#include <glib.h>

#include "core/base/proc.h"

int64_t cbec_proc_start_time(long pid)
{
    char *path = g_strdup_printf("/proc/%ld/stat", pid), *text = NULL, *p, *end;
    int64_t start = -1;
    int field;

    if (g_file_get_contents(path, &text, NULL, NULL)) {
        /* The command name (field 2) is in parentheses and may itself hold ") ": the
         * fields are counted from the last ')'.  Field 3 is the state; a zombie (Z) or a
         * dead task (X) is gone for our purpose. */
        p = strrchr(text, ')');
        if (p && p[1] == ' ' && p[2] != 'Z' && p[2] != 'X') {
            p += 2;
            for (field = 3; field < 22 && p; field++) {
                p = strchr(p, ' ');
                if (p)
                    p++;
            }
            if (p) {
                long long v = strtoll(p, &end, 10);
                if (end != p && v >= 0)
                    start = (int64_t)v;
            }
        }
    }
    g_free(text);
    g_free(path);
    return start;
}

int cbec_proc_alive(long pid, int64_t start)
{
    return pid > 0 && start >= 0 && cbec_proc_start_time(pid) == start;
}
