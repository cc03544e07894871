/* The clean-close mark of a dataset (path + ".checked").
 *
 * Every writing command used to run PRAGMA quick_check over the whole file when it opened the
 * dataset: 0.4 s of a 50k-trade night's reconcile, most of a kept rerun.  The check is there for
 * a file damaged between two commands (a stray write, a bad copy, a crash of something else).
 * A command that closes the dataset cleanly now records the file's identity and status-change
 * time (ctime); the next command skips the check when they are the same and no write-ahead log
 * is left.  Any write to the file after the mark -- by anything, with any tool -- sets a later
 * ctime, which no program can set back (utimes sets mtime, never ctime), so the check runs again.
 * The mark is written only once the kernel's clock has moved past the file's ctime: a write in
 * the same clock tick as the close could otherwise leave the same ctime behind. */
#include "cbecflow-build.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "core/base/log.h"
#include "core/dataset_mark.h"

#define MARK_FORMAT "cbecflow dataset mark 1 dev %llu ino %llu size %lld ctime %lld.%09ld\n"

static char *mark_path(const char *path) { return g_strconcat(path, ".checked", NULL); }

/* The WAL holds committed transactions not yet in the file: the file alone says nothing then. */
static int wal_has_frames(const char *path)
{
    char *wal = g_strconcat(path, "-wal", NULL);
    struct stat w;
    int frames = g_stat(wal, &w) == 0 && w.st_size > 0;
    g_free(wal);
    return frames;
}

static char *describe(const struct stat *st)
{
    return g_strdup_printf(MARK_FORMAT, (unsigned long long)st->st_dev, (unsigned long long)st->st_ino,
                           (long long)st->st_size, (long long)st->st_ctim.tv_sec, (long)st->st_ctim.tv_nsec);
}

int cbec_dataset_unchanged(const char *path)
{
    char *mp = mark_path(path), *mark = NULL, *now = NULL;
    struct stat st;
    int same = 0;
    if (g_stat(path, &st) == 0 && S_ISREG(st.st_mode) && !wal_has_frames(path) &&
        g_file_get_contents(mp, &mark, NULL, NULL)) {
        now = describe(&st);
        same = strcmp(mark, now) == 0;
    }
    g_free(now);
    g_free(mark);
    g_free(mp);
    return same;
}

void cbec_dataset_mark(const char *path)
{
    char *mp = mark_path(path), *text;
    struct stat st, again;
    struct timespec t;
    GError *err = NULL;
    int ahead = 1;

    if (g_stat(path, &st) != 0 || !S_ISREG(st.st_mode) || wal_has_frames(path)) {
        g_unlink(mp);
        g_free(mp);
        return;
    }
    /* Wait (a few ms at most) until a new write could no longer get this same ctime; a ctime
     * still ahead of the clock after 100 ms (a server's clock) gets no mark. */
    for (int i = 0; i <= 100; i++) {
        if (clock_gettime(CLOCK_REALTIME_COARSE, &t) != 0)
            break;
        if (t.tv_sec > st.st_ctim.tv_sec || (t.tv_sec == st.st_ctim.tv_sec && t.tv_nsec > st.st_ctim.tv_nsec)) {
            ahead = 0;
            break;
        }
        g_usleep(1000);
    }
    text = describe(&st);
    /* Written by someone else meanwhile: no mark (the next command checks). */
    if (ahead || g_stat(path, &again) != 0 || again.st_ctim.tv_sec != st.st_ctim.tv_sec ||
        again.st_ctim.tv_nsec != st.st_ctim.tv_nsec || again.st_size != st.st_size) {
        g_unlink(mp);
    } else if (!g_file_set_contents(mp, text, -1, &err)) {
        cbec_debug("dataset %s: cannot write its mark: %s", path, err->message);
        g_error_free(err);
        g_unlink(mp);
    }
    g_free(text);
    g_free(mp);
}
