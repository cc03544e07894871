/* WAL checkpoints on a thread of their own; see checkpoint.h.  The commit hook
 * (sqlite3_wal_hook, on the writer's thread) only raises a flag, unless the log
 * has outgrown its bound. */
#include <pthread.h>
#include <glib.h>

#include "core/checkpoint.h"
#include "core/base/log.h"
#include "core/base/thread.h"

struct cbec_checkpointer {
    sqlite3 *db;               /* the writer's connection */
    sqlite3 *ck;               /* the thread's own connection */
    int pages, max_pages;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake, idle;
    /* under lock */
    int want;                  /* a commit left enough pages in the log */
    int busy;                  /* the thread is checkpointing */
    int hold;                  /* the writer checkpoints: the thread waits */
    int quit;
    int64_t frames;            /* log frames the thread copied into the database */
};

static void *checkpoint_main(void *arg)
{
    cbec_checkpointer *c = arg;

    cbec_thread_name("cbec-checkpoint");
    pthread_mutex_lock(&c->lock);
    for (;;) {
        int rc, log = 0, copied = 0;
        while (!c->quit && (!c->want || c->hold))
            pthread_cond_wait(&c->wake, &c->lock);
        if (c->quit)
            break;
        c->want = 0;
        c->busy = 1;
        pthread_mutex_unlock(&c->lock);
        /* Passive: copies what no reader needs and never waits for the writer. */
        rc = sqlite3_wal_checkpoint_v2(c->ck, NULL, SQLITE_CHECKPOINT_PASSIVE, &log, &copied);
        if (rc != SQLITE_OK && rc != SQLITE_BUSY)
            cbec_debug("dataset: background checkpoint: %s", sqlite3_errmsg(c->ck));
        pthread_mutex_lock(&c->lock);
        c->busy = 0;
        c->frames += copied > 0 ? copied : 0;
        pthread_cond_broadcast(&c->idle);
    }
    pthread_mutex_unlock(&c->lock);
    return NULL;
}

/* After each commit, on the writer's thread, with no transaction open. */
static int wal_hook(void *ud, sqlite3 *db, const char *name, int pages)
{
    cbec_checkpointer *c = ud;

    if (pages < c->pages)
        return SQLITE_OK;
    pthread_mutex_lock(&c->lock);
    if (pages < c->max_pages) {
        c->want = 1;
        pthread_cond_signal(&c->wake);
        pthread_mutex_unlock(&c->lock);
        return SQLITE_OK;
    }
    /* The log keeps growing: the writer begins its next transaction before the thread
     * has copied everything, and only then can the log start over.  Finish it here. */
    c->hold = 1;
    while (c->busy)
        pthread_cond_wait(&c->idle, &c->lock);
    c->want = 0;
    pthread_mutex_unlock(&c->lock);
    if (sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL) != SQLITE_OK)
        cbec_debug("dataset: checkpoint: %s", sqlite3_errmsg(db));
    pthread_mutex_lock(&c->lock);
    c->hold = 0;
    pthread_mutex_unlock(&c->lock);
    return SQLITE_OK;
}

/* Free what start() set up; the thread has ended or was never started. */
static void checkpointer_free(cbec_checkpointer *c)
{
    pthread_cond_destroy(&c->wake);
    pthread_cond_destroy(&c->idle);
    pthread_mutex_destroy(&c->lock);
    sqlite3_close_v2(c->ck);
    g_free(c);
}

cbec_checkpointer *cbec_checkpointer_start(sqlite3 *db, const char *path, int pages, int max_pages)
{
    cbec_checkpointer *c;

    if (!path || !*path || g_strcmp0(path, ":memory:") == 0 || pages < 1 || max_pages <= pages)
        return NULL;
    c = g_new0(cbec_checkpointer, 1);
    c->db = db;
    c->pages = pages;
    c->max_pages = max_pages;
    /* A connection checkpoints only once it has read the database (and so opened its log). */
    if (sqlite3_open_v2(path, &c->ck, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK ||
        sqlite3_exec(c->ck, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL) != SQLITE_OK) {
        sqlite3_close_v2(c->ck);
        g_free(c);
        return NULL;
    }
    pthread_mutex_init(&c->lock, NULL);
    pthread_cond_init(&c->wake, NULL);
    pthread_cond_init(&c->idle, NULL);
    if (pthread_create(&c->thread, NULL, checkpoint_main, c) != 0) {
        checkpointer_free(c);
        return NULL;
    }
    /* Replaces SQLite's automatic checkpoint, which is a WAL hook too. */
    sqlite3_wal_hook(db, wal_hook, c);
    return c;
}

int64_t cbec_checkpointer_stop(cbec_checkpointer *c)
{
    int64_t frames;

    if (!c)
        return 0;
    sqlite3_wal_autocheckpoint(c->db, 1000);
    pthread_mutex_lock(&c->lock);
    c->quit = 1;
    pthread_cond_signal(&c->wake);
    pthread_mutex_unlock(&c->lock);
    pthread_join(c->thread, NULL);
    frames = c->frames;
    checkpointer_free(c);
    return frames;
}
