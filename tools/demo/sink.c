/* The demo night's archives: a zip or tar.gz written member by member, a zip that goes out in
 * parts past MAX_MEMBERS members, and a finished file copied in as a member (the nested receipts
 * zip).  Member times are fixed to the business date, so the same seed gives the same bytes. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <archive.h>
#include <archive_entry.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "tools/demo/gen.h"

/* A zip writer keeps one central-directory record per member in memory: big nights
 * go out in parts of at most this many messages, so memory does not grow with N. */
#define MAX_MEMBERS 1000

/* Fixed member time: noon of the business date, so archives are byte-identical. */
static time_t member_time(const gen *g)
{
    GDateTime *dt = g_date_time_new_utc(g->o->year, g->o->month, g->o->day, 4, 0, 0);
    time_t t = (time_t)g_date_time_to_unix(dt);
    g_date_time_unref(dt);
    return t;
}

int demo_sink_open(gen *g, sink *s, const char *path, int targz)
{
    if (s->path != path) {
        g_free(s->path);
        s->path = g_strdup(path);
    }
    s->in_part = 0;
    s->a = archive_write_new();
    if (targz) {
        archive_write_set_format_ustar(s->a);
        archive_write_add_filter_gzip(s->a);
        /* no gzip header time stamp: the same seed gives the same bytes */
        if (archive_write_set_filter_option(s->a, "gzip", "timestamp", NULL) < ARCHIVE_WARN)
            return demo_fail(g, "%s: %s", path, archive_error_string(s->a));
    } else {
        archive_write_set_format_zip(s->a);
        archive_write_zip_set_compression_deflate(s->a);
    }
    if (archive_write_open_filename(s->a, path) != ARCHIVE_OK)
        return demo_fail(g, "%s: %s", path, archive_error_string(s->a));
    return 0;
}

/* Close a full part and open the next one: NAME.zip, NAME_p0002.zip, ... (they sort in order). */
static int sink_rotate(gen *g, sink *s)
{
    char *next;
    size_t n = strlen(s->path);
    int rc;
    if (demo_sink_close(g, s) < 0)
        return -1;
    s->part++;
    if (s->part == 1)
        s->path[n - 4] = 0; /* drop ".zip" once: path keeps the stem from here on */
    else
        s->path[n - 10] = 0; /* drop "_pNNNN.zip" */
    next = g_strdup_printf("%s_p%04d.zip", s->path, s->part + 1);
    g_free(s->path);
    s->path = next;
    rc = demo_sink_open(g, s, s->path, 0);
    return rc;
}

int demo_sink_add(gen *g, sink *s, const char *name, const void *data, size_t len)
{
    struct archive_entry *e;
    int rc = 0;

    if (s->rotate && s->in_part >= MAX_MEMBERS && sink_rotate(g, s) < 0)
        return -1;
    e = archive_entry_new();
    archive_entry_set_pathname(e, name);
    archive_entry_set_size(e, (la_int64_t)len);
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    archive_entry_set_mtime(e, member_time(g), 0);
    if (archive_write_header(s->a, e) != ARCHIVE_OK ||
        (len && archive_write_data(s->a, data, len) != (la_ssize_t)len))
        rc = demo_fail(g, "%s!%s: %s", s->path, name, archive_error_string(s->a));
    archive_entry_free(e);
    s->entries++;
    s->in_part++;
    return rc;
}

/* Copy a finished file (a nested archive) into s as member name, in chunks. */
int demo_sink_add_file(gen *g, sink *s, const char *name, const char *file)
{
    struct archive_entry *e = archive_entry_new();
    GStatBuf st;
    FILE *f = NULL;
    char buf[65536];
    size_t n;
    int rc = -1;

    if (g_stat(file, &st) != 0 || !(f = fopen(file, "rb"))) {
        demo_fail(g, "%s: %s", file, g_strerror(errno));
        goto done;
    }
    archive_entry_set_pathname(e, name);
    archive_entry_set_size(e, (la_int64_t)st.st_size);
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    archive_entry_set_mtime(e, member_time(g), 0);
    if (archive_write_header(s->a, e) != ARCHIVE_OK) {
        demo_fail(g, "%s!%s: %s", s->path, name, archive_error_string(s->a));
        goto done;
    }
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        if (archive_write_data(s->a, buf, n) != (la_ssize_t)n) {
            demo_fail(g, "%s!%s: %s", s->path, name, archive_error_string(s->a));
            goto done;
        }
    s->entries++;
    rc = 0;
done:
    if (f)
        fclose(f);
    archive_entry_free(e);
    return rc;
}

int demo_sink_close(gen *g, sink *s)
{
    int rc = 0;
    if (s->a) {
        if (archive_write_close(s->a) != ARCHIVE_OK)
            rc = demo_fail(g, "%s: %s", s->path, archive_error_string(s->a));
        archive_write_free(s->a);
        s->a = NULL;
        if (g->c)
            g->c->archives++;
    }
    return rc;
}
