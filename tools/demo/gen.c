/* The generator's basics every other file uses (gen.h): the message type names, the first
 * failure's reason, small files written whole. */
#include <stdarg.h>
#include <glib.h>

#include "tools/demo/gen.h"

const char *const cbec_demo_types[10] = {"311", "411", "511", "621", "312", "622", "303", "403", "505", "603"};

int demo_fail(gen *g, const char *fmt, ...)
{
    va_list ap;
    if (!g->why) {
        va_start(ap, fmt);
        g->why = g_strdup_vprintf(fmt, ap);
        va_end(ap);
    }
    return -1;
}

int demo_write_small(gen *g, const char *path, const char *text)
{
    GError *e = NULL;
    if (!g_file_set_contents(path, text, -1, &e)) {
        demo_fail(g, "%s", e->message);
        g_error_free(e);
        return -1;
    }
    return 0;
}
